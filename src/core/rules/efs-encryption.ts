import { asBoolean } from '../template/evaluate';
import { defineRule } from './rule';
import { expectProperty } from './support/expect';

export const efsEncryption = defineRule({
  id: 'efs-encryption',
  control: 'NETSEC-002',
  title: 'EFS file systems are encrypted at rest',
  severity: 'error',
  rationale:
    'NETSEC-002 covers data at rest. An EFS file system is encrypted only when it is created with Encrypted: true; through CloudFormation and the API the default is false (only the console defaults to encrypted). Encryption cannot be switched on later: changing Encrypted replaces the file system, so its data has to be copied to the new one.',
  remedy:
    'Set `Encrypted: true` (and KmsKeyId to a customer managed key where the SOP\'s key policy asks for one). On an existing file system this creates a new, empty one: copy the data over (for example with AWS DataSync) before the old one is deleted.',
  resourceTypes: ['AWS::EFS::FileSystem'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-efs-filesystem.html#cfn-efs-filesystem-encrypted',
  checkResource(fileSystem, ctx) {
    expectProperty(ctx, fileSystem, {
      path: ['Encrypted'],
      ok: (v) => asBoolean(v) === true,
      absentIsOk: false,
      absentMessage: 'EFS file system is not encrypted (Encrypted is not set; it defaults to false)',
      wrongMessage: () => 'EFS file system is not encrypted',
      subject: 'whether the file system is encrypted',
      fixValue: true,
      fixTitle: 'Set Encrypted: true (replaces an existing file system: copy its data first)',
    });
  },
});
