import { asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { expectProperty } from './support/expect';

export const cloudtrailLogValidation = defineRule({
  id: 'cloudtrail-log-validation',
  control: 'ACCT-001',
  title: 'CloudTrail trails validate their log files',
  severity: 'warning',
  rationale:
    'The SOP protects CloudTrail logs from deletion and tampering. Log file validation adds signed digest files, so a log that was changed or removed after delivery can be detected.',
  remedy: 'Set `EnableLogFileValidation: true` on the trail.',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-enablelogfilevalidation',
  checkResource(trail, ctx) {
    expectProperty(ctx, trail, {
      path: ['EnableLogFileValidation'],
      ok: (v) => asBoolean(v) === true,
      absentIsOk: false,
      absentMessage: 'CloudTrail trail does not validate its log files (EnableLogFileValidation is not set; it defaults to false)',
      wrongMessage: () => 'CloudTrail trail does not validate its log files',
      subject: 'whether the trail validates its log files',
      fixValue: true,
      fixTitle: 'Set EnableLogFileValidation: true',
    });
  },
});
