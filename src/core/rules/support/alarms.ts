/**
 * Which CloudWatch alarms of a template watch which workload. An alarm watches a resource when one of its
 * metric dimensions (`Dimensions`, or `Metrics[].MetricStat.Metric.Dimensions` for metric-math alarms)
 * has the value CloudWatch publishes the resource's metrics under: a reference that yields that value, or
 * the same literal name (or the same parameter) the resource is named with.
 */
import { branches } from '../../template/evaluate';
import { type Resource, type ResourceReference, type TemplateNode, child } from '../../template/model';
import type { RuleContext } from '../rule';

export interface Workload {
  /** "Lambda function", for messages. */
  readonly label: string;
  /** The attribute whose value is the dimension value: undefined for `Ref` / `${X}`. */
  readonly dimensionAttribute: string | undefined;
  /** How an alarm should name it, for messages. */
  readonly dimensionHint: (id: string) => string;
  /** The property holding the name CloudWatch uses, when a literal name can stand for the resource. */
  readonly nameProperty: string | undefined;
}

export const WORKLOADS: Readonly<Record<string, Workload>> = {
  'AWS::AutoScaling::AutoScalingGroup': {
    label: 'Auto Scaling group',
    dimensionAttribute: undefined,
    dimensionHint: (id) => `AutoScalingGroupName: !Ref ${id}`,
    nameProperty: 'AutoScalingGroupName',
  },
  'AWS::ECS::Service': {
    label: 'ECS service',
    dimensionAttribute: 'Name',
    dimensionHint: (id) => `ServiceName: !GetAtt ${id}.Name, with ClusterName`,
    nameProperty: 'ServiceName',
  },
  'AWS::Lambda::Function': {
    label: 'Lambda function',
    dimensionAttribute: undefined,
    dimensionHint: (id) => `FunctionName: !Ref ${id}`,
    nameProperty: 'FunctionName',
  },
  'AWS::Serverless::Function': {
    label: 'Lambda function',
    dimensionAttribute: undefined,
    dimensionHint: (id) => `FunctionName: !Ref ${id}`,
    nameProperty: 'FunctionName',
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    label: 'load balancer',
    dimensionAttribute: 'LoadBalancerFullName',
    dimensionHint: (id) => `LoadBalancer: !GetAtt ${id}.LoadBalancerFullName`,
    // The dimension value is "app/<name>/<id>": a literal name alone never matches it.
    nameProperty: undefined,
  },
  'AWS::ElasticLoadBalancing::LoadBalancer': {
    label: 'Classic Load Balancer',
    dimensionAttribute: undefined,
    dimensionHint: (id) => `LoadBalancerName: !Ref ${id}`,
    nameProperty: 'LoadBalancerName',
  },
};

export const ALARM = 'AWS::CloudWatch::Alarm';

/** References from an alarm's metric dimension values to `resource`. */
export function dimensionReferences(ctx: RuleContext, resource: Resource): ResourceReference[] {
  return ctx.template.referencesTo(resource.logicalId).filter((r) => r.from.type === ALARM && isDimensionValue(r.path));
}

function isDimensionValue(path: readonly (string | number)[]): boolean {
  const dimensions = path.indexOf('Dimensions');
  return dimensions >= 0 && path.indexOf('Value', dimensions) > dimensions;
}

/** The alarms naming `resource` in a dimension by the same literal name, or by the same parameter, as the resource is named. */
export function alarmsNamingByValue(ctx: RuleContext, resource: Resource, nameProperty: string): Resource[] {
  const keys = nameKeys(ctx, child(resource.properties, nameProperty));
  if (keys.size === 0) return [];
  return ctx.resourcesOfType(ALARM).filter((alarm) => dimensionValueNodes(alarm).some((value) => [...nameKeys(ctx, value)].some((k) => keys.has(k))));
}

/** Literal values (parameter defaults resolved) as `=value`, and parameters without a Default as `param:Name`. */
function nameKeys(ctx: RuleContext, node: TemplateNode | undefined): Set<string> {
  const keys = new Set<string>();
  if (!node) return keys;
  for (const outcome of ctx.scalarsOf(node, node)) {
    if (outcome.kind === 'known' && outcome.value !== null && String(outcome.value) !== '') keys.add('=' + String(outcome.value));
    else if (outcome.kind === 'unknown' && outcome.node.kind === 'intrinsic' && outcome.node.name === 'Ref' && outcome.node.argument.kind === 'scalar') {
      const name = String(outcome.node.argument.value);
      if (ctx.template.parameters.has(name)) keys.add('param:' + name);
    }
  }
  return keys;
}

function dimensionValueNodes(alarm: Resource): TemplateNode[] {
  const out: TemplateNode[] = [];
  const fromDimensions = (dimensions: TemplateNode | undefined): void => {
    for (const list of branches(dimensions)) {
      if (list?.kind !== 'seq') continue;
      for (const item of list.items) for (const d of branches(item)) {
        const value = child(d, 'Value');
        if (value) out.push(value);
      }
    }
  };
  fromDimensions(child(alarm.properties, 'Dimensions'));
  for (const metrics of branches(child(alarm.properties, 'Metrics'))) {
    if (metrics?.kind !== 'seq') continue;
    for (const m of metrics.items) fromDimensions(child(child(child(m, 'MetricStat'), 'Metric'), 'Dimensions'));
  }
  return out;
}

/**
 * The target-tracking scaling policies that scale `resource`. Each creates its own CloudWatch alarms, which
 * drive scaling and notify no one.
 */
export function targetTrackingPolicies(ctx: RuleContext, resource: Resource): Resource[] {
  const refersToResource = (node: TemplateNode | undefined): boolean => refersTo(ctx, node, resource.logicalId);
  const ec2 = ctx.resourcesOfType('AWS::AutoScaling::ScalingPolicy').filter((p) => {
    const type = ctx.scalars(p, 'PolicyType');
    const tracking = child(p.properties, 'TargetTrackingConfiguration') !== undefined || type.some((o) => o.kind === 'known' && o.value === 'TargetTrackingScaling');
    return tracking && refersToResource(child(p.properties, 'AutoScalingGroupName'));
  });
  const app = ctx.resourcesOfType('AWS::ApplicationAutoScaling::ScalingPolicy').filter((p) => {
    if (child(p.properties, 'TargetTrackingScalingPolicyConfiguration') === undefined) return false;
    if (refersToResource(child(p.properties, 'ResourceId'))) return true;
    const target = ctx.targetOf(child(p.properties, 'ScalingTargetId'));
    return target?.type === 'AWS::ApplicationAutoScaling::ScalableTarget' && refersToResource(child(target.properties, 'ResourceId'));
  });
  return [...ec2, ...app];
}

function refersTo(ctx: RuleContext, node: TemplateNode | undefined, id: string): boolean {
  if (!node) return false;
  return ctx.template.referencesTo(id).some((r) => contains(node, r.node));
}

function contains(root: TemplateNode, target: TemplateNode): boolean {
  if (root === target) return true;
  if (root.kind === 'map') return root.entries.some((e) => contains(e.value, target));
  if (root.kind === 'seq') return root.items.some((i) => contains(i, target));
  if (root.kind === 'intrinsic') return contains(root.argument, target);
  return false;
}
