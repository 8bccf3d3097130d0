/**
 * The AWS shared config (`~/.aws/config`) and credentials (`~/.aws/credentials`) files: pure parsing of
 * their text into profiles and `sso-session`s, the accounts those profiles reach, and a small loader that
 * honours `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`.
 *
 * Profiles never carry secrets: static keys are only read, on demand, by `staticCredentials` when a
 * sign-in needs them, and are not kept.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AwsCredentials } from '../aws/credentials';
import type { Account } from './model';

export interface AwsProfile {
  readonly name: string;
  readonly region?: string;
  readonly roleArn?: string;
  readonly sourceProfile?: string;
  /** `Environment`, `Ec2InstanceMetadata` or `EcsContainer`: where a role profile's source credentials come from. */
  readonly credentialSource?: string;
  readonly mfaSerial?: string;
  readonly externalId?: string;
  readonly durationSeconds?: number;
  readonly roleSessionName?: string;
  readonly ssoSession?: string;
  /** Legacy SSO profiles name the portal directly instead of an `sso-session`. */
  readonly ssoStartUrl?: string;
  readonly ssoRegion?: string;
  readonly ssoAccountId?: string;
  readonly ssoRoleName?: string;
  readonly credentialProcess?: string;
  /** Whether the credentials file (or the config file) holds static keys for this profile. */
  readonly hasStaticKeys: boolean;
}

export interface SsoSessionConfig {
  readonly name: string;
  readonly startUrl?: string;
  readonly region?: string;
}

export interface AwsSharedConfig {
  readonly profiles: ReadonlyMap<string, AwsProfile>;
  readonly ssoSessions: ReadonlyMap<string, SsoSessionConfig>;
}

/** One `[section]` of an INI file: its header and its top-level `key = value` pairs. */
export interface IniSection {
  readonly header: string;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * INI as the AWS CLI writes it: `[section]`, `key = value`, comments starting with `#` or `;`. Indented
 * lines under a key with an empty value are a nested block (`s3 =\n  max_concurrency = 10`) and are skipped.
 */
export function parseIni(text: string): IniSection[] {
  const sections: { header: string; values: Record<string, string> }[] = [];
  let current: { header: string; values: Record<string, string> } | undefined;
  let inNestedBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]/.exec(trimmed);
    if (header && !/^\s/.test(line)) {
      current = { header: header[1].replace(/\s+/g, ' '), values: {} };
      sections.push(current);
      inNestedBlock = false;
      continue;
    }
    if (!current) continue;
    if (/^\s/.test(line) && inNestedBlock) continue;
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(trimmed);
    if (!pair) continue;
    const key = pair[1].trim().toLowerCase();
    const value = pair[2].trim();
    inNestedBlock = value === '';
    if (!inNestedBlock) current.values[key] = value;
  }
  return sections;
}

const STATIC_KEY_ID = 'aws_access_key_id';
const STATIC_SECRET = 'aws_secret_access_key';

