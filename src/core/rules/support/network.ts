/**
 * Shared logic of the network and encryption rules (NETSEC-001, NETSEC-002): list items through `!If`,
 * nested "property must be X" checks, port ranges and CIDRs, load balancer and flow log links.
 */
import { type Lookup, branches, describeUnknown, lookup } from '../../template/evaluate';
import type { MapNode, Resource, ScalarValue, TemplateNode } from '../../template/model';
import { referenceTarget } from '../../template/references';
import type { RuleContext } from '../rule';
import { type PropertyExpectation, expectProperty } from './expect';

/**
 * Puts a reason from `describeUnknown` ("it comes from parameter P, which has no Default") after the
 * thing it is about: "the Protocol comes from parameter P, which has no Default".
 */
export function because(subject: string, reason: string): string {
  if (reason.startsWith('it ')) return `${subject} ${reason.slice(3)}`;
  if (reason.startsWith('its value ')) return `${subject} ${reason.slice('its value '.length)}`;
  if (reason.startsWith('a list or map')) return `${subject} is ${reason}`;
  return `${subject}: ${reason}`;
}

export interface Unknown {
  readonly node: TemplateNode;
  readonly reason: string;
}

/**
 * The maps a list holds, through `!If` on the list and on each item (`Ref AWS::NoValue` drops an item).
 * An item or list computed at deploy time is returned in `unknown`.
 */
export function itemMaps(value: TemplateNode | undefined): { maps: MapNode[]; unknown: Unknown[] } {
  const maps: MapNode[] = [];
  const unknown: Unknown[] = [];
  for (const list of branches(value)) {
    if (list === undefined) continue;
    if (list.kind !== 'seq') {
      if (list.kind === 'intrinsic') unknown.push({ node: list, reason: describeUnknown(list) });
      continue;
    }
    for (const item of list.items) {
      for (const b of branches(item)) {
        if (b?.kind === 'map') maps.push(b);
        else if (b?.kind === 'intrinsic') unknown.push({ node: b, reason: describeUnknown(b) });
      }
    }
  }
  return { maps, unknown };
}

/** The maps found at `resource.Properties.<path>` when it is a list, as `itemMaps` gives them. */
export function itemMapsAt(ctx: RuleContext, resource: Resource, ...path: string[]): { maps: MapNode[]; unknown: Unknown[] } {
  const maps: MapNode[] = [];
  const unknown: Unknown[] = [];
  for (const found of ctx.property(resource, ...path)) {
    if (found.kind === 'unknown') unknown.push({ node: found.node, reason: found.reason });
    if (found.kind !== 'found') continue;
    const items = itemMaps(found.node);
    maps.push(...items.maps);
    unknown.push(...items.unknown);
  }
  return { maps, unknown };
}

/** The maps a property of a nested map holds (through `!If`), e.g. the `Ebs` of a block device mapping. */
export function mapsIn(start: MapNode, ...path: string[]): MapNode[] {
  const out: MapNode[] = [];
  for (const found of lookup(start, path)) if (found.kind === 'found' && found.node.kind === 'map') out.push(found.node);
  return out;
}

/**
 * `expectProperty` for a map nested in a resource (a list item, say), where the path from `Properties` is
 * not a fixed list of keys. `reportPath` is the path shown in the finding.
 */
export function expectAt(
  ctx: RuleContext,
  resource: Resource,
  start: MapNode,
  e: PropertyExpectation & { readonly reportPath: readonly (string | number)[] },
): void {
  expectProperty(ctx, resource, e, { start, reportPath: e.reportPath });
}

/** Whether a string property is set to something non-empty: yes, no (absent or ""), or unknown. */
export type Presence =
  | { readonly kind: 'set' }
  | { readonly kind: 'unset'; readonly at: Extract<Lookup, { kind: 'absent' }> | TemplateNode }
  | ({ readonly kind: 'unknown' } & Unknown);

/**
 * Each deployment's answer to "is this string property set?". A `Ref` to a resource and a value built by
 * `!Sub`, `!GetAtt`, `!Join` or `!ImportValue` count as set (they are not empty in practice); a `Ref` to a
 * parameter is read through its Default, and is unknown without one.
 */
export function presenceOf(ctx: RuleContext, start: MapNode, path: readonly string[]): Presence[] {
  const out: Presence[] = [];
  for (const found of lookup(start, path)) {
    if (found.kind === 'absent') out.push({ kind: 'unset', at: found });
    else if (found.kind === 'unknown') out.push({ kind: 'unknown', node: found.node, reason: found.reason });
    else {
      for (const outcome of ctx.scalarsOf(found.node, found.node)) {
        if (outcome.kind === 'known') out.push(outcome.value === null || outcome.value === '' ? { kind: 'unset', at: outcome.node } : { kind: 'set' });
        else if (outcome.kind === 'absent') out.push({ kind: 'unset', at: outcome.node });
        else if (isParameterRef(ctx, outcome.node)) out.push({ kind: 'unknown', node: outcome.node, reason: outcome.reason });
        else out.push({ kind: 'set' });
      }
    }
  }
  return out;
}

