import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'guardduty-enabled';

describe(RULE, () => {
  it('fails a detector with Enable: false, on the value, and the fix enables it', () => {
    const t = yaml`
      Resources:
        Detector:
          Type: AWS::GuardDuty::Detector
          Properties:
            Enable: false
            FindingPublishingFrequency: SIX_HOURS
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.line, 5);
    assert.equal(f.column, 15);
    assert.equal(f.message, 'ACCT-001: GuardDuty detector is not enabled');
    assert.equal(f.resource, 'Detector');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('Enable: false', 'Enable: true'));
  });

  it('fails a detector without Enable (required) and adds it, in YAML and JSON', () => {
    const t = yaml`
      Resources:
        Detector:
          Type: AWS::GuardDuty::Detector
          Properties:
            FindingPublishingFrequency: SIX_HOURS
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.message, 'ACCT-001: GuardDuty detector is not enabled (Enable, a required property, is not set)');
    assert.match(assertFixCleans(RULE, t), /FindingPublishingFrequency: SIX_HOURS\n {6}Enable: true\n/);

    const j = JSON.stringify({ Resources: { Detector: { Type: 'AWS::GuardDuty::Detector', Properties: {} } } }, null, 2);
    const [g] = findingsOf(RULE, j);
    assert.equal(textAt(j, g), '"Properties"');
    assert.deepEqual(JSON.parse(assertFixCleans(RULE, j)).Resources.Detector.Properties, { Enable: true });
  });

  it('passes an enabled detector', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        D: { Type: AWS::GuardDuty::Detector, Properties: { Enable: true } }
        E: { Type: AWS::GuardDuty::Detector, Properties: { Enable: "true" } }
    `), []);
  });

  it('checks both !If branches and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        On: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A: { Type: AWS::GuardDuty::Detector, Properties: { Enable: !If [Prod, true, false] } }
        B: { Type: AWS::GuardDuty::Detector, Properties: { Enable: !Ref On } }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['B', 'undecided', '!Ref On'],
    ]);
  });
});
