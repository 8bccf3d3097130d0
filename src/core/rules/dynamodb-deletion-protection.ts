import { asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { expectInReplicas } from './support/dynamodb';
import { type PropertyExpectation, expectProperty } from './support/expect';

const expectation = (what: string): PropertyExpectation => ({
  path: ['DeletionProtectionEnabled'],
  ok: (v) => asBoolean(v) === true,
  absentIsOk: false,
  absentMessage: `${what} is not protected from deletion (DeletionProtectionEnabled is not set; it defaults to false)`,
  wrongMessage: (v) => `${what} is not protected from deletion (DeletionProtectionEnabled: ${String(v)})`,
  subject: `whether the ${what.replace(/^DynamoDB /, '')} is protected from deletion`,
  fixValue: true,
  fixTitle: 'Enable deletion protection',
});

export const dynamodbDeletionProtection = defineRule({
  id: 'dynamodb-deletion-protection',
  control: 'SEC-DDB',
  title: 'DynamoDB tables are protected from deletion',
  severity: 'warning',
  rationale:
    'The SOP asks that tables are protected from accidental loss of data. With deletion protection a table cannot be deleted, by a person, a script or a stack update that replaces it, until the protection is turned off. It is off unless enabled.',
  remedy:
    'Set `DeletionProtectionEnabled: true` on the AWS::DynamoDB::Table, or on each replica in `Replicas` of an AWS::DynamoDB::GlobalTable. AWS::Serverless::SimpleTable cannot set it: declare the table as AWS::DynamoDB::Table instead.',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#cfn-dynamodb-table-deletionprotectionenabled',
  checkResource(table, ctx) {
    if (table.type === 'AWS::DynamoDB::GlobalTable') {
      expectInReplicas(ctx, table, (region) => expectation(region ? `DynamoDB global table replica in ${region}` : 'DynamoDB global table replica'));
    } else if (table.type === 'AWS::Serverless::SimpleTable') {
      ctx.report({
        resource: table,
        at: table.typeRange,
        message: 'SAM SimpleTable cannot be protected from deletion (it has no DeletionProtectionEnabled); declare it as AWS::DynamoDB::Table with DeletionProtectionEnabled: true',
      });
    } else {
      expectProperty(ctx, table, expectation('DynamoDB table'));
    }
  },
});
