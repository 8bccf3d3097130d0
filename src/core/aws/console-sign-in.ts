/**
 * AWS console sign-in for a session's temporary credentials, as AWS documents it for custom identity
 * brokers: the federation endpoint exchanges the credentials for a sign-in token (`getSigninToken`),
 * and a `login` URL carrying that token opens the console already signed in.
 *
 * Both URLs carry secrets (the first the credentials, the second a token that is as good as them for
 * its lifetime): they are built and used here, never logged, and never put into error messages.
 */
import type { AwsCredentials } from './credentials';
import { isExpired } from './credentials';
import { AwsAccessError, type EndpointOrigin, insecureEndpoint, mayCarryCredentials, networkErrorCode, notAwsAnswer, unreachable } from './errors';

/** The partitions a caller ARN can name, and where their console and federation endpoint live. */
const PARTITIONS = {
  aws: { federation: 'https://signin.aws.amazon.com/federation', console: (region: string) => `https://${region}.console.aws.amazon.com/console/home?region=${region}` },
  'aws-us-gov': { federation: 'https://signin.amazonaws-us-gov.com/federation', console: (region: string) => `https://console.amazonaws-us-gov.com/console/home?region=${region}` },
  'aws-cn': { federation: 'https://signin.amazonaws.cn/federation', console: (region: string) => `https://console.amazonaws.cn/console/home?region=${region}` },
} as const;

export type Partition = keyof typeof PARTITIONS;

/** The console session AWS grants when asked: 15 minutes to 12 hours. */
export const CONSOLE_SESSION_SECONDS = { min: 900, max: 43_200 } as const;

const SIGNIN_TOKEN_TIMEOUT_MS = 15_000;

/** The partition of a caller or role ARN (`arn:aws-us-gov:...`); `aws` when it names none we know. */
export function partitionOf(arn: string): Partition {
  const partition = /^arn:([^:]+):/.exec(arn)?.[1];
  return partition && partition in PARTITIONS ? (partition as Partition) : 'aws';
}

export function federationUrl(partition: Partition, override?: string): string {
  return override ?? PARTITIONS[partition].federation;
}

/** The console home page of a region, where the sign-in lands. */
export function consoleHomeUrl(partition: Partition, region: string): string {
  return PARTITIONS[partition].console(region);
}

/**
 * The `getSigninToken` request. `sessionDurationSeconds` sets how long the console session lasts; AWS
 * refuses it for credentials obtained by role chaining, so leave it out for those.
 */
export function signinTokenRequestUrl(federation: string, credentials: AwsCredentials, sessionDurationSeconds?: number): string {
  if (!credentials.sessionToken) {
    throw new AwsAccessError(
      'no-source-credentials',
      'The console sign-in needs temporary credentials, and this session holds long-term keys',
      'Assume a role (or sign in through IAM Identity Center) for this account, then open the console.',
    );
  }
  const url = new URL(federation);
  url.searchParams.set('Action', 'getSigninToken');
  if (sessionDurationSeconds !== undefined) url.searchParams.set('SessionDuration', String(clampConsoleSeconds(sessionDurationSeconds)));
  url.searchParams.set('Session', JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken }));
  return url.toString();
}

export function clampConsoleSeconds(seconds: number): number {
  return Math.min(CONSOLE_SESSION_SECONDS.max, Math.max(CONSOLE_SESSION_SECONDS.min, Math.round(seconds)));
}

/** The `login` URL that opens `destination` signed in; `issuer` is where the console sends the user when the session ends. */
export function consoleLoginUrl(federation: string, signinToken: string, destination: string, issuer = 'SOP Lens'): string {
  const url = new URL(federation);
  url.searchParams.set('Action', 'login');
  url.searchParams.set('Issuer', issuer);
  url.searchParams.set('Destination', destination);
  url.searchParams.set('SigninToken', signinToken);
  return url.toString();
}

/** What the token request needs from its surroundings: `fetch` is injectable for tests. */
export interface SigninTokenRequestOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The setting that overrides the federation endpoint, as messages name it. */
const SIGNIN_SETTING = 'sopLens.endpoints.signin';
const WHERE = 'the federation endpoint';

