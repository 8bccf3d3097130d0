import { anchorOfAbsent } from '../template/evaluate';
import { defineRule } from './rule';

export const cloudtrailEncryption = defineRule({
  id: 'cloudtrail-encryption',
  control: 'ACCT-001',
  title: 'CloudTrail trails encrypt their logs with a KMS key',
  severity: 'error',
  rationale:
    'The SOP asks for encryption of the CloudTrail log bucket. With a KMS key (SSE-KMS) reading a log needs decrypt permission on the key as well as read access to the bucket, and every use of the key is itself logged.',
  remedy:
    'Set `KMSKeyId` on the trail to a customer managed KMS key (alias, ARN or key id) whose key policy lets cloudtrail.amazonaws.com encrypt logs; there is no automatic fix because the key is yours to choose or create.',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-kmskeyid',
  checkResource(trail, ctx) {
    const path = ['Properties', 'KMSKeyId'];
    for (const found of ctx.property(trail, 'KMSKeyId')) {
      if (found.kind === 'absent') {
        ctx.report({ resource: trail, at: anchorOfAbsent(trail, found), path, message: 'CloudTrail trail logs are not encrypted with a KMS key (KMSKeyId is not set)' });
      } else if (found.kind === 'unknown') {
        ctx.report({ resource: trail, at: found.node, path, undecided: true, message: `Cannot decide whether the trail logs are encrypted with a KMS key: ${found.reason}.` });
      } else {
        for (const outcome of ctx.scalarsOf(found.node, found.node)) {
          // Any key reference counts, even one known only at deploy time: the rule asks that a key is set.
          if (outcome.kind === 'known' && (outcome.value === null || String(outcome.value).trim() === '')) {
            ctx.report({ resource: trail, at: outcome.node, path, message: 'CloudTrail trail logs are not encrypted with a KMS key (KMSKeyId is empty)' });
          }
        }
      }
    }
  },
});
