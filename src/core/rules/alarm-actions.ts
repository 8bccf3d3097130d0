import { type Lookup, anchorOfAbsent, asBoolean } from '../template/evaluate';
import { type Resource, child } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { replaceLiteralFix } from './support/fixes';
import { partsText, stringParts } from './support/string-parts';

type Actions = { kind: 'some' } | { kind: 'none'; report: () => void } | { kind: 'unknown'; report: () => void };

/**
 * Every alarm (plain or composite) notifies someone: it has `AlarmActions`, and its actions are enabled.
 *
 * - `AlarmActions` absent, an empty list, or a list parameter whose Default is empty fails; a list
 *   parameter without a Default, or a list computed at deploy time, is undecided. Any action counts (SNS,
 *   Auto Scaling, EC2, Systems Manager): OK and INSUFFICIENT_DATA actions alone do not. An alarm that a
 *   composite alarm combines (AlarmRule) or uses as actions suppressor needs no actions of its own: the
 *   composite alarm notifies, and is checked itself.
 * - `ActionsEnabled` defaults to true; `false` fails. The fix sets it to true, offered only when the alarm
 *   has AlarmActions (enabling no actions changes nothing).
 */
export const alarmActions = defineRule({
  id: 'alarm-actions',
  control: 'OPE-001',
  title: 'CloudWatch alarms notify someone when they fire',
  severity: 'warning',
  rationale:
    'OPE-001: "Notifications of alarms are sent to administrators via e-mail". An alarm without alarm actions, or with its actions disabled, changes state in the console and nobody hears of it.',
  remedy:
    'Add `AlarmActions` with the ARN of an SNS topic the administrators subscribe to (e.g. `!Ref AlarmTopic`), and leave `ActionsEnabled` unset or true.',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html#cfn-cloudwatch-alarm-alarmactions',
  checkResource(alarm, ctx) {
    const kind = alarm.type === 'AWS::CloudWatch::CompositeAlarm' ? 'CloudWatch composite alarm' : 'CloudWatch alarm';
    const actions = ctx.property(alarm, 'AlarmActions').map((found) => actionsOf(ctx, alarm, found, kind));
    if (!partOfComposite(ctx, alarm)) for (const a of actions) if (a.kind !== 'some') a.report();
    const hasActions = actions.every((a) => a.kind === 'some');

    for (const outcome of ctx.scalars(alarm, 'ActionsEnabled')) {
      const path = ['Properties', 'ActionsEnabled'];
      if (outcome.kind === 'unknown') {
        ctx.report({ resource: alarm, at: outcome.node, path, undecided: true, message: `Cannot decide whether the alarm's actions are enabled: ${outcome.reason}.` });
      } else if (outcome.kind === 'known' && asBoolean(outcome.value) === false) {
        const { node } = outcome;
        const fix = hasActions ? replaceLiteralFix(ctx, node, true, 'Set ActionsEnabled: true') : undefined;
        ctx.report({ resource: alarm, at: outcome.node, path, message: `${kind} has its actions disabled (ActionsEnabled: false), so it notifies no one`, fix });
      }
    }
  },
});

/**
 * An alarm that a composite alarm combines (in its AlarmRule) or uses as its actions suppressor: the composite
 * notifies, and its inputs are meant to stay quiet. It is named by a reference, or by its literal AlarmName.
 */
function partOfComposite(ctx: RuleContext, alarm: Resource): boolean {
  const composites = ctx.resourcesOfType('AWS::CloudWatch::CompositeAlarm');
  if (composites.length === 0) return false;
  const inRule = (path: readonly (string | number)[]): boolean => path[1] === 'AlarmRule' || path[1] === 'ActionsSuppressor';
  if (ctx.template.referencesTo(alarm.logicalId).some((r) => r.from.type === 'AWS::CloudWatch::CompositeAlarm' && inRule(r.path))) return true;
  const names = ctx.scalars(alarm, 'AlarmName').flatMap((o) => (o.kind === 'known' && o.value !== null ? [String(o.value)] : []));
  if (names.length === 0) return false;
  const texts = composites.flatMap((c) => ['AlarmRule', 'ActionsSuppressor'].flatMap((p) => stringParts(ctx, child(c.properties, p)).map(partsText)));
  return names.some((n) => texts.some((text) => new RegExp(`(^|[("':/])${escape(n)}($|[)"'])`).test(text)));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function actionsOf(ctx: RuleContext, alarm: Resource, found: Lookup, kind: string): Actions {
  const path = ['Properties', 'AlarmActions'];
  const none = (at: Parameters<RuleContext['report']>[0]['at'], detail: string): Actions => ({
    kind: 'none',
    report: () => ctx.report({ resource: alarm, at, path, message: `${kind} has no alarm actions (${detail}), so it notifies no one when it fires` }),
  });
  const unknown = (at: Parameters<RuleContext['report']>[0]['at'], reason: string): Actions => ({
    kind: 'unknown',
    report: () => ctx.report({ resource: alarm, at, path, undecided: true, message: `Cannot decide whether the alarm has alarm actions: ${reason}.` }),
  });
  if (found.kind === 'absent') {
    // Absent below the AlarmActions key itself: an `!If` branch removed it, unless the key has no value at all.
    const parent = found.parent;
    const removed = !('kind' in parent) && parent.key === 'AlarmActions' && !(parent.value.kind === 'scalar' && parent.value.value === null);
    return none(anchorOfAbsent(alarm, found), removed ? 'AlarmActions is removed in one !If branch' : 'AlarmActions is not set');
  }
  if (found.kind === 'unknown') return unknown(found.node, found.reason);
  const node = found.node;
  if (node.kind === 'seq') return node.items.length > 0 ? { kind: 'some' } : none(node, 'AlarmActions is empty');
  if (node.kind === 'intrinsic' && node.name === 'Ref' && node.argument.kind === 'scalar') {
    // A List<String> or CommaDelimitedList parameter: its Default decides.
    const parameter = ctx.template.parameters.get(String(node.argument.value));
    const def = parameter?.defaultNode;
    if (def?.kind === 'seq') return def.items.length > 0 ? { kind: 'some' } : none(node, `parameter ${parameter!.name} defaults to an empty list`);
    if (def?.kind === 'scalar') return String(def.value ?? '').trim() !== '' ? { kind: 'some' } : none(node, `parameter ${parameter!.name} defaults to an empty list`);
  }
  const [outcome] = ctx.scalarsOf(node, node);
  if (outcome?.kind === 'unknown') return unknown(node, outcome.reason);
  if (outcome?.kind === 'known' && typeof outcome.value === 'string' && outcome.value.trim() !== '') return { kind: 'some' };
  return none(node, 'AlarmActions is empty');
}
