/**
 * Typed errors for everything that can go wrong reaching AWS. Each carries what the user needs to act
 * (`action`) and never a secret: messages are built from error codes, ARNs and account ids only.
 */

export type AwsErrorKind =
  | 'no-source-credentials'
  | 'mfa-required'
  | 'mfa-invalid'
  | 'access-denied'
  | 'role-not-found'
  | 'expired-token'
  | 'sso-token-expired'
  | 'sso-sign-in-failed'
  | 'throttled'
  | 'region-disabled'
  | 'timeout'
  | 'cancelled'
  | 'network'
  /** The endpoint answered, but not as AWS does: an HTML page, a server error whose body is no AWS error. */
  | 'not-aws'
  /** A call that carries credentials was about to go over plain HTTP to a host that is not this machine. */
  | 'insecure-endpoint'
  /** The user declined to send credentials to the endpoint a workspace setting names. */
  | 'endpoint-declined'
  | 'service';

export class AwsAccessError extends Error {
  override readonly name = 'AwsAccessError';
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    /** What the user can do about it, one sentence. */
    readonly action: string,
    readonly details: { readonly service?: string; readonly operation?: string; readonly region?: string; readonly code?: string; readonly accountId?: string } = {},
  ) {
    super(message);
  }
}

/** The SDK error's code, whichever field the protocol put it in. */
export function errorCode(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.Code ?? e?.name ?? e?.code ?? 'Error';
}

export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' ? message : '';
}

/** An error in one line for the user: its message and, for an `AwsAccessError`, what to do about it. */
export function describeError(error: unknown): string {
  const e = error as { message?: string; action?: string };
  const message = e?.message ?? String(error);
  return e?.action ? `${message.replace(/\.$/, '')}. ${e.action}` : message;
}

/**
 * Where a call went, for messages: the host (and port) of the endpoint and the setting that sent the
 * call there (`--endpoint-url`, `AWS_ENDPOINT_URL`, ...), absent when it went to AWS's own endpoint.
 */
export interface EndpointOrigin {
  readonly host: string;
  readonly setting?: string;
}

/** The endpoint each failed SDK call went to, recorded by the client's middleware (see `clients.ts`). */
const failedEndpoints = new WeakMap<object, EndpointOrigin>();

export function recordEndpoint(error: unknown, origin: EndpointOrigin): void {
  if (error && typeof error === 'object' && !failedEndpoints.has(error)) failedEndpoints.set(error, origin);
}

export function endpointOf(error: unknown): EndpointOrigin | undefined {
  return error && typeof error === 'object' ? failedEndpoints.get(error) : undefined;
}

/** An answer no AWS service gives, found before the SDK parsed it (an HTML page). */
export class NotAwsAnswer extends Error {
  override readonly name = 'NotAwsAnswer';
  constructor(
    readonly status: number,
    /** What came instead, in words: `an HTML page (HTTP 200)`. */
    readonly what: string,
  ) {
    super(`The endpoint answered with ${what}`);
  }
}

/** Node's network error codes, in words. */
const NETWORK_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved',
  ECONNRESET: 'the connection was closed',
  EPIPE: 'the connection was closed',
  ECONNABORTED: 'the connection was closed',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is signed by an unknown authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its TLS certificate is signed by an unknown authority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
};

/** The system error code of a failed connection (Node puts it on the error or, for `fetch`, on its cause). */
export function networkErrorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && e.code in NETWORK_FAILURES) return e.code;
  }
  return undefined;
}

/** What to check when `origin` could not be reached or did not answer as AWS does. */
function endpointAdvice(origin: EndpointOrigin | undefined): string {
  return origin?.setting ? `the endpoint setting (${origin.setting})` : 'the endpoint setting';
}

/** A host that could not be reached: which one, why in words, and the setting that chose it. */
export function unreachable(origin: EndpointOrigin, code: string, where: string, details: AwsAccessError['details'] = {}): AwsAccessError {
  const action = origin.setting !== undefined ? `Check the network or ${endpointAdvice(origin)}.` : 'Check the network connection, and any proxy or firewall between you and AWS.';
  return new AwsAccessError('network', `Could not reach ${origin.host} for ${where}: ${NETWORK_FAILURES[code] ?? 'the connection failed'} (${code})`, action, { ...details, code });
}

/** An endpoint that answered, but not as AWS does. */
export function notAwsAnswer(origin: EndpointOrigin | undefined, what: string, where: string, details: AwsAccessError['details'] = {}): AwsAccessError {
  const who = origin?.host ?? 'The endpoint';
  const action = origin?.setting !== undefined
    ? `Check that ${endpointAdvice(origin)} points at AWS or an AWS-compatible service: a web server, proxy or captive portal answered instead.`
    : 'A web server, proxy or captive portal between you and AWS answered instead: check the network.';
  return new AwsAccessError('not-aws', `${who} answered ${where} with ${what}, not as AWS does`, action, details);
}

