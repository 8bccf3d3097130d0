import { type Lookup, type ScalarOutcome, anchorOfAbsent, lookup } from '../template/evaluate';
import { defineRule } from './rule';
import { NO, type Verdict, YES, maybe, someItem } from './support/verdict';

export const s3Replication = defineRule({
  id: 's3-replication',
  control: 'SEC-S3',
  title: 'S3 buckets replicate to another region',
  severity: 'info',
  rationale:
    'The SOP recommends cross-region replication as a disaster recovery strategy: a copy in another region survives the loss of a region or of the bucket. The destination bucket\'s region is not knowable from the template, so the rule asks for a ReplicationConfiguration with at least one enabled rule.',
  remedy:
    'Add `ReplicationConfiguration` with a `Role` S3 can assume and a rule with `Status: Enabled` whose `Destination.Bucket` is a bucket in another region (replication also needs `VersioningConfiguration: { Status: Enabled }` on both buckets). Suppress this rule, with a reason, on buckets whose data is reproducible.',
  resourceTypes: ['AWS::S3::Bucket'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-replicationconfiguration.html',
  checkResource(bucket, ctx) {
    const path = ['Properties', 'ReplicationConfiguration'];
    const subject = 'whether the bucket replicates';
    for (const found of ctx.property(bucket, 'ReplicationConfiguration', 'Rules')) {
      if (found.kind === 'absent') {
        const noConfig = found.missing.length === 2;
        ctx.report({
          resource: bucket,
          at: anchorOfAbsent(bucket, found),
          path,
          message: noConfig ? 'S3 bucket does not replicate to another region (ReplicationConfiguration is not set)' : 'S3 bucket does not replicate to another region (ReplicationConfiguration has no Rules)',
        });
        continue;
      }
      if (found.kind === 'unknown') {
        ctx.report({ resource: bucket, at: found.node, path, undecided: true, message: `Cannot decide ${subject}: ${found.reason}.` });
        continue;
      }
      const rules = found.node.kind === 'seq' ? found.node.items : [found.node];
      const verdict = someItem(rules, (rule): Verdict => {
        if (rule.kind !== 'map') return rule.kind === 'intrinsic' ? maybe(rule) : NO;
        const statuses: (ScalarOutcome | Extract<Lookup, { kind: 'unknown' }>)[] = [];
        for (const f of lookup(rule, ['Status'])) {
          if (f.kind === 'found') statuses.push(...ctx.scalarsOf(f.node, f.node));
          else if (f.kind === 'unknown') statuses.push(f);
        }
        if (statuses.length > 0 && statuses.every((o) => o.kind === 'known' && o.value === 'Enabled')) return YES;
        const unknown = statuses.find((o) => o.kind === 'unknown');
        return unknown?.kind === 'unknown' ? maybe(unknown.node, unknown.reason) : NO;
      });
      if (verdict.kind === 'maybe') {
        ctx.report({ resource: bucket, at: verdict.node, path, undecided: true, message: `Cannot decide ${subject}: ${verdict.reason}.` });
      } else if (verdict.kind === 'no') {
        ctx.report({
          resource: bucket,
          at: found.entry ? { kind: 'scalar', value: null, range: found.entry.keyRange } : found.node,
          path: [...path, 'Rules'],
          message: 'S3 bucket does not replicate to another region (no replication rule has Status: Enabled)',
        });
      }
    }
  },
});
