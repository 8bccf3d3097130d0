import { asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { expectProperty } from './support/expect';

export const cloudtrailLogging = defineRule({
  id: 'cloudtrail-logging',
  control: 'ACCT-001',
  title: 'CloudTrail trails are logging',
  severity: 'error',
  rationale:
    'The SOP requires CloudTrail tracking for every application. A trail whose logging is stopped records nothing: the account has no audit trail of API activity.',
  remedy: 'Set `IsLogging: true` on the trail (the property is required by CloudFormation).',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-islogging',
  checkResource(trail, ctx) {
    expectProperty(ctx, trail, {
      path: ['IsLogging'],
      ok: (v) => asBoolean(v) === true,
      absentIsOk: false,
      absentMessage: 'CloudTrail trail does not turn logging on (IsLogging, a required property, is not set)',
      wrongMessage: (v) => `CloudTrail trail is not logging (IsLogging is ${String(v)})`,
      subject: 'whether the trail is logging',
      fixValue: true,
      fixTitle: 'Set IsLogging: true',
    });
  },
});
