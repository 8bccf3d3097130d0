/** Links between buckets and the resources that name them, resolved inside the template. */
import { branches } from '../../template/evaluate';
import type { Resource } from '../../template/model';
import type { RuleContext } from '../rule';

/** The `AWS::S3::BucketPolicy` resources whose `Bucket` refers to `bucket` (Ref, or a literal equal to its BucketName). */
export function bucketPoliciesFor(ctx: RuleContext, bucket: Resource): Resource[] {
  const literalName = bucketName(ctx, bucket);
  return ctx.resourcesOfType('AWS::S3::BucketPolicy').filter((policy) =>
    ctx.property(policy, 'Bucket').some((found) => {
      if (found.kind !== 'found') return false;
      if (ctx.targetOf(found.node) === bucket) return true;
      return literalName !== undefined && ctx.scalarsOf(found.node, found.node).some((o) => o.kind === 'known' && o.value === literalName);
    }),
  );
}

/** The bucket a node (e.g. a trail's `S3BucketName`) names, when that bucket is in this template. */
export function bucketNamedBy(ctx: RuleContext, node: Parameters<RuleContext['targetOf']>[0]): Resource | undefined {
  for (const b of branches(node)) {
    const target = ctx.targetOf(b);
    if (target?.type === 'AWS::S3::Bucket') return target;
    for (const outcome of ctx.scalarsOf(b, b ?? node!)) {
      if (outcome.kind !== 'known') continue;
      const named = ctx.resourcesOfType('AWS::S3::Bucket').find((bucket) => bucketName(ctx, bucket) === outcome.value);
      if (named) return named;
    }
  }
  return undefined;
}

function bucketName(ctx: RuleContext, bucket: Resource): string | undefined {
  const names = ctx.scalars(bucket, 'BucketName');
  return names.length === 1 && names[0].kind === 'known' && typeof names[0].value === 'string' ? names[0].value : undefined;
}
