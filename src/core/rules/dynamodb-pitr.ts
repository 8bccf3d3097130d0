import { asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { expectInReplicas } from './support/dynamodb';
import { type PropertyExpectation, expectProperty } from './support/expect';

const expectation = (what: string): PropertyExpectation => ({
  path: ['PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'],
  ok: (v) => asBoolean(v) === true,
  absentIsOk: false,
  absentMessage: `${what} does not have point-in-time recovery enabled (PointInTimeRecoveryEnabled is not set; it defaults to false)`,
  wrongMessage: (v) => `${what} has point-in-time recovery disabled (PointInTimeRecoveryEnabled: ${String(v)})`,
  subject: `whether point-in-time recovery is enabled on the ${what.replace(/^DynamoDB /, '')}`,
  fixValue: true,
  fixTitle: 'Enable point-in-time recovery',
});

export const dynamodbPitr = defineRule({
  id: 'dynamodb-pitr',
  control: 'SEC-DDB',
  title: 'DynamoDB tables have point-in-time recovery',
  severity: 'warning',
  rationale:
    'The SOP recommends continuous backups for DynamoDB: with point-in-time recovery a table can be restored to any second of the last 35 days, on top of on-demand backups. It is off unless enabled, on every table and, for a global table, on every replica.',
  remedy:
    'Set `PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }` on the table (AWS::DynamoDB::Table and AWS::Serverless::SimpleTable), or on each replica in `Replicas` of an AWS::DynamoDB::GlobalTable.',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-pointintimerecoveryspecification.html',
  checkResource(table, ctx) {
    if (table.type === 'AWS::DynamoDB::GlobalTable') {
      expectInReplicas(ctx, table, (region) => expectation(region ? `DynamoDB global table replica in ${region}` : 'DynamoDB global table replica'));
    } else {
      // SAM passes SimpleTable's PointInTimeRecoverySpecification through to the AWS::DynamoDB::Table it generates.
      expectProperty(ctx, table, expectation('DynamoDB table'));
    }
  },
});
