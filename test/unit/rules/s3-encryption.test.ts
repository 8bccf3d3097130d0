import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 's3-encryption';

describe(RULE, () => {
  it('fails a bucket without BucketEncryption, on the Properties key, and the fix adds SSE-S3', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: data
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'SEC-S3: S3 bucket does not declare default encryption (BucketEncryption is not set)');
    assert.equal(f.fix?.title, 'Encrypt by default with SSE-S3 (AES256)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(
      fixed,
      t.replace('BucketName: data\n', 'BucketName: data\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n'),
    );
  });

  it('fails encryption rules that set no default algorithm, on the ServerSideEncryptionConfiguration key', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - BucketKeyEnabled: true
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'ServerSideEncryptionConfiguration');
    assert.equal(f.message, 'SEC-S3: S3 bucket does not declare default encryption (no ServerSideEncryptionConfiguration rule sets ServerSideEncryptionByDefault.SSEAlgorithm)');
  });

  it('fails an empty BucketEncryption on its key, and the fix fills it in', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
            BucketName: data
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'BucketEncryption');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /BucketEncryption:\n {8}ServerSideEncryptionConfiguration:\n {10}- ServerSideEncryptionByDefault:\n {14}SSEAlgorithm: AES256\n {6}BucketName: data/);
  });

  it('passes AES256, aws:kms with a key, and an algorithm from a parameter (every deployable value encrypts)', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        Algorithm: { Type: String }
      Resources:
        A:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 }
        B:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - BucketKeyEnabled: true
                  ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms, KMSMasterKeyID: !Ref Key }
        C:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - ServerSideEncryptionByDefault: { SSEAlgorithm: !Ref Algorithm }
        Key: { Type: AWS::KMS::Key }
    `), []);
  });

  it('fails the branch of !If that removes the encryption, and cannot decide a rule known only at deploy time', () => {
    const t = yaml`
      Conditions:
        Encrypt: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption: !If
              - Encrypt
              - ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 } }]
              - !Ref AWS::NoValue
        B:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - !ImportValue SharedEncryptionRule
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'BucketEncryption'],
      ['B', 'undecided', '!ImportValue SharedEncryptionRule'],
    ]);
    assert.equal(found[1].message, 'SEC-S3: Cannot decide whether the bucket declares default encryption: the encryption rule is imported from another stack at deploy time.');
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify({ Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data' } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"Properties"');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Data.Properties.BucketEncryption, { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
  });
});
