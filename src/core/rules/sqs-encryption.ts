import { anchorOfAbsent, asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { insertMissingFix, replaceLiteralFix } from './support/fixes';
import { because, presenceOf } from './support/network';

const PATH = ['Properties', 'SqsManagedSseEnabled'];
const TURN_ON = 'Set SqsManagedSseEnabled: true';

export const sqsEncryption = defineRule({
  id: 'sqs-encryption',
  control: 'NETSEC-002',
  title: 'SQS queues are encrypted at rest',
  severity: 'error',
  rationale:
    'NETSEC-002 covers data at rest. A queue with SqsManagedSseEnabled: false and no KmsMasterKeyId stores its messages unencrypted: an error. A queue that sets neither is encrypted in fact, since SQS has encrypted new queues with SQS-owned keys (SSE-SQS) by default since October 2022; as for S3 buckets, the SOP still wants the template to state the encryption, where reviewers see it and where it does not depend on a default or on when the queue was created: a warning. Whether an AWS owned key is enough is the SEC-KMS rules\' question, not this one\'s.',
  remedy: 'Set `SqsManagedSseEnabled: true`, or set `KmsMasterKeyId` to a KMS key; never `SqsManagedSseEnabled: false` without a key.',
  resourceTypes: ['AWS::SQS::Queue'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#cfn-sqs-queue-sqsmanagedsseenabled',
  checkResource(queue, ctx) {
    const kms = presenceOf(ctx, queue.node, ['Properties', 'KmsMasterKeyId']);
    if (kms.every((k) => k.kind === 'set')) return;
    const unknownKey = kms.find((k) => k.kind === 'unknown');
    for (const found of ctx.property(queue, 'SqsManagedSseEnabled')) {
      // A lookup that found no value stands for itself (and can be fixed by adding one).
      for (const sse of found.kind === 'found' ? ctx.scalarsOf(found.node, found.node) : [found]) {
        if (sse.kind === 'unknown') {
          ctx.report({ resource: queue, at: sse.node, path: PATH, undecided: true, message: `Cannot decide whether the queue is encrypted: ${because('SqsManagedSseEnabled', sse.reason)}.` });
          continue;
        }
        if (sse.kind === 'known' && asBoolean(sse.value) === true) continue;
        if (unknownKey?.kind === 'unknown') {
          const key = because('KmsMasterKeyId', unknownKey.reason);
          const message = sse.kind === 'absent' ? `Cannot decide whether the queue states its encryption: ${key}.` : `Cannot decide whether the queue is encrypted: SSE-SQS is off and ${key}.`;
          ctx.report({ resource: queue, at: unknownKey.node, path: PATH, undecided: true, message });
          continue;
        }
        if (sse.kind === 'absent') {
          // Left out, in every deployment or (through AWS::NoValue) in one branch of an !If: the lookup walks both.
          const lookedUp = 'parent' in sse;
          ctx.report({
            resource: queue,
            at: lookedUp ? anchorOfAbsent(queue, sse) : sse.node,
            path: PATH,
            severity: 'warning',
            message: 'SQS queue does not state its encryption (neither KmsMasterKeyId nor SqsManagedSseEnabled is set; SQS applies SSE-SQS to new queues by default)',
            fix: lookedUp ? insertMissingFix(ctx, sse, true, TURN_ON) : undefined,
          });
          continue;
        }
        const off = asBoolean(sse.value) === false;
        ctx.report({
          resource: queue,
          at: sse.node,
          path: PATH,
          severity: off ? undefined : 'warning',
          message: off ? 'SQS queue is not encrypted (SqsManagedSseEnabled is false and there is no KmsMasterKeyId)' : `SQS queue does not state its encryption (SqsManagedSseEnabled is ${String(sse.value)}, not a boolean)`,
          fix: replaceLiteralFix(ctx, sse.node, true, TURN_ON),
        });
      }
    }
  },
});
