import { defineRule } from './rule';
import { because, expectAt, itemMapsAt } from './support/network';
import { expectProperty } from './support/expect';
import type { PropertyExpectation } from './support/expect';

const VIEWER_HTTPS: Omit<PropertyExpectation, 'path'> = {
  ok: (v) => String(v) !== 'allow-all',
  // ViewerProtocolPolicy is required; a template without it does not deploy, which is not this rule's finding.
  absentIsOk: true,
  absentMessage: '',
  wrongMessage: () => 'CloudFront cache behavior lets viewers use plain HTTP (ViewerProtocolPolicy: allow-all)',
  subject: 'whether the cache behavior requires HTTPS',
  fixValue: 'redirect-to-https',
  fixTitle: 'Set ViewerProtocolPolicy: redirect-to-https',
};

export const cloudfrontHttps = defineRule({
  id: 'cloudfront-https',
  control: 'NETSEC-002',
  title: 'CloudFront serves viewers over HTTPS only',
  severity: 'error',
  rationale:
    'NETSEC-002 requires all HTTP communication to be encrypted. A cache behavior with ViewerProtocolPolicy allow-all answers viewers over plain HTTP as well as HTTPS, so content and cookies can be read and changed on the way. redirect-to-https sends HTTP requests to HTTPS first; https-only refuses them. Every behavior counts: the default one and each entry of CacheBehaviors.',
  remedy: 'Set `ViewerProtocolPolicy: redirect-to-https` (or `https-only`) on DefaultCacheBehavior and on every entry of CacheBehaviors.',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-defaultcachebehavior.html#cfn-cloudfront-distribution-defaultcachebehavior-viewerprotocolpolicy',
  checkResource(distribution, ctx) {
    expectProperty(ctx, distribution, { ...VIEWER_HTTPS, path: ['DistributionConfig', 'DefaultCacheBehavior', 'ViewerProtocolPolicy'] });
    const { maps, unknown } = itemMapsAt(ctx, distribution, 'DistributionConfig', 'CacheBehaviors');
    const reportPath = ['Properties', 'DistributionConfig', 'CacheBehaviors', 'ViewerProtocolPolicy'];
    for (const behavior of maps) expectAt(ctx, distribution, behavior, { ...VIEWER_HTTPS, path: ['ViewerProtocolPolicy'], reportPath });
    for (const u of unknown) ctx.report({ resource: distribution, at: u.node, path: reportPath, undecided: true, message: `Cannot decide whether a cache behavior requires HTTPS: ${because('a cache behavior', u.reason)}.` });
  },
});
