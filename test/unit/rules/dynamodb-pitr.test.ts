import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'dynamodb-pitr';

describe(RULE, () => {
  it('fails a table without point-in-time recovery, on the Properties key, and the fix enables it', () => {
    const t = yaml`
      Resources:
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            BillingMode: PAY_PER_REQUEST
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'SEC-DDB: DynamoDB table does not have point-in-time recovery enabled (PointInTimeRecoveryEnabled is not set; it defaults to false)');
    assert.equal(f.path, 'Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('BillingMode: PAY_PER_REQUEST\n', 'BillingMode: PAY_PER_REQUEST\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n'));
  });

  it('fails PointInTimeRecoveryEnabled: false on the value, and the fix sets true', () => {
    const t = yaml`
      Resources:
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            PointInTimeRecoverySpecification:
              PointInTimeRecoveryEnabled: false  # costs
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.line, 6);
    assert.equal(f.column, 37);
    assert.equal(f.message, 'SEC-DDB: DynamoDB table has point-in-time recovery disabled (PointInTimeRecoveryEnabled: false)');
    assert.match(assertFixCleans(RULE, t), /PointInTimeRecoveryEnabled: true {2}# costs/);
  });

  it('passes tables with point-in-time recovery on', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        Pitr: { Type: String, Default: "true" }
      Resources:
        A: { Type: AWS::DynamoDB::Table, Properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } }
        B: { Type: AWS::DynamoDB::Table, Properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: !Ref Pitr, RecoveryPeriodInDays: 7 } } }
        C: { Type: AWS::Serverless::SimpleTable, Properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: "true" } } }
    `), []);
  });

  it('checks SAM SimpleTable, which passes the setting through, and the fix adds Properties when there are none', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Sessions:
          Type: AWS::Serverless::SimpleTable
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Sessions');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /Type: AWS::Serverless::SimpleTable\n {4}Properties:\n {6}PointInTimeRecoverySpecification:\n {8}PointInTimeRecoveryEnabled: true\n/);
  });

  it('checks every replica of a global table, pointing at the value or at the replica\'s Region key', () => {
    const t = yaml`
      Resources:
        Global:
          Type: AWS::DynamoDB::GlobalTable
          Properties:
            Replicas:
              - Region: us-east-1
                PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
              - Region: eu-west-1
                PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false }
              - Region: ap-southeast-2
                TableClass: STANDARD
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [textAt(t, f), f.line, f.path]), [
      ['false', 9, 'Properties.Replicas.1.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled'],
      ['Region', 10, 'Properties.Replicas.2.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled'],
    ]);
    assert.equal(found[0].message, 'SEC-DDB: DynamoDB global table replica in eu-west-1 has point-in-time recovery disabled (PointInTimeRecoveryEnabled: false)');
    assert.equal(found[1].message, 'SEC-DDB: DynamoDB global table replica in ap-southeast-2 does not have point-in-time recovery enabled (PointInTimeRecoveryEnabled is not set; it defaults to false)');
    const one = yaml`
      Resources:
        Global:
          Type: AWS::DynamoDB::GlobalTable
          Properties:
            Replicas:
              - Region: ap-southeast-2
                TableClass: STANDARD
    `;
    assert.equal(
      assertFixCleans(RULE, one),
      one.replace('TableClass: STANDARD\n', 'TableClass: STANDARD\n          PointInTimeRecoverySpecification:\n            PointInTimeRecoveryEnabled: true\n'),
    );
  });

  it('checks both branches of !If and cannot decide values known only at deploy time', () => {
    const t = yaml`
      Parameters:
        Pitr: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::DynamoDB::Table
          Properties:
            PointInTimeRecoverySpecification:
              PointInTimeRecoveryEnabled: !If [Prod, true, false]
        B:
          Type: AWS::DynamoDB::Table
          Properties:
            PointInTimeRecoverySpecification:
              PointInTimeRecoveryEnabled: !Ref Pitr
        G:
          Type: AWS::DynamoDB::GlobalTable
          Properties:
            Replicas:
              - !ImportValue SharedReplica
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['B', 'undecided', '!Ref Pitr'],
      ['G', 'undecided', '!ImportValue SharedReplica'],
    ]);
    assert.equal(found[1].message, 'SEC-DDB: Cannot decide whether point-in-time recovery is enabled on the table: it comes from parameter Pitr, which has no Default.');
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify({ Resources: { Orders: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"Properties"');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Orders.Properties.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
  });
});
