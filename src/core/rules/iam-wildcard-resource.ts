import { entry } from '../template/model';
import { defineRule } from './rule';
import { isReadOnlyAction, onlyAcceptsAnyResource } from './support/iam-actions';
import { IDENTITY_POLICY_TYPES, conditionScopesResources, couldBeWildcard, fieldValues, identityPolicyDocuments, isUnknownValue, statementAllows, unreadableDocument } from './support/iam';
import { statements } from './support/policy';

const SUBJECT = 'whether the policy allows write actions on every resource';

export const iamWildcardResource = defineRule({
  id: 'iam-wildcard-resource',
  control: 'SEC-IAM',
  title: 'Write and permissions-management actions are scoped to resource ARNs',
  severity: 'warning',
  rationale:
    'The security guide asks for least privilege and calls out wildcard resources. Allowing a write or permissions-management action (anything but List and Read) on `"Resource": "*"` lets the identity change or delete every resource of that kind in the account, not just its own: `iam:PassRole` on "*" can hand any role to a service, `s3:PutObject` on "*" can overwrite any bucket.',
  remedy:
    'Set Resource to the ARNs the task works on (e.g. `!GetAtt Table.Arn`, `!Sub "${Bucket.Arn}/exports/*"`). Read-only actions, and the few write actions AWS only accepts on "*" (e.g. `xray:PutTraceSegments`, `cloudwatch:PutMetricData`), may stay on "*"; so may actions limited by an `aws:ResourceTag/...` condition.',
  resourceTypes: IDENTITY_POLICY_TYPES,
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-policy.html#cfn-iam-policy-policydocument',
  checkResource(resource, ctx) {
    for (const document of identityPolicyDocuments(ctx, resource)) {
      const unreadable = unreadableDocument(document);
      if (unreadable) ctx.report({ resource, at: unreadable.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${unreadable.reason}.` });
      for (const statement of statements(ctx, document.node)) {
        if (conditionScopesResources(statement.condition)) continue;
        const resources = fieldValues(ctx, statement.resource);
        const stars = resources.filter((r) => r.value === '*');
        const maybeStars = resources.filter(isUnknownValue).filter((r) => couldBeWildcard(ctx, r));
        if (stars.length === 0 && maybeStars.length === 0) continue;
        const actions = fieldValues(ctx, statement.action);
        const writes: string[] = [];
        for (const a of actions) if (a.value !== undefined && !isReadOnlyAction(a.value) && !onlyAcceptsAnyResource(a.value)) writes.push(a.value);
        if (entry(statement.node, 'NotAction')) writes.unshift('every action not in NotAction');
        const unknownAction = actions.find(isUnknownValue);
        const allows = statementAllows(ctx, statement);
        if (allows === false) continue;
        if (allows !== true) {
          if (writes.length || unknownAction) ctx.report({ resource, at: allows.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${allows.reason}.` });
          continue;
        }
        if (writes.length === 0) {
          if (unknownAction && stars.length) {
            ctx.report({ resource, at: unknownAction.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${unknownAction.reason}.` });
          }
          continue;
        }
        for (const r of maybeStars) {
          ctx.report({ resource, at: r.node, path: document.path, undecided: true, message: `Cannot decide ${SUBJECT}: ${r.reason}.` });
        }
        const listed = writes.length > 3 ? `${writes.slice(0, 3).join(', ')} and ${writes.length - 3} more` : writes.join(', ');
        for (const star of stars) {
          ctx.report({ resource, at: star.node, path: document.path, message: `Policy allows write actions on every resource (Resource "*"): ${listed}` });
        }
      }
    }
  },
});
