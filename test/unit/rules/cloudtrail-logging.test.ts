import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudtrail-logging';

describe(RULE, () => {
  it('fails a trail with IsLogging: false, on the value, and the fix sets it to true', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: false  # paused
            S3BucketName: logs
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.message, 'ACCT-001: CloudTrail trail is not logging (IsLogging is false)');
    assert.equal(f.severity, 'error');
    assert.equal(f.line, 5);
    assert.equal(f.column, 18);
    assert.equal(f.path, 'Properties.IsLogging');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('IsLogging: false', 'IsLogging: true'));
  });

  it('fails a trail without IsLogging (a required property), on the Properties key, and the fix adds it', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            S3BucketName: logs
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.message, 'ACCT-001: CloudTrail trail does not turn logging on (IsLogging, a required property, is not set)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('S3BucketName: logs\n', 'S3BucketName: logs\n      IsLogging: true\n'));
  });

  it('passes a logging trail, "true" as a string and from a parameter default', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        Logging: { Type: String, Default: "true" }
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: "TRUE", S3BucketName: b } }
        C: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: !Ref Logging, S3BucketName: b } }
    `), []);
  });

  it('checks both !If branches and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Logging: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A:
          Type: AWS::CloudTrail::Trail
          Properties: { IsLogging: !If [Prod, true, false], S3BucketName: b }
        B:
          Type: AWS::CloudTrail::Trail
          Properties: { IsLogging: !Ref Logging, S3BucketName: b }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['B', 'undecided', '!Ref Logging'],
    ]);
    assert.equal(found[1].message, 'ACCT-001: Cannot decide whether the trail is logging: it comes from parameter Logging, which has no Default.');
  });

  it('fixes a JSON template as JSON', () => {
    const t = JSON.stringify({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: false, S3BucketName: 'b' } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'false');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Trail.Properties, { IsLogging: true, S3BucketName: 'b' });
  });
});
