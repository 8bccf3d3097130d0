/**
 * Links between buckets and the resources that name them, resolved inside the template once per lint
 * (every S3 rule asks, for every bucket and every policy; recomputing it per question was quadratic).
 */
import { branches } from '../../template/evaluate';
import { type Resource, type TemplateNode, structuralKey } from '../../template/model';
import type { RuleContext } from '../rule';

interface BucketLinks {
  readonly policiesOf: ReadonlyMap<Resource, readonly Resource[]>;
  readonly bucketOf: ReadonlyMap<Resource, Resource>;
  readonly byLiteralName: ReadonlyMap<string, Resource>;
}

/**
 * The `AWS::S3::BucketPolicy` resources of `bucket`: those whose `Bucket` refers to it (Ref), equals its
 * literal `BucketName`, or is written exactly like its computed `BucketName` (the same `!Sub`).
 */
export function bucketPoliciesFor(ctx: RuleContext, bucket: Resource): readonly Resource[] {
  return links(ctx).policiesOf.get(bucket) ?? [];
}

/** The bucket a bucket policy belongs to, when it is in this template. */
export function bucketOfPolicy(ctx: RuleContext, policy: Resource): Resource | undefined {
  return links(ctx).bucketOf.get(policy);
}

/** The bucket a node (e.g. a trail's `S3BucketName`) names, when that bucket is in this template. */
export function bucketNamedBy(ctx: RuleContext, node: TemplateNode | undefined): Resource | undefined {
  for (const b of branches(node)) {
    const target = ctx.targetOf(b);
    if (target?.type === 'AWS::S3::Bucket') return target;
    if (!b) continue;
    for (const outcome of ctx.scalarsOf(b, b)) {
      if (outcome.kind !== 'known' || typeof outcome.value !== 'string') continue;
      const named = links(ctx).byLiteralName.get(outcome.value);
      if (named) return named;
    }
  }
  return undefined;
}

function links(ctx: RuleContext): BucketLinks {
  return ctx.memo('s3.bucket-links', () => {
    const byLiteralName = new Map<string, Resource>();
    const byWrittenName = new Map<string, Resource>();
    for (const bucket of ctx.resourcesOfType('AWS::S3::Bucket')) {
      const literal = bucketName(ctx, bucket);
      if (literal !== undefined && !byLiteralName.has(literal)) byLiteralName.set(literal, bucket);
      const written = ctx.property(bucket, 'BucketName').find((f) => f.kind === 'found');
      if (written?.kind === 'found' && written.node.kind === 'intrinsic') byWrittenName.set(structuralKey(written.node), bucket);
    }
    const policiesOf = new Map<Resource, Resource[]>();
    const bucketOf = new Map<Resource, Resource>();
    for (const policy of ctx.resourcesOfType('AWS::S3::BucketPolicy')) {
      const bucket = policyTarget(ctx, policy, byLiteralName, byWrittenName);
      if (!bucket) continue;
      bucketOf.set(policy, bucket);
      const list = policiesOf.get(bucket);
      if (list) list.push(policy);
      else policiesOf.set(bucket, [policy]);
    }
    return { policiesOf, bucketOf, byLiteralName };
  });
}

function policyTarget(ctx: RuleContext, policy: Resource, byLiteralName: ReadonlyMap<string, Resource>, byWrittenName: ReadonlyMap<string, Resource>): Resource | undefined {
  for (const found of ctx.property(policy, 'Bucket')) {
    if (found.kind !== 'found') continue;
    const target = ctx.targetOf(found.node);
    if (target?.type === 'AWS::S3::Bucket') return target;
    for (const o of ctx.scalarsOf(found.node, found.node)) {
      const named = o.kind === 'known' && typeof o.value === 'string' ? byLiteralName.get(o.value) : undefined;
      if (named) return named;
    }
    const written = found.node.kind === 'intrinsic' ? byWrittenName.get(structuralKey(found.node)) : undefined;
    if (written) return written;
  }
  return undefined;
}

function bucketName(ctx: RuleContext, bucket: Resource): string | undefined {
  const names = ctx.scalars(bucket, 'BucketName');
  return names.length === 1 && names[0].kind === 'known' && typeof names[0].value === 'string' ? names[0].value : undefined;
}
