import { defineRule } from './rule';
import { expectProperty } from './support/expect';

export const s3Versioning = defineRule({
  id: 's3-versioning',
  control: 'SEC-S3',
  title: 'S3 buckets keep object versions',
  severity: 'warning',
  rationale:
    'The SOP asks to enable object versioning where applicable: with versions kept, an object overwritten or deleted by mistake or by an attacker can be restored. Buckets are unversioned until versioning is enabled, and a suspended bucket stops keeping new versions.',
  remedy: 'Set `VersioningConfiguration: { Status: Enabled }` on the bucket, and add a lifecycle rule that expires noncurrent versions to bound the cost.',
  resourceTypes: ['AWS::S3::Bucket'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-versioningconfiguration.html',
  checkResource(bucket, ctx) {
    expectProperty(ctx, bucket, {
      path: ['VersioningConfiguration', 'Status'],
      ok: (v) => v === 'Enabled',
      absentIsOk: false,
      absentMessage: 'S3 bucket does not keep object versions (versioning is not enabled; buckets are unversioned by default)',
      wrongMessage: (v) => `S3 bucket does not keep object versions (versioning is ${String(v)})`,
      subject: 'whether the bucket keeps object versions',
      fixValue: 'Enabled',
      fixTitle: 'Enable versioning',
    });
  },
});
