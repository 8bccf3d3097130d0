import { asBoolean } from '../template/evaluate';
import { replaceNode } from '../fix/edits';
import { defineRule } from './rule';
import { because, presenceOf } from './support/network';

export const sqsEncryption = defineRule({
  id: 'sqs-encryption',
  control: 'NETSEC-002',
  title: 'SQS queues are encrypted at rest',
  severity: 'error',
  rationale:
    'NETSEC-002 covers data at rest. Since October 2022 SQS encrypts new queues with SQS-owned keys (SSE-SQS) by default, and CloudFormation documents that SSE-SQS is on when SqsManagedSseEnabled is not set, so a queue that sets neither KmsMasterKeyId nor SqsManagedSseEnabled passes. A queue is unencrypted only when the template turns SSE-SQS off (SqsManagedSseEnabled: false) without giving a KMS key. Whether an AWS owned key is enough is the SEC-KMS rules\' question, not this one\'s.',
  remedy: 'Remove `SqsManagedSseEnabled: false` or set it to true, or set `KmsMasterKeyId` to a KMS key.',
  resourceTypes: ['AWS::SQS::Queue'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#cfn-sqs-queue-sqsmanagedsseenabled',
  checkResource(queue, ctx) {
    const kms = presenceOf(ctx, queue.node, ['Properties', 'KmsMasterKeyId']);
    if (kms.every((k) => k.kind === 'set')) return;
    const path = ['Properties', 'SqsManagedSseEnabled'];
    for (const sse of ctx.scalars(queue, 'SqsManagedSseEnabled')) {
      if (sse.kind === 'absent') continue;
      if (sse.kind === 'unknown') {
        ctx.report({ resource: queue, at: sse.node, path, undecided: true, message: `Cannot decide whether the queue is encrypted: ${because('SqsManagedSseEnabled', sse.reason)}.` });
        continue;
      }
      if (asBoolean(sse.value) !== false) continue;
      const unknownKey = kms.find((k) => k.kind === 'unknown');
      if (unknownKey?.kind === 'unknown') {
        ctx.report({ resource: queue, at: unknownKey.node, path, undecided: true, message: `Cannot decide whether the queue is encrypted: SSE-SQS is off and ${because('KmsMasterKeyId', unknownKey.reason)}.` });
        continue;
      }
      const { node } = sse;
      const fix = node.kind === 'scalar' ? () => ({ title: 'Set SqsManagedSseEnabled: true', edits: [replaceNode(ctx.template, node, true)] }) : undefined;
      ctx.report({ resource: queue, at: sse.node, path, message: 'SQS queue is not encrypted (SqsManagedSseEnabled is false and there is no KmsMasterKeyId)', fix });
    }
  },
});
