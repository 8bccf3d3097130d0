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
  const code = errorCode(error);
  const where = `${context.service}:${context.operation}${context.region ? ` in ${context.region}` : ''}`;
  const details = { service: context.service, operation: context.operation, region: context.region, code, accountId: context.accountId };
  if (code === 'AbortError' || code === 'TimeoutError' && /abort/i.test(e?.message ?? '')) {
    return new AwsAccessError('cancelled', `${where} was cancelled`, 'Run the check again.', details);
  }
  if (code === 'TimeoutError' || code === 'RequestTimeout' || code === 'RequestTimeoutException') {
    return new AwsAccessError('timeout', `${where} timed out`, 'Check the network or raise sopLens.aws.callTimeoutSeconds.', details);
  }
  if (DENIED.has(code)) {
    return new AwsAccessError('access-denied', `${where} was denied (${code})`, `Give the role permission for ${context.service}:${context.operation}.`, details);
  }
  if (THROTTLED.has(code)) {
    return new AwsAccessError('throttled', `${where} was throttled after retries (${code})`, 'Run the check again later or lower sopLens.aws.concurrency.', details);
  }
  if (EXPIRED.has(code)) {
    return new AwsAccessError('expired-token', `The credentials for ${where} have expired (${code})`, 'Assume the role again.', details);
  }
  if (REGION_DISABLED.has(code) && context.optInRegion) {
    return new AwsAccessError('region-disabled', `${context.region} is not enabled for this account (${code})`, 'Enable the region in the account, or remove it from the account\'s regions.', details);
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'EAI_AGAIN') {
    return new AwsAccessError('network', `Could not reach ${where} (${code})`, 'Check the network connection and sopLens.endpoints.', details);
  }
  const status = e?.$metadata?.httpStatusCode;
  const text = (e?.message ?? '').split('\n')[0].slice(0, 300);
  return new AwsAccessError('service', `${where} failed: ${code}${status ? ` (HTTP ${status})` : ''}${text && text !== code ? `: ${text}` : ''}`, 'See the SOP Lens log for the request; retry, or report it if it persists.', details);
}
