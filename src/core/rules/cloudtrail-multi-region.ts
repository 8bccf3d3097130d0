import { asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { expectProperty } from './support/expect';

export const cloudtrailMultiRegion = defineRule({
  id: 'cloudtrail-multi-region',
  control: 'ACCT-001',
  title: 'CloudTrail trails record every region',
  severity: 'error',
  rationale:
    'The SOP requires CloudTrail in all regions. A single-region trail misses activity in every other region, including an attacker working where nobody looks.',
  remedy: 'Set `IsMultiRegionTrail: true` on the trail.',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-ismultiregiontrail',
  checkResource(trail, ctx) {
    expectProperty(ctx, trail, {
      path: ['IsMultiRegionTrail'],
      ok: (v) => asBoolean(v) === true,
      absentIsOk: false,
      absentMessage: 'CloudTrail trail is not multi-region (IsMultiRegionTrail is not set; it defaults to false)',
      wrongMessage: () => 'CloudTrail trail is not multi-region',
      subject: 'whether the trail is multi-region',
      fixValue: true,
      fixTitle: 'Set IsMultiRegionTrail: true',
    });
  },
});
