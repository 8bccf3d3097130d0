import * as assert from 'node:assert/strict';
import { applyFix, assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 's3-public-access-block';

describe(RULE, () => {
  it('fails a bucket without the block, on the Properties key, and the fix adds all four flags', () => {
    const t = yaml`
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: data  # keep
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'SEC-S3: S3 bucket does not block public access (PublicAccessBlockConfiguration is not set)');
    assert.equal(f.path, 'Properties.PublicAccessBlockConfiguration');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(
      fixed,
      t.replace(
        'BucketName: data  # keep\n',
        'BucketName: data  # keep\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n',
      ),
    );
  });

  it('fails a bucket with no Properties at all, on its logical id, and the fix adds Properties', () => {
    const t = yaml`
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Bucket');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /Type: AWS::S3::Bucket\n {4}Properties:\n {6}PublicAccessBlockConfiguration:\n {8}BlockPublicAcls: true\n/);
  });

  it('fails a false flag on its value, and the fix sets it to true keeping the comment', () => {
    const t = yaml`
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
          Properties:
            PublicAccessBlockConfiguration:
              BlockPublicAcls: true
              BlockPublicPolicy: false  # website
              IgnorePublicAcls: true
              RestrictPublicBuckets: true
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.line, 7);
    assert.equal(f.column, 28);
    assert.equal(f.message, 'SEC-S3: S3 bucket does not block public bucket policies (BlockPublicPolicy is false)');
    assert.equal(f.path, 'Properties.PublicAccessBlockConfiguration.BlockPublicPolicy');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /BlockPublicPolicy: true {2}# website/);
  });

  it('reports the flags missing from a block once, on the block key, and the fix adds them all', () => {
    const t = yaml`
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
          Properties:
            PublicAccessBlockConfiguration:
              BlockPublicAcls: true
              BlockPublicPolicy: true
            Tags: []
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'PublicAccessBlockConfiguration');
    assert.equal(
      f.message,
      'SEC-S3: S3 bucket does not ignore public ACLs or restrict access granted by public policies (IgnorePublicAcls, RestrictPublicBuckets are not set; false when left out)',
    );
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('BlockPublicPolicy: true\n', 'BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n'));
  });

  it('fills an empty block written as {}', () => {
    const t = yaml`
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
          Properties:
            PublicAccessBlockConfiguration: {}
    `;
    const [f] = findingsOf(RULE, t);
    assert.match(f.message, /does not block public ACLs, block public bucket policies, ignore public ACLs or restrict access granted by public policies/);
    assertFixCleans(RULE, t);
  });

  it('passes all four flags true, as booleans, strings or parameter defaults', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        Block: { Type: String, Default: "true" }
      Resources:
        A:
          Type: AWS::S3::Bucket
          Properties:
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: "True", IgnorePublicAcls: !Ref Block, RestrictPublicBuckets: true }
    `), []);
  });

  it('checks both branches of !If and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Restrict: { Type: String }
      Conditions:
        Public: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::S3::Bucket
          Properties:
            PublicAccessBlockConfiguration:
              BlockPublicAcls: true
              BlockPublicPolicy: !If [Public, false, true]
              IgnorePublicAcls: true
              RestrictPublicBuckets: !Ref Restrict
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [
      ['violation', 'false'],
      ['undecided', '!Ref Restrict'],
    ]);
    assert.equal(found[1].severity, 'info');
    assert.equal(found[1].message, 'SEC-S3: Cannot decide whether the bucket sets RestrictPublicBuckets: it comes from parameter Restrict, which has no Default.');
    // The value inside !If is a literal: the fix rewrites that branch only.
    assert.match(applyFix(t, found[0].fix), /BlockPublicPolicy: !If \[Public, true, true\]/);
  });

  it('ignores resources that are not buckets', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Topic: { Type: AWS::SNS::Topic }
    `), []);
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: false, RestrictPublicBuckets: true } } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'false');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Bucket.Properties.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const absent = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'b' } } } }, null, 2);
    assert.equal(textAt(absent, findingsOf(RULE, absent)[0]), '"Properties"');
    const added = assertFixCleans(RULE, absent);
    assert.deepEqual(Object.keys(JSON.parse(added).Resources.Bucket.Properties.PublicAccessBlockConfiguration as object), ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets']);
  });
});
