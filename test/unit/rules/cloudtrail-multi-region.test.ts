import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudtrail-multi-region';

describe(RULE, () => {
  it('fails a trail with IsMultiRegionTrail: false, on the value', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            IsMultiRegionTrail: false  # single region
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.message, 'ACCT-001: CloudTrail trail is not multi-region');
    assert.equal(f.line, 7);
    assert.equal(f.column, 27);
    assert.equal(f.resource, 'Trail');
    assert.equal(f.path, 'Properties.IsMultiRegionTrail');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /IsMultiRegionTrail: true {2}# single region/);
  });

  it('fails a trail that does not set it, on the Properties key, and the fix adds it', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
        Other:
          Type: AWS::SNS::Topic
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Properties');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('S3BucketName: logs\n', 'S3BucketName: logs\n      IsMultiRegionTrail: true\n'));
  });

  it('passes a multi-region trail, including "true" as a string and a parameter default', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        MultiRegion: { Type: String, Default: "true" }
      Resources:
        A: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, IsMultiRegionTrail: true } }
        B: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, IsMultiRegionTrail: "True" } }
        C: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: b, IsMultiRegionTrail: !Ref MultiRegion } }
    `), []);
  });

  it('checks both branches of !If and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Multi: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: b
            IsMultiRegionTrail: !If [Prod, true, false]
        B:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: b
            IsMultiRegionTrail: !Ref Multi
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['B', 'undecided', '!Ref Multi'],
    ]);
    assert.equal(found[1].severity, 'info');
    assert.match(found[1].message, /Cannot decide whether the trail is multi-region: it comes from parameter Multi, which has no Default/);
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, S3BucketName: 'b' } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"Properties"');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Trail.Properties, { IsLogging: true, S3BucketName: 'b', IsMultiRegionTrail: true });
  });
});
