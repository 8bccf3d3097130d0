/**
 * Where a sign-in starts: the credentials of a named shared-config profile, or the default chain.
 *
 * A profile is resolved by SOP Lens itself, so endpoint overrides and the MFA prompt apply all along:
 * static keys, `credential_process`, an IAM Identity Center profile (our own device flow), or a role
 * profile (`role_arn` from `source_profile` / `credential_source`, assumed with our STS calls). Without a
 * profile: keys in the environment, `AWS_PROFILE` or the `default` profile, and only then the SDK's own
 * provider chain (web identity, container and instance metadata), loaded lazily.
 */
import { exec } from 'node:child_process';
import { readSharedConfigFiles, parseSharedConfig, ssoOf, staticCredentials, type AwsProfile, type AwsSharedConfig, type SharedConfigFiles } from '../accounts/aws-config';
import { assumeRole, getCallerIdentity, type IdentifiedCredentials } from './assume-role';
import { type AwsCredentials, isExpired, remainingMs } from './credentials';
import { AwsAccessError } from './errors';
import type { SignInContext } from './sign-in-calls';
import { ssoRoleCredentials } from './sso';

/** Source credentials with the identity they act as and a description for display (no secrets). */
export interface ResolvedSource extends IdentifiedCredentials {
  /** e.g. `profile hub`, `environment`, `IAM Identity Center (acme)`. */
  readonly description: string;
}

const CONFIGURE_HINT = 'Run aws configure (or aws configure sso), set AWS_PROFILE, or give the account a sourceProfile in .sop/accounts.yaml.';
const CREDENTIAL_PROCESS_TIMEOUT_MS = 60_000;

function noCredentials(message: string, action: string): AwsAccessError {
  return new AwsAccessError('no-source-credentials', message, action);
}

async function identify(credentials: AwsCredentials, description: string, ctx: SignInContext, mfa = false): Promise<ResolvedSource> {
  // Expired credentials are never sent, not even to ask whose they are.
  if (isExpired(credentials, ctx.now())) throw expiredSource(credentials, description, ctx.now());
  const identity = await getCallerIdentity(credentials, ctx);
  return { ...identity, credentials, description, mfa };
}

/** The credentials of a named profile, resolved through its whole chain. */
export async function profileCredentials(name: string, ctx: SignInContext): Promise<ResolvedSource> {
  const files = await readSharedConfigFiles(ctx.env);
  return resolveProfile(name, files, parseSharedConfig(files.configText, files.credentialsText), ctx, []);
}

async function resolveProfile(name: string, files: SharedConfigFiles, config: AwsSharedConfig, ctx: SignInContext, chain: readonly string[]): Promise<ResolvedSource> {
  if (chain.includes(name)) {
    throw noCredentials(`The profiles ${[...chain, name].join(' → ')} form a loop`, `Fix source_profile in ${files.configFile}.`);
  }
  const profile = config.profiles.get(name);
  if (!profile) {
    throw noCredentials(`There is no AWS profile named ${name}`, `Add [profile ${name}] to ${files.configFile} (aws configure --profile ${name}), or correct the profile name.`);
  }
  if (profile.roleArn) return roleProfile(profile, files, config, ctx, [...chain, name]);
  const keys = staticCredentials(name, files.configText, files.credentialsText);
  if (keys) return identify(keys, `profile ${name}`, ctx);
  if (profile.credentialProcess) return identify(await runCredentialProcess(profile, ctx), `profile ${name} (credential_process)`, ctx);
  const sso = ssoOf(profile, config);
  if (sso && profile.ssoAccountId) {
    const credentials = await ssoRoleCredentials({ ...sso, accountId: profile.ssoAccountId }, ctx);
    return identify(credentials, `IAM Identity Center (profile ${name})`, ctx);
  }
  if (profile.ssoSession || profile.ssoStartUrl) {
    throw noCredentials(`The IAM Identity Center profile ${name} is incomplete`, `Give [profile ${name}] sso_account_id, sso_role_name and a start URL and region (aws configure sso --profile ${name}).`);
  }
  throw noCredentials(`The AWS profile ${name} holds no credentials`, `Add keys (aws configure --profile ${name}), an IAM Identity Center sign-in (aws configure sso --profile ${name}), credential_process, or role_arn with source_profile.`);
}

async function roleProfile(profile: AwsProfile, files: SharedConfigFiles, config: AwsSharedConfig, ctx: SignInContext, chain: readonly string[]): Promise<ResolvedSource> {
  let source: ResolvedSource;
  if (profile.sourceProfile) {
    // A role profile may name itself as its source when the same section holds the keys.
    const ownKeys = profile.sourceProfile === profile.name ? staticCredentials(profile.name, files.configText, files.credentialsText) : undefined;
    source = ownKeys ? await identify(ownKeys, `profile ${profile.name}`, ctx) : await resolveProfile(profile.sourceProfile, files, config, ctx, chain);
  } else if (profile.credentialSource) {
    source = await credentialSource(profile, ctx);
  } else {
    throw noCredentials(`The AWS profile ${profile.name} has role_arn but no source_profile or credential_source`, `Add source_profile (a profile with credentials) to [profile ${profile.name}] in ${files.configFile}.`);
  }
  const assumed = await assumeRole(
    source,
    { roleArn: profile.roleArn!, mfaSerial: profile.mfaSerial, externalId: profile.externalId, durationSeconds: profile.durationSeconds, roleSessionName: profile.roleSessionName },
    ctx,
  );
  return { ...assumed, description: `profile ${profile.name}` };
}

