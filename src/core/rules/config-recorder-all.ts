import { anchorOfAbsent, asBoolean, lookup } from '../template/evaluate';
import { type MapNode, type Resource, entry } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { insertMissingFix, replaceLiteralFix } from './support/fixes';

const ALL = 'ALL_SUPPORTED_RESOURCE_TYPES';
const PATH = ['Properties', 'RecordingGroup'];

export const configRecorderAll = defineRule({
  id: 'config-recorder-all',
  control: 'ACCT-001',
  title: 'AWS Config records every supported resource type, global ones included',
  severity: 'warning',
  rationale:
    'The SOP requires AWS Config on every customer account. A recorder limited to some resource types, or one that leaves out the global IAM types (users, groups, roles, customer managed policies), keeps no configuration history for what it skips, and IAM changes are the ones an investigation needs first.',
  remedy:
    'Give the recorder `RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true }` and no `RecordingStrategy` other than ALL_SUPPORTED_RESOURCE_TYPES (drop `ResourceTypes` and `ExclusionByResourceTypes`). If global types are recorded by the recorder of another region, turn off the rule option `requireGlobalResourceTypes` for this template.',
  resourceTypes: ['AWS::Config::ConfigurationRecorder'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-config-configurationrecorder-recordinggroup.html',
  options: {
    requireGlobalResourceTypes: {
      description:
        'Also require IncludeGlobalResourceTypes: true. AWS suggests recording the global IAM types in one region only; turn this off for templates that deploy the recorders of the other regions.',
      default: true,
    },
  },
  checkResource(recorder, ctx) {
    const requireGlobal = ctx.options.requireGlobalResourceTypes !== false;
    for (const group of ctx.property(recorder, 'RecordingGroup')) {
      if (group.kind === 'absent') {
        // AWS's default group: AllSupported true, IncludeGlobalResourceTypes false.
        if (!requireGlobal) continue;
        ctx.report({
          resource: recorder,
          at: anchorOfAbsent(recorder, group),
          path: PATH,
          message: 'AWS Config recorder does not record global IAM resource types (RecordingGroup is not set; by default IncludeGlobalResourceTypes is false)',
          fix: insertMissingFix(ctx, group, { AllSupported: true, IncludeGlobalResourceTypes: true }, 'Add RecordingGroup with AllSupported and IncludeGlobalResourceTypes set to true'),
        });
      } else if (group.kind === 'unknown') {
        ctx.report({ resource: recorder, at: group.node, path: PATH, undecided: true, message: `Cannot decide what the AWS Config recorder records: ${group.reason}.` });
      } else if (group.node.kind !== 'map') {
        ctx.report({ resource: recorder, at: group.node, path: PATH, undecided: true, message: 'Cannot decide what the AWS Config recorder records: RecordingGroup is not a map.' });
      } else {
        checkGroup(ctx, recorder, group.node, requireGlobal);
      }
    }
  },
});

function checkGroup(ctx: RuleContext, recorder: Resource, group: MapNode, requireGlobal: boolean): void {
  if (!strategyIsAll(ctx, recorder, group)) return;
  // Setting AllSupported to true is only valid without a list of types to include or exclude.
  const listsTypes = entry(group, 'ResourceTypes') !== undefined || entry(group, 'ExclusionByResourceTypes') !== undefined;
  expectTrue(ctx, recorder, group, 'AllSupported', {
    absent: 'AWS Config recorder does not record all supported resource types (AllSupported is not set in RecordingGroup; it defaults to false)',
    wrong: 'AWS Config recorder does not record all supported resource types (AllSupported is false)',
    subject: 'whether the AWS Config recorder records all supported resource types',
    fixable: !listsTypes,
  });
  if (!requireGlobal) return;
  expectTrue(ctx, recorder, group, 'IncludeGlobalResourceTypes', {
    absent: 'AWS Config recorder does not record global IAM resource types (IncludeGlobalResourceTypes is not set; it defaults to false)',
    wrong: 'AWS Config recorder does not record global IAM resource types (IncludeGlobalResourceTypes is false)',
    subject: 'whether the AWS Config recorder records global IAM resource types',
    fixable: true,
  });
}

/** Reports a RecordingStrategy other than ALL_SUPPORTED_RESOURCE_TYPES; true when the rest of the group is worth checking. */
function strategyIsAll(ctx: RuleContext, recorder: Resource, group: MapNode): boolean {
  const path = [...PATH, 'RecordingStrategy', 'UseOnly'];
  let all = true;
  for (const found of lookup(group, ['RecordingStrategy', 'UseOnly'])) {
    if (found.kind === 'absent') continue; // No strategy: AllSupported decides.
    if (found.kind === 'unknown') {
      ctx.report({ resource: recorder, at: found.node, path, undecided: true, message: `Cannot decide the AWS Config recording strategy: ${found.reason}.` });
      continue;
    }
    for (const outcome of ctx.scalarsOf(found.node, found.node)) {
      if (outcome.kind === 'unknown') {
        ctx.report({ resource: recorder, at: outcome.node, path, undecided: true, message: `Cannot decide the AWS Config recording strategy: ${outcome.reason}.` });
      } else if (outcome.kind === 'known' && outcome.value !== ALL) {
        all = false;
        ctx.report({ resource: recorder, at: outcome.node, path, message: strategyMessage(ctx, group, String(outcome.value)) });
      }
    }
  }
  return all;
}

function strategyMessage(ctx: RuleContext, group: MapNode, strategy: string): string {
  if (strategy === 'INCLUSION_BY_RESOURCE_TYPES') return 'AWS Config recorder records only the resource types it lists (recording strategy INCLUSION_BY_RESOURCE_TYPES)';
  if (strategy === 'EXCLUSION_BY_RESOURCE_TYPES') {
    // With this strategy ExclusionByResourceTypes overrides AllSupported and IncludeGlobalResourceTypes.
    const excluded: string[] = [];
    for (const found of lookup(group, ['ExclusionByResourceTypes', 'ResourceTypes'])) {
      if (found.kind === 'found' && found.node.kind === 'seq') {
        for (const item of found.node.items) for (const o of ctx.scalarsOf(item, item)) if (o.kind === 'known') excluded.push(String(o.value));
      }
    }
    const list = excluded.length > 0 ? `: ${excluded.slice(0, 3).join(', ')}${excluded.length > 3 ? ', ...' : ''}` : '';
    return `AWS Config recorder excludes resource types from recording (recording strategy EXCLUSION_BY_RESOURCE_TYPES${list})`;
  }
  return `AWS Config recorder does not use the ALL_SUPPORTED_RESOURCE_TYPES recording strategy (UseOnly is ${strategy})`;
}

interface TrueExpectation {
  readonly absent: string;
  readonly wrong: string;
  readonly subject: string;
  readonly fixable: boolean;
}

function expectTrue(ctx: RuleContext, recorder: Resource, group: MapNode, key: string, e: TrueExpectation): void {
  const path = [...PATH, key];
  const title = `Set ${key}: true`;
  for (const found of lookup(group, [key])) {
    if (found.kind === 'absent') {
      ctx.report({ resource: recorder, at: anchorOfAbsent(recorder, found), path, message: e.absent, fix: e.fixable ? insertMissingFix(ctx, found, true, title) : undefined });
      continue;
    }
    if (found.kind === 'unknown') {
      ctx.report({ resource: recorder, at: found.node, path, undecided: true, message: `Cannot decide ${e.subject}: ${found.reason}.` });
      continue;
    }
    for (const outcome of ctx.scalarsOf(found.node, found.node)) {
      if (outcome.kind === 'unknown') {
        ctx.report({ resource: recorder, at: outcome.node, path, undecided: true, message: `Cannot decide ${e.subject}: ${outcome.reason}.` });
      } else if (outcome.kind === 'absent') {
        ctx.report({ resource: recorder, at: outcome.node, path, message: e.absent });
      } else if (asBoolean(outcome.value) !== true) {
        ctx.report({ resource: recorder, at: outcome.node, path, message: e.wrong, fix: e.fixable ? replaceLiteralFix(ctx, outcome.node, true, title) : undefined });
      }
    }
  }
}
