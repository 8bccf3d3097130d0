import type { CompositeAlarm, DescribeAlarmsCommandOutput, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { ListSubscriptionsByTopicCommandOutput, Subscription } from '@aws-sdk/client-sns';
import { type CheckContext, type Evidence, type RegionalCheck, fail, pass, unknown } from './check';
import { allPages, capped, seen, withToken } from './support/aws';

type Alarm = MetricAlarm | CompositeAlarm;
/** What a topic does for notification: has a confirmed e-mail subscriber, has none, or could not be read. */
type TopicVerdict = { readonly ok: true; readonly emails: number } | { readonly ok: false; readonly reason: string };

const EMAIL_PROTOCOLS = new Set(['email', 'email-json']);
/** A subscription that is not (or no longer) confirmed has one of these in place of its ARN. */
const UNCONFIRMED = new Set(['PendingConfirmation', 'Deleted']);
/** Alarms that drive scaling exist to act, not to notify; they are not asked to e-mail anyone. */
const SCALING_ACTION = /^arn:aws[\w-]*:autoscaling:|:scalingPolicy:/;

export const workloadAlarms: RegionalCheck = {
  id: 'workload-alarms',
  scope: 'regional',
  title: 'Workload alarms exist and notify the administrators by e-mail',
  controls: ['OPE-001'],
  rationale:
    'The SOP monitors workload health with CloudWatch alarms and sends their notifications to the administrators by e-mail. An alarm without actions, or whose SNS topic has no confirmed e-mail subscriber, fires unseen.',
  calls: ['cloudwatch:DescribeAlarms', 'sns:ListSubscriptionsByTopic'],
  decides:
    'Fails in a region without alarms. Each alarm (metric or composite) needs actions enabled and an SNS topic among its alarm actions with a confirmed e-mail subscription (pending ones do not count); alarms that only scale are exempt. Alarms now in ALARM are listed.',
  remediation:
    'Define alarms on the workload\'s health metrics in CloudFormation, point their AlarmActions at an SNS topic, subscribe the administrators\' distribution list by e-mail and confirm the subscription.',
  async runRegion(ctx, region) {
    const alarms = await allPages(
      (token) => ctx.api.call<DescribeAlarmsCommandOutput>('cloudwatch', region, 'DescribeAlarms', withToken({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }, 'NextToken', token)),
      (page): Alarm[] => [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])],
      (page) => page.NextToken,
    );
    if (alarms.length === 0) return fail('No CloudWatch alarms in this region.', [{ text: 'No alarms', status: 'fail', region }]);
    const topics = await judgeTopics(ctx, alarms);
    const judged = alarms.map((a) => judgeAlarm(a, topics, region));
    const firing = alarms.filter((a) => a.StateValue === 'ALARM').map((a): Evidence => ({ text: `${a.AlarmName} is in ALARM: ${a.StateReason ?? 'no reason given'}`, region, resource: a.AlarmArn }));
    const failing = judged.filter((e) => e.status === 'fail');
    const undecided = judged.filter((e) => e.status === 'unknown');
    const passing = judged.filter((e) => e.status === 'pass');
    const evidence = [...capped(failing, 30, (e) => e, (n) => `... and ${n} more alarms that notify no one`), ...undecided, ...capped(passing, 30, (e) => e, (n) => `... and ${n} more alarms that notify`), ...firing];
    if (failing.length > 0) return fail(`${failing.length} of ${alarms.length} alarms do not notify anyone by e-mail.`, evidence);
    if (undecided.length > 0) return unknown('Could not read the subscribers of every alarm topic.', evidence);
    if (alarms.every(scalesOnly)) return fail('The only alarms here drive scaling; none notifies the administrators.', evidence);
    return pass(`All ${alarms.length} alarms notify by e-mail.`, evidence);
  },
};

function snsTopics(alarm: Alarm): string[] {
  return (alarm.AlarmActions ?? []).filter((a) => a.startsWith('arn:') && a.split(':')[2] === 'sns');
}

async function judgeTopics(ctx: CheckContext, alarms: readonly Alarm[]): Promise<Map<string, TopicVerdict>> {
  const arns = [...new Set(alarms.flatMap(snsTopics))];
  const verdicts = await Promise.all(
    arns.map(async (arn): Promise<[string, TopicVerdict]> => {
      const region = arn.split(':')[3];
      const subs = await seen(
        allPages(
          (token) => ctx.api.call<ListSubscriptionsByTopicCommandOutput>('sns', region, 'ListSubscriptionsByTopic', withToken({ TopicArn: arn }, 'NextToken', token)),
          (page) => page.Subscriptions,
          (page) => page.NextToken,
        ),
      );
      return [arn, subs.ok ? { ok: true, emails: subs.value.filter(isConfirmedEmail).length } : { ok: false, reason: subs.reason }];
    }),
  );
  return new Map(verdicts);
}

function scalesOnly(alarm: Alarm): boolean {
  const actions = alarm.AlarmActions ?? [];
  return actions.length > 0 && actions.every((a) => SCALING_ACTION.test(a));
}

function isConfirmedEmail(s: Subscription): boolean {
  return EMAIL_PROTOCOLS.has(s.Protocol ?? '') && !!s.SubscriptionArn && !UNCONFIRMED.has(s.SubscriptionArn);
}

function judgeAlarm(alarm: Alarm, topics: ReadonlyMap<string, TopicVerdict>, region: string): Evidence {
  const at = (text: string, status: Evidence['status']): Evidence => ({ text: `${alarm.AlarmName}: ${text}`, status, region, resource: alarm.AlarmArn });
  const actions = alarm.AlarmActions ?? [];
  if (actions.length === 0) return at('no alarm actions', 'fail');
  if (alarm.ActionsEnabled === false) return at('actions are disabled', 'fail');
  const arns = snsTopics(alarm);
  const reached = arns.filter((arn) => {
    const v = topics.get(arn);
    return v?.ok === true && v.emails > 0;
  });
  if (reached.length > 0) return at(`notifies by e-mail through ${reached.map((a) => a.split(':').pop()).join(', ')}`, 'pass');
  const unreadable = arns.filter((arn) => topics.get(arn)?.ok === false);
  if (unreadable.length > 0) return at(`subscribers of ${unreadable.map((a) => a.split(':').pop()).join(', ')} could not be read`, 'unknown');
  if (scalesOnly(alarm)) return at('drives scaling only (no notification needed)', 'pass');
  if (arns.length === 0) return at('its actions notify no one by e-mail (no SNS topic)', 'fail');
  return at(`no confirmed e-mail subscriber on ${arns.map((a) => a.split(':').pop()).join(', ')}`, 'fail');
}