async function credentialSource(profile: AwsProfile, ctx: SignInContext): Promise<ResolvedSource> {
  if (profile.credentialSource === 'Environment') {
    const keys = environmentCredentials(ctx.env);
    if (!keys) throw noCredentials(`The AWS profile ${profile.name} takes its credentials from the environment, which holds none`, 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY before starting VS Code or the CLI.');
    return identify(keys, ENVIRONMENT, ctx);
  }
  const providers = await import('@aws-sdk/credential-providers');
  const provider = profile.credentialSource === 'EcsContainer' ? providers.fromContainerMetadata() : providers.fromInstanceMetadata();
  try {
    return await identify(await provider(), profile.credentialSource ?? 'metadata', ctx);
  } catch (error) {
    if (error instanceof AwsAccessError) throw error;
    throw noCredentials(`No credentials from ${profile.credentialSource} for profile ${profile.name}`, `Run where ${profile.credentialSource} provides credentials, or give [profile ${profile.name}] a source_profile.`);
  }
}

const ENVIRONMENT = 'environment';

function expiredSource(credentials: AwsCredentials, description: string, now: Date): AwsAccessError {
  const at = credentials.expiration?.toISOString() ?? 'an unknown time';
  const when = remainingMs(credentials, now) > 0 ? `expire at ${at}, within a minute` : `expired at ${at}`;
  if (description === ENVIRONMENT) {
    return new AwsAccessError(
      'expired-token',
      `The credentials in the environment (AWS_ACCESS_KEY_ID) ${when} (AWS_CREDENTIAL_EXPIRATION)`,
      'Put fresh credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION, or unset them to use your AWS profiles.',
      { code: 'ExpiredToken' },
    );
  }
  return new AwsAccessError('expired-token', `The credentials from ${description} ${when}`, 'Renew them at their source, then sign in again.', { code: 'ExpiredToken' });
}

/** Keys from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`). */
export function environmentCredentials(env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
  if (expiration && Number.isNaN(expiration.getTime())) {
    throw noCredentials(
      `AWS_CREDENTIAL_EXPIRATION is not a date: ${JSON.stringify(env.AWS_CREDENTIAL_EXPIRATION)}`,
      'Write it as an ISO 8601 time (2025-01-31T12:00:00Z), as AWS tools export it, or unset it.',
    );
  }
  return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined, expiration };
}

/** Runs the profile's `credential_process`; its output holds secrets, so none of it reaches a message. */
function runCredentialProcess(profile: AwsProfile, ctx: SignInContext): Promise<AwsCredentials> {
  return new Promise((resolve, reject) => {
    exec(profile.credentialProcess!, { env: ctx.env, timeout: CREDENTIAL_PROCESS_TIMEOUT_MS, maxBuffer: 1 << 20, signal: ctx.signal }, (error, stdout) => {
      const failed = (why: string): void => reject(noCredentials(`The credential_process of profile ${profile.name} ${why}`, `Run the command of credential_process in [profile ${profile.name}] in a terminal to see what it needs.`));
      if (error) return failed(error.name === 'AbortError' ? 'was cancelled' : `failed (exit code ${error.code ?? 'unknown'})`);
      try {
        const out = JSON.parse(stdout) as { Version?: number; AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: string };
        if (out.Version !== 1 || !out.AccessKeyId || !out.SecretAccessKey) return failed('did not print Version 1 credentials');
        resolve({ accessKeyId: out.AccessKeyId, secretAccessKey: out.SecretAccessKey, sessionToken: out.SessionToken, expiration: out.Expiration ? new Date(out.Expiration) : undefined });
      } catch {
        failed('did not print JSON');
      }
    });
  });
}

/**
 * The source credentials of a sign-in: the named profile, or else the default chain (environment keys,
 * `AWS_PROFILE`, the `default` profile, then the SDK's providers for containers and instances).
 */
export async function sourceCredentials(sourceProfile: string | undefined, ctx: SignInContext): Promise<ResolvedSource> {
  if (sourceProfile) return profileCredentials(sourceProfile, ctx);
  const keys = environmentCredentials(ctx.env);
  if (keys) return identify(keys, ENVIRONMENT, ctx);
  const files = await readSharedConfigFiles(ctx.env);
  const config = parseSharedConfig(files.configText, files.credentialsText);
  const named = ctx.env.AWS_PROFILE || ctx.env.AWS_DEFAULT_PROFILE;
  if (named) return resolveProfile(named, files, config, ctx, []);
  if (config.profiles.has('default')) return resolveProfile('default', files, config, ctx, []);
  return sdkDefaultChain(ctx);
}

async function sdkDefaultChain(ctx: SignInContext): Promise<ResolvedSource> {
  let credentials: AwsCredentials;
  try {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    credentials = await fromNodeProviderChain()();
  } catch {
    throw noCredentials('No AWS credentials were found (no environment keys, no default profile, no instance or container role)', CONFIGURE_HINT);
  }
  return identify(credentials, 'default credential chain', ctx);
}
