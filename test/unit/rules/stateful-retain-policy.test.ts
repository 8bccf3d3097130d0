import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'stateful-retain-policy';

describe(RULE, () => {
  it('fails a bucket with neither policy once, on its Type, and the fix adds both to the resource', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: data
        Topic:
          Type: AWS::SNS::Topic
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'AWS::S3::Bucket');
    assert.equal(f.line, 3);
    assert.equal(f.column, 11);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'SEC-CFN: S3 bucket has no DeletionPolicy or UpdateReplacePolicy: CloudFormation deletes it with the stack and when an update replaces it');
    assert.equal(f.fix?.title, 'Add DeletionPolicy: Retain and UpdateReplacePolicy: Retain');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('BucketName: data\n', 'BucketName: data\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n'));
  });

  it('fails DeletionPolicy: Delete on the value, and the fix replaces it with Retain', () => {
    const t = yaml`
      Resources:
        Orders:
          Type: AWS::DynamoDB::Table
          DeletionPolicy: Delete  # dev stack
          UpdateReplacePolicy: Retain
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Delete');
    assert.equal(f.line, 4);
    assert.equal(f.column, 21);
    assert.equal(f.path, 'DeletionPolicy');
    assert.equal(f.message, 'SEC-CFN: DynamoDB table is deleted with the stack (DeletionPolicy: Delete)');
    assert.match(assertFixCleans(RULE, t), /DeletionPolicy: Retain {2}# dev stack/);
  });

  it('reports the one attribute that is missing', () => {
    const t = yaml`
      Resources:
        Key:
          Type: AWS::KMS::Key
          DeletionPolicy: Retain
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'AWS::KMS::Key');
    assert.equal(f.message, 'SEC-CFN: KMS key has no UpdateReplacePolicy: CloudFormation deletes it when an update replaces it');
    assert.equal(assertFixCleans(RULE, t), `${t}    UpdateReplacePolicy: Retain\n`);
  });

  it('rejects Snapshot where the type takes no snapshot, and RetainExceptOnCreate as an UpdateReplacePolicy', () => {
    const t = yaml`
      Resources:
        Files:
          Type: AWS::EFS::FileSystem
          DeletionPolicy: Snapshot
          UpdateReplacePolicy: RetainExceptOnCreate
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [textAt(t, f), f.message]), [
      ['Snapshot', 'SEC-CFN: DeletionPolicy Snapshot is not supported for AWS::EFS::FileSystem, so the EFS file system is not kept'],
      ['RetainExceptOnCreate', 'SEC-CFN: UpdateReplacePolicy does not accept RetainExceptOnCreate (only Delete, Retain or Snapshot), so the EFS file system is not kept'],
    ]);
  });

  it('passes Retain, RetainExceptOnCreate and Snapshot where they apply', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        A: { Type: AWS::S3::Bucket, DeletionPolicy: RetainExceptOnCreate, UpdateReplacePolicy: Retain }
        B: { Type: AWS::DynamoDB::GlobalTable, DeletionPolicy: Retain, UpdateReplacePolicy: Retain, Properties: { Replicas: [] } }
        C: { Type: AWS::RDS::DBCluster, DeletionPolicy: Snapshot, UpdateReplacePolicy: Snapshot }
        D: { Type: AWS::DocDB::DBCluster, DeletionPolicy: Snapshot, UpdateReplacePolicy: Snapshot }
        E: { Type: AWS::FSx::FileSystem, DeletionPolicy: Retain, UpdateReplacePolicy: Retain }
        F: { Type: AWS::Serverless::SimpleTable, DeletionPolicy: Retain, UpdateReplacePolicy: Retain }
        G: { Type: AWS::SNS::Topic }
    `), []);
  });

  it('takes the RDS default into account: an instance outside a cluster only lacks its UpdateReplacePolicy, an Aurora member is not checked', () => {
    const t = yaml`
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            Engine: postgres
        Cluster:
          Type: AWS::RDS::DBCluster
          UpdateReplacePolicy: Snapshot
          Properties:
            Engine: aurora-postgresql
        Member:
          Type: AWS::RDS::DBInstance
          Properties:
            DBClusterIdentifier: !Ref Cluster
            Engine: aurora-postgresql
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(f.resource, 'Db');
    assert.equal(textAt(t, f), 'AWS::RDS::DBInstance');
    assert.equal(f.message, 'SEC-CFN: RDS DB instance has no UpdateReplacePolicy: CloudFormation deletes it when an update replaces it (only DeletionPolicy defaults to Snapshot for this type)');
    assert.equal(f.fix?.title, 'Add UpdateReplacePolicy: Snapshot');
    assert.match(assertFixCleans(RULE, t), /Engine: postgres\n {4}UpdateReplacePolicy: Snapshot\n/);
  });

  it('writes Snapshot for databases that take one', () => {
    const t = yaml`
      Resources:
        Graph:
          Type: AWS::Neptune::DBCluster
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(f.message, 'SEC-CFN: Neptune DB cluster has no DeletionPolicy or UpdateReplacePolicy: CloudFormation deletes it with the stack and when an update replaces it');
    assert.equal(assertFixCleans(RULE, t), `${t}    DeletionPolicy: Snapshot\n    UpdateReplacePolicy: Snapshot\n`);
  });

  it('checks both branches of !If and cannot decide a parameter without a default', () => {
    const t = yaml`
      Transform: AWS::LanguageExtensions
      Parameters:
        Keep: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Data:
          Type: AWS::S3::Bucket
          DeletionPolicy: !If [Prod, Retain, Delete]
          UpdateReplacePolicy: !Ref Keep
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [
      ['violation', 'Delete'],
      ['undecided', '!Ref Keep'],
    ]);
    assert.equal(found[1].message, 'SEC-CFN: Cannot decide whether the S3 bucket is retained: its UpdateReplacePolicy comes from parameter Keep, which has no Default.');
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify({ Resources: { Orders: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"AWS::DynamoDB::Table"');
    const fixed = assertFixCleans(RULE, t);
    const orders = JSON.parse(fixed).Resources.Orders as Record<string, unknown>;
    assert.deepEqual(Object.keys(orders), ['Type', 'Properties', 'DeletionPolicy', 'UpdateReplacePolicy']);
    assert.equal(orders.DeletionPolicy, 'Retain');
    assert.equal(orders.UpdateReplacePolicy, 'Retain');
  });
});
