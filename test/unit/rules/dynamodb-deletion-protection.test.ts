import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'dynamodb-deletion-protection';

describe(RULE, () => {
  it('fails a table without deletion protection, on the Properties key, and the fix enables it', () => {
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
    assert.equal(f.message, 'SEC-DDB: DynamoDB table is not protected from deletion (DeletionProtectionEnabled is not set; it defaults to false)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('BillingMode: PAY_PER_REQUEST\n', 'BillingMode: PAY_PER_REQUEST\n      DeletionProtectionEnabled: true\n'));
  });

  it('fails DeletionProtectionEnabled: false on the value, and the fix sets true', () => {
    const t = yaml`
      Resources:
        Orders:
          Type: AWS::DynamoDB::Table
          Properties:
            DeletionProtectionEnabled: false
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.line, 5);
    assert.equal(f.column, 34);
    assert.equal(f.message, 'SEC-DDB: DynamoDB table is not protected from deletion (DeletionProtectionEnabled: false)');
    assert.match(assertFixCleans(RULE, t), /DeletionProtectionEnabled: true\n/);
  });

  it('passes protected tables and replicas', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        A: { Type: AWS::DynamoDB::Table, Properties: { DeletionProtectionEnabled: true } }
        B: { Type: AWS::DynamoDB::Table, Properties: { DeletionProtectionEnabled: "TRUE" } }
        G:
          Type: AWS::DynamoDB::GlobalTable
          Properties:
            Replicas:
              - { Region: us-east-1, DeletionProtectionEnabled: true }
              - { Region: eu-west-1, DeletionProtectionEnabled: true }
    `), []);
  });

  it('fails a SAM SimpleTable, which cannot be protected, on its Type, without a fix', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Sessions:
          Type: AWS::Serverless::SimpleTable
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'AWS::Serverless::SimpleTable');
    assert.equal(f.message, 'SEC-DDB: SAM SimpleTable cannot be protected from deletion (it has no DeletionProtectionEnabled); declare it as AWS::DynamoDB::Table with DeletionProtectionEnabled: true');
    assert.equal(f.fix, undefined);
  });

  it('checks every replica of a global table, and the fix adds the setting to a flow-style replica', () => {
    const t = yaml`
      Resources:
        Global:
          Type: AWS::DynamoDB::GlobalTable
          Properties:
            Replicas:
              - { Region: us-east-1, DeletionProtectionEnabled: true }
              - { Region: eu-west-1 }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Region');
    assert.equal(f.line, 7);
    assert.equal(f.message, 'SEC-DDB: DynamoDB global table replica in eu-west-1 is not protected from deletion (DeletionProtectionEnabled is not set; it defaults to false)');
    assert.match(assertFixCleans(RULE, t), /- \{ Region: eu-west-1, DeletionProtectionEnabled: true \}/);
  });

  it('checks both branches of !If and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Protect: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A: { Type: AWS::DynamoDB::Table, Properties: { DeletionProtectionEnabled: !If [Prod, true, false] } }
        G:
          Type: AWS::DynamoDB::GlobalTable
          Properties:
            Replicas:
              - Region: us-east-1
                DeletionProtectionEnabled: !Ref Protect
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['G', 'undecided', '!Ref Protect'],
    ]);
    assert.equal(found[1].message, 'SEC-DDB: Cannot decide whether the global table replica in us-east-1 is protected from deletion: it comes from parameter Protect, which has no Default.');
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify({ Resources: { Orders: { Type: 'AWS::DynamoDB::Table', Properties: { DeletionProtectionEnabled: false } } } }, null, 2);
    const fixed = assertFixCleans(RULE, t);
    assert.equal(JSON.parse(fixed).Resources.Orders.Properties.DeletionProtectionEnabled, true);
  });
});
