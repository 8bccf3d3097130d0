import { asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { expectProperty } from './support/expect';

export const guarddutyEnabled = defineRule({
  id: 'guardduty-enabled',
  control: 'ACCT-001',
  title: 'GuardDuty detectors are enabled',
  severity: 'error',
  rationale:
    'The SOP requires AWS GuardDuty on every customer account. A detector that is not enabled analyses nothing and raises no findings about compromised credentials or instances.',
  remedy: 'Set `Enable: true` on the detector (the property is required by CloudFormation).',
  resourceTypes: ['AWS::GuardDuty::Detector'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-guardduty-detector.html#cfn-guardduty-detector-enable',
  checkResource(detector, ctx) {
    expectProperty(ctx, detector, {
      path: ['Enable'],
      ok: (v) => asBoolean(v) === true,
      absentIsOk: false,
      absentMessage: 'GuardDuty detector is not enabled (Enable, a required property, is not set)',
      wrongMessage: () => 'GuardDuty detector is not enabled',
      subject: 'whether the GuardDuty detector is enabled',
      fixValue: true,
      fixTitle: 'Set Enable: true',
    });
  },
});
