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

/**
 * The access a session was reached through and the identity it acts as: recorded with every check
 * result, shown in the evidence and written to `sop-lens check --format json`. Names and ARNs only,
 * never a secret.
 */
export interface AccessUsed {
  /** The caller ARN STS reported for the session, e.g. `arn:aws:sts::111111111111:assumed-role/OperatorAccess/sop-lens.alice`. */
  readonly arn: string;
  /** A shared-config profile used as it is, STS AssumeRole (role chaining when `roles` has several), or IAM Identity Center. */
  readonly method: 'profile' | 'assume-role' | 'sso';
  /** Where the credentials came from before any role of the account entry: `profile hub`, `environment`, `profile tool (credential_process)`. */
  readonly source?: string;
  /** The profile of a `profile` access. */
  readonly profile?: string;
  /** The roles assumed, in order: the `via` roles, then the account's role. */
  readonly roles?: readonly string[];
  /** The MFA device a code was presented for, by the entry's own `mfaSerial`. */
  readonly mfaSerial?: string;
  /** Whether an MFA code was presented anywhere along the way (a profile's own `mfa_serial` included). */
  readonly mfa: boolean;
  /** The IAM Identity Center access portal and permission-set role of an `sso` access. */
  readonly portal?: string;
  readonly roleName?: string;
  /** One line for people: `role HubOperator → OperatorAccess from profile hub (MFA)`. */
  readonly description: string;
}

/** An identity SOP Lens is acting as in one account, for instance after `assumeRole`. */
export interface AwsSession {
  readonly accountId: string;
  /** The caller ARN STS reports, e.g. `arn:aws:sts::111111111111:assumed-role/Operator/alice`. */
  readonly arn: string;
  readonly credentials: AwsCredentials;
  /** How the session was reached (its `arn` included), as every check run on it records. */
  readonly access: AccessUsed;
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
