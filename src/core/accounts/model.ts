/**
 * A customer account as SOP Lens knows it: where it came from, how to get in, what to check. Built from
 * `.sop/accounts.yaml`, from the profiles of `~/.aws/config`, and optionally from AWS Organizations.
 */

/** How SOP Lens gets credentials in the account. */
export type AccountAccess =
  | {
      readonly kind: 'assume-role';
      readonly roleArn: string;
      /** Shared-config profile whose credentials start the chain; absent = the SDK's default chain. */
      readonly sourceProfile?: string;
      /** Role chaining: roles assumed in order before `roleArn`, e.g. a hub account's operator role. */
      readonly via?: readonly string[];
      /** MFA device ARN (or serial) the first assumption presents a code for. */
      readonly mfaSerial?: string;
      readonly externalId?: string;
      readonly durationSeconds?: number;
    }
  | {
      readonly kind: 'sso';
      /** The IAM Identity Center access portal URL, e.g. `https://acme.awsapps.com/start`. */
      readonly startUrl: string;
      readonly ssoRegion: string;
      readonly roleName: string;
      /** The `sso-session` name in `~/.aws/config`, used for the token cache file name. */
      readonly sessionName?: string;
    }
  | {
      /** Use a shared-config profile as it is (static keys, `credential_process`, or its own role). */
      readonly kind: 'profile';
      readonly profile: string;
    };

/** Where an account entry came from; the file wins over profiles, profiles over Organizations. */
export type AccountOrigin = 'accounts-file' | 'aws-config' | 'organizations';

export interface ContactPolicy {
  /** E-mail domains contacts must use, e.g. `example.com` (sub-domains included). */
  readonly emailDomains: readonly string[];
  /** Phone number prefixes contacts must use, in E.164 form, e.g. `+44 20`. */
  readonly phonePrefixes: readonly string[];
}

export interface Account {
  /** 12-digit AWS account id. */
  readonly id: string;
  readonly name: string;
  readonly access: AccountAccess;
  /** Regions to check; absent = the enabled regions of the account's partition. */
  readonly regions?: readonly string[];
  /** The region for global calls (IAM, STS, CloudTrail lookups), which sets the partition; defaults to the role ARN's partition's (us-east-1). */
  readonly homeRegion?: string;
  readonly contacts?: ContactPolicy;
  /** Grouping tags, for instance `customer` and `environment`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly origin: AccountOrigin;
  /** The file and line it was declared at, for "reveal in file" and error messages. */
  readonly declaredAt?: { readonly file: string; readonly line: number };
}

export const ACCOUNT_ID = /^\d{12}$/;