/**
 * Asks the federation endpoint for a sign-in token. Failures become `AwsAccessError`s built from the
 * host, the HTTP status or the network error code only: the request URL holds the credentials.
 * `overridden`: the URL comes from the endpoint setting rather than being AWS's own.
 */
export async function requestSigninToken(requestUrl: string, options: SigninTokenRequestOptions & { readonly overridden?: boolean } = {}): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const url = new URL(requestUrl);
  const origin: EndpointOrigin = { host: url.host, ...(options.overridden ? { setting: SIGNIN_SETTING } : {}) };
  if (!mayCarryCredentials(url)) throw insecureEndpoint({ ...origin, setting: SIGNIN_SETTING }, WHERE);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? SIGNIN_TOKEN_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await doFetch(requestUrl, { method: 'GET', signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (options.signal?.aborted) throw new AwsAccessError('cancelled', 'Opening the console was cancelled', 'Open the console again.');
    if (timeout.aborted) throw new AwsAccessError('timeout', `${WHERE} (${url.host}) did not answer in time`, `Check the network or the endpoint setting (${SIGNIN_SETTING}).`);
    throw unreachable(origin, networkErrorCode(error) ?? networkCode(error), WHERE);
  }
  const html = /html/i.test(response.headers.get('content-type') ?? '');
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    if (html) throw notAwsAnswer(origin, `an HTML page (HTTP ${response.status})`, WHERE, { code: `HTTP ${response.status}` });
    throw new AwsAccessError(
      'access-denied',
      `${WHERE} (${url.host}) refused the session's credentials (HTTP ${response.status})`,
      'Assume the role again; the console accepts only unexpired credentials from AssumeRole or IAM Identity Center.',
      { code: `HTTP ${response.status}` },
    );
  }
  if (html) throw notAwsAnswer(origin, `an HTML page (HTTP ${response.status})`, WHERE, { code: `HTTP ${response.status}` });
  if (!response.ok) {
    throw new AwsAccessError('service', `${WHERE} (${url.host}) failed (HTTP ${response.status})`, 'Try again; if it persists, sign in to the console directly.', { code: `HTTP ${response.status}` });
  }
  const body = (await response.json().catch(() => undefined)) as { SigninToken?: unknown } | undefined;
  if (typeof body?.SigninToken !== 'string' || body.SigninToken === '') {
    throw notAwsAnswer(origin, `${body === undefined ? 'a body that is not JSON' : 'JSON without a sign-in token'} (HTTP ${response.status})`, WHERE, { code: `HTTP ${response.status}` });
  }
  return body.SigninToken;
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : (error as { name?: string })?.name ?? 'error';
}

export interface ConsoleSignInOptions extends SigninTokenRequestOptions {
  /** The caller ARN of the session, for the partition. */
  readonly arn: string;
  readonly region: string;
  /** Overrides the partition's federation endpoint (`sopLens.endpoints.signin`). */
  readonly federationUrl?: string;
  /** Omit for sessions obtained by role chaining (AWS refuses it there). */
  readonly sessionDurationSeconds?: number;
  /** Called before the credentials go to an overriding `federationUrl`; rejects to refuse (see `AwsEndpoints.confirm`). */
  readonly confirmEndpoint?: (service: 'signin', url: string) => Promise<void>;
  readonly now?: Date;
}

/** The console login URL for a session: requests the token, then builds the URL. Holds a secret: open it, never log it. */
export async function consoleSignInUrl(credentials: AwsCredentials, options: ConsoleSignInOptions): Promise<string> {
  if (isExpired(credentials, options.now)) {
    throw new AwsAccessError('expired-token', 'The session has expired', 'Assume the role again, then open the console.');
  }
  const partition = partitionOf(options.arn);
  const federation = federationUrl(partition, options.federationUrl);
  if (options.federationUrl !== undefined && mayCarryCredentials(federation)) await options.confirmEndpoint?.('signin', federation);
  const token = await requestSigninToken(signinTokenRequestUrl(federation, credentials, options.sessionDurationSeconds), { ...options, overridden: options.federationUrl !== undefined });
  return consoleLoginUrl(federation, token, consoleHomeUrl(partition, options.region));
}
