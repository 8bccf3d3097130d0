import { addResource, appendItem, freeLogicalId, replaceNode } from '../fix/edits';
import type { Resource } from '../template/model';
import { type Fix, type RuleContext, defineRule } from './rule';
import { bucketPoliciesFor } from './support/s3';
import { type TlsReading, freeSid, tlsDenyReadings, tlsDenyStatement, tlsOnlyPolicyResource, unresolvedPolicyFor } from './support/bucket';

export const s3SecureTransport = defineRule({
  id: 's3-secure-transport',
  control: 'SEC-S3',
  title: 'S3 buckets refuse requests without TLS',
  severity: 'error',
  rationale:
    'The SOP asks to enforce encryption in transit by allowing only TLS connections to buckets (NETSEC-002: all communication is encrypted). S3 accepts plain HTTP unless the bucket policy denies requests where aws:SecureTransport is false. The deny must cover every principal ("*"), every S3 action, and both the bucket and its objects, with no other condition narrowing it.',
  remedy:
    'Add to the bucket policy a statement `Effect: Deny`, `Principal: "*"`, `Action: s3:*`, `Resource: [<bucket ARN>, <bucket ARN>/*]`, `Condition: { Bool: { aws:SecureTransport: "false" } }`; attach an `AWS::S3::BucketPolicy` to the bucket if it has none.',
  resourceTypes: ['AWS::S3::Bucket'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html',
  checkResource(bucket, ctx) {
    const subject = 'whether the bucket refuses requests without TLS';
    const policies = bucketPoliciesFor(ctx, bucket);
    if (policies.length === 0) {
      const unresolved = unresolvedPolicyFor(ctx, bucket);
      if (unresolved) {
        ctx.report({ resource: bucket, at: bucket.typeRange, undecided: true, message: `Cannot decide ${subject}: ${unresolved.reason}.` });
        return;
      }
      ctx.report({
        resource: bucket,
        at: bucket.typeRange,
        message: 'S3 bucket accepts requests without TLS (no bucket policy denies aws:SecureTransport false)',
        fix: () => {
          const id = freeLogicalId(ctx.template, `${bucket.logicalId}TlsOnlyPolicy`);
          return { title: `Add bucket policy ${id} denying requests without TLS`, edits: [addResource(ctx.template, id, tlsOnlyPolicyResource(bucket))] };
        },
      });
      return;
    }
    const readings = policies.map((policy) => ({ policy, readings: tlsDenyReadings(ctx, policy) }));
    // One policy that denies plain HTTP in every deployment is enough (S3 keeps one policy per bucket).
    if (readings.some((r) => r.readings.length > 0 && r.readings.every((x) => x.verdict.kind === 'yes'))) return;
    for (const { policy, readings: list } of readings) {
      for (const reading of list) report(ctx, bucket, policy, reading, subject);
    }
  },
});

function report(ctx: RuleContext, bucket: Resource, policy: Resource, reading: TlsReading, subject: string): void {
  const path = ['Properties', 'PolicyDocument', 'Statement'];
  const verdict = reading.verdict;
  if (verdict.kind === 'yes') return;
  if (verdict.kind === 'maybe') {
    ctx.report({ resource: policy, at: verdict.node, path, undecided: true, message: `Cannot decide ${subject}: ${verdict.reason}.` });
    return;
  }
  if (verdict.detail) {
    ctx.report({
      resource: policy,
      at: verdict.detail.at,
      path,
      message: `Bucket policy's aws:SecureTransport deny does not cover ${verdict.detail.missing} of bucket ${bucket.logicalId}`,
    });
    return;
  }
  ctx.report({
    resource: policy,
    at: reading.anchor,
    path,
    message: `Bucket policy of ${bucket.logicalId} does not deny requests without TLS (no Deny of s3:* for Principal * when aws:SecureTransport is false)`,
    fix: () => appendFix(ctx, bucket, reading),
  });
}

function appendFix(ctx: RuleContext, bucket: Resource, reading: TlsReading): Fix | undefined {
  const list = reading.statements;
  if (!list) return undefined;
  const statement = tlsDenyStatement(bucket.logicalId, freeSid(list));
  const edit = list.items.length > 0 ? appendItem(ctx.template, list, statement) : replaceNode(ctx.template, list, [statement]);
  return edit && { title: 'Add a statement denying requests without TLS', edits: [edit] };
}
