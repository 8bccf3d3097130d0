/**
 * Fixtures: YAML descriptions of AWS accounts in mixed states (`test/aws-backend/fixtures/<name>.yaml`).
 * The seeding module applies what moto can hold through the SDK; the rest (root flags, contact
 * information, CloudTrail events, MFA secrets, Identity Center) goes to the proxy as its emulated state.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { Fault } from './faults';
import { projectRoot } from './moto';
import type { ContactInformation, EmulatedState, TrailEvent } from './state';

/**
 * The fixed test keys of the hub operator `alice` (also in fixtures/aws-credentials). Deliberately not
 * shaped like AWS key ids (AKIA…), so no secret scanner mistakes them for real keys; the proxy maps them
 * to a moto key and an account.
 */
export const FIXTURE_KEYS = { accessKeyId: 'SOPLENSTESTHUBALICE1', secretAccessKey: 'sop-lens-test-secret' } as const;
export const FIXTURE_ACCOUNTS = { hub: '999999999999', acmeProduction: '111111111111', acmeStaging: '222222222222', globex: '333333333333' } as const;
export const HUB_MFA_SERIAL = 'arn:aws:iam::999999999999:mfa/alice';
export const SSO_START_URL = 'https://sop-lens-demo.awsapps.com/start';

export interface FixtureTrust {
  /** An IAM ARN (user, role, SAML provider) or `*`. */
  readonly principal: string;
  /** Whether the statement requires `aws:MultiFactorAuthPresent`. */
  readonly mfa?: boolean;
}

export interface FixtureRole {
  readonly name: string;
  readonly path?: string;
  readonly trust: readonly FixtureTrust[];
  /** The permission set this role stands for in Identity Center (`AWSReservedSSO_<name>_...`). */
  readonly identityCenterRole?: string;
}

export interface FixtureUser {
  readonly name: string;
  readonly fixedKey?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly mfaDevice?: { readonly name: string; readonly secret: string };
  readonly consolePassword?: boolean;
  /** A long-term access key of its own (besides the fixed test key). */
  readonly accessKey?: boolean;
}

export interface FixtureBucket {
  readonly name: string;
  readonly region: string;
  readonly versioning?: boolean;
  readonly lifecycle?: boolean;
  /** Default encryption; absent = AES256, as AWS gives every new bucket (moto gives none, so it is seeded). */
  readonly encryption?: 'AES256' | 'aws:kms' | 'none';
  /** Absent = on, as AWS gives every new bucket. */
  readonly publicAccessBlock?: boolean;
  /** A bucket policy statement denying s3:DeleteObject and s3:DeleteBucket. */
  readonly denyDeletes?: boolean;
}

export interface FixtureTrail {
  readonly name: string;
  readonly region: string;
  readonly bucket: string;
  readonly multiRegion: boolean;
  readonly logging: boolean;
  readonly kmsKeyId?: string;
  readonly logFileValidation?: boolean;
  /** Management events logged: All, ReadOnly, WriteOnly, or none. */
  readonly management?: 'All' | 'ReadOnly' | 'WriteOnly' | 'none';
  readonly dynamoDbDataEvents?: boolean;
}

export interface FixtureEvent {
  readonly eventName: string;
  readonly eventSource: string;
  readonly daysAgo?: number;
  readonly hoursAgo?: number;
  /** By the root user (default when no `user` is given). */
  readonly root?: boolean;
  /** An IAM user or role name of the account. */
  readonly user?: string;
  readonly readOnly?: boolean;
  readonly region?: string;
}

export interface FixtureAlternateContact {
  readonly name: string;
  readonly title: string;
  readonly email: string;
  readonly phone: string;
}

export interface FixtureAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly root: { readonly mfa: boolean; readonly accessKeys: boolean };
  readonly optedOutRegions?: readonly string[];
  readonly contact?: ContactInformation;
  readonly alternateContacts?: Partial<Record<'SECURITY' | 'OPERATIONS' | 'BILLING', FixtureAlternateContact>>;
  readonly samlProviders?: readonly string[];
  readonly users?: readonly FixtureUser[];
  readonly roles?: readonly FixtureRole[];
  readonly buckets?: readonly FixtureBucket[];
  readonly trails?: readonly FixtureTrail[];
  readonly config?: readonly string[];
  readonly guardDuty?: readonly string[];
  readonly accountPublicAccessBlock?: boolean;
  readonly topics?: readonly { readonly region: string; readonly name: string; readonly emails: readonly string[] }[];
  readonly alarms?: readonly { readonly region: string; readonly name: string; readonly topic?: string; readonly state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' }[];
  readonly tables?: readonly { readonly region: string; readonly name: string; readonly pitr: boolean }[];
  readonly stacks?: readonly { readonly region: string; readonly name: string; readonly terminationProtection: boolean }[];
  readonly events?: readonly FixtureEvent[];
  /** Faults (without account: it is this one) the seeding applies through the proxy. */
  readonly faults?: readonly Omit<Fault, 'account'>[];
}

/**
 * An AWS Organization whose management account is one of the fixture's accounts. moto gives accounts
 * created in an organization random ids (and cannot take existing accounts in), so the members are new,
 * empty accounts; moto creates OrganizationAccountAccessRole in each, trusting the management account.
 */
export interface FixtureOrganization {
  /** The management account: an account of the fixture (its seeding admin creates the organization). */
  readonly management: string;
  readonly members: readonly { readonly name: string; readonly email: string; readonly closed?: boolean }[];
}

