import { asBoolean } from '../template/evaluate';
import type { MapNode, Resource } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { expectProperty } from './support/expect';
import { because, expectAt, itemMapsAt, mapsIn, presenceOf } from './support/network';

const UNLESS_DEFAULT = 'it is encrypted only if the account turns on EBS encryption by default';

/** Where each resource type keeps its block device mappings, under Properties. */
const MAPPINGS: Readonly<Record<string, readonly string[]>> = {
  'AWS::EC2::Instance': ['BlockDeviceMappings'],
  'AWS::EC2::LaunchTemplate': ['LaunchTemplateData', 'BlockDeviceMappings'],
  'AWS::AutoScaling::LaunchConfiguration': ['BlockDeviceMappings'],
};

export const ebsEncryption = defineRule({
  id: 'ebs-encryption',
  control: 'NETSEC-002',
  title: 'EBS volumes are encrypted at rest',
  severity: 'error',
  rationale:
    'NETSEC-002 covers data at rest. An EBS volume is encrypted when its template says Encrypted: true, when it is restored from an encrypted snapshot, or when the account has turned on EBS encryption by default in that region. The last two cannot be seen from the template, so the rule asks the template to say so explicitly: a volume or block device mapping without Encrypted fails, with a message that names the account setting. AWS documents that a launch template mapping restored from a snapshot cannot take an encryption value, so there the result depends on the snapshot and the rule reports that it cannot decide. Block devices that are not EBS (instance store, NoDevice) and root volumes taken from the AMI without a mapping are not checked.',
  remedy:
    'Set `Encrypted: true` on the AWS::EC2::Volume, or on `Ebs` in each block device mapping of the instance, launch template or launch configuration (with KmsKeyId for a customer managed key where the SOP asks for one). Turning on EBS encryption by default for the account (EC2 settings) is a good second line, not a replacement.',
  resourceTypes: ['AWS::EC2::Volume', ...Object.keys(MAPPINGS)],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-volume.html#cfn-ec2-volume-encrypted',
  checkResource(resource, ctx) {
    if (resource.type === 'AWS::EC2::Volume') {
      const fromSnapshot = presenceOf(ctx, resource.node, ['Properties', 'SnapshotId']).some((p) => p.kind !== 'unset');
      expectProperty(ctx, resource, {
        path: ['Encrypted'],
        ok: (v) => asBoolean(v) === true,
        absentIsOk: false,
        absentMessage: `EBS volume is not explicitly encrypted (Encrypted is not set; ${fromSnapshot ? 'it is encrypted only if its snapshot is, or if the account turns on EBS encryption by default' : UNLESS_DEFAULT})`,
        wrongMessage: () => 'EBS volume is not encrypted (Encrypted: false)',
        subject: 'whether the volume is encrypted',
        fixValue: true,
        fixTitle: 'Set Encrypted: true',
      });
      return;
    }
    const listPath = MAPPINGS[resource.type];
    const { maps, unknown } = itemMapsAt(ctx, resource, ...listPath);
    const reportPath = ['Properties', ...listPath, 'Ebs', 'Encrypted'];
    for (const mapping of maps) for (const ebs of mapsIn(mapping, 'Ebs')) checkEbs(ctx, resource, ebs, reportPath);
    for (const u of unknown) ctx.report({ resource, at: u.node, path: reportPath, undecided: true, message: `Cannot decide whether a block device is encrypted: ${because('a block device mapping', u.reason)}.` });
  },
});

function checkEbs(ctx: RuleContext, resource: Resource, ebs: MapNode, reportPath: readonly string[]): void {
  const fromSnapshot = presenceOf(ctx, ebs, ['SnapshotId']).some((p) => p.kind !== 'unset');
  // A launch template volume restored from a snapshot takes no encryption value (AWS documents so): it follows the snapshot.
  if (fromSnapshot && resource.type === 'AWS::EC2::LaunchTemplate') {
    const set = presenceOf(ctx, ebs, ['Encrypted']).some((p) => p.kind !== 'unset');
    if (!set) {
      const at = ebs.entries.find((e) => e.key === 'SnapshotId')!.keyRange;
      ctx.report({ resource, at, path: reportPath, undecided: true, message: 'Cannot decide whether the block device is encrypted: it is restored from a snapshot, so it is encrypted only if the snapshot is or the account turns on EBS encryption by default.' });
      return;
    }
  }
  expectAt(ctx, resource, ebs, {
    path: ['Encrypted'],
    reportPath,
    ok: (v) => asBoolean(v) === true,
    absentIsOk: false,
    absentMessage: `EBS block device is not explicitly encrypted (Encrypted is not set; ${fromSnapshot ? 'it is encrypted only if its snapshot is, or if the account turns on EBS encryption by default' : UNLESS_DEFAULT})`,
    wrongMessage: () => 'EBS block device is not encrypted (Encrypted: false)',
    subject: 'whether the block device is encrypted',
    fixValue: fromSnapshot && resource.type === 'AWS::EC2::LaunchTemplate' ? undefined : true,
    fixTitle: 'Set Encrypted: true',
  });
}
