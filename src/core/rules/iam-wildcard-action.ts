import { type TemplateNode, entry } from '../template/model';
import { defineRule } from './rule';
import { isWildcardAction } from './support/iam-actions';
import { IDENTITY_POLICY_TYPES, couldBeWildcard, fieldValues, identityPolicyDocuments, isUnknownValue, statementAllows, unreadableDocument } from './support/iam';
import { statements } from './support/policy';

const SUBJECT = 'whether the policy allows every action';

export const iamWildcardAction = defineRule({
  id: 'iam-wildcard-action',
  control: 'SEC-IAM',
  title: 'Identity policies name the actions they allow',
  severity: 'error',
  rationale:
    'The security guide asks for least privilege. `"Action": "*"` makes the identity an administrator, and `"s3:*"` grants every action of the service, including deleting data and rewriting its policies; an Allow with `NotAction` grants every action except a few, including those AWS adds later.',
  remedy: 'List the actions the task needs (e.g. `s3:GetObject`, `s3:PutObject`) instead of `*` or `service:*`, and use `Action` rather than `NotAction` in Allow statements.',
  resourceTypes: IDENTITY_POLICY_TYPES,
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-policy.html#cfn-iam-policy-policydocument',
  checkResource(resource, ctx) {
    for (const document of identityPolicyDocuments(ctx, resource)) {
      const unreadable = unreadableDocument(document);
      if (unreadable) ctx.report({ resource, at: unreadable.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${unreadable.reason}.` });
      for (const statement of statements(ctx, document.node)) {
        const notAction = entry(statement.node, 'NotAction');
        const actions = fieldValues(ctx, statement.action);
        const wildcards: { value: string; node: TemplateNode }[] = [];
        for (const a of actions) if (a.value !== undefined && isWildcardAction(a.value)) wildcards.push(a);
        const allows = statementAllows(ctx, statement);
        if (allows === false) continue;
        if (allows !== true) {
          if (wildcards.length || notAction) ctx.report({ resource, at: allows.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${allows.reason}.` });
          continue;
        }
        if (notAction) ctx.report({ resource, at: notAction.keyRange, path: document.path, message: 'Policy allows every action except those in NotAction' });
        for (const a of wildcards) {
          const scope = a.value === '*' ? 'every action' : `every ${a.value.slice(0, a.value.indexOf(':'))} action`;
          ctx.report({ resource, at: a.node, path: document.path, message: `Policy allows ${scope} ("${a.value}")` });
        }
        for (const a of actions.filter(isUnknownValue)) {
          if (couldBeWildcard(ctx, a)) ctx.report({ resource, at: a.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${a.reason}.` });
        }
      }
    }
  },
});
