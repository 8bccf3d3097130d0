/**
 * IAM Identity Center sign-in. A valid token from the AWS CLI's cache (`~/.aws/sso/cache/<sha1>.json`)
 * is reused, read only; otherwise the device authorization flow runs (register a public client, start
 * the device authorization, show the user code, poll `CreateToken`), and the token is kept in this
 * module's memory only, by start URL. When that token expires, its refresh token renews it without the
 * browser, for as long as the Identity Center session lasts. Then the portal's `GetRoleCredentials`
 * gives the role's credentials. Tokens are never written anywhere and never logged.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { homeDirectory, loadSharedConfig } from '../accounts/aws-config';
import type { AwsCredentials } from './credentials';
import { AwsAccessError, type AwsErrorKind, classifyAwsError, errorCode } from './errors';
import type { SignInContext } from './sign-in-calls';

export interface SsoTarget {
  readonly startUrl: string;
  readonly ssoRegion: string;
  readonly accountId: string;
  readonly roleName: string;
  /** The `sso-session` name: the CLI names its cache file after it (else after the start URL). */
  readonly sessionName?: string;
}

interface SsoToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly from: 'memory' | 'cli-cache' | 'device-flow' | 'refresh';
  /**
   * Renews an expired token of our own. Never taken from the CLI's cache: the CLI owns that one, and a
   * renewal may replace it with a new one the CLI would never learn.
   */
  readonly refreshToken?: string;
  /** The client registration the refresh token was issued to: it renews with no other. */
  readonly client?: { readonly clientId: string; readonly clientSecret: string };
}

/** A token is not used in its last minute: GetRoleCredentials could outlive it. */
const TOKEN_MARGIN_MS = 60_000;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const REFRESH_GRANT = 'refresh_token';
/** The scope under which Identity Center issues refresh tokens along with access tokens (as `aws sso login` asks). */
const ACCOUNT_ACCESS_SCOPE = 'sso:account:access';
const SLOW_DOWN_EXTRA_MS = 5_000;

/** What Identity Center answers when it will not renew a sign-in: the session ended or was revoked. */
const RENEWAL_REFUSED = new Set(['InvalidGrantException', 'ExpiredTokenException', 'InvalidClientException', 'UnauthorizedClientException', 'AccessDeniedException']);

const tokens = new Map<string, SsoToken>();
/** The sign-in under way per start URL: accounts of one portal checked together share it (one renewal, one device code). */
const pending = new Map<string, Promise<SsoToken>>();
const clients = new Map<string, { clientId: string; clientSecret: string; expiresAt?: Date }>();

/** Forgets every in-memory token and client registration (tests). */
export function forgetSsoTokens(): void {
  tokens.clear();
  clients.clear();
}

/** Forgets the sign-in to one portal (Sign Out): the next sign-in needs the browser again. */
export function forgetSsoSignIn(startUrl: string): boolean {
  return tokens.delete(startUrl);
}

/** Drops `token` unless another sign-in has replaced it meanwhile. */
function dropToken(startUrl: string, token: SsoToken): void {
  if (tokens.get(startUrl) === token) tokens.delete(startUrl);
}

/** The AWS CLI's cache file for a session name or a start URL. */
export function cliCacheFile(env: NodeJS.ProcessEnv, sessionNameOrStartUrl: string): string {
  const hash = createHash('sha1').update(sessionNameOrStartUrl).digest('hex');
  return path.join(homeDirectory(env), '.aws', 'sso', 'cache', `${hash}.json`);
}

/** Not expired, nor in its last minute. (A plain boolean: an unusable token may still be renewable.) */
function usable(token: SsoToken, now: Date): boolean {
  return token.expiresAt.getTime() - now.getTime() > TOKEN_MARGIN_MS;
}

/** A token from the CLI cache, when one exists for this portal and has not expired. Never writes. */
export async function readCliCachedToken(target: Pick<SsoTarget, 'startUrl' | 'sessionName'>, env: NodeJS.ProcessEnv, now: Date): Promise<SsoToken | undefined> {
  for (const name of await cacheNames(target, env)) {
    try {
      const cached = JSON.parse(await fs.readFile(cliCacheFile(env, name), 'utf8')) as { accessToken?: string; expiresAt?: string; startUrl?: string };
      if (!cached.accessToken || !cached.expiresAt) continue;
      if (cached.startUrl && cached.startUrl !== target.startUrl) continue;
      const token: SsoToken = { accessToken: cached.accessToken, expiresAt: new Date(cached.expiresAt), from: 'cli-cache' };
      if (usable(token, now)) return token;
    } catch {
      // No cache file, or one we cannot read: the device flow takes over.
    }
  }
  return undefined;
}

