import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudtrail-log-validation';

describe(RULE, () => {
  it('fails a trail that does not set EnableLogFileValidation (default false), on the Properties key', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'ACCT-001: CloudTrail trail does not validate its log files (EnableLogFileValidation is not set; it defaults to false)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('S3BucketName: logs\n', 'S3BucketName: logs\n      EnableLogFileValidation: true\n'));
  });

  it('fails EnableLogFileValidation: false on the value and keeps the comment when fixing', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            EnableLogFileValidation: "false" # off
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"false"');
    assert.equal(f.message, 'ACCT-001: CloudTrail trail does not validate its log files');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /EnableLogFileValidation: true # off/);
  });

  it('passes a trail that validates its logs', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, EnableLogFileValidation: true } }
    `), []);
  });

  it('checks both !If branches and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Validate: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, EnableLogFileValidation: !If [Prod, true, !Ref AWS::NoValue] } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, EnableLogFileValidation: !Ref Validate } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'EnableLogFileValidation'],
      ['B', 'undecided', '!Ref Validate'],
    ]);
  });
});
