import { anchorOfAbsent, lookup } from '../template/evaluate';
import type { MapNode, Resource, ScalarValue, TemplateNode } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { insertMissingFix, replaceLiteralFix } from './support/fixes';
import { because, itemMaps, itemMapsAt } from './support/network';
import {
  CLASSIC_DEFAULT_POLICY,
  CLASSIC_POLICIES,
  CLASSIC_PROTOCOL_ATTRIBUTES,
  ELBV2_DEFAULT_POLICY,
  ELBV2_POLICIES,
  ELBV2_RECOMMENDED,
  type Protocol,
  belowTls12,
  protocolName,
} from './support/tls-policies';

const SUBJECT = 'whether the listener accepts TLS below 1.2';

export const elbTlsPolicy = defineRule({
  id: 'elb-tls-policy',
  control: 'NETSEC-002',
  title: 'Load balancer TLS listeners accept only TLS 1.2 or later',
  severity: 'warning',
  rationale:
    'NETSEC-002 requires all HTTP communication to be encrypted. TLS 1.0 and 1.1 are deprecated (RFC 8996). The security policy of an HTTPS or TLS listener (Application and Network Load Balancers) or of an HTTPS or SSL listener (Classic Load Balancers) decides the oldest protocol clients may use. When a template names no policy, CloudFormation creates the listener with ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1. The policies are read from AWS\'s tables of protocols by policy; a name not in them cannot be decided.',
  remedy:
    'Set `SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06` (TLS 1.2 and 1.3; or another policy without TLS 1.0 and 1.1) on HTTPS and TLS listeners. On a Classic Load Balancer, give the listener an SSLNegotiationPolicyType policy whose Reference-Security-Policy is ELBSecurityPolicy-TLS-1-2-2017-01. The fix sets SslPolicy on Application and Network Load Balancer listeners; Classic Load Balancer policies are yours to write.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancing::LoadBalancer'],
  reference: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
  checkResource(resource, ctx) {
    if (resource.type === 'AWS::ElasticLoadBalancingV2::Listener') checkListener(ctx, resource);
    else checkClassic(ctx, resource);
  },
});

/** An HTTPS or TLS listener of an Application or Network Load Balancer. */
function checkListener(ctx: RuleContext, listener: Resource): void {
  const protocols = ctx.scalars(listener, 'Protocol');
  const tls = protocols.some((p) => p.kind === 'known' && isTls(p.value, ['HTTPS', 'TLS']));
  const unknownProtocol = protocols.find((p) => p.kind === 'unknown');
  if (!tls && !unknownProtocol) return;
  const path = ['Properties', 'SslPolicy'];
  for (const found of ctx.property(listener, 'SslPolicy')) {
    if (found.kind === 'absent') {
      if (!tls) continue;
      const message = `Load balancer listener accepts TLS 1.0 and 1.1: it names no SslPolicy, so CloudFormation gives it ${ELBV2_DEFAULT_POLICY}`;
      ctx.report({ resource: listener, at: anchorOfAbsent(listener, found), path, message, fix: insertMissingFix(ctx, found, ELBV2_RECOMMENDED, `Set SslPolicy: ${ELBV2_RECOMMENDED}`) });
      continue;
    }
    for (const o of found.kind === 'found' ? ctx.scalarsOf(found.node, found.node) : [found]) {
      if (o.kind === 'unknown') {
        if (tls) ctx.report({ resource: listener, at: o.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('its SslPolicy', o.reason)}.` });
        continue;
      }
      if (o.kind !== 'known') continue;
      const verdict = judge(ELBV2_POLICIES, o.value);
      if (verdict === 'unknown-name') {
        ctx.report({ resource: listener, at: o.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: SslPolicy ${String(o.value)} is not a security policy SOP Lens knows.` });
      } else if (verdict !== 'ok' && tls) {
        const message = `Load balancer listener accepts ${protocolName(verdict)} (SslPolicy: ${String(o.value)})`;
        ctx.report({ resource: listener, at: o.node, path, message, fix: replaceLiteralFix(ctx, o.node, ELBV2_RECOMMENDED, `Set SslPolicy: ${ELBV2_RECOMMENDED}`) });
      }
    }
  }
  if (!tls && unknownProtocol?.kind === 'unknown' && weakOrDefault(ctx, listener)) {
    ctx.report({ resource: listener, at: unknownProtocol.node, path: ['Properties', 'Protocol'], undecided: true, message: `Cannot decide ${SUBJECT}: ${because('its Protocol', unknownProtocol.reason)}.` });
  }
}

