/**
 * STS `AssumeRole` as ACCT-002 wants it: a role session name and source identity that name the operator,
 * the MFA code asked for (shape-checked, up to three tries on a wrong code), a bounded duration (one hour
 * on role chaining, as AWS caps it), and every failure mapped to an error that says what to do.
 */
import type { AwsCredentials } from './credentials';
import { AWS_DEFAULTS } from './defaults';
import { AwsAccessError, classifyAwsError, errorCode, errorMessage } from './errors';
import { roleSessionName, sanitizeForSts, sourceIdentity } from './session-name';
import { toCredentials, type SignInContext } from './sign-in-calls';

export const DEFAULT_DURATION_SECONDS = AWS_DEFAULTS.sessionDurationMinutes * 60;
/** What STS accepts as `DurationSeconds` (the role's own maximum may be lower). */
export const DURATION_RANGE = { min: 900, max: 43_200 } as const;
/** AWS caps a session assumed with role-session credentials ("role chaining") at one hour. */
export const CHAINED_MAX_DURATION_SECONDS = 3600;
export const MFA_ATTEMPTS = 3;

/** The shape of an MFA code: six digits. Whether it is the right one only STS can say. */
export function isValidMfaCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/** Who is calling, as `GetCallerIdentity` (or the previous `AssumeRole`) reported it. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
}

/** Credentials together with the identity they act as. */
export interface IdentifiedCredentials extends CallerIdentity {
  readonly credentials: AwsCredentials;
  /** Whether an MFA code was presented somewhere along the way. */
  readonly mfa: boolean;
}

export interface AssumeRoleStep {
  readonly roleArn: string;
  readonly mfaSerial?: string;
  readonly externalId?: string;
  readonly durationSeconds?: number;
  /** A session name fixed by configuration (`role_session_name`); otherwise derived from the caller. */
  readonly roleSessionName?: string;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const REJECTED_KEYS = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'IncompleteSignature']);

export async function getCallerIdentity(credentials: AwsCredentials, ctx: SignInContext): Promise<CallerIdentity> {
  try {
    const out = await ctx.call({ service: 'sts', region: ctx.region, operation: 'GetCallerIdentity', input: {}, credentials });
    return { accountId: String(out.Account), arn: String(out.Arn) };
  } catch (error) {
    throw callerIdentityError(error, ctx);
  }
}

function callerIdentityError(error: unknown, ctx: SignInContext): AwsAccessError {
  const code = errorCode(error);
  if (EXPIRED.has(code)) {
    return new AwsAccessError('expired-token', `The source credentials have expired (${code})`, 'Refresh the source credentials (sign in again, or renew the profile\'s keys) and retry.', { service: 'sts', operation: 'GetCallerIdentity', code });
  }
  if (REJECTED_KEYS.has(code)) {
    return new AwsAccessError('no-source-credentials', `STS did not accept the source credentials (${code})`, 'Check the access keys of the source profile (aws configure), or point sopLens at the right endpoint.', { service: 'sts', operation: 'GetCallerIdentity', code });
  }
  return classifyAwsError(error, { service: 'sts', operation: 'GetCallerIdentity', region: ctx.region });
}

/** Maps an `AssumeRole` failure to what the user must do; the message names the role and the caller, never a secret. */
export function assumeRoleError(error: unknown, context: { roleArn: string; callerArn: string; mfaSerial?: string; region?: string }): AwsAccessError {
  if (error instanceof AwsAccessError) return error;
  const code = errorCode(error);
  const message = errorMessage(error);
  const details = { service: 'sts', operation: 'AssumeRole', code, region: context.region, accountId: /::(\d{12}):/.exec(context.roleArn)?.[1] };
  if (DENIED.has(code) && /MultiFactorAuth/i.test(message) && !context.mfaSerial) {
    return new AwsAccessError('mfa-required', `${context.roleArn} requires MFA`, 'Add mfaSerial (your MFA device ARN) to the account in .sop/accounts.yaml, or mfa_serial to the profile.', details);
  }
  if (DENIED.has(code) && /MultiFactorAuthentication/i.test(message)) {
    return new AwsAccessError('mfa-invalid', `AWS did not accept the MFA code for ${context.mfaSerial ?? 'the MFA device'}`, 'Enter the code the device shows now (codes change every 30 seconds); if it keeps failing, check the device\'s clock and that it is the device assigned to you.', details);
  }
  if (code === 'NoSuchEntity' || code === 'NoSuchEntityException' || /role .*(does not exist|cannot be found|not found)/i.test(message)) {
    return new AwsAccessError('role-not-found', `The role ${context.roleArn} does not exist`, 'Check the role ARN (account id and role name) in .sop/accounts.yaml or the profile.', details);
  }
  if (DENIED.has(code)) {
    const mfaHint = context.mfaSerial ? '' : ' If the role requires MFA, add mfaSerial to the account.';
    return new AwsAccessError(
      'access-denied',
      `${context.callerArn} is not allowed to assume ${context.roleArn}`,
      `Check that the role exists, that its trust policy allows ${context.callerArn}, and that the caller's policies allow sts:AssumeRole on it.${mfaHint}`,
      details,
    );
  }
  if (EXPIRED.has(code)) {
    return new AwsAccessError('expired-token', `The credentials used to assume ${context.roleArn} have expired (${code})`, 'Refresh the source credentials (sign in again, or renew the source profile) and retry.', details);
  }
  if (REJECTED_KEYS.has(code)) {
    return new AwsAccessError('no-source-credentials', `STS did not accept the source credentials used to assume ${context.roleArn} (${code})`, 'Check the access keys of the source profile (aws configure).', details);
  }
  if (code === 'ValidationError' && /DurationSeconds/i.test(message)) {
    return new AwsAccessError('service', `STS refused the session duration for ${context.roleArn}`, 'Lower durationSeconds (at most the role\'s maximum session duration, and 3600 when chaining roles).', details);
  }
  return classifyAwsError(error, { service: 'sts', operation: 'AssumeRole', region: context.region });
}

