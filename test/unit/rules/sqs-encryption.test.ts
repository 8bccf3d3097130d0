import * as assert from 'node:assert/strict';
import { applyFix, assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'sqs-encryption';

describe(RULE, () => {
  it('fails SqsManagedSseEnabled: false without a KMS key, on the value, and the fix turns SSE-SQS on', () => {
    const t = yaml`
      Resources:
        Jobs:
          Type: AWS::SQS::Queue
          Properties:
            QueueName: jobs
            SqsManagedSseEnabled: false
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.line, 6);
    assert.equal(f.column, 29);
    assert.equal(f.message, 'NETSEC-002: SQS queue is not encrypted (SqsManagedSseEnabled is false and there is no KmsMasterKeyId)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('SqsManagedSseEnabled: false', 'SqsManagedSseEnabled: true'));
  });

  it('passes SSE-SQS on and a KMS key, even with SSE-SQS off', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        On: { Type: AWS::SQS::Queue, Properties: { SqsManagedSseEnabled: "true" } }
        Kms: { Type: AWS::SQS::Queue, Properties: { KmsMasterKeyId: alias/aws/sqs, SqsManagedSseEnabled: false } }
        KmsOnly: { Type: AWS::SQS::Queue, Properties: { KmsMasterKeyId: !Ref Key } }
        Key: { Type: AWS::KMS::Key, Properties: { EnableKeyRotation: true } }
    `), []);
  });

  it('warns on a queue that states no encryption (SSE-SQS by default), on its key, and the fix states SSE-SQS', () => {
    const t = yaml`
      Resources:
        Jobs:
          Type: AWS::SQS::Queue
          Properties:
            QueueName: jobs
        Bare:
          Type: AWS::SQS::Queue
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.severity, textAt(t, f), f.line]), [
      ['Jobs', 'warning', 'Properties', 4],
      ['Bare', 'warning', 'Bare', 6],
    ]);
    assert.equal(found[0].message, 'NETSEC-002: SQS queue does not state its encryption (neither KmsMasterKeyId nor SqsManagedSseEnabled is set; SQS applies SSE-SQS to new queues by default)');
    const fixed = applyFix(t, found[0].fix);
    assert.ok(fixed.includes('      QueueName: jobs\n      SqsManagedSseEnabled: true\n'), fixed);
    assert.deepEqual(findingsOf(RULE, fixed).map((f) => f.resource), ['Bare']);
    const bare = applyFix(t, found[1].fix);
    assert.deepEqual(findingsOf(RULE, bare).map((f) => f.resource), ['Jobs']);
  });

  it('is undecided when no encryption is stated and the key comes from a parameter without a Default', () => {
    const t = yaml`
      Parameters:
        KeyArn: { Type: String }
      Resources:
        Jobs:
          Type: AWS::SQS::Queue
          Properties: { KmsMasterKeyId: !Ref KeyArn }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [['undecided', '!Ref KeyArn']]);
    // The same when SSE-SQS is removed in one branch only.
    const branch = t.replace('Properties: { KmsMasterKeyId: !Ref KeyArn }', 'Properties: { KmsMasterKeyId: !Ref KeyArn, SqsManagedSseEnabled: !If [Prod, true, !Ref AWS::NoValue] }').replace('Resources:', 'Conditions:\n  Prod: !Equals [!Ref AWS::Region, us-east-1]\nResources:');
    assert.deepEqual(findingsOf(RULE, branch).map((f) => [f.kind, textAt(branch, f)]), [['undecided', '!Ref KeyArn']]);
  });

  it('checks both branches of !If and cannot decide a parameter without a Default', () => {
    const t = yaml`
      Parameters:
        Sse: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A:
          Type: AWS::SQS::Queue
          Properties:
            SqsManagedSseEnabled: false
            KmsMasterKeyId: !If [Prod, alias/aws/sqs, !Ref AWS::NoValue]
        B:
          Type: AWS::SQS::Queue
          Properties: { SqsManagedSseEnabled: !Ref Sse }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['B', 'undecided', '!Ref Sse'],
    ]);
    assert.equal(found[1].message, 'NETSEC-002: Cannot decide whether the queue is encrypted: SqsManagedSseEnabled comes from parameter Sse, which has no Default.');
  });
});
