import { branches, describeUnknown } from '../template/evaluate';
import { type Resource, child } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { PUBLIC_CANNED_ACLS } from './support/bucket';
import { bucketOfPolicy } from './support/s3';
import { expectProperty } from './support/expect';
import { statements, wildcardPrincipal } from './support/policy';
import { policyDocument } from './support/policy-document';

export const s3PublicAclOrPolicy = defineRule({
  id: 's3-public-acl-or-policy',
  control: 'SEC-S3',
  title: 'S3 buckets are not made public by an ACL or a bucket policy',
  severity: 'error',
  rationale:
    'The SOP asks that buckets are not publicly accessible. A public canned ACL (PublicRead, PublicReadWrite, AuthenticatedRead — the last one means any AWS account) or a bucket policy that allows Principal "*" with no Condition opens the bucket to the internet.',
  remedy:
    'Remove the public canned ACL (the default, Private, grants access to the owner only). In the bucket policy, name the principals that need access, or restrict the statement with a Condition (for example aws:SourceVpce, aws:PrincipalOrgID or aws:SourceArn for CloudFront). Serve public content through CloudFront with origin access control.',
  resourceTypes: ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html',
  checkResource(resource, ctx) {
    if (resource.type === 'AWS::S3::Bucket') checkAcl(ctx, resource);
    else checkPolicy(ctx, resource);
  },
});

function checkAcl(ctx: RuleContext, bucket: Resource): void {
  expectProperty(ctx, bucket, {
    path: ['AccessControl'],
    ok: (v) => !PUBLIC_CANNED_ACLS.includes(String(v)),
    absentIsOk: true,
    absentMessage: '',
    wrongMessage: (v) => `S3 bucket ACL is public (AccessControl: ${String(v)})`,
    subject: 'whether the bucket ACL is public',
    fixValue: 'Private',
    fixTitle: 'Set AccessControl: Private',
  });
}

/** Any bucket policy of the template, linked to a bucket of the template or not: a public grant is wrong either way. */
function checkPolicy(ctx: RuleContext, policy: Resource): void {
  const bucket = bucketOfPolicy(ctx, policy);
  const on = bucket ? ` on bucket ${bucket.logicalId}` : '';
  const path = ['Properties', 'PolicyDocument'];
  const subject = 'whether the bucket policy is public';
  for (const found of ctx.property(policy, 'PolicyDocument')) {
    if (found.kind === 'absent') continue;
    if (found.kind === 'unknown') {
      ctx.report({ resource: policy, at: found.node, path, undecided: true, message: `Cannot decide ${subject}: ${found.reason}.` });
      continue;
    }
    // A JSON string is read as the map it holds; one that is not JSON is reported once, as invalid-policy-json.
    const document = policyDocument(ctx, found.node);
    if (!document) continue;
    if (document.kind === 'intrinsic') {
      ctx.report({ resource: policy, at: document, path, undecided: true, message: `Cannot decide ${subject}: ${describeUnknown(document)}.` });
      continue;
    }
    // Statements computed at deploy time cannot be read; the rest can.
    for (const doc of branches(document)) {
      for (const list of branches(child(doc, 'Statement'))) {
        const items = list?.kind === 'intrinsic' ? [list] : list?.kind === 'seq' ? list.items : [];
        for (const i of items) {
          for (const item of branches(i)) {
            if (item?.kind === 'intrinsic') ctx.report({ resource: policy, at: item, path, undecided: true, message: `Cannot decide ${subject}: the statement ${describeUnknown(item).replace(/^it /, '')}.` });
          }
        }
      }
    }
    for (const s of statements(ctx, document)) {
      const everyone = wildcardPrincipal(ctx, s.principal);
      // A Condition under `!If` with a `Ref AWS::NoValue` branch leaves that deployment unconditioned.
      const unconditioned = branches(s.condition).some((c) => c === undefined || (c.kind === 'map' && c.entries.length === 0));
      if (!everyone || !unconditioned) continue;
      const effects = ctx.scalarsOf(child(s.node, 'Effect'), s.node);
      const unknown = effects.find((o) => o.kind === 'unknown');
      if (effects.some((o) => o.kind === 'known' && o.value === 'Allow')) {
        ctx.report({ resource: policy, at: everyone, path, message: `Bucket policy allows anyone (Principal *) without a Condition${on}` });
      } else if (unknown?.kind === 'unknown') {
        ctx.report({ resource: policy, at: unknown.node, path, undecided: true, message: `Cannot decide ${subject}: its Effect ${unknown.reason.replace(/^it /, '')}.` });
      }
    }
  }
}
