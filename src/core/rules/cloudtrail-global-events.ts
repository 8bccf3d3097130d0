import { asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { expectProperty } from './support/expect';

export const cloudtrailGlobalEvents = defineRule({
  id: 'cloudtrail-global-events',
  control: 'ACCT-001',
  title: 'CloudTrail trails record global service events',
  severity: 'error',
  rationale:
    'The SOP requires CloudTrail to see activity everywhere. Global services such as IAM, STS and CloudFront log their API calls as global service events; a trail that leaves them out misses changes to users, roles and credentials.',
  remedy: 'Set `IncludeGlobalServiceEvents: true` on the trail, or remove the property (it defaults to true).',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-includeglobalserviceevents',
  checkResource(trail, ctx) {
    expectProperty(ctx, trail, {
      path: ['IncludeGlobalServiceEvents'],
      ok: (v) => asBoolean(v) !== false,
      absentIsOk: true,
      absentMessage: '',
      wrongMessage: () => 'CloudTrail trail does not record global service events (IAM, STS, CloudFront)',
      subject: 'whether the trail records global service events',
      fixValue: true,
      fixTitle: 'Set IncludeGlobalServiceEvents: true',
    });
  },
});
