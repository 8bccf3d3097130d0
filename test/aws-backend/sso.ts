/**
 * IAM Identity Center, which moto lacks: the SSO-OIDC device authorization flow (RegisterClient,
 * StartDeviceAuthorization, CreateToken pending until the test approves the user code, SlowDown when
 * polled faster than the interval, ExpiredToken after the code's lifetime) and the portal API
 * (ListAccounts, ListAccountRoles, GetRoleCredentials with the `x-amz-sso_bearer_token` header). Role
 * credentials are minted by moto's own AssumeRole into the fixture's permission-set role.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { jsonResponse, parseJsonBody, type CallContext, type Emulation } from './emulation';
import { rememberIssuedCredentials } from './federation';
import { motoQuery, xmlText } from './moto-calls';
import type { DeviceAuthorization, ProxyState } from './state';
import { errorResponse, type WireResponse } from './wire-errors';

const DEVICE_CODE_TTL_SECONDS = 600;
const POLL_INTERVAL_SECONDS = 1;
const ACCESS_TOKEN_TTL_SECONDS = 8 * 3600;
const CLIENT_TTL_SECONDS = 90 * 24 * 3600;
const ROLE_CREDENTIALS_SECONDS = 3600;

function oidcError(code: string, message: string, status = 400): WireResponse {
  return errorResponse('sso-oidc', { code, message, status });
}

function portalError(code: string, message: string, status: number): WireResponse {
  return errorResponse('sso', { code, message, status });
}

function userCode(): string {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ';
  const bytes = randomBytes(8);
  const chars = [...bytes].map((byte) => letters[byte % letters.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Marks the device authorization with this user code as signed in (what the user does in the browser). */
export function approveDeviceCode(state: ProxyState, code: string): boolean {
  const pending = [...state.deviceAuthorizations.values()].find((device) => device.userCode === code.toUpperCase() && !device.redeemed);
  if (!pending || pending.expiresAt < Date.now()) return false;
  pending.approved = true;
  return true;
}

/** Makes every issued access token expired (for tests of an expired SSO session). */
export function expireSsoTokens(state: ProxyState): number {
  for (const token of state.ssoTokens.values()) token.expiresAt = Date.now() - 1000;
  return state.ssoTokens.size;
}

function checkClient(context: CallContext, input: Record<string, unknown>): WireResponse | undefined {
  const client = context.state.ssoClients.get(typeof input.clientId === 'string' ? input.clientId : '');
  if (!client || client.clientSecret !== input.clientSecret) return oidcError('InvalidClientException', 'Invalid client credentials', 401);
  if (client.expiresAt < Date.now()) return oidcError('InvalidClientException', 'Client registration has expired', 401);
  return undefined;
}

function registerClient(context: CallContext): WireResponse {
  const input = parseJsonBody(context.request);
  if (typeof input.clientName !== 'string' || input.clientType !== 'public') return oidcError('InvalidRequestException', 'clientName and clientType "public" are required');
  const now = Date.now();
  const client = { clientId: randomUUID(), clientSecret: randomBytes(32).toString('base64url'), expiresAt: now + CLIENT_TTL_SECONDS * 1000 };
  context.state.ssoClients.set(client.clientId, client);
  return jsonResponse({ clientId: client.clientId, clientSecret: client.clientSecret, clientIdIssuedAt: Math.floor(now / 1000), clientSecretExpiresAt: Math.floor(client.expiresAt / 1000) });
}

function startDeviceAuthorization(context: CallContext): WireResponse {
  const input = parseJsonBody(context.request);
  const bad = checkClient(context, input);
  if (bad) return bad;
  const center = context.state.emulated.identityCenter;
  if (!center || input.startUrl !== center.startUrl) return oidcError('InvalidRequestException', `Unknown start URL ${String(input.startUrl)}`);
  const device: DeviceAuthorization = {
    deviceCode: randomBytes(24).toString('base64url'),
    userCode: userCode(),
    clientId: String(input.clientId),
    startUrl: center.startUrl,
    expiresAt: Date.now() + DEVICE_CODE_TTL_SECONDS * 1000,
    intervalSeconds: POLL_INTERVAL_SECONDS,
    approved: false,
    lastPollAt: 0,
    redeemed: false,
  };
  context.state.deviceAuthorizations.set(device.deviceCode, device);
  const verificationUri = `${new URL(center.startUrl).origin}/start/#/device`;
  return jsonResponse({
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri,
    verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
    expiresIn: DEVICE_CODE_TTL_SECONDS,
    interval: device.intervalSeconds,
  });
}

function issueToken(context: CallContext, clientId: string, startUrl: string): WireResponse {
  const token = { accessToken: randomBytes(32).toString('base64url'), refreshToken: randomBytes(32).toString('base64url'), clientId, startUrl, expiresAt: Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000 };
  context.state.ssoTokens.set(token.accessToken, token);
  return jsonResponse({ accessToken: token.accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS, refreshToken: token.refreshToken });
}

