import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudfront-tls';

const distribution = (certificate: string): string => yaml`
  Resources:
    Cdn:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Enabled: true
          Aliases: [www.example.com]
          DefaultCacheBehavior: { TargetOriginId: site, ViewerProtocolPolicy: redirect-to-https }
${certificate}
`;

describe(RULE, () => {
  it('fails a custom certificate whose policy allows TLS 1.1, on the value, and the fix sets TLSv1.2_2021', () => {
    const t = distribution(`          ViewerCertificate:
            AcmCertificateArn: arn:aws:acm:us-east-1:111111111111:certificate/abc
            SslSupportMethod: sni-only
            MinimumProtocolVersion: TLSv1.1_2016  # old Android clients
`);
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'TLSv1.1_2016');
    assert.equal(f.line, 12);
    assert.equal(f.severity, 'warning');
    assert.equal(f.path, 'Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion');
    assert.equal(f.message, 'NETSEC-002: CloudFront distribution accepts TLS 1.1 from viewers (MinimumProtocolVersion: TLSv1.1_2016)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('TLSv1.1_2016  #', 'TLSv1.2_2021  #'));
  });

  it('fails a custom certificate without MinimumProtocolVersion (CloudFront then uses TLSv1), and the fix adds it', () => {
    const t = distribution(`          ViewerCertificate:
            AcmCertificateArn: arn:aws:acm:us-east-1:111111111111:certificate/abc
            SslSupportMethod: sni-only
`);
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'ViewerCertificate');
    assert.match(f.message, /MinimumProtocolVersion is not set, and CloudFront then uses the TLSv1 security policy$/);
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /SslSupportMethod: sni-only\n {10}MinimumProtocolVersion: TLSv1\.2_2021\n/);
  });

  it('fails the default certificate, with or without a ViewerCertificate, and offers no fix (a domain and certificate are needed)', () => {
    const explicit = distribution(`          ViewerCertificate:
            CloudFrontDefaultCertificate: true
            MinimumProtocolVersion: TLSv1.2_2021
`);
    const [a] = findingsOf(RULE, explicit);
    assert.equal(textAt(explicit, a), 'true');
    assert.match(a.message, /default \*\.cloudfront\.net certificate \(CloudFrontDefaultCertificate: true\) its security policy is always TLSv1$/);
    assert.equal(a.fix, undefined);
    const none = distribution('');
    const [b, ...rest] = findingsOf(RULE, none);
    assert.equal(rest.length, 0);
    assert.equal(textAt(none, b), 'DistributionConfig');
    assert.match(b.message, /with no ViewerCertificate it uses the default \*\.cloudfront\.net certificate/);
    assert.equal(b.fix, undefined);
  });

  it('passes TLS 1.2 and 1.3 policies, and offers no fix for a dedicated-IP (vip) distribution', () => {
    for (const policy of ['TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025']) {
      assert.deepEqual(findingsOf(RULE, distribution(`          ViewerCertificate: { IamCertificateId: ASCA123, SslSupportMethod: sni-only, MinimumProtocolVersion: ${policy} }\n`)), [], policy);
    }
    const vip = distribution(`          ViewerCertificate: { AcmCertificateArn: arn:aws:acm:us-east-1:111111111111:certificate/abc, SslSupportMethod: vip, MinimumProtocolVersion: TLSv1 }\n`);
    const [f] = findingsOf(RULE, vip);
    assert.equal(f.message, 'NETSEC-002: CloudFront distribution accepts TLS 1.0 from viewers (MinimumProtocolVersion: TLSv1)');
    assert.equal(f.fix, undefined);
  });

  it('cannot decide an unknown policy name or a parameter without a default, and reads a parameter default', () => {
    const t = yaml`
      Parameters:
        Policy: { Type: String }
        Old: { Type: String, Default: TLSv1_2016 }
      Resources:
        A:
          Type: AWS::CloudFront::Distribution
          Properties:
            DistributionConfig: { Enabled: true, ViewerCertificate: { AcmCertificateArn: arn, SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.4_2031 } }
        B:
          Type: AWS::CloudFront::Distribution
          Properties:
            DistributionConfig: { Enabled: true, ViewerCertificate: { AcmCertificateArn: arn, SslSupportMethod: sni-only, MinimumProtocolVersion: !Ref Policy } }
        C:
          Type: AWS::CloudFront::Distribution
          Properties:
            DistributionConfig: { Enabled: true, ViewerCertificate: { AcmCertificateArn: arn, SslSupportMethod: sni-only, MinimumProtocolVersion: !Ref Old } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f), f.fix === undefined]), [
      ['A', 'undecided', 'TLSv1.4_2031', true],
      ['B', 'undecided', '!Ref Policy', true],
      ['C', 'violation', '!Ref Old', true],
    ]);
    assert.equal(found[0].message, 'NETSEC-002: Cannot decide whether CloudFront accepts TLS below 1.2 from viewers: MinimumProtocolVersion TLSv1.4_2031 is not a security policy SOP Lens knows.');
  });
});
