import { addEntry, replaceNode } from '../fix/edits';
import { type MapNode, entry } from '../template/model';
import { type Fix, type RuleContext, defineRule } from './rule';
import { grantsAssumeRole, requiresMfaOrExternalId, statementAllows, trustPolicyDocuments, trustedAwsPrincipals, unreadableDocument } from './support/iam';
import { type PolicyStatement, statements } from './support/policy';

const SUBJECT = 'whether another account can assume the role without MFA or an external ID';
const MFA_KEY = 'aws:MultiFactorAuthPresent';

export const iamRoleCrossAccountMfa = defineRule({
  id: 'iam-role-cross-account-mfa',
  control: 'ACCT-002',
  title: 'Cross-account role trust requires MFA or an external ID',
  severity: 'warning',
  rationale:
    'The SOP requires MFA to reach customer accounts with more complex security topologies, and gives third parties access only through roles they assume. A role that trusts another account with no condition can be assumed by any identity that account lets call sts:AssumeRole, including long-term access keys and, for a vendor, other customers of the vendor (the confused deputy).',
  remedy:
    'Add a Condition to the trust statement: `Bool: { aws:MultiFactorAuthPresent: "true" }` for people, or `StringEquals: { sts:ExternalId: <id agreed with the third party> }` for a vendor or automation in another account.',
  resourceTypes: ['AWS::IAM::Role', 'AWS::Serverless::Function'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html#cfn-iam-role-assumerolepolicydocument',
  checkResource(role, ctx) {
    for (const document of trustPolicyDocuments(ctx, role)) {
      const unreadable = unreadableDocument(document);
      if (unreadable) ctx.report({ resource: role, at: unreadable.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${unreadable.reason}.` });
      for (const statement of statements(ctx, document.node)) {
        const principals = trustedAwsPrincipals(ctx, statement.principal).filter((p) => p.kind === 'account' || p.kind === 'unknown');
        if (principals.length === 0 || !grantsAssumeRole(ctx, statement)) continue;
        const allows = statementAllows(ctx, statement);
        if (allows === false) continue;
        const protection = requiresMfaOrExternalId(ctx, statement.condition);
        if (protection.kind === 'yes') continue;
        const undecided = allows !== true ? allows : protection.kind === 'maybe' ? protection : undefined;
        if (undecided) {
          ctx.report({ resource: role, at: undecided.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${undecided.reason}.` });
          continue;
        }
        for (const p of principals) {
          if (p.kind === 'account') {
            ctx.report({ resource: role, at: p.node, path: document.path, message: `Role trusts account ${p.account} without requiring MFA or an external ID`, fix: () => requireMfa(ctx, statement) });
          } else if (p.kind === 'unknown') {
            ctx.report({ resource: role, at: p.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${p.reason}.` });
          }
        }
      }
    }
  },
});

/** Adds `Bool: { aws:MultiFactorAuthPresent: "true" }` to the statement's Condition (creating it if needed). */
function requireMfa(ctx: RuleContext, statement: PolicyStatement): Fix | undefined {
  const title = 'Require MFA to assume the role (aws:MultiFactorAuthPresent)';
  const condition = entry(statement.node, 'Condition');
  if (!condition) return { title, edits: [addEntry(ctx.template, statement.node, 'Condition', { Bool: { [MFA_KEY]: 'true' } })] };
  if (!nonEmptyMap(condition.value)) return undefined;
  const bool = entry(condition.value, 'Bool');
  if (!bool) return { title, edits: [addEntry(ctx.template, condition.value, 'Bool', { [MFA_KEY]: 'true' })] };
  if (!nonEmptyMap(bool.value)) return undefined;
  const existing = bool.value.entries.find((e) => e.key.toLowerCase() === MFA_KEY.toLowerCase());
  if (existing) return existing.value.kind === 'scalar' ? { title, edits: [replaceNode(ctx.template, existing.value, 'true')] } : undefined;
  return { title, edits: [addEntry(ctx.template, bool.value, MFA_KEY, 'true')] };
}

function nonEmptyMap(node: { kind: string }): node is MapNode {
  return node.kind === 'map' && (node as MapNode).entries.length > 0;
}
