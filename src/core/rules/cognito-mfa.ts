import { addEntries, addEntry, replaceNode } from '../fix/edits';
import { anchorOfAbsent } from '../template/evaluate';
import type { Resource, ScalarValue, TemplateNode } from '../template/model';
import { type Fix, type RuleContext, type TextEdit, defineRule } from './rule';

/**
 * Cognito user pools use multi-factor authentication.
 *
 * `MfaConfiguration` defaults to OFF, which fails; OPTIONAL (users may register a factor) passes unless the
 * option `allowOptional` is false; ON passes. The fix sets `MfaConfiguration: "ON"` and, when `EnabledMfas` is
 * not set, `EnabledMfas: [SOFTWARE_TOKEN_MFA]`: authenticator-app codes (TOTP) need no SMS configuration and
 * no SNS SMS spending quota, whose exhaustion the security guide warns would lock every user out. A pool with
 * threat protection (`UserPoolAddOns.AdvancedSecurityMode` AUDIT or ENFORCED) gets OPTIONAL instead, as
 * Cognito recommends for adaptive authentication. With ON, users without a factor must register one at their
 * next sign-in, so onboarding has to include it.
 */
export const cognitoMfa = defineRule({
  id: 'cognito-mfa',
  control: 'SEC-COGNITO',
  title: 'Cognito user pools use multi-factor authentication',
  severity: 'warning',
  rationale:
    'The security guide says you may activate MFA in the Cognito user pool (it leaves the choice to you, so this is a warning, not an error). With MFA off, a stolen or guessed password is enough to take over an account.',
  remedy:
    'Set `MfaConfiguration: "ON"` (or OPTIONAL with adaptive authentication) and `EnabledMfas: [SOFTWARE_TOKEN_MFA]`. Prefer authenticator apps (TOTP) to SMS: SMS codes count against the account\'s SNS SMS spending quota, and once it is reached no one can sign in. Make sure onboarding lets users register their factor.',
  resourceTypes: ['AWS::Cognito::UserPool'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html#cfn-cognito-userpool-mfaconfiguration',
  options: {
    allowOptional: {
      description: 'Accept `MfaConfiguration: OPTIONAL`, where each user chooses whether to register a second factor.',
      default: true,
    },
  },
  checkResource(pool, ctx) {
    const allowOptional = ctx.options.allowOptional !== false;
    const path = ['Properties', 'MfaConfiguration'];
    for (const found of ctx.property(pool, 'MfaConfiguration')) {
      if (found.kind === 'absent') {
        ctx.report({ resource: pool, at: anchorOfAbsent(pool, found), path, message: 'Cognito user pool does not use MFA (MfaConfiguration is not set; it defaults to OFF)', fix: () => mfaFix(ctx, pool, undefined, allowOptional) });
        continue;
      }
      if (found.kind === 'unknown') {
        ctx.report({ resource: pool, at: found.node, path, undecided: true, message: `Cannot decide whether the user pool uses MFA: ${found.reason}.` });
        continue;
      }
      for (const outcome of ctx.scalarsOf(found.node, found.node)) {
        if (outcome.kind === 'unknown') {
          ctx.report({ resource: pool, at: outcome.node, path, undecided: true, message: `Cannot decide whether the user pool uses MFA: ${outcome.reason}.` });
          continue;
        }
        const value = outcome.kind === 'known' ? normalise(outcome.value) : 'OFF';
        const literal = outcome.node.kind === 'scalar' ? outcome.node : undefined;
        if (value === 'OFF') {
          ctx.report({ resource: pool, at: outcome.node, path, message: 'Cognito user pool does not use MFA (MfaConfiguration: OFF)', fix: literal && (() => mfaFix(ctx, pool, literal, allowOptional)) });
        } else if (value === 'OPTIONAL' && !allowOptional) {
          ctx.report({ resource: pool, at: outcome.node, path, message: 'Cognito user pool does not require MFA (MfaConfiguration: OPTIONAL lets users sign in without a second factor)', fix: literal && (() => mfaFix(ctx, pool, literal, allowOptional)) });
        }
      }
    }
  },
});

function normalise(value: ScalarValue): string {
  // YAML 1.1 readers turn a bare OFF into false; CloudFormation reads the string.
  if (value === false) return 'OFF';
  if (value === true) return 'ON';
  return String(value).toUpperCase();
}

/** Sets MFA on (OPTIONAL with adaptive authentication), adding TOTP as the factor when no factor is listed. */
function mfaFix(ctx: RuleContext, pool: Resource, current: TemplateNode | undefined, allowOptional: boolean): Fix | undefined {
  const adaptive = ctx.scalars(pool, 'UserPoolAddOns', 'AdvancedSecurityMode').some((o) => o.kind === 'known' && ['AUDIT', 'ENFORCED'].includes(String(o.value)));
  const target = adaptive && allowOptional ? 'OPTIONAL' : 'ON';
  if (current && normalise((current as { value: ScalarValue }).value) === target) return undefined;
  const needsFactor = ctx.property(pool, 'EnabledMfas').every((f) => f.kind === 'absent');
  const additions: { [key: string]: string | string[] } = {};
  if (!current) additions.MfaConfiguration = target;
  if (needsFactor) additions.EnabledMfas = ['SOFTWARE_TOKEN_MFA'];
  const edits: TextEdit[] = [];
  if (current) edits.push(replaceNode(ctx.template, current, target));
  if (Object.keys(additions).length > 0) {
    if (pool.properties) edits.push(addEntries(ctx.template, pool.properties, additions));
    else if (!pool.propertiesEntry) edits.push(addEntry(ctx.template, pool.node, 'Properties', additions));
    else return undefined;
  }
  const title = `Set MfaConfiguration: ${target}${needsFactor ? ' with authenticator-app (TOTP) MFA' : ''}`;
  return { title, edits };
}