/** Profile sections of the config file are `[default]` or `[profile name]`; of the credentials file, `[name]`. */
function configProfileName(header: string): string | undefined {
  if (header === 'default') return 'default';
  const m = /^profile\s+(.+)$/.exec(header);
  return m ? m[1].trim() : undefined;
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function profileFrom(name: string, values: Record<string, string>, hasStaticKeys: boolean): AwsProfile {
  const v = (key: string): string | undefined => (values[key] !== undefined && values[key] !== '' ? values[key] : undefined);
  return {
    name,
    region: v('region'),
    roleArn: v('role_arn'),
    sourceProfile: v('source_profile'),
    credentialSource: v('credential_source'),
    mfaSerial: v('mfa_serial'),
    externalId: v('external_id'),
    durationSeconds: positiveInt(v('duration_seconds')),
    roleSessionName: v('role_session_name'),
    ssoSession: v('sso_session'),
    ssoStartUrl: v('sso_start_url'),
    ssoRegion: v('sso_region'),
    ssoAccountId: v('sso_account_id'),
    ssoRoleName: v('sso_role_name'),
    credentialProcess: v('credential_process'),
    hasStaticKeys,
  };
}

/** Profiles and SSO sessions from the text of the config and credentials files (either may be empty). */
export function parseSharedConfig(configText: string, credentialsText = ''): AwsSharedConfig {
  const merged = new Map<string, Record<string, string>>();
  const ssoSessions = new Map<string, SsoSessionConfig>();
  for (const section of parseIni(configText)) {
    const sso = /^sso-session\s+(.+)$/.exec(section.header);
    if (sso) {
      const name = sso[1].trim();
      ssoSessions.set(name, { name, startUrl: section.values.sso_start_url || undefined, region: section.values.sso_region || undefined });
      continue;
    }
    const name = configProfileName(section.header);
    if (name) merged.set(name, { ...merged.get(name), ...section.values });
  }
  // The credentials file wins for the keys it holds, as in the AWS CLI.
  for (const section of parseIni(credentialsText)) {
    const name = section.header.startsWith('profile ') ? section.header.slice(8).trim() : section.header;
    merged.set(name, { ...merged.get(name), ...section.values });
  }
  const profiles = new Map<string, AwsProfile>();
  for (const [name, values] of merged) {
    profiles.set(name, profileFrom(name, values, Boolean(values[STATIC_KEY_ID] && values[STATIC_SECRET])));
  }
  return { profiles, ssoSessions };
}

/** The static keys of a profile (credentials file first, then config file); read on demand, never kept. */
export function staticCredentials(profile: string, configText: string, credentialsText: string): AwsCredentials | undefined {
  const pick = (sections: IniSection[], nameOf: (header: string) => string | undefined): AwsCredentials | undefined => {
    const values = sections.filter((s) => nameOf(s.header) === profile).reduce<Record<string, string>>((acc, s) => ({ ...acc, ...s.values }), {});
    if (!values[STATIC_KEY_ID] || !values[STATIC_SECRET]) return undefined;
    return { accessKeyId: values[STATIC_KEY_ID], secretAccessKey: values[STATIC_SECRET], sessionToken: values.aws_session_token || undefined };
  };
  return (
    pick(parseIni(credentialsText), (h) => (h.startsWith('profile ') ? h.slice(8).trim() : h)) ??
    pick(parseIni(configText), configProfileName)
  );
}

const ROLE_ARN_ACCOUNT = /^arn:[\w-]+:iam::(\d{12}):role\//;

/** The account a profile lands in, when the profile says so: from `role_arn` or `sso_account_id`. */
export function profileAccountId(profile: AwsProfile): string | undefined {
  const fromRole = profile.roleArn ? ROLE_ARN_ACCOUNT.exec(profile.roleArn)?.[1] : undefined;
  if (fromRole) return fromRole;
  return profile.ssoAccountId && /^\d{12}$/.test(profile.ssoAccountId) ? profile.ssoAccountId : undefined;
}

/**
 * The accounts the profiles reach (origin `aws-config`, named after the profile). A role profile with a
 * `source_profile` becomes an `assume-role` entry and an SSO profile an `sso` entry, so the tree can say
 * how it gets in; anything else with a knowable account id (`credential_source`, a role session name)
 * is used as a `profile`. Profiles without a knowable account id are not accounts: they may be sources.
 */
export function profilesToAccounts(config: AwsSharedConfig): Account[] {
  const accounts: Account[] = [];
  for (const profile of config.profiles.values()) {
    const id = profileAccountId(profile);
    if (!id) continue;
    const base = { id, name: profile.name, tags: { profile: profile.name }, origin: 'aws-config' as const, homeRegion: profile.region };
    if (profile.roleArn && profile.sourceProfile && !profile.roleSessionName) {
      accounts.push({
        ...base,
        access: {
          kind: 'assume-role',
          roleArn: profile.roleArn,
          sourceProfile: profile.sourceProfile,
          mfaSerial: profile.mfaSerial,
          externalId: profile.externalId,
          durationSeconds: profile.durationSeconds,
        },
      });
      continue;
    }
    const sso = ssoOf(profile, config);
    if (!profile.roleArn && sso) {
      accounts.push({ ...base, access: { kind: 'sso', ...sso } });
      continue;
    }
    accounts.push({ ...base, access: { kind: 'profile', profile: profile.name } });
  }
  return accounts;
}

/** The Identity Center portal, region and role of an SSO profile, from its `sso-session` or legacy keys. */
export function ssoOf(profile: AwsProfile, config: AwsSharedConfig): { startUrl: string; ssoRegion: string; roleName: string; sessionName?: string } | undefined {
  if (!profile.ssoRoleName) return undefined;
  const session = profile.ssoSession ? config.ssoSessions.get(profile.ssoSession) : undefined;
  const startUrl = session?.startUrl ?? profile.ssoStartUrl;
  const ssoRegion = session?.region ?? profile.ssoRegion;
  if (!startUrl || !ssoRegion) return undefined;
  return { startUrl, ssoRegion, roleName: profile.ssoRoleName, sessionName: session?.name };
}

export interface SharedConfigFiles {
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly configText: string;
  readonly credentialsText: string;
}

export function homeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

/** Where the files are: `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`. */
export function sharedConfigPaths(env: NodeJS.ProcessEnv = process.env): { configFile: string; credentialsFile: string } {
  const home = homeDirectory(env);
  const expand = (p: string): string => (p.startsWith('~/') || p === '~' ? path.join(home, p.slice(1)) : p);
  return {
    configFile: expand(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
  };
}

async function readIfPresent(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Reads both files (missing files are empty). The text stays with the caller; nothing is cached. */
export async function readSharedConfigFiles(env: NodeJS.ProcessEnv = process.env): Promise<SharedConfigFiles> {
  const { configFile, credentialsFile } = sharedConfigPaths(env);
  const [configText, credentialsText] = await Promise.all([readIfPresent(configFile), readIfPresent(credentialsFile)]);
  return { configFile, credentialsFile, configText, credentialsText };
}

/** The profiles and SSO sessions of the user's shared config. */
export async function loadSharedConfig(env: NodeJS.ProcessEnv = process.env): Promise<AwsSharedConfig & { readonly configFile: string }> {
  const files = await readSharedConfigFiles(env);
  return { ...parseSharedConfig(files.configText, files.credentialsText), configFile: files.configFile };
}

/** The accounts the user's profiles reach. */
export async function loadProfileAccounts(env: NodeJS.ProcessEnv = process.env): Promise<Account[]> {
  const config = await loadSharedConfig(env);
  return profilesToAccounts(config);
}
