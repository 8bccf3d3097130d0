import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudtrail-encryption';

describe(RULE, () => {
  it('fails a trail without KMSKeyId, on the Properties key, with no fix', () => {
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
    assert.equal(f.message, 'ACCT-001: CloudTrail trail logs are not encrypted with a KMS key (KMSKeyId is not set)');
    assert.equal(f.severity, 'error');
    assert.equal(f.fix, undefined);
  });

  it('passes a key given as a literal, a Ref, a GetAtt or a parameter without default', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        KeyArn: { Type: String }
      Resources:
        Key: { Type: AWS::KMS::Key, Properties: { KeyPolicy: {} } }
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, KMSKeyId: alias/trail } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, KMSKeyId: !Ref Key } }
        C: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, KMSKeyId: !GetAtt Key.Arn } }
        D: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, KMSKeyId: !Ref KeyArn } }
    `), []);
  });

  it('fails an empty key and the !If branch that removes the key', () => {
    const t = yaml`
      Parameters:
        KeyArn: { Type: String, Default: "" }
      Conditions:
        HasKey: !Not [!Equals [!Ref KeyArn, ""]]
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, KMSKeyId: !If [HasKey, !Ref KeyArn, !Ref AWS::NoValue] } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, KMSKeyId: "" } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f), f.message]), [
      // The key from the parameter's default "" is empty too.
      ['A', 'violation', '!Ref KeyArn', 'ACCT-001: CloudTrail trail logs are not encrypted with a KMS key (KMSKeyId is empty)'],
      // The branch that removes the key leaves KMSKeyId unset.
      ['A', 'violation', 'KMSKeyId', 'ACCT-001: CloudTrail trail logs are not encrypted with a KMS key (KMSKeyId is not set)'],
      ['B', 'violation', '""', 'ACCT-001: CloudTrail trail logs are not encrypted with a KMS key (KMSKeyId is empty)'],
    ]);
  });

  it('cannot decide when Properties is computed', () => {
    const t = yaml`
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::CloudTrail::Trail
          Properties: !If [Prod, { IsLogging: true, S3BucketName: b, KMSKeyId: k }, !ImportValue TrailProps]
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [['undecided', '!ImportValue TrailProps']]);
    assert.match(found[0].message, /Cannot decide whether the trail logs are encrypted with a KMS key: it is imported from another stack at deploy time/);
  });
});
