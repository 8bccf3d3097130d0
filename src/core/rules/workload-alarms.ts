import { defineRule } from './rule';
import { WORKLOADS, alarmsNamingByValue, dimensionReferences, targetTrackingPolicies } from './support/alarms';

/**
 * Every workload resource is watched by at least one `AWS::CloudWatch::Alarm` of the template.
 *
 * - Watching means a metric dimension value (plain or metric-math alarm) that CloudWatch publishes the
 *   resource's metrics under: `!Ref` for Auto Scaling groups, Lambda functions and Classic Load Balancers,
 *   `!GetAtt X.Name` for ECS services, `!GetAtt X.LoadBalancerFullName` for Application/Network Load
 *   Balancers (directly or inside `!Sub`/`!Join`), or the same literal name or parameter the resource is
 *   named with. A reference that yields something else (`!Ref` of an ECS service or ALB is its ARN) does not
 *   watch it: such an alarm never receives data, and the message says so.
 * - Composite alarms combine other alarms and watch nothing directly.
 * - Target-tracking scaling policies create alarms of their own. By default they do not count: they exist
 *   to scale, carry no notification actions and must not be edited, so nobody hears when the workload is
 *   unhealthy. Option `countTargetTracking` makes them count (the SOP cites such an alarm as evidence).
 */
export const workloadAlarms = defineRule({
  id: 'workload-alarms',
  control: 'OPE-001',
  title: 'Workloads have a CloudWatch alarm on their health metrics',
  severity: 'warning',
  rationale:
    'OPE-001 asks for workload health KPIs with alarm thresholds defined in CloudFormation, so that administrators are notified when a workload misbehaves. A compute or load-balancing resource without an alarm fails silently.',
  remedy:
    'Add an `AWS::CloudWatch::Alarm` on a health metric of the resource (errors, throttles, CPU, unhealthy hosts, 5XX responses...) whose Dimensions name it as CloudWatch does, e.g. `FunctionName: !Ref MyFunction` or `LoadBalancer: !GetAtt MyAlb.LoadBalancerFullName`, and send its AlarmActions to an SNS topic the administrators subscribe to. AWS lists recommended alarms per service: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html',
  resourceTypes: Object.keys(WORKLOADS),
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html#cfn-cloudwatch-alarm-dimensions',
  options: {
    countTargetTracking: {
      description: 'Count the alarms that a target-tracking scaling policy creates for the resource as watching it.',
      default: false,
    },
  },
  checkResource(resource, ctx) {
    const workload = WORKLOADS[resource.type];
    const references = dimensionReferences(ctx, resource);
    if (references.some((r) => r.attribute === workload.dimensionAttribute)) return;
    if (workload.nameProperty && alarmsNamingByValue(ctx, resource, workload.nameProperty).length > 0) return;
    const tracking = targetTrackingPolicies(ctx, resource);
    if (ctx.options.countTargetTracking === true && tracking.length > 0) return;

    const details: string[] = [];
    const wrong = references[0];
    if (wrong) {
      const how = wrong.attribute ? `!GetAtt ${resource.logicalId}.${wrong.attribute}` : `!Ref ${resource.logicalId}`;
      details.push(`alarm ${wrong.from.logicalId} names it with ${how}, which is not the value CloudWatch publishes its metrics under (use ${workload.dimensionHint(resource.logicalId)})`);
    }
    if (tracking.length > 0) {
      details.push(`the alarms of target-tracking policy ${tracking.map((p) => p.logicalId).join(', ')} only scale it and notify no one`);
    }
    const label = workload.label[0].toUpperCase() + workload.label.slice(1);
    ctx.report({
      resource,
      at: resource.typeRange,
      message: `${label} has no CloudWatch alarm watching it${details.length ? ': ' + details.join('; ') : ''}`,
    });
  },
});