/**
 * The names the CLI may have cached this portal's token under: the session name given, the start URL
 * (legacy profiles), and any `sso-session` of the shared config with the same start URL (so an accounts
 * file entry without `session` still reuses `aws sso login`).
 */
async function cacheNames(target: Pick<SsoTarget, 'startUrl' | 'sessionName'>, env: NodeJS.ProcessEnv): Promise<string[]> {
  const names = [target.sessionName, target.startUrl];
  try {
    const config = await loadSharedConfig(env);
    for (const session of config.ssoSessions.values()) if (session.startUrl === target.startUrl) names.push(session.name);
  } catch {
    // An unreadable config only means fewer places to look.
  }
  return [...new Set(names.filter((n): n is string => Boolean(n)))];
}

/** Role credentials for an Identity Center account and role, signing in first when needed. */
export async function ssoRoleCredentials(target: SsoTarget, ctx: SignInContext): Promise<AwsCredentials> {
  const token = await ssoToken(target, ctx);
  try {
    return await getRoleCredentials(token, target, ctx);
  } catch (error) {
    if (!(error instanceof AwsAccessError) || error.kind !== 'sso-token-expired' || token.from === 'device-flow') throw error;
    // A cached token the portal no longer accepts (signed out, revoked): sign in afresh, once.
    dropToken(target.startUrl, token);
    ctx.log(`IAM Identity Center: the cached token for ${target.startUrl} was refused; signing in again`);
    const fresh = await deviceFlowToken(target, ctx);
    return getRoleCredentials(fresh, target, ctx);
  }
}

async function ssoToken(target: SsoTarget, ctx: SignInContext): Promise<SsoToken> {
  const inMemory = tokens.get(target.startUrl);
  if (inMemory && usable(inMemory, ctx.now())) return inMemory;
  const underWay = pending.get(target.startUrl);
  if (underWay) {
    try {
      return await underWay;
    } catch (error) {
      // Another account's sign-in was cancelled (its progress closed), not this one: try for this one.
      if (!(error instanceof AwsAccessError && error.kind === 'cancelled') || ctx.signal?.aborted) throw error;
      return ssoToken(target, ctx);
    }
  }
  const attempt = newSsoToken(target, ctx);
  pending.set(target.startUrl, attempt);
  try {
    return await attempt;
  } finally {
    if (pending.get(target.startUrl) === attempt) pending.delete(target.startUrl);
  }
}

async function newSsoToken(target: SsoTarget, ctx: SignInContext): Promise<SsoToken> {
  const now = ctx.now();
  const inMemory = tokens.get(target.startUrl);
  if (inMemory?.refreshToken) {
    const renewed = await refreshedToken(inMemory, inMemory.refreshToken, target, ctx);
    if (renewed) return renewed;
  }
  const cached = await readCliCachedToken(target, ctx.env, now);
  if (cached) {
    ctx.log(`IAM Identity Center: reusing the AWS CLI's cached sign-in for ${target.startUrl}`);
    tokens.set(target.startUrl, cached);
    return cached;
  }
  return deviceFlowToken(target, ctx);
}