/** The duration to ask for: configured or default, within STS's bounds, at most an hour when chaining. */
export function effectiveDuration(requested: number | undefined, chained: boolean): number {
  const wanted = Math.min(DURATION_RANGE.max, Math.max(DURATION_RANGE.min, Math.round(requested ?? DEFAULT_DURATION_SECONDS)));
  return chained ? Math.min(wanted, CHAINED_MAX_DURATION_SECONDS) : wanted;
}

/** Whether credentials acting as `arn` are themselves a role session, so assuming with them is chaining. */
export function isRoleSession(arn: string): boolean {
  return /^arn:[^:]+:sts::\d{12}:assumed-role\//.test(arn);
}

/**
 * Assumes `step.roleArn` with `source`. Asks for an MFA code when the step has a device; retries with a
 * fresh code after a wrong one (at most `MFA_ATTEMPTS` tries), and once without `SourceIdentity` when the
 * role's trust policy does not allow setting it.
 */
export async function assumeRole(source: IdentifiedCredentials, step: AssumeRoleStep, ctx: SignInContext): Promise<IdentifiedCredentials> {
  const input: Record<string, unknown> = {
    RoleArn: step.roleArn,
    RoleSessionName: (step.roleSessionName && sanitizeForSts(step.roleSessionName)) || roleSessionName(source.arn, source.accountId),
    DurationSeconds: effectiveDuration(step.durationSeconds ?? ctx.durationSeconds, isRoleSession(source.arn)),
  };
  if (step.externalId) input.ExternalId = step.externalId;
  const identity = sourceIdentity(source.arn);
  const errorContext = { roleArn: step.roleArn, callerArn: source.arn, mfaSerial: step.mfaSerial, region: ctx.region };

  if (!step.mfaSerial) {
    return { ...(await send(source, input, identity, ctx, errorContext)), mfa: source.mfa };
  }
  let lastError: string | undefined;
  for (let attempt = 1; attempt <= MFA_ATTEMPTS; attempt++) {
    const answer = await ctx.prompts.mfaCode({ serial: step.mfaSerial, account: ctx.account, attempt, lastError });
    if (answer === undefined) {
      throw new AwsAccessError('cancelled', `Signing in to ${ctx.account.name} was cancelled at the MFA prompt`, 'Run Assume Role again and enter the code from your MFA device.', { service: 'sts', operation: 'AssumeRole', accountId: ctx.account.id });
    }
    const code = answer.trim();
    if (!isValidMfaCode(code)) {
      lastError = 'An MFA code is 6 digits.';
      continue;
    }
    try {
      const assumed = await send(source, { ...input, SerialNumber: step.mfaSerial, TokenCode: code }, identity, ctx, errorContext);
      return { ...assumed, mfa: true };
    } catch (error) {
      if (!(error instanceof AwsAccessError) || error.kind !== 'mfa-invalid') throw error;
      lastError = error.message;
      ctx.log(`AssumeRole ${step.roleArn}: MFA code refused (attempt ${attempt} of ${MFA_ATTEMPTS})`);
    }
  }
  throw new AwsAccessError('mfa-invalid', `AWS did not accept the MFA code for ${step.mfaSerial} after ${MFA_ATTEMPTS} tries`, 'Wait for the device to show a new code and run Assume Role again; check the device\'s clock and that it is the device assigned to you.', { service: 'sts', operation: 'AssumeRole', accountId: ctx.account.id });
}

async function send(
  source: IdentifiedCredentials,
  input: Record<string, unknown>,
  identity: string | undefined,
  ctx: SignInContext,
  errorContext: Parameters<typeof assumeRoleError>[1],
): Promise<Omit<IdentifiedCredentials, 'mfa'>> {
  const withIdentity = identity && !ctx.sourceIdentityRefused ? { ...input, SourceIdentity: identity } : input;
  try {
    return await callAssumeRole(source.credentials, withIdentity, ctx);
  } catch (error) {
    if (withIdentity !== input && DENIED.has(errorCode(error)) && /SetSourceIdentity/i.test(errorMessage(error))) {
      ctx.sourceIdentityRefused = true;
      ctx.log(`AssumeRole ${errorContext.roleArn}: the trust policy does not allow sts:SetSourceIdentity; retrying without a source identity`);
      try {
        return await callAssumeRole(source.credentials, input, ctx);
      } catch (retryError) {
        throw assumeRoleError(retryError, errorContext);
      }
    }
    throw assumeRoleError(error, errorContext);
  }
}

async function callAssumeRole(credentials: AwsCredentials, input: Record<string, unknown>, ctx: SignInContext): Promise<Omit<IdentifiedCredentials, 'mfa'>> {
  const out = await ctx.call({ service: 'sts', region: ctx.region, operation: 'AssumeRole', input, credentials });
  const user = out.AssumedRoleUser as { Arn?: string } | undefined;
  const arn = user?.Arn ?? '';
  ctx.log(`AssumeRole ${String(input.RoleArn)} as ${String(input.RoleSessionName)}: ${arn || 'no ARN reported'}`);
  return {
    credentials: toCredentials(out.Credentials as Parameters<typeof toCredentials>[0]),
    arn,
    accountId: /::(\d{12}):/.exec(arn)?.[1] ?? /::(\d{12}):/.exec(String(input.RoleArn))?.[1] ?? '',
  };
}
