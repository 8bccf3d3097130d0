import { addEntry, replaceNode } from '../fix/edits';
import { anchorOfAbsent } from '../template/evaluate';
import { type Resource, type SourceRange, entry } from '../template/model';
import { type Fix, type Report, type RuleContext, type TextEdit, defineRule } from './rule';
import { anyOf, equalsIn, ofMap, someItem, trailsByBucket } from './support/cloudtrail';
import { expectProperty } from './support/expect';
import { bucketPoliciesFor } from './support/s3';

/** Deletion policies that keep the bucket, and its logs, when the stack deletes the resource. */
const RETAINED = new Set(['Retain', 'RetainExceptOnCreate']);

export const cloudtrailBucketProtection = defineRule({
  id: 'cloudtrail-bucket-protection',
  control: 'ACCT-001',
  title: 'CloudTrail log buckets are protected from deletion',
  severity: 'error',
  rationale:
    'The SOP keeps CloudTrail logs in a dedicated bucket protected from accidental deletion: a bucket policy against unauthorized deletions, versioning to keep historical logs, a lifecycle policy to archive old logs. A bucket deleted with its stack takes the audit trail with it.',
  remedy:
    'On the bucket the trail writes to: set `VersioningConfiguration: { Status: Enabled }`, add a `LifecycleConfiguration` with at least one enabled rule that archives (transitions) old logs, attach an `AWS::S3::BucketPolicy` that grants CloudTrail its writes and denies deletions, and set `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain` on the resource.',
  resourceTypes: ['AWS::CloudTrail::Trail', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html',
  checkTemplate(ctx) {
    for (const [bucket, trails] of trailsByBucket(ctx)) {
      const of = `Log bucket of CloudTrail trail${trails.length > 1 ? 's' : ''} ${trails.map((t) => t.logicalId).join(', ')}`;
      const pending: Report[] = [];
      // The same context with its reports held back, to merge those about the same place.
      const collect = ctx.reportingTo((r) => pending.push(r));
      checkVersioning(collect, bucket, of);
      checkLifecycle(collect, bucket, of);
      checkPolicy(collect, bucket, of);
      checkDeletionPolicy(collect, bucket, of);
      for (const r of mergeSamePlace(pending, of)) ctx.report(r);
    }
  },
});

/**
 * The runner keeps one finding per rule and place, and two missing protections can share a place (a
 * missing VersioningConfiguration and LifecycleConfiguration both point at the Properties key): their
 * findings become one that names both, carrying the first one's fix.
 */
function mergeSamePlace(reports: Report[], of: string): Report[] {
  const byPlace = new Map<string, Report[]>();
  for (const r of reports) {
    const range = rangeOf(r.at);
    const key = `${range.start}:${range.end}:${r.undecided ? 'u' : 'v'}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), r]);
  }
  return [...byPlace.values()].map(([first, ...rest]) => {
    if (rest.length === 0 || first.undecided) return first;
    const parts = [first, ...rest].map((r) => (r.message.startsWith(of + ' ') ? r.message.slice(of.length + 1) : r.message));
    return { ...first, message: `${of} ${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`, fix: first.fix ?? rest.find((r) => r.fix)?.fix };
  });
}

function rangeOf(at: Report['at']): SourceRange {
  if ('range' in at) return at.range;
  if ('node' in at) return at.node.range;
  if ('start' in at) return at;
  return { start: -1, end: -1 };
}

function checkVersioning(ctx: RuleContext, bucket: Resource, of: string): void {
  expectProperty(ctx, bucket, {
    path: ['VersioningConfiguration', 'Status'],
    ok: (v) => v === 'Enabled',
    absentIsOk: false,
    absentMessage: `${of} is not versioned (no VersioningConfiguration with Status Enabled)`,
    wrongMessage: (v) => `${of} is not versioned (versioning is ${String(v)})`,
    subject: 'whether the CloudTrail log bucket is versioned',
    fixValue: 'Enabled',
    fixTitle: 'Enable versioning on the log bucket',
  });
}

function checkLifecycle(ctx: RuleContext, bucket: Resource, of: string): void {
  const path = ['Properties', 'LifecycleConfiguration'];
  for (const found of ctx.property(bucket, 'LifecycleConfiguration')) {
    if (found.kind === 'absent') {
      ctx.report({ resource: bucket, at: anchorOfAbsent(bucket, found), path, message: `${of} has no lifecycle rule to archive old logs (LifecycleConfiguration is not set)` });
      continue;
    }
    if (found.kind === 'unknown') {
      ctx.report({ resource: bucket, at: found.node, path, undecided: true, message: `Cannot decide whether the CloudTrail log bucket has a lifecycle rule: ${found.reason}.` });
      continue;
    }
    const verdict = ofMap(found.node, (config) => someItem(entry(config, 'Rules')?.value, (item) => ofMap(item, (rule) => equalsIn(ctx, entry(rule, 'Status')?.value, 'Enabled', rule))));
    if (verdict.kind === 'unknown') {
      ctx.report({ resource: bucket, at: verdict.node, path, undecided: true, message: `Cannot decide whether the CloudTrail log bucket has a lifecycle rule: ${verdict.reason}.` });
    } else if (verdict.kind === 'no') {
      ctx.report({ resource: bucket, at: found.entry ? found.entry.keyRange : found.node, path, message: `${of} has no enabled lifecycle rule to archive old logs` });
    }
  }
}

function checkPolicy(ctx: RuleContext, bucket: Resource, of: string): void {
  if (bucketPoliciesFor(ctx, bucket).length > 0) return;
  // A policy whose bucket is known only at deploy time may be this bucket's.
  const unresolved = anyOf(
    ctx.resourcesOfType('AWS::S3::BucketPolicy').flatMap((policy) =>
      ctx.property(policy, 'Bucket').flatMap((found) => {
        if (found.kind === 'absent') return [];
        if (found.kind === 'unknown') return [{ kind: 'unknown' as const, node: found.node, reason: `bucket policy ${policy.logicalId} names its bucket by a value that ${found.reason}` }];
        if (ctx.targetOf(found.node)) return [];
        return ctx.scalarsOf(found.node, found.node).flatMap((o) =>
          o.kind === 'unknown' ? [{ kind: 'unknown' as const, node: o.node, reason: `bucket policy ${policy.logicalId} names its bucket by a value that is not known before deployment (${o.reason})` }] : [],
        );
      }),
    ),
  );
  if (unresolved.kind === 'unknown') {
    ctx.report({ resource: bucket, at: bucket.typeRange, undecided: true, message: `Cannot decide whether the CloudTrail log bucket has a bucket policy: ${unresolved.reason}.` });
    return;
  }
  ctx.report({ resource: bucket, at: bucket.typeRange, message: `${of} has no bucket policy to prevent unauthorized deletions (no AWS::S3::BucketPolicy names it)` });
}

function checkDeletionPolicy(ctx: RuleContext, bucket: Resource, of: string): void {
  const path = ['DeletionPolicy'];
  const deletion = entry(bucket.node, 'DeletionPolicy');
  const retainReplacement = (): TextEdit[] => (entry(bucket.node, 'UpdateReplacePolicy') ? [] : [addEntry(ctx.template, bucket.node, 'UpdateReplacePolicy', 'Retain')]);
  const title = 'Set DeletionPolicy and UpdateReplacePolicy to Retain';
  if (!deletion) {
    const fix = (): Fix => ({ title, edits: merge([addEntry(ctx.template, bucket.node, 'DeletionPolicy', 'Retain'), ...retainReplacement()]) });
    ctx.report({ resource: bucket, at: bucket.logicalIdRange, path, message: `${of} is deleted with the stack (DeletionPolicy is not set; it defaults to Delete)`, fix });
    return;
  }
  for (const outcome of ctx.scalarsOf(deletion.value, deletion.value)) {
    if (outcome.kind === 'unknown') {
      ctx.report({ resource: bucket, at: outcome.node, path, undecided: true, message: `Cannot decide whether the CloudTrail log bucket is retained: ${outcome.reason}.` });
    } else if (outcome.kind === 'absent') {
      ctx.report({ resource: bucket, at: outcome.node, path, message: `${of} is deleted with the stack (DeletionPolicy is removed in one branch; it defaults to Delete)` });
    } else if (!RETAINED.has(String(outcome.value))) {
      const { node } = outcome;
      const fix = node.kind === 'scalar' ? () => ({ title, edits: [replaceNode(ctx.template, node, 'Retain'), ...retainReplacement()] }) : undefined;
      ctx.report({ resource: bucket, at: outcome.node, path, message: `${of} is deleted with the stack (DeletionPolicy is ${String(outcome.value)})`, fix });
    }
  }
}

/** Two additions at the same place become one edit, so they land in the order given. */
function merge(edits: TextEdit[]): TextEdit[] {
  const [first, ...rest] = edits;
  if (rest.every((e) => e.start === first.start && e.end === first.start && first.end === first.start)) {
    return [{ start: first.start, end: first.end, newText: edits.map((e) => e.newText).join('') }];
  }
  return edits;
}
