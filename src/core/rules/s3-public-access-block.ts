import { addEntries } from '../fix/edits';
import { anchorOfAbsent, asBoolean, lookup } from '../template/evaluate';
import type { MapEntry, MapNode, Resource } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { insertMissingFix, replaceLiteralFix } from './support/fixes';

/** The four settings, with what each one does when true. */
const FLAG_EFFECTS = {
  BlockPublicAcls: 'block public ACLs',
  BlockPublicPolicy: 'block public bucket policies',
  IgnorePublicAcls: 'ignore public ACLs',
  RestrictPublicBuckets: 'restrict access granted by public policies',
} as const;
type Flag = keyof typeof FLAG_EFFECTS;
const FLAGS = Object.keys(FLAG_EFFECTS) as Flag[];
const BLOCK_PATH = ['Properties', 'PublicAccessBlockConfiguration'];
/** Each flag with its path inside the block and in the resource (for its findings), made once. */
const FLAG_PATHS = FLAGS.map((flag) => ({ flag, inBlock: [flag], inResource: [...BLOCK_PATH, flag] }));

export const s3PublicAccessBlock = defineRule({
  id: 's3-public-access-block',
  control: 'SEC-S3',
  title: 'S3 buckets block public access explicitly',
  severity: 'error',
  rationale:
    'The SOP asks that buckets are not publicly accessible. S3 Block Public Access stops public ACLs and public bucket policies from taking effect, whatever else is written later. Since April 2023 AWS turns all four settings on for new buckets, so a bucket without the block is usually protected; the SOP still wants the template itself to say so, where reviewers see it and where it does not depend on an account default or on when the bucket was created. This rule therefore fails a bucket without the block. When the block is given, a flag left out is false.',
  remedy:
    'Add `PublicAccessBlockConfiguration` with `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls` and `RestrictPublicBuckets` all `true`. A bucket that must serve content publicly should do so through CloudFront with origin access control instead.',
  resourceTypes: ['AWS::S3::Bucket'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-publicaccessblockconfiguration.html',
  checkResource(bucket, ctx) {
    for (const found of ctx.property(bucket, 'PublicAccessBlockConfiguration')) {
      if (found.kind === 'absent') {
        ctx.report({
          resource: bucket,
          at: anchorOfAbsent(bucket, found),
          path: BLOCK_PATH,
          message: 'S3 bucket does not block public access (PublicAccessBlockConfiguration is not set)',
          fix: insertMissingFix(ctx, found, Object.fromEntries(FLAGS.map((f) => [f, true])), 'Block all public access'),
        });
        continue;
      }
      if (found.kind === 'unknown') {
        ctx.report({ resource: bucket, at: found.node, path: BLOCK_PATH, undecided: true, message: `Cannot decide whether the bucket blocks public access: ${found.reason}.` });
        continue;
      }
      if (found.node.kind !== 'map') {
        // `PublicAccessBlockConfiguration:` with nothing under it sets nothing.
        const at = found.entry ? { kind: 'scalar' as const, value: null, range: found.entry.keyRange } : found.node;
        ctx.report({ resource: bucket, at, path: BLOCK_PATH, message: 'S3 bucket does not block public access (PublicAccessBlockConfiguration is empty)' });
        continue;
      }
      // Flags missing from the same block share its key: one finding names them all, and its fix adds them all.
      const missing: Flag[] = [];
      for (const { flag, inBlock, inResource: flagPath } of FLAG_PATHS) {
        for (const setting of lookup(found.node, inBlock)) {
          if (setting.kind === 'absent') {
            if (!missing.includes(flag)) missing.push(flag);
            continue;
          }
          if (setting.kind === 'unknown') {
            ctx.report({ resource: bucket, at: setting.node, path: flagPath, undecided: true, message: `Cannot decide whether the bucket sets ${flag}: ${setting.reason}.` });
            continue;
          }
          for (const outcome of ctx.scalarsOf(setting.node, setting.node)) {
            if (outcome.kind === 'unknown') {
              ctx.report({ resource: bucket, at: outcome.node, path: flagPath, undecided: true, message: `Cannot decide whether the bucket sets ${flag}: ${outcome.reason}.` });
            } else if (outcome.kind === 'absent' || asBoolean(outcome.value) !== true) {
              ctx.report({
                resource: bucket,
                at: outcome.node,
                path: flagPath,
                message: `S3 bucket does not ${FLAG_EFFECTS[flag]} (${flag} is ${outcome.kind === 'absent' ? 'removed in one branch' : String(outcome.value)})`,
                fix: outcome.kind === 'known' ? replaceLiteralFix(ctx, outcome.node, true, `Set ${flag}: true`) : undefined,
              });
            }
          }
        }
      }
      reportMissing(ctx, bucket, found.node, found.entry, missing);
    }
  },
});

function reportMissing(ctx: RuleContext, bucket: Resource, block: MapNode, owner: MapEntry | undefined, flags: readonly Flag[]): void {
  if (flags.length === 0) return;
  const values = Object.fromEntries(flags.map((f) => [f, true]));
  const effects = flags.map((f) => FLAG_EFFECTS[f]);
  const what = effects.length === 1 ? effects[0] : `${effects.slice(0, -1).join(', ')} or ${effects[effects.length - 1]}`;
  const set = flags.length === 1 ? `${flags[0]} is not set` : `${flags.join(', ')} are not set`;
  ctx.report({
    resource: bucket,
    at: owner ? { kind: 'scalar', value: null, range: owner.keyRange } : block,
    path: flags.length === 1 ? [...BLOCK_PATH, flags[0]] : BLOCK_PATH,
    message: `S3 bucket does not ${what} (${set}; false when left out)`,
    fix: () => ({ title: `Set ${flags.join(', ')} to true`, edits: [addEntries(ctx.template, block, values)] }),
  });
}
