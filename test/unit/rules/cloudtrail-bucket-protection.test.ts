import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudtrail-bucket-protection';

const POLICY = yaml`
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument: { Statement: [] }
`;

/** A template with a trail writing to the bucket `Logs`, defined by `bucket` (indented as a resource). */
function template(bucket: string, extra = POLICY): string {
  const indent = (s: string): string => s.split('\n').filter(Boolean).map((l) => '  ' + l).join('\n') + '\n';
  return 'Resources:\n' + indent(yaml`
    Trail:
      Type: AWS::CloudTrail::Trail
      Properties:
        IsLogging: true
        S3BucketName: !Ref Logs
  `) + indent(bucket) + (extra ? indent(extra) : '');
}

const PROTECTED = yaml`
  Logs:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      VersioningConfiguration:
        Status: Enabled
      LifecycleConfiguration:
        Rules:
          - Id: archive
            Status: Enabled
            Transitions: [{ StorageClass: GLACIER, TransitionInDays: 90 }]
`;

describe(RULE, () => {
  it('passes a protected bucket', () => {
    assert.deepEqual(findingsOf(RULE, template(PROTECTED)), []);
  });

  it('reports each missing protection on the bucket, naming the trail', () => {
    const t = template(yaml`
      Logs:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: trail-logs
    `, '');
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.message, Boolean(f.fix)]), [
      // Both missing properties point at the Properties key: one finding names both, with the versioning fix.
      [
        'Logs',
        'Properties',
        'ACCT-001: Log bucket of CloudTrail trail Trail is not versioned (no VersioningConfiguration with Status Enabled), and has no lifecycle rule to archive old logs (LifecycleConfiguration is not set)',
        true,
      ],
      ['Logs', 'AWS::S3::Bucket', 'ACCT-001: Log bucket of CloudTrail trail Trail has no bucket policy to prevent unauthorized deletions (no AWS::S3::BucketPolicy names it)', false],
      ['Logs', 'Logs', 'ACCT-001: Log bucket of CloudTrail trail Trail is deleted with the stack (DeletionPolicy is not set; it defaults to Delete)', true],
    ]);
    assert.ok(found.every((f) => f.severity === 'error'));
    const policy = found[1];
    assert.equal(policy.line, 8);
    assert.equal(policy.column, 11);
  });

  it('adds VersioningConfiguration when it is missing', () => {
    const t = template(PROTECTED.replace('    VersioningConfiguration:\n      Status: Enabled\n', ''));
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Properties');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /Properties:\n {6}LifecycleConfiguration:[\s\S]*TransitionInDays: 90 }]\n {6}VersioningConfiguration:\n {8}Status: Enabled\n/);
  });

  it('fails suspended versioning on the value and enables it', () => {
    const t = template(PROTECTED.replace('Status: Enabled\n    Lifecycle', 'Status: Suspended\n    Lifecycle'));
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Suspended');
    assert.equal(f.message, 'ACCT-001: Log bucket of CloudTrail trail Trail is not versioned (versioning is Suspended)');
    assert.match(assertFixCleans(RULE, t), /VersioningConfiguration:\n {8}Status: Enabled\n/);
  });

  it('fails a lifecycle configuration whose rules are all disabled, on its key, without a fix', () => {
    const t = template(PROTECTED.replace('Id: archive\n          Status: Enabled', 'Id: archive\n          Status: Disabled'));
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'LifecycleConfiguration');
    assert.equal(f.message, 'ACCT-001: Log bucket of CloudTrail trail Trail has no enabled lifecycle rule to archive old logs');
    assert.equal(f.fix, undefined);
  });

  it('adds DeletionPolicy and UpdateReplacePolicy as resource attributes, beside Type', () => {
    const t = template(PROTECTED.replace('  DeletionPolicy: Retain\n  UpdateReplacePolicy: Retain\n', ''));
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Logs');
    assert.equal(f.path, 'DeletionPolicy');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /TransitionInDays: 90 }]\n {4}DeletionPolicy: Retain\n {4}UpdateReplacePolicy: Retain\n {2}LogsPolicy:/);
  });

  it('replaces DeletionPolicy: Delete and keeps an existing UpdateReplacePolicy; accepts RetainExceptOnCreate', () => {
    const t = template(PROTECTED.replace('DeletionPolicy: Retain', 'DeletionPolicy: Delete'));
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Delete');
    assert.equal(f.message, 'ACCT-001: Log bucket of CloudTrail trail Trail is deleted with the stack (DeletionPolicy is Delete)');
    assert.equal(assertFixCleans(RULE, t), t.replace('DeletionPolicy: Delete', 'DeletionPolicy: Retain'));
    assert.deepEqual(findingsOf(RULE, template(PROTECTED.replace('DeletionPolicy: Retain', 'DeletionPolicy: RetainExceptOnCreate'))), []);
  });

  it('fixes the deletion policy of a JSON template as JSON', () => {
    const t = JSON.stringify(
      {
        Resources: {
          Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, S3BucketName: { 'Fn::Sub': '${Logs}' } } },
          Logs: {
            Type: 'AWS::S3::Bucket',
            Properties: { VersioningConfiguration: { Status: 'Enabled' }, LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 400 }] } },
          },
          LogsPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { Statement: [] } } },
        },
      },
      null,
      2,
    );
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"Logs"');
    const fixed = JSON.parse(assertFixCleans(RULE, t));
    assert.equal(fixed.Resources.Logs.DeletionPolicy, 'Retain');
    assert.equal(fixed.Resources.Logs.UpdateReplacePolicy, 'Retain');
  });

  it('finds the bucket by its literal name, and names every trail that writes to it', () => {
    const t = yaml`
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: trail-logs } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: !Ref Logs } }
        Logs:
          Type: AWS::S3::Bucket
          DeletionPolicy: Retain
          Properties:
            BucketName: trail-logs
            LifecycleConfiguration: { Rules: [{ Status: Enabled, ExpirationInDays: 400 }] }
        Policy: { Type: AWS::S3::BucketPolicy, Properties: { Bucket: trail-logs, PolicyDocument: {} } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => f.message), ['ACCT-001: Log bucket of CloudTrail trails A, B is not versioned (no VersioningConfiguration with Status Enabled)']);
  });

  it('says nothing about a bucket outside the template', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        LogBucket: { Type: String }
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: !Ref LogBucket } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: !ImportValue LogBucket } }
        C: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: central-logs } }
        D: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: !Sub "\${Other}-archive" } }
        Other: { Type: AWS::S3::Bucket }
    `), []);
  });

  it('checks the bucket of each !If branch and cannot decide values known only at deploy time', () => {
    const t = yaml`
      Parameters:
        Versioning: { Type: String }
        PolicyBucket: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties: { IsLogging: true, S3BucketName: !If [Prod, !Ref ProdLogs, !Ref TestLogs] }
        ProdLogs:
          Type: AWS::S3::Bucket
          DeletionPolicy: Retain
          Properties:
            VersioningConfiguration: { Status: !Ref Versioning }
            LifecycleConfiguration: { Rules: [{ Status: Enabled, ExpirationInDays: 400 }] }
        ProdPolicy: { Type: AWS::S3::BucketPolicy, Properties: { Bucket: !Ref ProdLogs, PolicyDocument: {} } }
        TestLogs:
          Type: AWS::S3::Bucket
          DeletionPolicy: !If [Prod, Retain, Delete]
          Properties:
            VersioningConfiguration: { Status: Enabled }
            LifecycleConfiguration: { Rules: [{ Status: Enabled, ExpirationInDays: 400 }] }
        SomePolicy: { Type: AWS::S3::BucketPolicy, Properties: { Bucket: !Ref PolicyBucket, PolicyDocument: {} } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['ProdLogs', 'undecided', '!Ref Versioning'],
      ['TestLogs', 'undecided', 'AWS::S3::Bucket'],
      ['TestLogs', 'violation', 'Delete'],
    ]);
    assert.equal(found[0].message, 'ACCT-001: Cannot decide whether the CloudTrail log bucket is versioned: it comes from parameter Versioning, which has no Default.');
    assert.match(found[1].message, /Cannot decide whether the CloudTrail log bucket has a bucket policy: bucket policy SomePolicy names its bucket by a value that is not known before deployment \(it comes from parameter PolicyBucket, which has no Default\)/);
  });
});