async function getRoleCredentials(token: SsoToken, target: SsoTarget, ctx: SignInContext): Promise<AwsCredentials> {
  let out: Record<string, unknown>;
  try {
    out = await ctx.call({ service: 'sso', region: target.ssoRegion, operation: 'GetRoleCredentials', input: { accessToken: token.accessToken, accountId: target.accountId, roleName: target.roleName } });
  } catch (error) {
    const code = errorCode(error);
    const details = { service: 'sso', operation: 'GetRoleCredentials', code, accountId: target.accountId, region: target.ssoRegion };
    if (code === 'UnauthorizedException' || code === 'ExpiredTokenException' || code === 'InvalidTokenException') {
      dropToken(target.startUrl, token);
      return Promise.reject(new AwsAccessError('sso-token-expired', `The IAM Identity Center sign-in for ${target.startUrl} has expired or was revoked (${code})`, 'Sign in to IAM Identity Center again (SOP Lens: Assume Role…, or aws sso login).', details));
    }
    if (code === 'ForbiddenException' || code === 'ResourceNotFoundException') {
      return Promise.reject(new AwsAccessError('access-denied', `IAM Identity Center gives you no role ${target.roleName} in account ${target.accountId} (${code})`, `Check the role name, or ask for the permission set ${target.roleName} to be assigned to you in ${target.accountId}.`, details));
    }
    throw classifyAwsError(error, { service: 'sso', operation: 'GetRoleCredentials', region: target.ssoRegion, accountId: target.accountId });
  }
  const role = out.roleCredentials as { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; expiration?: number } | undefined;
  if (!role?.accessKeyId || !role.secretAccessKey) {
    throw new AwsAccessError('sso-sign-in-failed', `IAM Identity Center returned no credentials for ${target.roleName} in ${target.accountId}`, 'Try again; if it persists, check the permission set.', { service: 'sso', operation: 'GetRoleCredentials' });
  }
  return { accessKeyId: role.accessKeyId, secretAccessKey: role.secretAccessKey, sessionToken: role.sessionToken, expiration: role.expiration ? new Date(role.expiration) : undefined };
}

const PASSED_THROUGH: ReadonlySet<AwsErrorKind> = new Set<AwsErrorKind>(['network', 'timeout', 'not-aws', 'throttled']);

function signInFailed(message: string, action: string, operation: string, code?: string): AwsAccessError {
  return new AwsAccessError('sso-sign-in-failed', message, action, { service: 'sso-oidc', operation, code });
}

async function oidc(operation: string, input: object, target: SsoTarget, ctx: SignInContext): Promise<Record<string, unknown>> {
  return ctx.call({ service: 'sso-oidc', region: target.ssoRegion, operation, input });
}

async function registeredClient(target: SsoTarget, ctx: SignInContext): Promise<{ clientId: string; clientSecret: string }> {
  const known = clients.get(target.ssoRegion);
  if (known && (!known.expiresAt || known.expiresAt.getTime() > ctx.now().getTime() + TOKEN_MARGIN_MS)) return known;
  try {
    const out = await oidc('RegisterClient', { clientName: 'sop-lens', clientType: 'public', scopes: [ACCOUNT_ACCESS_SCOPE] }, target, ctx);
    const client = {
      clientId: String(out.clientId),
      clientSecret: String(out.clientSecret),
      expiresAt: typeof out.clientSecretExpiresAt === 'number' ? new Date(out.clientSecretExpiresAt * 1000) : undefined,
    };
    clients.set(target.ssoRegion, client);
    return client;
  } catch (error) {
    throw ssoOidcError(error, 'RegisterClient', target);
  }
}

function ssoOidcError(error: unknown, operation: string, target: SsoTarget): AwsAccessError {
  if (error instanceof AwsAccessError) return error;
  const code = errorCode(error);
  if (code === 'AbortError') return classifyAwsError(error, { service: 'sso-oidc', operation });
  const classified = classifyAwsError(error, { service: 'sso-oidc', operation, region: target.ssoRegion });
  // Failures of the connection say so themselves: a sign-in failure would blame the start URL.
  if (PASSED_THROUGH.has(classified.kind)) return classified;
  return signInFailed(`IAM Identity Center sign-in to ${target.startUrl} failed at ${operation} (${code})`, 'Check the start URL and the Identity Center region of the account, then try again.', operation, code);
}

/**
 * A new access token for an expired one of ours, through its refresh token; undefined when Identity Center
 * refuses the renewal (the session ended, or was revoked), so that the caller signs in afresh.
 */
async function refreshedToken(expired: SsoToken, refreshToken: string, target: SsoTarget, ctx: SignInContext): Promise<SsoToken | undefined> {
  const client = expired.client ?? (await registeredClient(target, ctx));
  try {
    const out = await oidc('CreateToken', { clientId: client.clientId, clientSecret: client.clientSecret, grantType: REFRESH_GRANT, refreshToken }, target, ctx);
    const token = tokenOf(out, 'refresh', ctx, client, refreshToken);
    tokens.set(target.startUrl, token);
    ctx.log(`IAM Identity Center: renewed the sign-in to ${target.startUrl} without the browser`);
    return token;
  } catch (error) {
    const code = errorCode(error);
    // Only a refusal ends the sign-in; throttling or an outage leaves it for the next try.
    if (!RENEWAL_REFUSED.has(code)) throw classifyAwsError(error, { service: 'sso-oidc', operation: 'CreateToken', region: target.ssoRegion });
    dropToken(target.startUrl, expired);
    ctx.log(`IAM Identity Center: the sign-in to ${target.startUrl} could not be renewed (${code}); signing in again`);
    return undefined;
  }
}

