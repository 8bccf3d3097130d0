import { defineRule } from './rule';
import { SAM_ROLE_TYPES, attachedAwsManagedPolicies } from './support/iam';

export const iamAwsManagedPolicy = defineRule({
  id: 'iam-aws-managed-policy',
  control: 'SEC-IAM',
  title: 'Roles, users and groups use custom policies, not AWS managed policies',
  severity: 'warning',
  rationale:
    'The security guide asks for custom policies with only the permissions a task needs. AWS managed policies are written to cover common use cases for every customer, so they grant more actions, on more resources, than one workload needs (AmazonDynamoDBFullAccess reaches every table in the account), and AWS can widen them at any time.',
  remedy:
    'Replace the AWS managed policy with an inline or customer managed policy that lists only the actions the role uses, on the ARNs of its own resources. In SAM, use a policy template scoped to one resource (e.g. `DynamoDBCrudPolicy: { TableName: !Ref Table }`) or an inline statement; to drop the policies SAM adds by itself, give the function your own `Role`.',
  resourceTypes: ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', ...SAM_ROLE_TYPES],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html#cfn-iam-role-managedpolicyarns',
  checkResource(resource, ctx) {
    for (const policy of attachedAwsManagedPolicies(ctx, resource)) {
      if (policy.kind === 'unknown') {
        ctx.report({ resource, at: policy.node, path: policy.path, undecided: true, message: `Cannot decide whether an AWS managed policy is attached: ${policy.reason}.` });
      } else {
        const why = policy.implicit ? ` (${policy.implicit})` : '';
        ctx.report({ resource, at: policy.at, path: policy.path, message: `AWS managed policy ${policy.name} is attached${why}` });
      }
    }
  },
});