function createToken(context: CallContext): WireResponse {
  const input = parseJsonBody(context.request);
  const bad = checkClient(context, input);
  if (bad) return bad;
  if (input.grantType === 'refresh_token') {
    const previous = [...context.state.ssoTokens.values()].find((token) => token.refreshToken === input.refreshToken && token.clientId === input.clientId);
    if (!previous) return oidcError('InvalidGrantException', 'Invalid refresh token');
    context.state.ssoTokens.delete(previous.accessToken);
    return issueToken(context, previous.clientId, previous.startUrl);
  }
  if (input.grantType !== 'urn:ietf:params:oauth:grant-type:device_code') return oidcError('UnsupportedGrantTypeException', `Unsupported grant type ${String(input.grantType)}`);
  const device = context.state.deviceAuthorizations.get(typeof input.deviceCode === 'string' ? input.deviceCode : '');
  if (!device || device.clientId !== input.clientId || device.redeemed) return oidcError('InvalidGrantException', 'Invalid device code provided');
  const now = Date.now();
  if (device.expiresAt < now) return oidcError('ExpiredTokenException', 'Device code has expired');
  // Polling faster than the interval (with some slack for timer jitter) is told to slow down.
  const tooSoon = now - device.lastPollAt < device.intervalSeconds * 1000 * 0.8;
  device.lastPollAt = now;
  if (!device.approved) return tooSoon ? oidcError('SlowDownException', 'Client is polling too quickly') : oidcError('AuthorizationPendingException', 'Authorization is still pending');
  device.redeemed = true;
  return issueToken(context, device.clientId, device.startUrl);
}

/** The signed-in session of a portal call, or the 401 AWS gives without a valid one. */
function session(context: CallContext): { accounts: NonNullable<ProxyState['emulated']['identityCenter']>['accounts'] } | WireResponse {
  const bearer = String(context.request.headers['x-amz-sso_bearer_token'] ?? '');
  const token = context.state.ssoTokens.get(bearer);
  const center = context.state.emulated.identityCenter;
  if (!token || token.expiresAt <= Date.now() || !center || token.startUrl !== center.startUrl) return portalError('UnauthorizedException', 'Session token not found or invalid', 401);
  return { accounts: center.accounts };
}

function page<T>(context: CallContext, items: readonly T[]): { items: T[]; nextToken?: string } {
  const offset = Number(context.request.query.get('next_token') ?? 0) || 0;
  const max = Number(context.request.query.get('max_result') ?? 100) || 100;
  const next = offset + max < items.length ? String(offset + max) : undefined;
  return { items: items.slice(offset, offset + max), ...(next ? { nextToken: next } : {}) };
}

function listAccounts(context: CallContext): WireResponse {
  const signedIn = session(context);
  if ('status' in signedIn) return signedIn;
  const { items, nextToken } = page(context, signedIn.accounts.map(({ accountId, accountName, emailAddress }) => ({ accountId, accountName, emailAddress })));
  return jsonResponse({ accountList: items, ...(nextToken ? { nextToken } : {}) });
}

function listAccountRoles(context: CallContext): WireResponse {
  const signedIn = session(context);
  if ('status' in signedIn) return signedIn;
  const account = signedIn.accounts.find((candidate) => candidate.accountId === context.request.query.get('account_id'));
  const { items, nextToken } = page(context, (account?.roles ?? []).map((role) => ({ roleName: role.roleName, accountId: account!.accountId })));
  return jsonResponse({ roleList: items, ...(nextToken ? { nextToken } : {}) });
}

async function getRoleCredentials(context: CallContext): Promise<WireResponse> {
  const signedIn = session(context);
  if ('status' in signedIn) return signedIn;
  const accountId = context.request.query.get('account_id');
  const roleName = context.request.query.get('role_name');
  const role = signedIn.accounts.find((account) => account.accountId === accountId)?.roles.find((candidate) => candidate.roleName === roleName);
  if (!role) return portalError('ForbiddenException', 'No access', 403);
  const answer = await motoQuery(context.motoUrl, {
    signingName: 'sts',
    account: accountId!,
    region: 'us-east-1',
    params: { Action: 'AssumeRole', Version: '2011-06-15', RoleArn: role.roleArn, RoleSessionName: 'sso-user', DurationSeconds: String(ROLE_CREDENTIALS_SECONDS) },
  });
  const accessKeyId = xmlText(answer.body, 'AccessKeyId');
  if (answer.status !== 200 || !accessKeyId) return portalError('InvalidRequestException', `moto could not assume ${role.roleArn}`, 400);
  context.state.learnedKeys.set(accessKeyId, { account: accountId!, arn: xmlText(answer.body, 'Arn') });
  rememberIssuedCredentials(context.state, accessKeyId, answer.body, xmlText(answer.body, 'Arn') ?? role.roleArn);
  return jsonResponse({
    roleCredentials: {
      accessKeyId,
      secretAccessKey: xmlText(answer.body, 'SecretAccessKey'),
      sessionToken: xmlText(answer.body, 'SessionToken'),
      expiration: Date.now() + ROLE_CREDENTIALS_SECONDS * 1000,
    },
  });
}

export const ssoEmulations: readonly Emulation[] = [
  { service: 'sso-oidc', actions: ['RegisterClient'], handle: registerClient },
  { service: 'sso-oidc', actions: ['StartDeviceAuthorization'], handle: startDeviceAuthorization },
  { service: 'sso-oidc', actions: ['CreateToken'], handle: createToken },
  { service: 'sso', actions: ['ListAccounts'], handle: listAccounts },
  { service: 'sso', actions: ['ListAccountRoles'], handle: listAccountRoles },
  { service: 'sso', actions: ['GetRoleCredentials'], handle: getRoleCredentials },
  { service: 'sso', actions: ['Logout'], handle: (context) => {
    context.state.ssoTokens.delete(String(context.request.headers['x-amz-sso_bearer_token'] ?? ''));
    return jsonResponse(undefined);
  } },
];
