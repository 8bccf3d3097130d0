import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'kms-customer-managed-key';

function found(t: string): [string | undefined, string, string][] {
  return findingsOf(RULE, t).map((f) => [f.resource, f.kind, textAt(t, f)]);
}

describe(RULE, () => {
  it('fails S3 managed keys and the AWS managed key aws/s3, on the algorithm or key value', () => {
    const t = yaml`
      Resources:
        SseS3:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - ServerSideEncryptionByDefault:
                    SSEAlgorithm: AES256
        AwsManaged:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" }
        AwsAlias:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: alias/aws/s3 }
        Customer:
          Type: AWS::S3::Bucket
          Properties:
            BucketEncryption:
              ServerSideEncryptionConfiguration:
                - ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: !GetAtt Key.Arn }
                  BucketKeyEnabled: true
        NoEncryption: { Type: AWS::S3::Bucket }
        Key: { Type: AWS::KMS::Key, Properties: { EnableKeyRotation: true, KeyPolicy: {} } }
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [
      ['SseS3', 'violation', 'AES256'],
      ['AwsManaged', 'violation', '"aws:kms"'],
      ['AwsAlias', 'violation', 'alias/aws/s3'],
    ]);
    assert.equal(findings[0].line, 8);
    assert.equal(findings[0].column, 29);
    assert.equal(findings[0].path, 'Properties.BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm');
    assert.equal(findings[2].path, 'Properties.BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID');
    assert.deepEqual(findings.map((f) => f.message), [
      'SEC-KMS: S3 bucket is encrypted with S3 managed keys (SSEAlgorithm: AES256), not a customer managed KMS key',
      'SEC-KMS: S3 bucket is encrypted with the AWS managed key aws/s3 (SSEAlgorithm: aws:kms without KMSMasterKeyID)',
      'SEC-KMS: S3 bucket is encrypted with the AWS managed key alias/aws/s3, not a customer managed KMS key',
    ]);
    assert.ok(findings.every((f) => f.severity === 'info' && f.fix === undefined));
  });

  it('fails DynamoDB tables on AWS owned and AWS managed keys', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Owned: { Type: AWS::DynamoDB::Table, Properties: { BillingMode: PAY_PER_REQUEST, KeySchema: [] } }
        Disabled: { Type: AWS::DynamoDB::Table, Properties: { SSESpecification: { SSEEnabled: false } } }
        Managed: { Type: AWS::DynamoDB::Table, Properties: { SSESpecification: { SSEEnabled: true, SSEType: KMS } } }
        ManagedAlias: { Type: AWS::DynamoDB::Table, Properties: { SSESpecification: { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: alias/aws/dynamodb } } }
        Customer: { Type: AWS::DynamoDB::Table, Properties: { SSESpecification: { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref Key } } }
        Simple: { Type: AWS::Serverless::SimpleTable }
        Key: { Type: AWS::KMS::Key, Properties: { EnableKeyRotation: true, KeyPolicy: {} } }
    `;
    assert.deepEqual(found(t), [
      ['Owned', 'violation', 'Properties'],
      ['Disabled', 'violation', 'false'],
      ['Managed', 'violation', 'true'],
      ['ManagedAlias', 'violation', 'alias/aws/dynamodb'],
      ['Simple', 'violation', 'Simple'],
    ]);
    const messages = findingsOf(RULE, t).map((f) => f.message);
    assert.equal(messages[0], 'SEC-KMS: DynamoDB table is encrypted with an AWS owned key (no SSESpecification), not a customer managed KMS key');
    assert.equal(messages[2], 'SEC-KMS: DynamoDB table is encrypted with the AWS managed key aws/dynamodb (SSEEnabled: true without KMSMasterKeyId)');
  });

  it('reads SimpleTable settings from Globals and global table replicas', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        SimpleTable:
          SSESpecification: { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: alias/orders }
      Resources:
        Simple: { Type: AWS::Serverless::SimpleTable }
        Global:
          Type: AWS::DynamoDB::GlobalTable
          Properties:
            SSESpecification: { SSEEnabled: true, SSEType: KMS }
            Replicas:
              - Region: eu-west-1
                SSESpecification: { KMSMasterKeyId: alias/orders }
              - Region: us-east-1
    `;
    assert.deepEqual(found(t), [['Global', 'violation', 'us-east-1']]);
  });

  it('fails AWS managed aliases on SNS, SQS and CloudTrail, and leaves missing keys to the encryption rules', () => {
    const t = yaml`
      Resources:
        Topic: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: alias/aws/sns } }
        PlainTopic: { Type: AWS::SNS::Topic }
        Queue: { Type: AWS::SQS::Queue, Properties: { KmsMasterKeyId: !Sub "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:alias/aws/sqs" } }
        Trail: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, KMSKeyId: "arn:aws:kms:us-east-1:111111111111:alias/aws/cloudtrail" } }
        PlainTrail: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b } }
        UnencryptedQueue: { Type: AWS::SQS::Queue, Properties: { SqsManagedSseEnabled: false } }
    `;
    assert.deepEqual(found(t), [
      ['Topic', 'violation', 'alias/aws/sns'],
      ['Queue', 'violation', '!Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sqs"'],
      ['Trail', 'violation', '"arn:aws:kms:us-east-1:111111111111:alias/aws/cloudtrail"'],
    ]);
    assert.equal(findingsOf(RULE, t)[1].message, 'SEC-KMS: SQS queue is encrypted with the AWS managed key alias/aws/sqs, not a customer managed KMS key');
  });

  it('fails SSE-SQS queues and log groups without a key', () => {
    const t = yaml`
      Resources:
        Default: { Type: AWS::SQS::Queue }
        Explicit: { Type: AWS::SQS::Queue, Properties: { SqsManagedSseEnabled: true } }
        Customer: { Type: AWS::SQS::Queue, Properties: { KmsMasterKeyId: !Ref Key } }
        Logs: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: 30 } }
        KeyedLogs: { Type: AWS::Logs::LogGroup, Properties: { KmsKeyId: !GetAtt Key.Arn } }
        Key: { Type: AWS::KMS::Key, Properties: { EnableKeyRotation: true, KeyPolicy: {} } }
    `;
    assert.deepEqual(found(t), [
      ['Default', 'violation', 'Default'],
      ['Explicit', 'violation', 'true'],
      ['Logs', 'violation', 'Properties'],
    ]);
    assert.equal(findingsOf(RULE, t)[2].message, 'SEC-KMS: CloudWatch Logs log group is encrypted with keys CloudWatch Logs manages (KmsKeyId is not set), not a customer managed KMS key');
  });

  it('checks both !If branches and cannot decide aliases known only at deploy time', () => {
    const t = yaml`
      Parameters:
        KeyArn: { Type: String }
        AliasName: { Type: String }
        Managed: { Type: String, Default: alias/aws/sns }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        Branches: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !If [Prod, !Ref Key, alias/aws/sns] } }
        FromParameter: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !Ref KeyArn } }
        AliasFromParameter: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !Sub "alias/\${AliasName}" } }
        KeyIdFromParameter: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !Sub "arn:aws:kms:us-east-1:111111111111:key/\${KeyArn}" } }
        Default: { Type: AWS::SNS::Topic, Properties: { KmsMasterKeyId: !Ref Managed } }
        Key: { Type: AWS::KMS::Key, Properties: { EnableKeyRotation: true, KeyPolicy: {} } }
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [
      ['Branches', 'violation', 'alias/aws/sns'],
      ['FromParameter', 'undecided', '!Ref KeyArn'],
      ['AliasFromParameter', 'undecided', '!Sub "alias/${AliasName}"'],
      ['Default', 'violation', '!Ref Managed'],
    ]);
    assert.equal(findings[1].message, 'SEC-KMS: Cannot decide whether the key is customer managed: it comes from parameter KeyArn, which has no Default.');
    assert.equal(findings[1].severity, 'info');
  });
});