/** Whether the listener's SslPolicy, in some deployment, would accept TLS below 1.2 if the listener used TLS. */
function weakOrDefault(ctx: RuleContext, listener: Resource): boolean {
  return ctx.scalars(listener, 'SslPolicy').some((o) => o.kind === 'absent' || (o.kind === 'known' && judge(ELBV2_POLICIES, o.value) !== 'ok'));
}

/** The HTTPS and SSL listeners of a Classic Load Balancer, each with the SSL negotiation policy it uses. */
function checkClassic(ctx: RuleContext, balancer: Resource): void {
  const { maps: listeners, unknown } = itemMapsAt(ctx, balancer, 'Listeners');
  const { maps: policies, unknown: unknownPolicies } = itemMapsAt(ctx, balancer, 'Policies');
  const path = ['Properties', 'Listeners'];
  for (const u of unknown) ctx.report({ resource: balancer, at: u.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('a listener', u.reason)}.` });
  for (const listener of listeners) {
    const protocol = literal(ctx, listener, 'Protocol');
    if (protocol.kind === 'unknown') {
      ctx.report({ resource: balancer, at: protocol.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('its Protocol', protocol.reason)}.` });
      continue;
    }
    if (protocol.kind !== 'known' || !isTls(protocol.value, ['HTTPS', 'SSL'])) continue;
    const negotiation = negotiationPolicies(ctx, listener, policies);
    if (negotiation.unknown ?? unknownPolicies[0]) {
      const u = negotiation.unknown ?? unknownPolicies[0];
      ctx.report({ resource: balancer, at: u.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('its SSL negotiation policy', u.reason)}.` });
      continue;
    }
    if (negotiation.policies.length === 0) {
      const message = `Classic Load Balancer listener accepts TLS 1.0 and 1.1: it has no SSL negotiation policy, so Elastic Load Balancing gives it ${CLASSIC_DEFAULT_POLICY}`;
      ctx.report({ resource: balancer, at: protocol.node, path, message });
      continue;
    }
    for (const policy of negotiation.policies) checkNegotiationPolicy(ctx, balancer, policy);
  }
}

/** The SSLNegotiationPolicyType policies a listener uses: named in its PolicyNames, or attached to its port. */
function negotiationPolicies(ctx: RuleContext, listener: MapNode, policies: readonly MapNode[]): { policies: MapNode[]; unknown?: { node: TemplateNode; reason: string } } {
  const names = new Set<string>();
  for (const found of lookup(listener, ['PolicyNames'])) {
    if (found.kind === 'unknown') return { policies: [], unknown: found };
    if (found.kind !== 'found') continue;
    if (found.node.kind !== 'seq') return { policies: [], unknown: { node: found.node, reason: 'its PolicyNames is not a list of names' } };
    for (const item of found.node.items) {
      const name = valueOf(ctx, item);
      if (name.kind === 'unknown') return { policies: [], unknown: name };
      if (name.kind === 'known') names.add(String(name.value));
    }
  }
  const port = literal(ctx, listener, 'LoadBalancerPort');
  const out: MapNode[] = [];
  for (const policy of policies) {
    const type = literal(ctx, policy, 'PolicyType');
    if (type.kind === 'unknown') return { policies: [], unknown: type };
    if (type.kind !== 'known' || type.value !== 'SSLNegotiationPolicyType') continue;
    const name = literal(ctx, policy, 'PolicyName');
    if (name.kind === 'unknown') return { policies: [], unknown: name };
    const attachedByPort =
      port.kind === 'known' &&
      lookup(policy, ['LoadBalancerPorts']).some((l) => l.kind === 'found' && l.node.kind === 'seq' && l.node.items.some((p) => p.kind === 'scalar' && String(p.value) === String(port.value)));
    if ((name.kind === 'known' && names.has(String(name.value))) || attachedByPort) out.push(policy);
  }
  return { policies: out };
}

function checkNegotiationPolicy(ctx: RuleContext, balancer: Resource, policy: MapNode): void {
  const path = ['Properties', 'Policies'];
  const { maps: attributes, unknown } = itemMaps(lookup(policy, ['Attributes']).find((l) => l.kind === 'found')?.node);
  const u = unknown[0];
  if (u) {
    ctx.report({ resource: balancer, at: u.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('an attribute of its SSL negotiation policy', u.reason)}.` });
    return;
  }
  const values = new Map<string, { value: ReturnType<typeof literal>; at: TemplateNode }>();
  for (const attribute of attributes) {
    const name = literal(ctx, attribute, 'Name');
    if (name.kind === 'unknown') {
      ctx.report({ resource: balancer, at: name.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('an attribute name', name.reason)}.` });
      return;
    }
    if (name.kind === 'known') values.set(String(name.value), { value: literal(ctx, attribute, 'Value'), at: attribute });
  }
  const reference = values.get('Reference-Security-Policy');
  if (reference) {
    const v = reference.value;
    if (v.kind === 'unknown') {
      ctx.report({ resource: balancer, at: v.node, path, undecided: true, message: `Cannot decide ${SUBJECT}: ${because('its Reference-Security-Policy', v.reason)}.` });
      return;
    }
    const verdict = v.kind === 'known' ? judge(CLASSIC_POLICIES, v.value) : 'unknown-name';
    const at = v.kind === 'known' ? v.node : reference.at;
    if (verdict === 'unknown-name') ctx.report({ resource: balancer, at, path, undecided: true, message: `Cannot decide ${SUBJECT}: Reference-Security-Policy ${v.kind === 'known' ? String(v.value) : '(empty)'} is not a security policy SOP Lens knows.` });
    else if (verdict !== 'ok') ctx.report({ resource: balancer, at, path, message: `Classic Load Balancer listener accepts ${protocolName(verdict)} (Reference-Security-Policy: ${String(v.kind === 'known' ? v.value : '')})` });
    return;
  }
  // A custom policy: the protocols it enables are its Protocol-* attributes set to true.
  let enabledOld: { protocol: Protocol; at: TemplateNode } | undefined;
  let decided = true;
  for (const [attribute, protocol] of CLASSIC_PROTOCOL_ATTRIBUTES) {
    const v = values.get(attribute)?.value;
    if (v?.kind === 'unknown') decided = false;
    else if (v?.kind === 'known' && String(v.value).toLowerCase() === 'true' && belowTls12(protocol)) enabledOld ??= { protocol, at: v.node };
  }
  if (enabledOld) ctx.report({ resource: balancer, at: enabledOld.at, path, message: `Classic Load Balancer listener accepts ${protocolName(enabledOld.protocol)} (its custom SSL negotiation policy enables it)` });
  else if (!decided) ctx.report({ resource: balancer, at: policy, path, undecided: true, message: `Cannot decide ${SUBJECT}: a protocol attribute of its SSL negotiation policy is known only at deploy time.` });
}

type Literal = { kind: 'known'; value: ScalarValue; node: TemplateNode } | { kind: 'unknown'; node: TemplateNode; reason: string } | { kind: 'absent' };

/** The value of `key` in a map (the last of its `!If` branches), or the first one computed at deploy time. */
function literal(ctx: RuleContext, map: MapNode, key: string): Literal {
  let known: Literal = { kind: 'absent' };
  for (const found of lookup(map, [key])) {
    if (found.kind === 'unknown') return found;
    if (found.kind !== 'found') continue;
    const v = valueOf(ctx, found.node);
    if (v.kind === 'unknown') return v;
    if (v.kind === 'known') known = v;
  }
  return known;
}

function valueOf(ctx: RuleContext, node: TemplateNode): Literal {
  let known: Literal = { kind: 'absent' };
  for (const o of ctx.scalarsOf(node, node)) {
    if (o.kind === 'unknown') return o;
    if (o.kind === 'known') known = o;
  }
  return known;
}

function isTls(value: ScalarValue, protocols: readonly string[]): boolean {
  return protocols.includes(String(value).toUpperCase());
}

/** 'ok' for a policy without protocols below TLS 1.2, the oldest protocol when it has some, 'unknown-name' when not in `table`. */
function judge(table: ReadonlyMap<string, Protocol>, name: ScalarValue): 'ok' | 'unknown-name' | Protocol {
  const oldest = table.get(String(name));
  if (oldest === undefined) return 'unknown-name';
  return belowTls12(oldest) ? oldest : 'ok';
}
