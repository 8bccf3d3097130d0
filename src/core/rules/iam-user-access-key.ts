import type { Resource } from '../template/model';
import { defineRule, type RuleContext } from './rule';

export const iamUserAccessKey = defineRule({
  id: 'iam-user-access-key',
  control: 'ACCT-002',
  title: 'No IAM access keys: access uses federation and temporary credentials',
  severity: 'error',
  rationale:
    'The SOP has people reach customer accounts through a corporate identity provider and assumed roles, and workloads use IAM roles, so every credential is a short-lived STS credential. An IAM access key never expires, ends up in files, CI settings and laptops, and keeps working for whoever copies it.',
  remedy:
    'Remove the AWS::IAM::AccessKey. Give people federated access (IAM Identity Center or another identity provider) to an IAM role, and give workloads and pipelines a role to assume (an instance profile, a Lambda execution role, OIDC federation for CI), so they get temporary credentials from STS.',
  resourceTypes: ['AWS::IAM::AccessKey'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-accesskey.html',
  checkResource(key, ctx) {
    const user = userName(ctx, key);
    ctx.report({
      resource: key,
      at: { start: key.typeRange.start, end: key.typeRange.end },
      path: ['Type'],
      message: `IAM access key creates long-term credentials${user ? ` for user ${user}` : ''}`,
    });
  },
});

/** The user the key belongs to: the logical id of a user in the template, or a literal name. */
function userName(ctx: RuleContext, key: Resource): string | undefined {
  const lookup = ctx.property(key, 'UserName').find((l) => l.kind === 'found');
  if (lookup?.kind !== 'found') return undefined;
  const target = ctx.targetOf(lookup.node);
  if (target) return target.logicalId;
  const [only, ...rest] = ctx.scalarsOf(lookup.node, lookup.node);
  return rest.length === 0 && only?.kind === 'known' && typeof only.value === 'string' ? only.value : undefined;
}
