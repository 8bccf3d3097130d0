import { addEntries } from '../fix/edits';
import { anchorOfAbsent, asBoolean } from '../template/evaluate';
import { type MapNode, type Resource, child } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { insertMissingFix, replaceLiteralFix } from './support/fixes';

const CLASSES = [
  ['RequireLowercase', 'lowercase letters'],
  ['RequireUppercase', 'uppercase letters'],
  ['RequireNumbers', 'numbers'],
  ['RequireSymbols', 'symbols'],
] as const;

/** Cognito's password policy when a user pool sets none. */
const COGNITO_DEFAULT_LENGTH = 8;

/**
 * Cognito user pool password policies are at least as strong as the configured minimum.
 *
 * - No `Policies.PasswordPolicy`: Cognito's default policy applies (8 characters, all four character classes),
 *   which fails when `minimumLength` is above 8. The fix writes a full policy: minimum length and all classes.
 * - `MinimumLength` below the option fails on the value; not set inside a policy, it is reported with the
 *   policy (Cognito's default of 8).
 * - With `requireAllClasses` (default), a `Require*` flag set to false fails on the value. A flag left out of a
 *   policy that is written out counts as false (the Cognito API treats an unset flag as not required), and the
 *   flags left out are reported together on the `PasswordPolicy` key, with one fix that adds them.
 * Values from parameters are judged by their Default; without one the rule cannot decide.
 */
export const cognitoPasswordPolicy = defineRule({
  id: 'cognito-password-policy',
  control: 'SEC-COGNITO',
  title: 'Cognito user pools enforce a strong password policy',
  severity: 'warning',
  rationale:
    'The security guide says you may change the Cognito user pool password policy (it leaves the choice to you, so this is a warning, not an error). Short passwords, or passwords without the full mix of character classes, fall quickly to guessing and credential stuffing.',
  remedy:
    'Set `Policies.PasswordPolicy` with `MinimumLength` at least the configured minimum (12 by default) and `RequireLowercase`, `RequireUppercase`, `RequireNumbers` and `RequireSymbols` true.',
  resourceTypes: ['AWS::Cognito::UserPool'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-passwordpolicy.html',
  options: {
    minimumLength: { description: 'The shortest password length a policy may allow.', default: 12 },
    requireAllClasses: { description: 'Require lowercase and uppercase letters, numbers and symbols.', default: true },
  },
  checkResource(pool, ctx) {
    const min = Number(ctx.options.minimumLength);
    const allClasses = ctx.options.requireAllClasses !== false;
    for (const policy of ctx.property(pool, 'Policies', 'PasswordPolicy')) {
      if (policy.kind === 'absent') {
        if (COGNITO_DEFAULT_LENGTH >= min) continue;
        const value = fullPolicy(min);
        ctx.report({
          resource: pool,
          at: anchorOfAbsent(pool, policy),
          path: ['Properties', 'Policies', 'PasswordPolicy'],
          message: `Cognito user pool has no password policy, so Cognito's default minimum length of ${COGNITO_DEFAULT_LENGTH} applies (below ${min})`,
          fix: insertMissingFix(ctx, policy, value, `Add a password policy (minimum length ${min}, all character classes)`),
        });
      } else if (policy.kind === 'unknown') {
        ctx.report({ resource: pool, at: policy.node, undecided: true, message: `Cannot decide the password policy: ${policy.reason}.` });
      } else if (policy.node.kind === 'map') {
        checkPolicy(ctx, pool, policy.node, policy.entry?.keyRange, min, allClasses);
      }
    }
  },
});

function checkPolicy(ctx: RuleContext, pool: Resource, policy: MapNode, key: { start: number; end: number } | undefined, min: number, allClasses: boolean): void {
  const path = ['Properties', 'Policies', 'PasswordPolicy'];
  const missing: { [key: string]: number | boolean } = {};
  const problems: string[] = [];

  const lengths = ctx.scalarsOf(child(policy, 'MinimumLength'), policy);
  for (const length of lengths) {
    if (length.kind === 'absent') {
      missing.MinimumLength = min;
      problems.push(`MinimumLength is not set (Cognito's default is ${COGNITO_DEFAULT_LENGTH}, below ${min})`);
    } else if (length.kind === 'unknown') {
      ctx.report({ resource: pool, at: length.node, path: [...path, 'MinimumLength'], undecided: true, message: `Cannot decide the minimum password length: ${length.reason}.` });
    } else if (Number(length.value) < min) {
      const literal = length.node;
      const fix = replaceLiteralFix(ctx, literal, min, `Set MinimumLength: ${min}`);
      ctx.report({ resource: pool, at: length.node, path: [...path, 'MinimumLength'], message: `Cognito password policy allows passwords shorter than ${min} characters (MinimumLength: ${String(length.value)})`, fix });
    }
  }

  if (allClasses) {
    for (const [flag, what] of CLASSES) {
      for (const outcome of ctx.scalarsOf(child(policy, flag), policy)) {
        if (outcome.kind === 'absent') {
          missing[flag] = true;
        } else if (outcome.kind === 'unknown') {
          ctx.report({ resource: pool, at: outcome.node, path: [...path, flag], undecided: true, message: `Cannot decide whether passwords need ${what}: ${outcome.reason}.` });
        } else if (asBoolean(outcome.value) !== true) {
          const literal = outcome.node;
          const fix = replaceLiteralFix(ctx, literal, true, `Set ${flag}: true`);
          ctx.report({ resource: pool, at: outcome.node, path: [...path, flag], message: `Cognito password policy does not require ${what} (${flag}: ${String(outcome.value)})`, fix });
        }
      }
    }
    const flags = CLASSES.filter(([flag]) => missing[flag] === true);
    if (flags.length > 0) problems.push(`${flags.map(([flag]) => flag).join(', ')} ${flags.length === 1 ? 'is' : 'are'} not set, so ${flags.map(([, what]) => what).join(', ')} ${flags.length === 1 ? 'is' : 'are'} not required`);
  }

  if (problems.length === 0) return;
  // A literal map gets the missing keys; entries that exist are left as they are.
  const fix = policy.entries.length > 0 || policy.flow ? () => ({ title: 'Add the missing password policy settings', edits: [addEntries(ctx.template, policy, missing)] }) : undefined;
  const at = key ?? policy.range;
  ctx.report({ resource: pool, at, path, message: `Cognito password policy is weaker than required: ${problems.join('; ')}`, fix });
}

function fullPolicy(min: number): { [key: string]: number | boolean } {
  return { MinimumLength: min, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true };
}
