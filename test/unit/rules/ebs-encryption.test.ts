import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'ebs-encryption';

describe(RULE, () => {
  it('fails a volume without Encrypted, on the Properties key, saying the account default decides, and the fix adds it', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::EC2::Volume
          Properties:
            AvailabilityZone: us-east-1a
            Size: 100
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.message, 'NETSEC-002: EBS volume is not explicitly encrypted (Encrypted is not set; it is encrypted only if the account turns on EBS encryption by default)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t + '      Encrypted: true\n');
  });

  it('fails Encrypted: false on the value, and mentions the snapshot when there is one', () => {
    const t = yaml`
      Resources:
        A: { Type: AWS::EC2::Volume, Properties: { AvailabilityZone: us-east-1a, Size: 10, Encrypted: false } }
        B: { Type: AWS::EC2::Volume, Properties: { AvailabilityZone: us-east-1a, SnapshotId: snap-0123 } }
        C: { Type: AWS::EC2::Volume, Properties: { AvailabilityZone: us-east-1a, Size: 10, Encrypted: "true" } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.message]), [
      ['A', 'false', 'NETSEC-002: EBS volume is not encrypted (Encrypted: false)'],
      ['B', 'Properties', 'NETSEC-002: EBS volume is not explicitly encrypted (Encrypted is not set; it is encrypted only if its snapshot is, or if the account turns on EBS encryption by default)'],
    ]);
  });

  it('checks the Ebs of each block device mapping of instances, launch templates and launch configurations', () => {
    const t = yaml`
      Resources:
        Instance:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: ami-123
            BlockDeviceMappings:
              - DeviceName: /dev/xvda
                Ebs: { VolumeSize: 20 }
              - { DeviceName: /dev/sdb, VirtualName: ephemeral0 }
              - { DeviceName: /dev/sdc, NoDevice: {} }
        Template:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              BlockDeviceMappings:
                - DeviceName: /dev/xvda
                  Ebs:
                    VolumeSize: 8
                    Encrypted: false
        Config:
          Type: AWS::AutoScaling::LaunchConfiguration
          Properties:
            ImageId: ami-123
            InstanceType: t3.micro
            BlockDeviceMappings:
              - { DeviceName: /dev/xvda, Ebs: { VolumeSize: 8, Encrypted: true } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.line]), [
      ['Instance', 'Ebs', 8],
      ['Template', 'false', 19],
    ]);
    assert.equal(found[0].message, 'NETSEC-002: EBS block device is not explicitly encrypted (Encrypted is not set; it is encrypted only if the account turns on EBS encryption by default)');
    assert.equal(found[0].path, 'Properties.BlockDeviceMappings.Ebs.Encrypted');
    assert.equal(found[1].path, 'Properties.LaunchTemplateData.BlockDeviceMappings.Ebs.Encrypted');
    const instanceOnly = t.replace(/ {2}Template:[\s\S]*$/, '');
    const fixed = assertFixCleans(RULE, instanceOnly);
    assert.match(fixed, /Ebs: \{ VolumeSize: 20, Encrypted: true \}/);
  });

  it('checks both branches of !If, and cannot decide a launch template volume restored from a snapshot', () => {
    const t = yaml`
      Parameters:
        Enc: { Type: String }
      Conditions:
        Big: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Template:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              BlockDeviceMappings:
                - !If
                  - Big
                  - { DeviceName: /dev/sdf, Ebs: { VolumeSize: 500, Encrypted: true } }
                  - { DeviceName: /dev/sdf, Ebs: { VolumeSize: 50, Encrypted: false } }
                - { DeviceName: /dev/sdg, Ebs: { SnapshotId: snap-0123 } }
                - { DeviceName: /dev/sdh, Ebs: { VolumeSize: 1, Encrypted: !Ref Enc } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [
      ['violation', 'false'],
      ['undecided', 'SnapshotId'],
      ['undecided', '!Ref Enc'],
    ]);
    assert.equal(found[1].message, 'NETSEC-002: Cannot decide whether the block device is encrypted: it is restored from a snapshot, so it is encrypted only if the snapshot is or the account turns on EBS encryption by default.');
    assert.equal(found[0].line, 14);
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify(
      { Resources: { Instance: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8 } }] } } } },
      null,
      2,
    );
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"Ebs"');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Instance.Properties.BlockDeviceMappings[0].Ebs, { VolumeSize: 8, Encrypted: true });
  });
});
