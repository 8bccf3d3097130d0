import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 's3-replication';

describe(RULE, () => {
  it('reports a bucket without ReplicationConfiguration as information, on the Properties key, with no fix', () => {
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
    assert.equal(f.kind, 'violation');
    assert.equal(f.severity, 'info');
    assert.equal(f.message, 'SEC-S3: S3 bucket does not replicate to another region (ReplicationConfiguration is not set)');
    assert.equal(f.fix, undefined);
  });

  it('fails a configuration whose rules are all disabled, on the Rules key', () => {
    const t = yaml`
      Conditions:
        Dr: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            ReplicationConfiguration:
              Role: !GetAtt ReplicationRole.Arn
              Rules:
                - Status: Disabled
                  Destination: { Bucket: arn:aws:s3:::dr-copy }
                - Status: !If [Dr, Enabled, Disabled]
                  Destination: { Bucket: arn:aws:s3:::dr-copy }
        ReplicationRole: { Type: AWS::IAM::Role }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Rules');
    assert.equal(f.message, 'SEC-S3: S3 bucket does not replicate to another region (no replication rule has Status: Enabled)');
  });

  it('passes a configuration with an enabled rule', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            VersioningConfiguration: { Status: Enabled }
            ReplicationConfiguration:
              Role: arn:aws:iam::111111111111:role/replication
              Rules:
                - Status: Disabled
                  Destination: { Bucket: arn:aws:s3:::old-copy }
                - Status: Enabled
                  Destination: { Bucket: arn:aws:s3:::dr-copy }
    `), []);
  });

  it('cannot decide a rule status known only at deploy time', () => {
    const t = yaml`
      Parameters:
        Replicate: { Type: String }
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            ReplicationConfiguration:
              Role: arn:aws:iam::111111111111:role/replication
              Rules:
                - Status: !Ref Replicate
                  Destination: { Bucket: arn:aws:s3:::dr-copy }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(f.kind, 'undecided');
    assert.equal(textAt(t, f), '!Ref Replicate');
    assert.equal(f.message, 'SEC-S3: Cannot decide whether the bucket replicates: it comes from parameter Replicate, which has no Default.');
  });

  it('can be suppressed with a reason on the bucket', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Scratch:
          Type: AWS::S3::Bucket
          Metadata:
            sop-lens:
              suppress:
                - rule: s3-replication
                  reason: Build artefacts are reproducible.
    `), []);
  });
});
