import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudfront-https';

describe(RULE, () => {
  it('fails allow-all on the default behavior, on the value, and the fix redirects to HTTPS', () => {
    const t = yaml`
      Resources:
        Cdn:
          Type: AWS::CloudFront::Distribution
          Properties:
            DistributionConfig:
              Enabled: true
              DefaultCacheBehavior:
                TargetOriginId: site
                ViewerProtocolPolicy: allow-all   # legacy clients
                CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
              Origins: [{ Id: site, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }]
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'allow-all');
    assert.equal(f.line, 9);
    assert.equal(f.column, 33);
    assert.equal(f.path, 'Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy');
    assert.equal(f.message, 'NETSEC-002: CloudFront cache behavior lets viewers use plain HTTP (ViewerProtocolPolicy: allow-all)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('allow-all   # legacy clients', 'redirect-to-https   # legacy clients'));
  });

  it('checks every entry of CacheBehaviors, including !If items, and passes https-only and redirect-to-https', () => {
    const t = yaml`
      Conditions:
        Legacy: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Cdn:
          Type: AWS::CloudFront::Distribution
          Properties:
            DistributionConfig:
              Enabled: true
              DefaultCacheBehavior: { TargetOriginId: site, ViewerProtocolPolicy: https-only }
              CacheBehaviors:
                - { PathPattern: /api/*, TargetOriginId: site, ViewerProtocolPolicy: redirect-to-https }
                - PathPattern: /img/*
                  TargetOriginId: site
                  ViewerProtocolPolicy: allow-all
                - !If
                  - Legacy
                  - { PathPattern: /old/*, TargetOriginId: site, ViewerProtocolPolicy: !If [Legacy, allow-all, https-only] }
                  - !Ref AWS::NoValue
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [textAt(t, f), f.line]), [
      ['allow-all', 14],
      ['allow-all', 17],
    ]);
    assert.equal(found[0].path, 'Properties.DistributionConfig.CacheBehaviors.ViewerProtocolPolicy');
    const single = t.replace(/ {10}- !If[\s\S]*$/, '');
    const fixed = assertFixCleans(RULE, single);
    assert.match(fixed, /PathPattern: \/img\/\*\n {12}TargetOriginId: site\n {12}ViewerProtocolPolicy: redirect-to-https\n/);
  });

  it('fails a parameter default without rewriting it, and cannot decide a parameter without a Default', () => {
    const t = yaml`
      Parameters:
        Policy: { Type: String, Default: allow-all }
        Other: { Type: String }
      Resources:
        A:
          Type: AWS::CloudFront::Distribution
          Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: s, ViewerProtocolPolicy: !Ref Policy } } }
        B:
          Type: AWS::CloudFront::Distribution
          Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: s, ViewerProtocolPolicy: !Ref Other } } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f), f.fix === undefined]), [
      ['A', 'violation', '!Ref Policy', true],
      ['B', 'undecided', '!Ref Other', true],
    ]);
    assert.equal(found[1].message, 'NETSEC-002: Cannot decide whether the cache behavior requires HTTPS: it comes from parameter Other, which has no Default.');
  });
});