export interface Fixture {
  readonly name: string;
  readonly regions: readonly string[];
  readonly organization?: FixtureOrganization;
  readonly identityCenter?: {
    readonly startUrl: string;
    readonly region: string;
    readonly assignments: readonly { readonly account: string; readonly roleName: string }[];
  };
  readonly accounts: readonly FixtureAccount[];
}

export function fixturePath(name: string): string {
  return path.join(projectRoot(), 'test', 'aws-backend', 'fixtures', `${name}.yaml`);
}

export function loadFixture(name: string): Fixture {
  const file = fixturePath(name);
  if (!fs.existsSync(file)) throw new Error(`No fixture ${name}: ${file} does not exist`);
  const own = parse(fs.readFileSync(file, 'utf8')) as Partial<Fixture> & { extends?: string };
  // `extends: <fixture>` takes that fixture and replaces the keys given here.
  const { extends: base, ...rest } = own;
  const fixture = { ...(base ? loadFixture(base) : {}), ...rest } as Fixture;
  for (const account of fixture.accounts) {
    if (!/^\d{12}$/.test(String(account.id))) throw new Error(`Fixture ${name}: account id ${String(account.id)} must be 12 digits in quotes`);
  }
  return fixture;
}

export function mfaSerial(account: string, deviceName: string): string {
  return `arn:aws:iam::${account}:mfa/${deviceName}`;
}

function eventOf(account: FixtureAccount, event: FixtureEvent, index: number, now: number): TrailEvent {
  const ageMs = ((event.daysAgo ?? 0) * 24 + (event.hoursAgo ?? 0)) * 3600_000;
  const byRoot = event.root ?? event.user === undefined;
  const role = account.roles?.find((candidate) => candidate.name === event.user);
  return {
    region: event.region ?? 'us-east-1',
    eventId: `${account.id}-${String(index).padStart(4, '0')}-0000-4000-8000-000000000000`.slice(0, 36),
    eventName: event.eventName,
    eventSource: event.eventSource,
    eventTime: new Date(now - ageMs).toISOString(),
    username: byRoot ? 'root' : (event.user ?? 'unknown'),
    readOnly: event.readOnly ?? false,
    userIdentityType: byRoot ? 'Root' : role ? 'AssumedRole' : 'IAMUser',
    userIdentityArn: byRoot
      ? `arn:aws:iam::${account.id}:root`
      : role
        ? `arn:aws:sts::${account.id}:assumed-role/${role.name}/operator`
        : `arn:aws:iam::${account.id}:user/${event.user}`,
  };
}

/** The part of a fixture the proxy serves; `motoKeys` maps each fixed key to the moto key seeded for its user. */
export function emulatedStateOf(fixture: Fixture, motoKeys: Record<string, string>, now = Date.now()): EmulatedState {
  const optedOutRegions: Record<string, readonly string[]> = {};
  const state: EmulatedState = { fixture: fixture.name, keys: {}, mfaDevices: {}, rootFlags: {}, contacts: {}, events: {}, optedOutRegions };
  for (const account of fixture.accounts) {
    state.rootFlags[account.id] = account.root;
    if (account.optedOutRegions) optedOutRegions[account.id] = account.optedOutRegions;
    if (account.contact) state.contacts[account.id] = account.contact;
    state.events[account.id] = (account.events ?? []).map((event, index) => eventOf(account, event, index, now));
    for (const user of account.users ?? []) {
      if (user.fixedKey) {
        state.keys[user.fixedKey.accessKeyId] = { account: account.id, arn: `arn:aws:iam::${account.id}:user/${user.name}`, motoAccessKeyId: motoKeys[user.fixedKey.accessKeyId] };
      }
      if (user.mfaDevice) state.mfaDevices[mfaSerial(account.id, user.mfaDevice.name)] = { secret: user.mfaDevice.secret };
    }
  }
  const center = fixture.identityCenter;
  if (center) {
    (state as { identityCenter?: EmulatedState['identityCenter'] }).identityCenter = {
      startUrl: center.startUrl,
      region: center.region,
      accounts: [...new Set(center.assignments.map((assignment) => assignment.account))].map((accountId) => {
        const account = fixture.accounts.find((candidate) => candidate.id === accountId);
        if (!account) throw new Error(`Identity Center assignment to ${accountId}, which is not in the fixture`);
        return {
          accountId,
          accountName: account.name,
          emailAddress: account.email,
          roles: center.assignments
            .filter((assignment) => assignment.account === accountId)
            .map((assignment) => {
              const role = account.roles?.find((candidate) => candidate.identityCenterRole === assignment.roleName);
              if (!role) throw new Error(`Account ${accountId} has no role for the permission set ${assignment.roleName}`);
              return { roleName: assignment.roleName, roleArn: `arn:aws:iam::${accountId}:role${role.path ?? '/'}${role.name}` };
            }),
        };
      }),
    };
  }
  return state;
}

/** The faults a fixture declares (opted-out regions and its explicit faults), with their accounts. */
export function faultsOf(fixture: Fixture): Fault[] {
  return fixture.accounts.flatMap((account) => [
    ...(account.optedOutRegions ?? []).map((region): Fault => ({ kind: 'opted-out', account: account.id, region })),
    ...(account.faults ?? []).map((fault): Fault => ({ ...fault, account: account.id })),
  ]);
}
