/**
 * Signing in to an account: the entry point the VS Code UI and the CLI share. It gets the source
 * credentials (a profile or the default chain), chains through the account's `via` roles, assumes the
 * target role (with the MFA code asked for through `prompts`), or signs in through IAM Identity Center,
 * and returns the session with the identity STS reports. Credentials stay in memory; `log` never sees one.
 */
import type { Account } from '../accounts/model';
import { assumeRole, getCallerIdentity, type IdentifiedCredentials } from './assume-role';
import type { AwsEndpoints } from './clients';
import type { AccessUsed, AwsSession } from './credentials';
import { AwsAccessError, classifyAwsError } from './errors';
import { abortableSleep, sdkCaller, type AwsCaller, type SignInContext } from './sign-in-calls';
import { profileCredentials, sourceCredentials } from './source-credentials';
import { ssoRoleCredentials } from './sso';

export { isValidMfaCode } from './assume-role';

export interface SignInPrompts {
  /** Asks for the current 6-digit code of the MFA device; undefined = cancelled. */
  mfaCode(request: { serial: string; account: Account; attempt: number; lastError?: string }): Promise<string | undefined>;
  /**
   * Shows the IAM Identity Center user code and the verification URL (opening it if possible). Sign-in
   * polls for approval while this runs: it need not wait for the user to dismiss anything.
   */
  showDeviceCode(request: { userCode: string; verificationUri: string; verificationUriComplete?: string; expiresAt: Date; account: Account }): Promise<void>;
}

export interface SignInOptions {
  endpoints?: AwsEndpoints;
  prompts: SignInPrompts;
  /** Session duration in seconds (default 3600; role chaining is capped at 3600 by AWS). */
  durationSeconds?: number;
  signal?: AbortSignal;
  /** Environment for the default chain and the shared config paths; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Progress lines for the log; never given a secret. */
  log?: (line: string) => void;
  /** Test seam: makes the STS and SSO calls instead of the SDK clients. */
  call?: AwsCaller;
  /** Test seam: the wait between Identity Center polls. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const DEFAULT_REGION = 'us-east-1';

/** What every step of a sign-in to `account` needs; also used by Organizations discovery's own sign-in. */
export function signInContext(account: Account, options: SignInOptions): SignInContext {
  const env = options.env ?? process.env;
  return {
    account,
    call: options.call ?? sdkCaller(options.endpoints, options.signal),
    prompts: options.prompts,
    env,
    region: account.homeRegion ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION,
    durationSeconds: options.durationSeconds,
    signal: options.signal,
    now: options.now ?? (() => new Date()),
    log: options.log ?? (() => undefined),
    sleep: options.sleep ?? abortableSleep,
  };
}

/** Signs in to `account` and returns the session. Throws `AwsAccessError` with what the user must do. */
export async function signIn(account: Account, options: SignInOptions): Promise<AwsSession> {
  const ctx = signInContext(account, options);
  try {
    const { identity, access } = await reach(account, ctx);
    if (identity.accountId !== account.id) {
      throw new AwsAccessError('access-denied', `Signing in to ${account.name} reached account ${identity.accountId}, not ${account.id}`, 'Correct the account id or the access (role ARN, profile) of the account.', { accountId: account.id });
    }
    ctx.log(`Signed in to ${account.name} (${account.id}) as ${identity.arn}`);
    return { accountId: identity.accountId, arn: identity.arn, credentials: identity.credentials, access };
  } catch (error) {
    if (error instanceof AwsAccessError) throw error;
    throw classifyAwsError(error, { service: 'sts', operation: 'sign-in', accountId: account.id });
  } finally {
    if (options.signal?.aborted) ctx.log(`Signing in to ${account.name} was cancelled`);
  }
}

/** Reaches the account the way its entry says, and records that way: the one place an `AccessUsed` is made. */
async function reach(account: Account, ctx: SignInContext): Promise<{ identity: IdentifiedCredentials; access: AccessUsed }> {
  const access = account.access;
  const mfaNote = (mfa: boolean): string => (mfa ? ' (MFA)' : '');
  switch (access.kind) {
    case 'profile': {
      const resolved = await profileCredentials(access.profile, ctx);
      return {
        identity: resolved,
        access: { arn: resolved.arn, method: 'profile', profile: access.profile, source: resolved.description, mfa: resolved.mfa, description: `${resolved.description}${mfaNote(resolved.mfa)}` },
      };
    }
    case 'sso': {
      const credentials = await ssoRoleCredentials({ startUrl: access.startUrl, ssoRegion: access.ssoRegion, roleName: access.roleName, sessionName: access.sessionName, accountId: account.id }, ctx);
      const identity = await getCallerIdentity(credentials, ctx);
      return {
        identity: { ...identity, credentials, mfa: false },
        access: { arn: identity.arn, method: 'sso', portal: access.startUrl, roleName: access.roleName, mfa: false, description: `IAM Identity Center role ${access.roleName} at ${access.startUrl}` },
      };
    }
    case 'assume-role': {
      const source = await sourceCredentials(access.sourceProfile, ctx);
      const hops = [...(access.via ?? []), access.roleArn];
      let current: IdentifiedCredentials = source;
      for (const [index, roleArn] of hops.entries()) {
        // The MFA device belongs to the operator's own identity: the first assumption presents it.
        current = await assumeRole(current, { roleArn, mfaSerial: index === 0 ? access.mfaSerial : undefined, externalId: roleArn === access.roleArn ? access.externalId : undefined, durationSeconds: access.durationSeconds }, ctx);
      }
      const roles = hops.map((arn) => arn.replace(/^.*:role\//, '')).join(' → ');
      return {
        identity: current,
        access: {
          arn: current.arn,
          method: 'assume-role',
          source: source.description,
          roles: hops,
          ...(access.mfaSerial ? { mfaSerial: access.mfaSerial } : {}),
          mfa: current.mfa,
          description: `role ${roles} from ${source.description}${mfaNote(current.mfa)}`,
        },
      };
    }
  }
}
