import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudtrail-global-events';

describe(RULE, () => {
  it('fails IncludeGlobalServiceEvents: false on the value, and the fix sets it to true', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            IncludeGlobalServiceEvents: false
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.line, 7);
    assert.equal(f.column, 35);
    assert.equal(f.message, 'ACCT-001: CloudTrail trail does not record global service events (IAM, STS, CloudFront)');
    assert.equal(f.severity, 'error');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('IncludeGlobalServiceEvents: false', 'IncludeGlobalServiceEvents: true'));
  });

  it('passes a trail that leaves it out (AWS default true) or sets it to true', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, IncludeGlobalServiceEvents: true } }
        C: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, IncludeGlobalServiceEvents: !If [Prod, !Ref AWS::NoValue, true] } }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
    `), []);
  });

  it('checks both !If branches and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Global: { Type: String }
        GlobalOff: { Type: String, Default: "false" }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, IncludeGlobalServiceEvents: !If [Prod, true, false] } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, IncludeGlobalServiceEvents: !Ref Global } }
        C: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, IncludeGlobalServiceEvents: !Ref GlobalOff } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f), Boolean(f.fix)]), [
      ['A', 'violation', 'false', true],
      ['B', 'undecided', '!Ref Global', false],
      // A parameter default is the parameter's to change: no rewrite of the Ref.
      ['C', 'violation', '!Ref GlobalOff', false],
    ]);
  });
});
