import { defineRule } from './rule';
import { couldBeWildcard, statementAllows, trustPolicyDocuments, trustedAwsPrincipals, unreadableDocument } from './support/iam';
import { hasCondition, statements } from './support/policy';

const SUBJECT = 'whether any AWS account can assume the role';

export const iamRoleTrustWildcard = defineRule({
  id: 'iam-role-trust-wildcard',
  control: 'ACCT-002',
  title: 'Role trust policies name who may assume the role',
  severity: 'error',
  rationale:
    'The SOP grants access by letting known identities assume IAM roles. A trust policy that allows the principal "*" with no condition lets any AWS account in the world call sts:AssumeRole on the role and receive its permissions.',
  remedy:
    'Replace "*" with the principals that need the role: an account (`arn:aws:iam::<account>:root`), a role ARN or a service. If the role must be open to many accounts, add a Condition that limits them, such as `aws:PrincipalOrgID` for your organization.',
  resourceTypes: ['AWS::IAM::Role', 'AWS::Serverless::Function'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html#cfn-iam-role-assumerolepolicydocument',
  checkResource(role, ctx) {
    for (const document of trustPolicyDocuments(ctx, role)) {
      const unreadable = unreadableDocument(document);
      if (unreadable) ctx.report({ resource: role, at: unreadable.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${unreadable.reason}.` });
      for (const statement of statements(ctx, document.node)) {
        if (hasCondition(statement)) continue;
        const principals = trustedAwsPrincipals(ctx, statement.principal);
        const everyone = principals.filter((p) => p.kind === 'everyone');
        const allows = statementAllows(ctx, statement);
        if (allows === false) continue;
        if (allows !== true) {
          if (everyone.length) ctx.report({ resource: role, at: allows.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${allows.reason}.` });
          continue;
        }
        for (const p of everyone) {
          ctx.report({ resource: role, at: p.node, path: document.path, message: 'Role trust policy lets any AWS account assume the role (Principal "*" with no Condition)' });
        }
        for (const p of principals) {
          if (p.kind === 'unknown' && couldBeWildcard(ctx, p)) {
            ctx.report({ resource: role, at: p.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${p.reason}.` });
          }
        }
      }
    }
  },
});
