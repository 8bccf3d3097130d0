import type { Lookup } from '../template/evaluate';
import { type Resource, entry } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { type Unknown, because, existsWhenever } from './support/network';

/** How far a flow log covers a VPC: in every deployment, in some of them, or not at all. */
type Coverage = { readonly kind: 'always' } | { readonly kind: 'never' } | ({ readonly kind: 'sometimes' } & Unknown);

export const vpcFlowLogs = defineRule({
  id: 'vpc-flow-logs',
  control: 'NETSEC-001',
  title: 'Every VPC has a flow log',
  severity: 'warning',
  rationale:
    'NETSEC-001 asks that VPC traffic be recorded so that it can be investigated. Without a flow log there is no record of which addresses talked to the VPC\'s network interfaces, accepted or rejected. The rule looks for an AWS::EC2::FlowLog in the same template whose ResourceType is VPC and whose ResourceId refers to the VPC (Ref, !GetAtt Vpc.VpcId or !Sub "${Vpc}"); flow logs on single subnets or interfaces do not cover the whole VPC. It is a warning, not an error, because a flow log created by another stack cannot be seen from this template: suppress the finding with that reason if so.',
  remedy:
    'Add an AWS::EC2::FlowLog with ResourceType: VPC, ResourceId: !Ref <the VPC>, TrafficType: ALL and a destination: a CloudWatch Logs group (LogGroupName and DeliverLogsPermissionArn, a role that vpc-flow-logs.amazonaws.com can assume) or an S3 bucket (LogDestinationType: s3, LogDestination: the bucket ARN). No automatic fix is offered because the destination, its retention and its permissions are choices for the account owner.',
  resourceTypes: ['AWS::EC2::VPC'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-flowlog.html',
  checkResource(vpc, ctx) {
    let partial: (Unknown & { flowLog: Resource }) | undefined;
    for (const flowLog of ctx.resourcesOfType('AWS::EC2::FlowLog')) {
      const coverage = coverageOf(ctx, flowLog, vpc);
      if (coverage.kind === 'always') return;
      if (coverage.kind === 'sometimes') partial ??= { ...coverage, flowLog };
    }
    if (partial) {
      ctx.report({
        resource: vpc,
        at: partial.node,
        undecided: true,
        message: `Cannot decide whether VPC ${vpc.logicalId} has a flow log in every deployment: flow log ${partial.flowLog.logicalId} ${partial.reason}.`,
      });
      return;
    }
    ctx.report({ resource: vpc, at: { start: vpc.typeRange.start, end: vpc.typeRange.end }, message: 'VPC has no flow log (no AWS::EC2::FlowLog with ResourceType VPC refers to it in this template)' });
  },
});

function coverageOf(ctx: RuleContext, flowLog: Resource, vpc: Resource): Coverage {
  const ids = ctx.property(flowLog, 'ResourceId');
  const namesVpc = ids.filter((id): id is Extract<Lookup, { kind: 'found' }> => id.kind === 'found' && ctx.targetOf(id.node) === vpc);
  if (namesVpc.length === 0) return { kind: 'never' };
  if (namesVpc.length < ids.length) {
    const value = (flowLog.properties && entry(flowLog.properties, 'ResourceId')?.value) ?? namesVpc[0].node;
    return { kind: 'sometimes', node: value, reason: 'refers to it in only some branches of its !If' };
  }
  const types = ctx.scalars(flowLog, 'ResourceType');
  const unknownType = types.find((t) => t.kind === 'unknown');
  if (unknownType?.kind === 'unknown') return { kind: 'sometimes', node: unknownType.node, reason: `has a ResourceType that cannot be known: ${because('it', unknownType.reason)}` };
  const vpcTypes = types.filter((t) => t.kind === 'known' && t.value === 'VPC');
  if (vpcTypes.length === 0) return { kind: 'never' };
  const other = types.find((t) => !vpcTypes.includes(t));
  if (other) return { kind: 'sometimes', node: other.node, reason: 'has ResourceType VPC in only some branches of its !If' };
  if (!existsWhenever(flowLog, vpc)) {
    const condition = entry(flowLog.node, 'Condition')?.value ?? { kind: 'scalar' as const, value: null, range: flowLog.logicalIdRange };
    return { kind: 'sometimes', node: condition, reason: `exists only when condition ${flowLog.condition} is true` };
  }
  return { kind: 'always' };
}
