import type { MapNode, Resource, TemplateNode } from '../template/model';
import { type Lookup, type ScalarOutcome, lookup } from '../template/evaluate';
import { type RuleContext, defineRule } from './rule';
import { type Unknown, because, describePorts, isVpcAddressRange, isWholeInternet, itemMapsAt, parsePorts, portsInRange, protocolReach } from './support/network';

/** The admin ports one ingress rule opens, over every `!If` combination; or why that cannot be known. */
type Opened = { readonly ports: number[]; readonly allTraffic: boolean; readonly unknown?: Unknown };

export const sgAdminPortOpen = defineRule({
  id: 'sg-admin-port-open',
  control: 'NETSEC-001',
  title: 'Security groups do not open SSH or RDP to the internet',
  severity: 'error',
  rationale:
    'NETSEC-001 asks VPCs to expose as little as possible, and DOC-001 says outside systems reach the workload only through the keyed SSH bastion. An ingress rule that opens SSH (22) or RDP (3389) to 0.0.0.0/0 or ::/0 lets every host on the internet try credentials and exploits against the administrative service. A rule with IpProtocol -1 opens every port, these included. A parameter whose Default is 0.0.0.0/0 counts: that is what a deployment gets unless someone overrides it.',
  remedy:
    'Restrict the rule to the bastion\'s or the corporate VPN\'s CIDR (or a prefix list or source security group), or remove it and reach instances through AWS Systems Manager Session Manager.',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-securitygroup-ingress.html',
  options: {
    ports: { description: 'Comma-separated TCP ports treated as administrative.', default: '22,3389' },
  },
  checkResource(resource, ctx) {
    const ports = adminPorts(ctx.options.ports ?? '22,3389');
    if (ports.length === 0) return;
    if (resource.type === 'AWS::EC2::SecurityGroupIngress') {
      if (resource.properties) checkIngress(ctx, resource, resource.properties, ['Properties'], ports);
      return;
    }
    const { maps, unknown } = itemMapsAt(ctx, resource, 'SecurityGroupIngress');
    maps.forEach((rule) => checkIngress(ctx, resource, rule, ['Properties', 'SecurityGroupIngress'], ports));
    for (const u of unknown) {
      ctx.report({ resource, at: u.node, path: ['Properties', 'SecurityGroupIngress'], undecided: true, message: `Cannot decide whether an ingress rule opens ${describePorts(ports)} to the internet: ${because('the rule', u.reason)}.` });
    }
  },
});

function checkIngress(ctx: RuleContext, resource: Resource, rule: MapNode, path: readonly (string | number)[], ports: readonly number[]): void {
  const opened = openedPorts(ctx, rule, ports);
  if (opened.ports.length === 0 && !opened.unknown) return;
  const subject = `whether the rule opens ${describePorts(opened.ports.length > 0 ? opened.ports : ports)} to the internet`;
  for (const key of ['CidrIp', 'CidrIpv6']) {
    const cidrPath = [...path, key];
    const undecided = (at: TemplateNode, message: string): void => ctx.report({ resource, at, path: cidrPath, undecided: true, message });
    for (const found of lookup(rule, [key])) {
      if (found.kind === 'absent') continue;
      if (found.kind === 'unknown') {
        undecided(found.node, `Cannot decide ${subject}: ${because('the CIDR', found.reason)}.`);
        continue;
      }
      if (isVpcAddressRange(ctx, found.node)) continue;
      for (const outcome of ctx.scalarsOf(found.node, found.node)) {
        if (outcome.kind === 'unknown') {
          undecided(outcome.node, `Cannot decide ${subject}: ${because('the CIDR', outcome.reason)}.`);
          continue;
        }
        if (outcome.kind !== 'known' || !isWholeInternet(outcome.value)) continue;
        const cidr = String(outcome.value);
        if (opened.ports.length === 0 && opened.unknown) {
          undecided(opened.unknown.node, `Cannot decide ${subject} (${cidr}): ${opened.unknown.reason}.`);
          continue;
        }
        const param = outcome.node.kind === 'intrinsic' && outcome.node.argument.kind === 'scalar' ? String(outcome.node.argument.value) : undefined;
        const where = param ? `${cidr}, the Default of parameter ${param}` : cidr;
        const message = opened.allTraffic
          ? `Security group rule allows all traffic, including ${describePorts(opened.ports)}, from the internet (${where})`
          : `Security group rule opens ${describePorts(opened.ports)} to the internet (${where})`;
        ctx.report({ resource, at: outcome.node, path: cidrPath, message });
      }
    }
  }
}

/** The configured admin ports, parsed once per setting rather than once per security group. */
const parsedPorts = new Map<string | number | boolean, readonly number[]>();
function adminPorts(setting: string | number | boolean): readonly number[] {
  let ports = parsedPorts.get(setting);
  if (!ports) {
    if (parsedPorts.size > 16) parsedPorts.clear();
    ports = parsePorts(setting);
    parsedPorts.set(setting, ports);
  }
  return ports;
}

/** Which of `ports` the rule opens over TCP, through every branch of `!If` on protocol and ports. */
function openedPorts(ctx: RuleContext, rule: MapNode, ports: readonly number[]): Opened {
  const opened = new Set<number>();
  let allTraffic = false;
  let unknown: Unknown | undefined;
  // A loop, not flatMap: this runs for every ingress rule of every security group.
  const scalars = (key: string) => {
    const out: (ScalarOutcome | Extract<Lookup, { kind: 'unknown' }>)[] = [];
    for (const found of lookup(rule, [key])) {
      if (found.kind === 'found') out.push(...ctx.scalarsOf(found.node, found.node));
      else if (found.kind === 'unknown') out.push(found);
      else out.push({ kind: 'absent', node: rule });
    }
    return out;
  };
  for (const protocol of scalars('IpProtocol')) {
    if (protocol.kind === 'unknown') {
      unknown ??= { node: protocol.node, reason: because('IpProtocol', protocol.reason) };
      continue;
    }
    if (protocol.kind !== 'known') continue;
    const reach = protocolReach(protocol.value);
    if (reach === 'all') {
      allTraffic = true;
      ports.forEach((p) => opened.add(p));
    }
    if (reach !== 'tcp') continue;
    for (const from of scalars('FromPort')) {
      for (const to of scalars('ToPort')) {
        const bound = [from, to].find((o) => o.kind === 'unknown');
        if (bound?.kind === 'unknown') {
          unknown ??= { node: bound.node, reason: because('the port range', bound.reason) };
          continue;
        }
        if (from.kind !== 'known' || to.kind !== 'known') continue;
        portsInRange(from.value, to.value, ports).forEach((p) => opened.add(p));
      }
    }
  }
  return { ports: ports.filter((p) => opened.has(p)), allTraffic, unknown };
}
