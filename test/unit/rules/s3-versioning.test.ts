import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 's3-versioning';

describe(RULE, () => {
  it('fails an unversioned bucket on the Properties key, and the fix enables versioning', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: data
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'SEC-S3: S3 bucket does not keep object versions (versioning is not enabled; buckets are unversioned by default)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('BucketName: data\n', 'BucketName: data\n      VersioningConfiguration:\n        Status: Enabled\n'));
  });

  it('fails suspended versioning on the value, and the fix sets Enabled', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            VersioningConfiguration:
              Status: Suspended  # paused during migration
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Suspended');
    assert.equal(f.line, 6);
    assert.equal(f.column, 17);
    assert.equal(f.message, 'SEC-S3: S3 bucket does not keep object versions (versioning is Suspended)');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /Status: Enabled {2}# paused during migration/);
  });

  it('passes enabled versioning, literally or from a parameter default', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        Versioning: { Type: String, Default: Enabled }
      Resources:
        A: { Type: AWS::S3::Bucket, Properties: { VersioningConfiguration: { Status: Enabled } } }
        B: { Type: AWS::S3::Bucket, Properties: { VersioningConfiguration: { Status: !Ref Versioning } } }
    `), []);
  });

  it('checks both branches of !If and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Versioning: { Type: String, AllowedValues: [Enabled, Suspended] }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A: { Type: AWS::S3::Bucket, Properties: { VersioningConfiguration: { Status: !If [Prod, Enabled, Suspended] } } }
        B: { Type: AWS::S3::Bucket, Properties: { VersioningConfiguration: { Status: !Ref Versioning } } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'Suspended'],
      ['B', 'undecided', '!Ref Versioning'],
    ]);
    assert.equal(found[1].message, 'SEC-S3: Cannot decide whether the bucket keeps object versions: it comes from parameter Versioning, which has no Default.');
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify({ Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Suspended' } } } } }, null, 2);
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Data.Properties.VersioningConfiguration, { Status: 'Enabled' });
  });
});