function isParameterRef(ctx: RuleContext, node: TemplateNode): boolean {
  return node.kind === 'intrinsic' && node.name === 'Ref' && node.argument.kind === 'scalar' && ctx.template.parameters.has(String(node.argument.value));
}

// ---------------------------------------------------------------------------------------------------------
// Ports and CIDRs
// ---------------------------------------------------------------------------------------------------------

export const PORT_NAMES: Readonly<Record<number, string>> = { 22: 'SSH', 3389: 'RDP' };

/** "22, 3389" → [22, 3389]; anything that is not a port number is ignored. */
export function parsePorts(list: string | number | boolean): number[] {
  return String(list)
    .split(/[\s,]+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number)
    .filter((p) => p >= 0 && p <= 65535);
}

export function describePorts(ports: readonly number[]): string {
  const names = ports.map((p) => (PORT_NAMES[p] ? `${PORT_NAMES[p]} (${p})` : `port ${p}`));
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The TCP ports of `ports` a rule's range opens. `-1` (which EC2 uses for "all") opens the range at that
 * end; a missing or non-numeric bound opens nothing, because EC2 rejects a TCP rule without both ports.
 */
export function portsInRange(from: ScalarValue, to: ScalarValue, ports: readonly number[]): number[] {
  const lo = asPort(from);
  const hi = asPort(to);
  if (lo === undefined || hi === undefined) return [];
  const start = lo === -1 ? 0 : lo;
  const end = hi === -1 ? 65535 : hi;
  return ports.filter((p) => p >= start && p <= end);
}

function asPort(value: ScalarValue): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export type ProtocolReach = 'tcp' | 'all' | 'other';

/** What an `IpProtocol` reaches: TCP ports, every protocol and port (`-1`), or neither. */
export function protocolReach(value: ScalarValue): ProtocolReach {
  const p = String(value).trim().toLowerCase();
  if (p === 'tcp' || p === '6') return 'tcp';
  if (p === '-1') return 'all';
  return 'other';
}

/** A CIDR with prefix length 0 (`0.0.0.0/0`, `::/0`) covers every address on the internet. */
export function isWholeInternet(value: ScalarValue): boolean {
  return typeof value === 'string' && /\/0+$/.test(value.trim());
}

const VPC_ADDRESS_TYPES = new Set(['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::VPCCidrBlock']);

/**
 * A CIDR taken from a VPC or subnet of this template (`!GetAtt Vpc.CidrBlock`, `!Select [0, !GetAtt
 * Vpc.Ipv6CidrBlocks]`, `!Cidr [...]` over one): VPC and subnet blocks are never /0, so it is not the internet.
 */
export function isVpcAddressRange(ctx: RuleContext, node: TemplateNode): boolean {
  if (node.kind !== 'intrinsic') return false;
  const targets = referenceTarget(node);
  if (targets.length > 0) return targets.every((t) => VPC_ADDRESS_TYPES.has(ctx.template.resourceById.get(t.id)?.type ?? ''));
  if (node.name !== 'Fn::Select' && node.name !== 'Fn::Cidr') return false;
  const arg = node.argument;
  if (arg.kind !== 'seq') return false;
  const source = node.name === 'Fn::Select' ? arg.items[1] : arg.items[0];
  return source !== undefined && isVpcAddressRange(ctx, source);
}

// ---------------------------------------------------------------------------------------------------------
// Load balancers
// ---------------------------------------------------------------------------------------------------------

export type Reach = { readonly kind: 'yes'; readonly lb: Resource } | { readonly kind: 'no' } | ({ readonly kind: 'unknown' } & Unknown);

/**
 * Whether a listener's load balancer is internet-facing, for each deployment: the listener's
 * `LoadBalancerArn` must name an `AWS::ElasticLoadBalancingV2::LoadBalancer` of this template, whose
 * `Scheme` defaults to `internet-facing`.
 */
export function listenerReach(ctx: RuleContext, listener: Resource): Reach[] {
  const out: Reach[] = [];
  for (const found of ctx.property(listener, 'LoadBalancerArn')) {
    if (found.kind === 'absent') continue;
    if (found.kind === 'unknown') {
      out.push({ kind: 'unknown', node: found.node, reason: because('its LoadBalancerArn', found.reason) });
      continue;
    }
    for (const b of branches(found.node)) {
      if (b === undefined) continue;
      const lb = ctx.targetOf(b);
      if (lb?.type !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
        out.push({ kind: 'unknown', node: b, reason: 'its load balancer is not defined in this template' });
        continue;
      }
      for (const scheme of ctx.scalars(lb, 'Scheme')) {
        if (scheme.kind === 'unknown') out.push({ kind: 'unknown', node: scheme.node, reason: because(`the Scheme of load balancer ${lb.logicalId}`, scheme.reason) });
        else if (scheme.kind === 'absent' || String(scheme.value) === 'internet-facing') out.push({ kind: 'yes', lb });
        else out.push({ kind: 'no' });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Resource conditions
// ---------------------------------------------------------------------------------------------------------

/**
 * Whether `dependent` exists in every deployment where `owner` does: it has no `Condition`, or the same
 * one as `owner`.
 */
export function existsWhenever(dependent: Resource, owner: Resource): boolean {
  return dependent.condition === undefined || dependent.condition === owner.condition;
}
