import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'rds-encryption';

describe(RULE, () => {
  it('fails a DB instance without StorageEncrypted, on the Properties key, and the fix warns of replacement', () => {
    const t = yaml`
      Resources:
        Db:
          Type: AWS::RDS::DBInstance
          Properties:
            Engine: postgres
            DBInstanceClass: db.t4g.micro
            AllocatedStorage: "20"
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.message, 'NETSEC-002: RDS DB instance is not encrypted (StorageEncrypted is not set; it defaults to false)');
    assert.equal(f.fix?.title, 'Set StorageEncrypted: true (replaces an existing database: restore it from an encrypted snapshot copy first)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t + '      StorageEncrypted: true\n');
  });

  it('skips cluster members and Aurora Serverless v1, and passes encrypted databases', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Cluster:
          Type: AWS::RDS::DBCluster
          Properties: { Engine: aurora-postgresql, StorageEncrypted: true }
        Member:
          Type: AWS::RDS::DBInstance
          Properties: { Engine: aurora-postgresql, DBClusterIdentifier: !Ref Cluster, DBInstanceClass: db.r6g.large }
        ServerlessV1:
          Type: AWS::RDS::DBCluster
          Properties: { Engine: aurora-mysql, EngineMode: serverless }
        Db:
          Type: AWS::RDS::DBInstance
          Properties: { Engine: mysql, DBInstanceClass: db.t4g.micro, AllocatedStorage: "20", StorageEncrypted: "true" }
    `), []);
  });

  it('fails a Multi-AZ DB cluster without it and StorageEncrypted: false, and cannot decide an Aurora cluster without it', () => {
    const t = yaml`
      Resources:
        MultiAz:
          Type: AWS::RDS::DBCluster
          Properties: { Engine: postgres, DBClusterInstanceClass: db.m6gd.large, StorageType: io1, Iops: 1000, AllocatedStorage: 100 }
        AuroraOff:
          Type: AWS::RDS::DBCluster
          Properties: { Engine: aurora-mysql, StorageEncrypted: false }
        Aurora:
          Type: AWS::RDS::DBCluster
          Properties:
            Engine: aurora-postgresql
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['MultiAz', 'violation', 'Properties'],
      ['AuroraOff', 'violation', 'false'],
      ['Aurora', 'undecided', 'Properties'],
    ]);
    assert.equal(found[0].message, 'NETSEC-002: RDS DB cluster is not encrypted (StorageEncrypted is not set; it defaults to false)');
    assert.equal(found[1].message, 'NETSEC-002: RDS DB cluster is not encrypted (StorageEncrypted: false)');
    assert.equal(
      found[2].message,
      'NETSEC-002: Cannot decide whether the Aurora cluster is encrypted: StorageEncrypted is not set, and Aurora encrypts by default only clusters created on or after 18 February 2026; check the deployed cluster.',
    );
    assert.equal(found[2].fix, undefined);
  });

  it('leaves copies to their source: a source in the template is checked itself, one outside is undecided', () => {
    const t = yaml`
      Resources:
        Primary:
          Type: AWS::RDS::DBInstance
          Properties: { Engine: mysql, DBInstanceClass: db.t4g.micro, AllocatedStorage: "20" }
        Replica:
          Type: AWS::RDS::DBInstance
          Properties: { SourceDBInstanceIdentifier: !Ref Primary, DBInstanceClass: db.t4g.micro }
        Restored:
          Type: AWS::RDS::DBInstance
          Properties: { DBSnapshotIdentifier: arn:aws:rds:us-east-1:111111111111:snapshot:nightly, DBInstanceClass: db.t4g.micro }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['Primary', 'violation', 'Properties'],
      ['Restored', 'undecided', 'arn:aws:rds:us-east-1:111111111111:snapshot:nightly'],
    ]);
    assert.equal(found[1].message, 'NETSEC-002: Cannot decide whether the RDS DB instance is encrypted: it inherits the encryption of DBSnapshotIdentifier, which is outside this template.');
  });

  it('checks both branches of !If and cannot decide a parameter without a Default', () => {
    const t = yaml`
      Parameters:
        Encrypt: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A:
          Type: AWS::RDS::DBInstance
          Properties: { Engine: mysql, DBInstanceClass: db.t4g.micro, AllocatedStorage: "20", StorageEncrypted: !If [Prod, true, false] }
        B:
          Type: AWS::RDS::DBInstance
          Properties: { Engine: mysql, DBInstanceClass: db.t4g.micro, AllocatedStorage: "20", StorageEncrypted: !Ref Encrypt }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['B', 'undecided', '!Ref Encrypt'],
    ]);
    assert.equal(found[0].line, 8);
  });
});