/** The token a `CreateToken` answer gives; a renewal that names no new refresh token keeps the old one. */
function tokenOf(out: Record<string, unknown>, from: SsoToken['from'], ctx: SignInContext, client: { clientId: string; clientSecret: string }, previousRefreshToken?: string): SsoToken {
  const refreshToken = typeof out.refreshToken === 'string' && out.refreshToken ? out.refreshToken : previousRefreshToken;
  return {
    accessToken: String(out.accessToken),
    expiresAt: new Date(ctx.now().getTime() + Number(out.expiresIn ?? 3600) * 1000),
    from,
    ...(refreshToken ? { refreshToken, client: { clientId: client.clientId, clientSecret: client.clientSecret } } : {}),
  };
}

/** The device authorization flow: show the code, poll until the user approves it, the code expires or the sign-in is cancelled. */
async function deviceFlowToken(target: SsoTarget, ctx: SignInContext): Promise<SsoToken> {
  const client = await registeredClient(target, ctx);
  let auth: Record<string, unknown>;
  try {
    auth = await oidc('StartDeviceAuthorization', { ...client, startUrl: target.startUrl }, target, ctx);
  } catch (error) {
    throw ssoOidcError(error, 'StartDeviceAuthorization', target);
  }
  const started = ctx.now().getTime();
  const expiresIn = Number(auth.expiresIn ?? 600);
  const expiresAt = new Date(started + expiresIn * 1000);
  let intervalMs = Math.max(1, Number(auth.interval ?? 5)) * 1000;
  ctx.log(`IAM Identity Center: waiting for the device code to be approved at ${String(auth.verificationUri)}`);
  // Shown without waiting for the user to dismiss it: polling starts at once.
  Promise.resolve(
    ctx.prompts.showDeviceCode({
      userCode: String(auth.userCode),
      verificationUri: String(auth.verificationUri),
      verificationUriComplete: typeof auth.verificationUriComplete === 'string' ? auth.verificationUriComplete : undefined,
      expiresAt,
      account: ctx.account,
    }),
  ).catch((error: unknown) => ctx.log(`IAM Identity Center: could not show the device code (${errorCode(error)})`));

  for (;;) {
    if (ctx.now().getTime() >= expiresAt.getTime()) {
      throw signInFailed(`The IAM Identity Center code for ${target.startUrl} expired before it was approved`, 'Run the sign-in again and approve the code in the browser within its time.', 'CreateToken', 'ExpiredTokenException');
    }
    try {
      await ctx.sleep(intervalMs, ctx.signal);
    } catch (error) {
      throw classifyAwsError(error, { service: 'sso-oidc', operation: 'CreateToken' });
    }
    try {
      const out = await oidc('CreateToken', { ...client, grantType: DEVICE_GRANT, deviceCode: auth.deviceCode }, target, ctx);
      const token = tokenOf(out, 'device-flow', ctx, client);
      tokens.set(target.startUrl, token);
      ctx.log(`IAM Identity Center: signed in to ${target.startUrl}`);
      return token;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'AuthorizationPendingException') continue;
      if (code === 'SlowDownException') {
        intervalMs += SLOW_DOWN_EXTRA_MS;
        continue;
      }
      if (code === 'ExpiredTokenException') {
        throw signInFailed(`The IAM Identity Center code for ${target.startUrl} expired before it was approved`, 'Run the sign-in again and approve the code in the browser within its time.', 'CreateToken', code);
      }
      if (code === 'AccessDeniedException') {
        throw signInFailed(`The IAM Identity Center sign-in to ${target.startUrl} was denied in the browser`, 'Run the sign-in again and choose Allow on the verification page.', 'CreateToken', code);
      }
      throw ssoOidcError(error, 'CreateToken', target);
    }
  }
}
