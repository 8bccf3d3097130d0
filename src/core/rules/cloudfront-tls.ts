import { type Lookup, anchorOfAbsent, lookup } from '../template/evaluate';
import type { MapNode, Resource } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { insertMissingFix, replaceLiteralFix } from './support/fixes';
import { because } from './support/network';
import { CLOUDFRONT_POLICIES, CLOUDFRONT_RECOMMENDED, belowTls12, protocolName } from './support/tls-policies';

const SUBJECT = 'whether CloudFront accepts TLS below 1.2 from viewers';
const CERTIFICATE = ['Properties', 'DistributionConfig', 'ViewerCertificate'];
const VERSION = [...CERTIFICATE, 'MinimumProtocolVersion'];

export const cloudfrontTls = defineRule({
  id: 'cloudfront-tls',
  control: 'NETSEC-002',
  title: 'CloudFront accepts only TLS 1.2 or later from viewers',
  severity: 'warning',
  rationale:
    'NETSEC-002 requires all HTTP communication to be encrypted. TLS 1.0 and 1.1 are deprecated (RFC 8996): a viewer that still negotiates them gets weaker encryption than the SOP intends. A distribution\'s viewer certificate decides the oldest protocol CloudFront accepts: with its own certificate (ACM or IAM), the security policy named by MinimumProtocolVersion (CloudFront uses TLSv1 when it is not set); with the default *.cloudfront.net certificate (CloudFrontDefaultCertificate, or no ViewerCertificate at all), always TLSv1, whatever MinimumProtocolVersion says. The policies are read from AWS\'s table of protocols by security policy; a name not in it cannot be decided.',
  remedy:
    'Serve the distribution on your own domain with an ACM certificate (`AcmCertificateArn`, `SslSupportMethod: sni-only`) and set `MinimumProtocolVersion: TLSv1.2_2021` (or a later TLSv1.2 or TLSv1.3 policy). The fix sets MinimumProtocolVersion where the distribution already has its own certificate with SNI; moving off the default certificate needs a domain and a certificate, which are yours to choose.',
  resourceTypes: ['AWS::CloudFront::Distribution'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-viewercertificate.html',
  checkResource(distribution, ctx) {
    for (const found of ctx.property(distribution, 'DistributionConfig', 'ViewerCertificate')) {
      if (found.kind === 'absent') {
        const message = 'CloudFront distribution accepts TLS 1.0 from viewers: with no ViewerCertificate it uses the default *.cloudfront.net certificate, whose security policy is always TLSv1';
        ctx.report({ resource: distribution, at: anchorOfAbsent(distribution, found), path: CERTIFICATE, message });
      } else if (found.kind === 'unknown' || found.node.kind !== 'map') {
        const reason = found.kind === 'unknown' ? found.reason : 'its ViewerCertificate is not a map';
        ctx.report({ resource: distribution, at: found.node, path: CERTIFICATE, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('its ViewerCertificate', reason)}.` });
      } else checkCertificate(ctx, distribution, found.node);
    }
  },
});

function checkCertificate(ctx: RuleContext, distribution: Resource, certificate: MapNode): void {
  const path = [...CERTIFICATE, 'CloudFrontDefaultCertificate'];
  for (const o of scalarsAt(ctx, certificate, 'CloudFrontDefaultCertificate')) {
    if (o.kind === 'unknown') {
      ctx.report({ resource: distribution, at: o.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('CloudFrontDefaultCertificate', o.reason)}.` });
      return;
    }
    if (o.kind === 'known' && String(o.value).toLowerCase() === 'true') {
      const message = 'CloudFront distribution accepts TLS 1.0 from viewers: with the default *.cloudfront.net certificate (CloudFrontDefaultCertificate: true) its security policy is always TLSv1';
      ctx.report({ resource: distribution, at: o.node, path, message });
      return;
    }
  }
  const ownCertificate = ['AcmCertificateArn', 'IamCertificateId'].some((key) => lookup(certificate, [key]).some((l) => l.kind !== 'absent'));
  if (!ownCertificate) {
    const message = 'CloudFront distribution accepts TLS 1.0 from viewers: its ViewerCertificate names no certificate of its own (AcmCertificateArn or IamCertificateId), so CloudFront serves the default one, whose security policy is always TLSv1';
    ctx.report({ resource: distribution, at: certificate, path: CERTIFICATE, message });
    return;
  }
  // The fix is offered only with SNI: AWS documents which policies a dedicated-IP (vip) distribution may use separately.
  const methods = scalarsAt(ctx, certificate, 'SslSupportMethod');
  const sni = methods.length > 0 && methods.every((o) => o.kind === 'known' && o.value === 'sni-only');
  for (const found of lookup(certificate, ['MinimumProtocolVersion'])) {
    if (found.kind === 'absent') {
      const message = 'CloudFront distribution accepts TLS 1.0 from viewers: MinimumProtocolVersion is not set, and CloudFront then uses the TLSv1 security policy';
      ctx.report({ resource: distribution, at: anchorOfAbsent(distribution, found), path: VERSION, message, fix: sni ? insertMissingFix(ctx, found, CLOUDFRONT_RECOMMENDED, `Set MinimumProtocolVersion: ${CLOUDFRONT_RECOMMENDED}`) : undefined });
      continue;
    }
    for (const o of found.kind === 'found' ? ctx.scalarsOf(found.node, found.node) : [found]) {
      if (o.kind === 'unknown') {
        ctx.report({ resource: distribution, at: o.node, path: VERSION, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('MinimumProtocolVersion', o.reason)}.` });
        continue;
      }
      if (o.kind !== 'known') continue;
      const name = String(o.value);
      const oldest = CLOUDFRONT_POLICIES.get(name);
      if (oldest === undefined) {
        ctx.report({ resource: distribution, at: o.node, path: VERSION, undecided: true, message: `Cannot decide ${SUBJECT}: MinimumProtocolVersion ${name} is not a security policy SOP Lens knows.` });
      } else if (belowTls12(oldest)) {
        const message = `CloudFront distribution accepts ${protocolName(oldest)} from viewers (MinimumProtocolVersion: ${name})`;
        ctx.report({ resource: distribution, at: o.node, path: VERSION, message, fix: sni ? replaceLiteralFix(ctx, o.node, CLOUDFRONT_RECOMMENDED, `Set MinimumProtocolVersion: ${CLOUDFRONT_RECOMMENDED}`) : undefined });
      }
    }
  }
}

/** The scalar outcomes of `key` in a map of the resource, absent included. */
function scalarsAt(ctx: RuleContext, map: MapNode, key: string): ReturnType<RuleContext['scalarsOf']> {
  return lookup(map, [key]).flatMap((l: Lookup) => (l.kind === 'found' ? ctx.scalarsOf(l.node, l.node) : l.kind === 'unknown' ? [l] : []));
}
