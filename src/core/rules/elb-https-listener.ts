import { replaceBlock } from '../fix/edits';
import { anchorOfAbsent, lookup } from '../template/evaluate';
import { type Resource, entry } from '../template/model';
import { type Fix, type Report, type RuleContext, defineRule } from './rule';
import { because, itemMapsAt } from './support/network';

/** The default action that sends every HTTP request to HTTPS on port 443, keeping host, path and query. */
const REDIRECT_TO_HTTPS = [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }];

export const elbHttpsListener = defineRule({
  id: 'elb-https-listener',
  control: 'NETSEC-002',
  title: 'HTTP listeners only redirect to HTTPS',
  severity: 'error',
  rationale:
    'NETSEC-002 requires all HTTP communication to be encrypted. A load balancer listener with Protocol: HTTP that forwards requests, answers them itself (fixed-response) or redirects them anywhere but HTTPS serves the application in plaintext. The only acceptable default action of an HTTP listener is a redirect whose RedirectConfig.Protocol is HTTPS (a redirect without Protocol keeps the request\'s own protocol, HTTP). Listeners of other protocols (HTTPS, TLS, TCP, UDP, or none, as on a Gateway Load Balancer) are not checked by this rule; listener rules are not checked either.',
  remedy:
    'Make the listener\'s only default action `Type: redirect` with `RedirectConfig: { Protocol: HTTPS, Port: "443", StatusCode: HTTP_301 }`, and serve the application from an HTTPS listener. The fix does exactly that; it changes what the listener does, so check that an HTTPS listener on 443 exists.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticloadbalancingv2-listener-redirectconfig.html',
  checkResource(listener, ctx) {
    const protocols = ctx.scalars(listener, 'Protocol');
    const isHttp = protocols.some((p) => p.kind === 'known' && String(p.value).toUpperCase() === 'HTTP');
    const unknownProtocol = protocols.find((p) => p.kind === 'unknown');
    if (!isHttp && !unknownProtocol) return;
    // One finding per listener: the first action that does not redirect to HTTPS.
    const problem = firstProblem(listener, ctx);
    if (!problem) return;
    if (!isHttp && unknownProtocol?.kind === 'unknown') {
      const message = `Cannot decide whether the listener serves plain HTTP: ${because('its Protocol', unknownProtocol.reason)}.`;
      ctx.report({ resource: listener, at: unknownProtocol.node, path: ['Properties', 'Protocol'], undecided: true, message });
      return;
    }
    // A listener that is HTTPS in some deployments must not be told to redirect to itself.
    const alwaysHttp = protocols.every((p) => p.kind === 'known' && String(p.value).toUpperCase() === 'HTTP');
    const defaultActions = listener.properties && entry(listener.properties, 'DefaultActions');
    const fix: (() => Fix) | undefined =
      defaultActions && alwaysHttp && !problem.undecided
        ? () => ({ title: 'Replace the default actions with a redirect to HTTPS (port 443, HTTP 301)', edits: [replaceBlock(ctx.template, defaultActions.value, REDIRECT_TO_HTTPS)] })
        : undefined;
    ctx.report({ ...problem, resource: listener, fix });
  },
});

type Problem = Omit<Report, 'resource' | 'fix'>;

function firstProblem(listener: Resource, ctx: RuleContext): Problem | undefined {
  const { maps, unknown } = itemMapsAt(ctx, listener, 'DefaultActions');
  const path = ['Properties', 'DefaultActions'];
  for (const action of maps) {
    for (const type of lookup(action, ['Type'])) {
      if (type.kind !== 'found') continue;
      for (const t of ctx.scalarsOf(type.node, type.node)) {
        if (t.kind === 'unknown') return { at: t.node, path, undecided: true, message: `Cannot decide whether the HTTP listener redirects to HTTPS: ${because('the action Type', t.reason)}.` };
        if (t.kind !== 'known') continue;
        if (String(t.value) !== 'redirect') return { at: t.node, path, message: `HTTP listener does not redirect to HTTPS (its default action is ${String(t.value)})` };
        for (const protocol of lookup(action, ['RedirectConfig', 'Protocol'])) {
          if (protocol.kind === 'absent') {
            return { at: anchorOfAbsent(listener, protocol), path, message: 'HTTP listener redirects without switching to HTTPS (RedirectConfig has no Protocol, so it keeps HTTP)' };
          }
          for (const p of protocol.kind === 'found' ? ctx.scalarsOf(protocol.node, protocol.node) : [protocol]) {
            if (p.kind === 'unknown') return { at: p.node, path, undecided: true, message: `Cannot decide whether the HTTP listener redirects to HTTPS: ${because('the redirect Protocol', p.reason)}.` };
            if (p.kind === 'known' && String(p.value).toUpperCase() !== 'HTTPS') return { at: p.node, path, message: `HTTP listener redirects to ${String(p.value)}, not HTTPS` };
          }
        }
      }
    }
  }
  const u = unknown[0];
  return u ? { at: u.node, path, undecided: true, message: `Cannot decide whether the HTTP listener redirects to HTTPS: ${because('a default action', u.reason)}.` } : undefined;
}
