import { anchorOfAbsent, lookup } from '../template/evaluate';
import { defineRule } from './rule';
import { insertMissingFix } from './support/fixes';
import { NO, type Verdict, YES, maybe, someItem } from './support/verdict';

/** The algorithms S3 accepts for default encryption. */
const ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

export const s3Encryption = defineRule({
  id: 's3-encryption',
  control: 'SEC-S3',
  title: 'S3 buckets declare default encryption',
  severity: 'warning',
  rationale:
    'The SOP asks to encrypt data at rest. Since January 2023 S3 encrypts every new object with SSE-S3 when the bucket says nothing, so the data is encrypted either way; the SOP still wants the template to state the encryption, so that reviewers see it and it cannot be lost to an older default. The fix writes AES256 (SSE-S3): it is deterministic and needs no key, so it cannot break readers the way an SSE-KMS key without the right key policy can. Where customer managed keys are required, SEC-KMS asks for aws:kms with a CMK instead.',
  remedy:
    'Add `BucketEncryption` with a `ServerSideEncryptionConfiguration` rule whose `ServerSideEncryptionByDefault.SSEAlgorithm` is `AES256`, or `aws:kms` with `KMSMasterKeyID` set to a customer managed key (and `BucketKeyEnabled: true`) where policy requires control of the key.',
  resourceTypes: ['AWS::S3::Bucket'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-serversideencryptionbydefault.html',
  checkResource(bucket, ctx) {
    const path = ['Properties', 'BucketEncryption', 'ServerSideEncryptionConfiguration'];
    for (const found of ctx.property(bucket, 'BucketEncryption', 'ServerSideEncryptionConfiguration')) {
      if (found.kind === 'absent') {
        const fix = insertMissingFix(ctx, found, [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }], 'Encrypt by default with SSE-S3 (AES256)');
        ctx.report({
          resource: bucket,
          at: anchorOfAbsent(bucket, found),
          path,
          message: 'S3 bucket does not declare default encryption (BucketEncryption is not set)',
          fix,
        });
        continue;
      }
      // Any algorithm a deployment can take is a valid one, so a value known only at deploy time is
      // still an explicit encryption: nothing to decide.
      if (found.kind === 'unknown') continue;
      const rules = found.node.kind === 'seq' ? found.node.items : [found.node];
      const verdict = someItem(rules, (rule): Verdict => {
        if (rule.kind === 'intrinsic') return maybe(rule);
        if (rule.kind !== 'map') return NO;
        const declared = lookup(rule, ['ServerSideEncryptionByDefault', 'SSEAlgorithm']).every(
          (f) => f.kind === 'unknown' || (f.kind === 'found' && ctx.scalarsOf(f.node, f.node).every((o) => o.kind === 'unknown' || (o.kind === 'known' && ALGORITHMS.includes(String(o.value))))),
        );
        return declared ? YES : NO;
      });
      if (verdict.kind === 'maybe') {
        ctx.report({ resource: bucket, at: verdict.node, path, undecided: true, message: `Cannot decide whether the bucket declares default encryption: the encryption rule ${verdict.reason.replace(/^it /, '')}.` });
      }
      if (verdict.kind === 'no') {
        ctx.report({
          resource: bucket,
          at: found.entry ? { kind: 'scalar', value: null, range: found.entry.keyRange } : found.node,
          path,
          message: 'S3 bucket does not declare default encryption (no ServerSideEncryptionConfiguration rule sets ServerSideEncryptionByDefault.SSEAlgorithm)',
        });
      }
    }
  },
});
