import { defineRule } from './rule';
import { because, presenceOf } from './support/network';
import { anchorOfAbsent } from '../template/evaluate';

export const snsEncryption = defineRule({
  id: 'sns-encryption',
  control: 'NETSEC-002',
  title: 'SNS topics are encrypted at rest',
  severity: 'error',
  rationale:
    'NETSEC-002 covers data at rest. SNS stores messages until they are delivered, and encrypts them only when the topic has a KMS key (KmsMasterKeyId); there is no default encryption. No automatic fix is offered: alias/aws/sns would be deterministic, but the security guide prefers customer managed keys where policy calls for control over the key (SEC-KMS), and a customer managed key must also let the services that publish to the topic (CloudWatch alarms, EventBridge, S3 notifications) use it.',
  remedy:
    'Set `KmsMasterKeyId` to a customer managed KMS key (for example `!Ref TopicKey`) whose key policy allows the publishing services kms:GenerateDataKey* and kms:Decrypt, or to `alias/aws/sns` where AWS managed keys are acceptable and only in-account principals publish.',
  resourceTypes: ['AWS::SNS::Topic'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html#cfn-sns-topic-kmsmasterkeyid',
  checkResource(topic, ctx) {
    const path = ['Properties', 'KmsMasterKeyId'];
    for (const p of presenceOf(ctx, topic.node, path)) {
      if (p.kind === 'set') continue;
      if (p.kind === 'unknown') {
        ctx.report({ resource: topic, at: p.node, path, undecided: true, message: `Cannot decide whether the topic is encrypted: ${because('its KmsMasterKeyId', p.reason)}.` });
        continue;
      }
      const at = p.at.kind === 'absent' ? anchorOfAbsent(topic, p.at) : p.at;
      ctx.report({ resource: topic, at, path, message: 'SNS topic is not encrypted (no KmsMasterKeyId)' });
    }
  },
});
