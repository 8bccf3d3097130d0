import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'alarm-actions';

const METRIC = 'Namespace: AWS/Lambda, MetricName: Errors, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold';

describe(RULE, () => {
  it('fails an alarm without AlarmActions, on the Properties key', () => {
    const t = yaml`
      Resources:
        Errors:
          Type: AWS::CloudWatch::Alarm
          Properties:
            Namespace: AWS/Lambda
            MetricName: Errors
            Statistic: Sum
            Period: 60
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanThreshold
            OKActions: [!Ref Topic]
        Topic: { Type: AWS::SNS::Topic }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.message, 'OPE-001: CloudWatch alarm has no alarm actions (AlarmActions is not set), so it notifies no one when it fires');
    assert.equal(f.fix, undefined);
  });

  it('fails an empty AlarmActions list and a list parameter defaulting to empty, on the value', () => {
    const t = yaml`
      Parameters:
        Targets: { Type: CommaDelimitedList, Default: "" }
      Resources:
        A: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmActions: [], ${METRIC} } }
        B: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmActions: !Ref Targets, ${METRIC} } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f)]), [
      ['A', '[]'],
      ['B', '!Ref Targets'],
    ]);
    assert.match(found[0].message, /AlarmActions is empty/);
    assert.match(found[1].message, /parameter Targets defaults to an empty list/);
  });

  it('fails disabled actions and fixes them to true', () => {
    const t = yaml`
      Resources:
        Topic: { Type: AWS::SNS::Topic }
        Errors:
          Type: AWS::CloudWatch::Alarm
          Properties:
            AlarmActions: [!Ref Topic]
            ActionsEnabled: false # muted during migration
            Namespace: AWS/Lambda
            MetricName: Errors
            Statistic: Sum
            Period: 60
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanThreshold
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.message, 'OPE-001: CloudWatch alarm has its actions disabled (ActionsEnabled: false), so it notifies no one');
    assert.equal(f.fix?.title, 'Set ActionsEnabled: true');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /ActionsEnabled: true # muted during migration/);
  });

  it('offers no ActionsEnabled fix when there are no actions to enable', () => {
    const t = yaml`
      Resources:
        C: { Type: AWS::CloudWatch::CompositeAlarm, Properties: { AlarmRule: "ALARM(a)", ActionsEnabled: "false" } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => textAt(t, f)), ['Properties', '"false"']);
    assert.match(found[0].message, /^OPE-001: CloudWatch composite alarm has no alarm actions/);
    assert.equal(found[1].fix, undefined);
  });

  it('passes alarms with actions, including a list parameter default and both !If branches with actions', () => {
    const t = yaml`
      Parameters:
        Targets: { Type: CommaDelimitedList, Default: "arn:aws:sns:us-east-1:111111111111:ops" }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        Topic: { Type: AWS::SNS::Topic }
        A: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmActions: [!Ref Topic], ActionsEnabled: true, ${METRIC} } }
        B: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmActions: !Ref Targets, ${METRIC} } }
        C: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmActions: !If [Prod, [!Ref Topic], [arn:aws:sns:us-east-1:111111111111:dev]], ${METRIC} } }
    `;
    assert.deepEqual(findingsOf(RULE, t), []);
  });

  it('checks both !If branches and cannot decide a list parameter without a default', () => {
    const t = yaml`
      Parameters:
        Targets: { Type: CommaDelimitedList }
        Enabled: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        Topic: { Type: AWS::SNS::Topic }
        A: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmActions: !If [Prod, [!Ref Topic], !Ref AWS::NoValue], ${METRIC} } }
        B: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmActions: !Ref Targets, ActionsEnabled: !Ref Enabled, ${METRIC} } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'AlarmActions'],
      ['B', 'undecided', '!Ref Targets'],
      ['B', 'undecided', '!Ref Enabled'],
    ]);
    assert.equal(found[1].severity, 'info');
    assert.equal(found[1].message, 'OPE-001: Cannot decide whether the alarm has alarm actions: it comes from parameter Targets, which has no Default.');
  });

  it('lets the inputs of a composite alarm stay quiet: the composite notifies', () => {
    const t = yaml`
      Resources:
        Topic: { Type: AWS::SNS::Topic }
        Errors: { Type: AWS::CloudWatch::Alarm, Properties: { ${METRIC} } }
        Latency: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmName: api-latency, ${METRIC} } }
        Maintenance: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmName: maintenance, ${METRIC} } }
        Lonely: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmName: api-latency-p99, ${METRIC} } }
        Health:
          Type: AWS::CloudWatch::CompositeAlarm
          Properties:
            AlarmRule: !Sub 'ALARM(\${Errors}) OR ALARM("api-latency")'
            ActionsSuppressor: maintenance
            AlarmActions: [!Ref Topic]
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => f.resource), ['Lonely']);
  });

  it('fixes JSON templates as JSON', () => {
    const t = JSON.stringify(
      { Resources: { T: { Type: 'AWS::SNS::Topic' }, A: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'T' }], ActionsEnabled: false, Namespace: 'AWS/Lambda', MetricName: 'Errors' } } } },
      null,
      2,
    );
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'false');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(JSON.parse(fixed).Resources.A.Properties.ActionsEnabled, true);
  });
});