/** Refuses to send a call that carries credentials over plain HTTP to a host that is not this machine. */
export function insecureEndpoint(origin: EndpointOrigin, where: string, details: AwsAccessError['details'] = {}): AwsAccessError {
  return new AwsAccessError(
    'insecure-endpoint',
    `SOP Lens sends no credentials over plain HTTP to ${origin.host} (${where})`,
    `Use an https:// URL in ${endpointAdvice(origin)}, or a loopback address (127.0.0.1, ::1, localhost) for a local emulator.`,
    { ...details, code: 'InsecureEndpoint' },
  );
}

/** Whether a URL's host name is this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether credentials may go to `url`: over HTTPS, or to this machine (false for what is no URL). */
export function mayCarryCredentials(url: URL | string): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  return parsed.protocol !== 'http:' || isLoopbackHost(parsed.hostname);
}

/**
 * An SDK error that says the answer could not be parsed as the protocol's (a JSON or XML syntax error,
 * an error body with no error code): the endpoint is not AWS, or something in between answered.
 */
function unparsedAnswer(error: unknown, code: string): boolean {
  const message = errorMessage(error);
  return code === 'SyntaxError' || code === 'Unknown' || code === 'UnknownError' || /XML parse error|Deserialization error/.test(message);
}

/** Where a user sets the call timeout, in the extension and on the command line. */
export const CALL_TIMEOUT_SETTINGS = 'sopLens.aws.callTimeoutSeconds, or --call-timeout for sop-lens check';

/** Error codes that mean "not allowed", across query, JSON and REST protocols. */
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'Forbidden',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
/** What AWS answers in a region the account has not opted into. */
const REGION_DISABLED = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'OptInRequired', 'AuthFailure']);

/**
 * Classifies an error thrown by an AWS SDK v3 call. `optInRegion` says whether the region is one that
 * accounts must opt into: only there does an unrecognised client mean "region disabled".
 */
export function classifyAwsError(
  error: unknown,
  context: { service: string; operation: string; region?: string; accountId?: string; optInRegion?: boolean },
): AwsAccessError {
  if (error instanceof AwsAccessError) return error;
  const e = error as { message?: string; $metadata?: { httpStatusCode?: number } };
  const network = networkErrorCode(error);
  const code = network ?? errorCode(error);
  const where = `${context.service}:${context.operation}${context.region ? ` in ${context.region}` : ''}`;
  const details = { service: context.service, operation: context.operation, region: context.region, code, accountId: context.accountId };
  if (code === 'AbortError' || code === 'TimeoutError' && /abort/i.test(e?.message ?? '')) {
    return new AwsAccessError('cancelled', `${where} was cancelled`, 'Run the check again.', details);
  }
  if (code === 'TimeoutError' || code === 'RequestTimeout' || code === 'RequestTimeoutException') {
    return new AwsAccessError('timeout', `${where} timed out`, `Check the network, or raise the call timeout (${CALL_TIMEOUT_SETTINGS}).`, details);
  }
  const origin = endpointOf(error);
  if (network) return unreachable(origin ?? { host: 'the endpoint', setting: '' }, network, where, details);
  if (error instanceof NotAwsAnswer) return notAwsAnswer(origin, error.what, where, { ...details, code: `HTTP ${error.status}` });
  const status = e?.$metadata?.httpStatusCode;
  if (unparsedAnswer(error, code)) {
    const what = status && status >= 300 ? `HTTP ${status} and a body that is not an AWS error` : `a body that is not an AWS answer${status ? ` (HTTP ${status})` : ''}`;
    return notAwsAnswer(origin, what, where, { ...details, code: status ? `HTTP ${status}` : code });
  }
  if (DENIED.has(code)) {
    return new AwsAccessError('access-denied', `${where} was denied (${code})`, `Give the role permission for ${context.service}:${context.operation}.`, details);
  }
  if (THROTTLED.has(code)) {
    return new AwsAccessError('throttled', `${where} was throttled after retries (${code})`, 'Run the check again later, or lower sopLens.aws.concurrency.', details);
  }
  if (EXPIRED.has(code)) {
    return new AwsAccessError('expired-token', `The credentials for ${where} have expired (${code})`, 'Assume the role again.', details);
  }
  if (REGION_DISABLED.has(code) && context.optInRegion) {
    return new AwsAccessError('region-disabled', `${context.region} is not enabled for this account (${code})`, 'Enable the region in the account, or remove it from the account\'s regions.', details);
  }
  const text = (e?.message ?? '').split('\n')[0].slice(0, 300);
  return new AwsAccessError(
    'service',
    `${where} failed: ${code}${status ? ` (HTTP ${status})` : ''}${text && text !== code ? `: ${text}` : ''}`,
    `Run it again; if it keeps failing, look up ${code} in the AWS documentation of ${context.service}:${context.operation}.`,
    details,
  );
}
