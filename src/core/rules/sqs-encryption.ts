import { type Lookup, anchorOfAbsent, asBoolean } from '../template/evaluate';
import { insertMissing, replaceNode } from '../fix/edits';
import type { TemplateNode } from '../template/model';
import { type Fix, type RuleContext, defineRule } from './rule';
import { because, presenceOf } from './support/network';

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
    const path = ['Properties', 'SqsManagedSseEnabled'];
    for (const found of ctx.property(queue, 'SqsManagedSseEnabled')) {
      if (found.kind === 'absent') {
        if (unknownKey?.kind === 'unknown') {
          ctx.report({ resource: queue, at: unknownKey.node, path, undecided: true, message: `Cannot decide whether the queue states its encryption: ${because('KmsMasterKeyId', unknownKey.reason)}.` });
          continue;
        }
        ctx.report({
          resource: queue,
          at: anchorOfAbsent(queue, found),
          path,
          severity: 'warning',
          message: 'SQS queue does not state its encryption (neither KmsMasterKeyId nor SqsManagedSseEnabled is set; SQS applies SSE-SQS to new queues by default)',
          fix: turnOnFix(ctx, found),
        });
        continue;
      }
      if (found.kind === 'unknown') {
        ctx.report({ resource: queue, at: found.node, path, undecided: true, message: `Cannot decide whether the queue is encrypted: ${because('SqsManagedSseEnabled', found.reason)}.` });
        continue;
      }
      for (const sse of ctx.scalarsOf(found.node, found.node)) {
        // AWS::NoValue in one branch: the property is left out there, as in the absent case above.
        if (sse.kind === 'absent') {
          if (unknownKey?.kind !== 'unknown') ctx.report({ resource: queue, at: sse.node, path, severity: 'warning', message: 'SQS queue does not state its encryption in one branch (SqsManagedSseEnabled is removed and there is no KmsMasterKeyId)' });
          continue;
        }
        if (sse.kind === 'unknown') {
          ctx.report({ resource: queue, at: sse.node, path, undecided: true, message: `Cannot decide whether the queue is encrypted: ${because('SqsManagedSseEnabled', sse.reason)}.` });
          continue;
        }
        if (asBoolean(sse.value) === true) continue;
        if (unknownKey?.kind === 'unknown') {
          ctx.report({ resource: queue, at: unknownKey.node, path, undecided: true, message: `Cannot decide whether the queue is encrypted: SSE-SQS is off and ${because('KmsMasterKeyId', unknownKey.reason)}.` });
          continue;
        }
        const off = asBoolean(sse.value) === false;
        ctx.report({
          resource: queue,
          at: sse.node,
          path,
          severity: off ? undefined : 'warning',
          message: off ? 'SQS queue is not encrypted (SqsManagedSseEnabled is false and there is no KmsMasterKeyId)' : `SQS queue does not state its encryption (SqsManagedSseEnabled is ${String(sse.value)}, not a boolean)`,
          fix: setTrueFix(ctx, sse.node),
        });
      }
    }
  },
});

function turnOnFix(ctx: RuleContext, absent: Extract<Lookup, { kind: 'absent' }>): () => Fix | undefined {
  return () => {
    const edits = insertMissing(ctx.template, absent, true);
    return edits && { title: 'Set SqsManagedSseEnabled: true', edits };
  };
}

/** Rewrites a literal; a value from a parameter default is the parameter's to change. */
function setTrueFix(ctx: RuleContext, node: TemplateNode): (() => Fix) | undefined {
  if (node.kind !== 'scalar') return undefined;
  return () => ({ title: 'Set SqsManagedSseEnabled: true', edits: [replaceNode(ctx.template, node, true)] });
}
