import { anchorOfAbsent } from '../template/evaluate';
import { defineRule } from './rule';
import { because, listenerReach } from './support/network';

export const elbMutualTls = defineRule({
  id: 'elb-mutual-tls',
  control: 'NETSEC-002',
  title: 'Internet-facing HTTPS listeners require client certificates',
  severity: 'error',
  rationale:
    'NETSEC-002 says publicly accessible endpoints require client certificates as well as server certificates, and DOC-001 says outside systems must have a client certificate installed to use the dashboard. On an Application Load Balancer that is mutual TLS in verify mode: the load balancer checks each client certificate against a trust store before any request reaches the targets. Mode off (the default) asks for no certificate, and passthrough hands whatever the client sends to the targets without checking it. A load balancer is internet-facing when its Scheme is internet-facing, which is the default; when the listener\'s load balancer is not defined in this template the rule cannot tell and says so.',
  remedy:
    'Create an AWS::ElasticLoadBalancingV2::TrustStore from the CA bundle that issues your client certificates and set `MutualAuthentication: { Mode: verify, TrustStoreArn: !Ref <trust store> }` on the listener. There is no automatic fix: the trust store and its CA bundle are yours to provide.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticloadbalancingv2-listener-mutualauthentication.html',
  checkResource(listener, ctx) {
    const protocols = ctx.scalars(listener, 'Protocol');
    const https = protocols.some((p) => p.kind === 'known' && String(p.value).toUpperCase() === 'HTTPS');
    const unknownProtocol = protocols.find((p) => p.kind === 'unknown');
    if (!https && !unknownProtocol) return;
    const modes = ctx.scalars(listener, 'MutualAuthentication', 'Mode');
    if (modes.every((m) => m.kind === 'known' && String(m.value) === 'verify')) return;
    const reach = listenerReach(ctx, listener);
    const publicLb = reach.find((r) => r.kind === 'yes');
    const unknownReach = reach.find((r) => r.kind === 'unknown');
    const path = ['Properties', 'MutualAuthentication', 'Mode'];
    if (!publicLb && !unknownReach) return;
    const undecided = (at: Parameters<typeof ctx.report>[0]['at'], reason: string): void =>
      ctx.report({ resource: listener, at, path, undecided: true, message: `Cannot decide whether the listener must require client certificates: ${reason}.` });
    if (!https && unknownProtocol?.kind === 'unknown') return undecided(unknownProtocol.node, because('its Protocol', unknownProtocol.reason));
    if (!publicLb && unknownReach?.kind === 'unknown') return undecided(unknownReach.node, unknownReach.reason);
    const lbName = publicLb?.kind === 'yes' ? publicLb.lb.logicalId : 'the load balancer';
    for (const found of ctx.property(listener, 'MutualAuthentication', 'Mode')) {
      if (found.kind === 'absent') {
        const message = `Internet-facing HTTPS listener does not require client certificates (MutualAuthentication Mode is not set and defaults to off; load balancer ${lbName})`;
        ctx.report({ resource: listener, at: anchorOfAbsent(listener, found), path, message });
        continue;
      }
      if (found.kind === 'unknown') {
        undecided(found.node, because('its MutualAuthentication', found.reason));
        continue;
      }
      for (const mode of ctx.scalarsOf(found.node, found.node)) {
        if (mode.kind === 'unknown') undecided(mode.node, because('its mutual TLS Mode', mode.reason));
        else if (mode.kind === 'known' && String(mode.value) !== 'verify') {
          ctx.report({ resource: listener, at: mode.node, path, message: `Internet-facing HTTPS listener does not verify client certificates (Mode ${String(mode.value)}; load balancer ${lbName})` });
        }
      }
    }
  },
});
