/** Temporary or long-term AWS credentials, held in memory only: never logged, persisted or shown. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date;
}

/** Something that yields current credentials, refreshing them if it can (the SDK's provider shape). */
export type CredentialSource = () => Promise<AwsCredentials>;

/** An identity SOP Lens is acting as in one account, for instance after `assumeRole`. */
export interface AwsSession {
  readonly accountId: string;
  /** The caller ARN STS reports, e.g. `arn:aws:sts::111111111111:assumed-role/Operator/alice`. */
  readonly arn: string;
  readonly credentials: AwsCredentials;
  /** How the session was obtained, for display: `role Operator via profile hub (MFA)`. */
  readonly via: string;
  readonly mfa: boolean;
}

/** Milliseconds of validity left, or Infinity for long-term credentials. */
export function remainingMs(credentials: AwsCredentials, now: Date = new Date()): number {
  return credentials.expiration ? credentials.expiration.getTime() - now.getTime() : Infinity;
}

/** Credentials that expire within this margin are treated as expired: a call may take that long. */
export const EXPIRY_MARGIN_MS = 60_000;

export function isExpired(credentials: AwsCredentials, now: Date = new Date()): boolean {
  return remainingMs(credentials, now) <= EXPIRY_MARGIN_MS;
}
