import * as assert from 'node:assert/strict';
import { workloadAlarms } from '../../../src/core/controls/workload-alarms';
import { RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';

const R = 'eu-west-1';
const TOPIC = `arn:aws:sns:${R}:111111111111:ops`;
const INPUT = { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] };

function alarm(name: string, extra: object = {}) {
  return { AlarmName: name, AlarmArn: `arn:aws:cloudwatch:${R}:111111111111:alarm:${name}`, ActionsEnabled: true, AlarmActions: [TOPIC], StateValue: 'OK', ...extra };
}

function api(metric: object[], subscriptions: object[], composite: object[] = []): RecordedApi {
  return new RecordedApi()
    .on('cloudwatch', R, 'DescribeAlarms', { MetricAlarms: metric, CompositeAlarms: composite }, INPUT)
    .on('sns', R, 'ListSubscriptionsByTopic', { Subscriptions: subscriptions }, { TopicArn: TOPIC });
}

const CONFIRMED = { Protocol: 'email', Endpoint: 'ops@acme.com', SubscriptionArn: `${TOPIC}:1234` };

describe('workload-alarms', () => {
  it('passes alarms that notify through a topic with a confirmed e-mail subscriber, listing alarms in ALARM', async () => {
    const a = api([alarm('cpu'), alarm('errors', { StateValue: 'ALARM', StateReason: 'Threshold crossed' })], [CONFIRMED], [alarm('health')]);
    const outcome = await decide(workloadAlarms, contextFor(a), R);
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.equal(outcome.reason, 'All 3 alarms notify by e-mail.');
    assert.ok(outcome.evidence.some((e) => e.text === 'errors is in ALARM: Threshold crossed' && e.status === undefined));
    assert.equal(a.count('ListSubscriptionsByTopic'), 1, 'one topic shared by three alarms is read once');
  });

  it('does not count a pending subscription', async () => {
    const outcome = await decide(workloadAlarms, contextFor(api([alarm('cpu')], [{ ...CONFIRMED, SubscriptionArn: 'PendingConfirmation' }])), R);
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['cpu: no confirmed e-mail subscriber on ops']);
  });

  it('fails alarms without actions or with actions disabled, and a region without alarms', async () => {
    const outcome = await decide(workloadAlarms, contextFor(api([alarm('a', { AlarmActions: [] }), alarm('b', { ActionsEnabled: false })], [CONFIRMED])), R);
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['a: no alarm actions', 'b: actions are disabled']);
    const none = await decide(workloadAlarms, contextFor(api([], [])), R);
    assert.equal(none.status, 'fail');
    assert.equal(none.reason, 'No CloudWatch alarms in this region.');
  });

  it('exempts scaling alarms but fails a region whose only alarms scale', async () => {
    const scaling = alarm('scale-out', { AlarmActions: [`arn:aws:autoscaling:${R}:111111111111:scalingPolicy:abc:autoScalingGroupName/asg:policyName/out`] });
    const mixed = await decide(workloadAlarms, contextFor(api([scaling, alarm('cpu')], [CONFIRMED])), R);
    assert.equal(mixed.status, 'pass');
    const only = await decide(workloadAlarms, contextFor(api([scaling], [])), R);
    assert.equal(only.status, 'fail');
    assert.match(only.reason, /only alarms here drive scaling/);
  });

  it('is unknown when the topic subscribers are denied (a topic in another account)', async () => {
    const a = api([alarm('cpu')], []).denies('sns', R, 'ListSubscriptionsByTopic', { TopicArn: TOPIC });
    const outcome = await decide(workloadAlarms, contextFor(a), R);
    assert.equal(outcome.status, 'unknown');
    assert.deepEqual(evidenceWith(outcome, 'unknown'), ['cpu: subscribers of ops could not be read']);
  });

  it('follows DescribeAlarms pagination', async () => {
    const a = api([alarm('cpu')], [CONFIRMED]);
    a.on('cloudwatch', R, 'DescribeAlarms', { MetricAlarms: [alarm('cpu')], NextToken: 'n' }, INPUT);
    a.on('cloudwatch', R, 'DescribeAlarms', { MetricAlarms: [alarm('disk', { AlarmActions: [] })] }, { ...INPUT, NextToken: 'n' });
    const outcome = await decide(workloadAlarms, contextFor(a), R);
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['disk: no alarm actions']);
  });
});
