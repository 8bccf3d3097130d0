/**
 * What the proxy itself holds: the parts of a fixture moto cannot (root flags, contact information,
 * CloudTrail events, MFA device secrets, Identity Center assignments, fixed test keys) and the state of the
 * operations it emulates (SSO clients, device codes and tokens, termination protection). `POST
 * /__proxy/fixture` loads the first part; `POST /__proxy/reset` clears everything.
 */

/** A test access key the proxy maps to a moto user (its real moto key) in one account. */
export interface KnownKey {
  readonly account: string;
  /** The caller ARN, for error messages. */
  readonly arn?: string;
  /** The moto access key id to put in place of the fixed one, so moto sees the real user. */
  readonly motoAccessKeyId?: string;
}

export interface ContactInformation {
  readonly FullName: string;
  readonly AddressLine1: string;
  readonly City: string;
  readonly PostalCode: string;
  readonly CountryCode: string;
  readonly PhoneNumber: string;
  readonly CompanyName?: string;
  readonly StateOrRegion?: string;
  readonly WebsiteUrl?: string;
  readonly AddressLine2?: string;
  readonly AddressLine3?: string;
  readonly DistrictOrCounty?: string;
}

/** A CloudTrail management event as LookupEvents returns it (times absolute by the time they reach here). */
export interface TrailEvent {
  readonly region: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: string;
  readonly username: string;
  readonly readOnly: boolean;
  readonly accessKeyId?: string;
  readonly userIdentityType: string;
  readonly userIdentityArn: string;
  readonly sourceIpAddress?: string;
  readonly resources?: readonly { ResourceType: string; ResourceName: string }[];
}

export interface IdentityCenterState {
  readonly startUrl: string;
  readonly region: string;
  readonly accounts: readonly {
    readonly accountId: string;
    readonly accountName: string;
    readonly emailAddress: string;
    readonly roles: readonly { readonly roleName: string; readonly roleArn: string }[];
  }[];
}

/** The emulated part of a fixture, as sent to `POST /__proxy/fixture`. */
export interface EmulatedState {
  readonly fixture: string;
  readonly keys: Record<string, KnownKey>;
  /** Virtual MFA devices by serial (`arn:aws:iam::999999999999:mfa/alice`): base32 TOTP secrets. */
  readonly mfaDevices: Record<string, { readonly secret: string }>;
  readonly rootFlags: Record<string, { readonly mfa: boolean; readonly accessKeys: boolean }>;
  readonly contacts: Record<string, ContactInformation>;
  readonly events: Record<string, readonly TrailEvent[]>;
  /** Opt-in regions each account has not enabled (Account ListRegions says DISABLED; calls there are refused as faults). */
  readonly optedOutRegions?: Record<string, readonly string[]>;
  readonly identityCenter?: IdentityCenterState;
}

export function emptyEmulatedState(): EmulatedState {
  return { fixture: '', keys: {}, mfaDevices: {}, rootFlags: {}, contacts: {}, events: {} };
}

/** An SSO-OIDC client registration. */
export interface SsoClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt: number;
}

/** A pending device authorization: approved by the test (the user signing in in a browser). */
export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly startUrl: string;
  readonly expiresAt: number;
  readonly intervalSeconds: number;
  approved: boolean;
  lastPollAt: number;
  redeemed: boolean;
}

export interface SsoToken {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly clientId: string;
  readonly startUrl: string;
  expiresAt: number;
}

/** Temporary credentials the backend handed out (AssumeRole, Identity Center), for the federation endpoint to check. */
export interface IssuedCredentials {
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** The assumed-role ARN the credentials act as. */
  readonly arn: string;
  readonly expiresAt: number;
}

/** A sign-in token from the federation endpoint's `getSigninToken`. */
export interface SigninToken {
  readonly token: string;
  readonly arn: string;
  readonly issuedAt: number;
  /** When the console session it opens ends. */
  readonly sessionEndsAt: number;
}

/** A console session opened by the federation endpoint's `login`: what the local console page shows. */
export interface ConsoleSession {
  readonly id: string;
  readonly arn: string;
  readonly destination: string;
  readonly issuer: string | undefined;
  readonly startedAt: number;
  readonly endsAt: number;
  /** Who followed the login URL (a browser, or a test's own fetch). */
  readonly userAgent: string | undefined;
}

/** Everything the proxy holds between calls; one instance per proxy. */
export class ProxyState {
  emulated: EmulatedState = emptyEmulatedState();
  seededAt: string | undefined;
  /** Access keys whose account the proxy learned (from AssumeRole answers, or by asking moto). */
  readonly learnedKeys = new Map<string, KnownKey>();
  readonly ssoClients = new Map<string, SsoClient>();
  readonly deviceAuthorizations = new Map<string, DeviceAuthorization>();
  readonly ssoTokens = new Map<string, SsoToken>();
  /** Termination protection by `account/region/stackId`, as set through UpdateTerminationProtection. */
  readonly terminationProtection = new Map<string, boolean>();
  /** Contact information written through PutContactInformation, by account (over the fixture's). */
  readonly writtenContacts = new Map<string, ContactInformation>();
  /** Temporary credentials handed out, by access key id. */
  readonly issuedCredentials = new Map<string, IssuedCredentials>();
  readonly signinTokens = new Map<string, SigninToken>();
  readonly consoleSessions = new Map<string, ConsoleSession>();

  reset(): void {
    this.emulated = emptyEmulatedState();
    this.seededAt = undefined;
    this.learnedKeys.clear();
    this.ssoClients.clear();
    this.deviceAuthorizations.clear();
    this.ssoTokens.clear();
    this.terminationProtection.clear();
    this.writtenContacts.clear();
    this.issuedCredentials.clear();
    this.signinTokens.clear();
    this.consoleSessions.clear();
  }

  key(accessKeyId: string | undefined): KnownKey | undefined {
    if (!accessKeyId) return undefined;
    return this.emulated.keys[accessKeyId] ?? this.learnedKeys.get(accessKeyId);
  }
}
