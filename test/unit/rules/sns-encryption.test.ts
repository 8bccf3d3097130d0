import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'sns-encryption';

describe(RULE, () => {
  it('fails a topic without KmsMasterKeyId, on the Properties key, with no fix', () => {
    const t = yaml`
      Resources:
        Alerts:
          Type: AWS::SNS::Topic
          Properties:
            TopicName: alerts
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.message, 'NETSEC-002: SNS topic is not encrypted (no KmsMasterKeyId)');
    assert.equal(f.fix, undefined);
  });

  it('passes a key given as an alias, a Ref to a key of the template, an import or a parameter default', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        KeyArn: { Type: String, Default: alias/ops }
      Resources:
        Key: { Type: AWS::KMS::Key, Properties: { KeyPolicy: {} } }
        A: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: alias/aws/sns } }
        B: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !Ref Key } }
        C: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !ImportValue shared-key } }
        D: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !Ref KeyArn } }
    `), []);
  });

  it('fails an empty key, checks !If branches and cannot decide a parameter without a Default', () => {
    const t = yaml`
      Parameters:
        KeyArn: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        Empty: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: "" } }
        Conditional: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !If [Prod, alias/aws/sns, !Ref AWS::NoValue] } }
        Param: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !Ref KeyArn } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['Empty', 'violation', '""'],
      ['Conditional', 'violation', 'KmsMasterKeyId'],
      ['Param', 'undecided', '!Ref KeyArn'],
    ]);
    assert.equal(found[2].message, 'NETSEC-002: Cannot decide whether the topic is encrypted: its KmsMasterKeyId comes from parameter KeyArn, which has no Default.');
  });
});
