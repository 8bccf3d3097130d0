/**
 * `.sop/accounts.yaml`: the accounts a team checks, how to sign in to each, and what their contacts must
 * look like. `parseAccountsFile` turns the text into `Account` entries (defaults applied) and problems
 * with 1-based line and column, checking the same rules as `schemas/accounts.schema.json` (which the
 * YAML editor uses) plus what a schema cannot say (the role ARN's account is the account's id, no entry
 * twice). An account with a problem is left out; the others are kept.
 *
 * `renderAccountsFile` writes a commented starter file from accounts found elsewhere (the profiles).
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, stringify, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { DURATION_RANGE } from '../aws/assume-role';
import type { Account, AccountAccess, ContactPolicy } from './model';

export const ACCOUNTS_FILE = '.sop/accounts.yaml';
export const ACCOUNTS_FILE_VERSION = 1;
export const DEFAULT_ORGANIZATION_ROLE = 'OrganizationAccountAccessRole';

export type AccountsFileProblemCode =
  | 'syntax'
  | 'not-a-map'
  | 'unknown-key'
  | 'missing-key'
  | 'bad-value'
  | 'bad-account-id'
  | 'bad-version'
  | 'missing-access'
  | 'ambiguous-access'
  | 'account-mismatch'
  | 'duplicate-account';

export interface AccountsFileProblem {
  readonly code: AccountsFileProblemCode;
  /** What is wrong and what to write instead. */
  readonly message: string;
  /** 1-based position of the offending key or value. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Where in the file, e.g. `accounts[2].access.roleArn`. */
  readonly path: string;
}

/** Organizations discovery: list the organization's accounts from a management-account profile. */
export interface OrganizationsDiscovery {
  /** Profile with credentials in the management account; absent = the default chain. */
  readonly profile?: string;
  /** The role to assume in each member account. */
  readonly roleName: string;
}

export interface AccountsFile {
  readonly accounts: Account[];
  readonly organizations?: OrganizationsDiscovery;
  readonly problems: AccountsFileProblem[];
}

/** The value rules, shared in spirit with the JSON schema (the unit test checks that both agree). */
export const PATTERNS = {
  accountId: /^\d{12}$/,
  region: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
  roleArn: /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
  mfaSerial: /^[\w+=/:,.@-]{9,256}$/,
  externalId: /^[\w+=,.@:/-]{2,1224}$/,
  startUrl: /^https:\/\/[^\s/]+(\/\S*)?$/,
  ssoRoleName: /^[\w+=,.@-]{1,64}$/,
  iamRoleName: /^[\w+=,.@-]{1,64}$/,
  emailDomain: /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/i,
  phonePrefix: /^\+\d[\d ]{0,15}$/,
} as const;

type Path = readonly (string | number)[];

function pathText(path: Path): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

/** Collects problems with positions while the document is read. */
class Reader {
  readonly problems: AccountsFileProblem[] = [];
  constructor(private readonly lines: LineCounter) {}

  report(code: AccountsFileProblemCode, message: string, node: YamlNode | Pair | null | undefined, path: Path, range?: readonly [number, number]): void {
    const [start, end] = range ?? rangeOf(node) ?? [0, 0];
    const from = this.lines.linePos(start);
    const to = this.lines.linePos(Math.max(start, end));
    this.problems.push({ code, message, line: from.line, column: from.col, endLine: to.line, endColumn: to.col, path: pathText(path) });
  }

  /** The pairs of a map, reporting keys outside `allowed` and a value that is not a map at all. */
  map(node: YamlNode | null | undefined, path: Path, allowed: readonly string[], what: string): Map<string, Pair<YamlNode, YamlNode | null>> | undefined {
    if (!isMap(node)) {
      this.report('not-a-map', `${what} must be a map of keys (${allowed.join(', ')})`, node, path);
      return undefined;
    }
    const pairs = new Map<string, Pair<YamlNode, YamlNode | null>>();
    for (const pair of (node as YAMLMap<YamlNode, YamlNode | null>).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) {
        this.report('unknown-key', `Unknown key "${key}" in ${what}; expected one of: ${allowed.join(', ')}`, pair.key, [...path, key]);
        continue;
      }
      pairs.set(key, pair);
    }
    return pairs;
  }

  required(pairs: Map<string, Pair<YamlNode, YamlNode | null>>, key: string, owner: YamlNode | null | undefined, path: Path, what: string): Pair<YamlNode, YamlNode | null> | undefined {
    const pair = pairs.get(key);
    if (!pair) this.report('missing-key', `${what} needs "${key}"`, owner, path, firstLineRange(owner));
    return pair;
  }

  string(node: YamlNode | null | undefined, path: Path, rule: { pattern?: RegExp; what: string; example?: string }): string | undefined {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') {
      const hint = isScalar(node) && typeof node.value === 'number' ? ' (quote it, so YAML keeps it as text)' : '';
      this.report('bad-value', `${rule.what} must be a non-empty string${hint}${rule.example ? `, e.g. ${rule.example}` : ''}`, node, path);
      return undefined;
    }
    if (rule.pattern && !rule.pattern.test(node.value)) {
      this.report('bad-value', `"${node.value}" is not a valid ${rule.what}${rule.example ? `, e.g. ${rule.example}` : ''}`, node, path);
      return undefined;
    }
    return node.value;
  }

  strings(node: YamlNode | null | undefined, path: Path, rule: { pattern?: RegExp; what: string; example?: string }): string[] | undefined {
    if (!isSeq(node)) {
      this.report('bad-value', `Expected a list of ${rule.what}s${rule.example ? `, e.g. [${rule.example}]` : ''}`, node, path);
      return undefined;
    }
    const values = node.items.map((item, i) => this.string(item as YamlNode, [...path, i], rule));
    return values.every((v): v is string => v !== undefined) ? values : undefined;
  }
}

function rangeOf(node: YamlNode | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if ('range' in node && node.range) return [node.range[0], node.range[1]];
  const pair = node as Pair<YamlNode, YamlNode | null>;
  const start = rangeOf(pair.key);
  const end = rangeOf(pair.value) ?? start;
  return start && end ? [start[0], end[1]] : undefined;
}

/** For "missing key" problems: point at the start of the map, not across all of it. */
function firstLineRange(node: YamlNode | null | undefined): [number, number] | undefined {
  const range = rangeOf(node);
  if (!range || !isMap(node) || node.items.length === 0) return range;
  const firstKey = rangeOf(node.items[0].key as YamlNode);
  return firstKey ?? range;
}

const ROOT_KEYS = ['version', 'defaults', 'accounts', 'organizations'] as const;
const DEFAULT_KEYS = ['regions', 'homeRegion', 'contacts', 'tags'] as const;
const ACCOUNT_KEYS = ['name', 'id', 'access', 'regions', 'homeRegion', 'contacts', 'tags'] as const;
const ROLE_KEYS = ['roleArn', 'sourceProfile', 'mfaSerial', 'via', 'durationSeconds', 'externalId'] as const;
const SSO_KEYS = ['startUrl', 'region', 'roleName', 'session'] as const;
const CONTACT_KEYS = ['emailDomains', 'phonePrefixes'] as const;
const ORGANIZATION_KEYS = ['profile', 'roleName'] as const;
const ACCESS_KINDS = ['roleArn', 'sso', 'profile'] as const;

interface Defaults {
  regions?: string[];
  homeRegion?: string;
  contacts?: Partial<ContactPolicy>;
  tags?: Record<string, string>;
}

function readRegions(reader: Reader, node: YamlNode | null | undefined, path: Path): string[] | undefined {
  return reader.strings(node, path, { pattern: PATTERNS.region, what: 'region', example: 'eu-west-1' });
}

function readContacts(reader: Reader, node: YamlNode | null | undefined, path: Path): Partial<ContactPolicy> | undefined {
  const pairs = reader.map(node, path, CONTACT_KEYS, 'contacts');
  if (!pairs) return undefined;
  const contacts: { emailDomains?: string[]; phonePrefixes?: string[] } = {};
  const domains = pairs.get('emailDomains');
  if (domains) contacts.emailDomains = reader.strings(domains.value, [...path, 'emailDomains'], { pattern: PATTERNS.emailDomain, what: 'e-mail domain', example: 'acme.example' });
  const phones = pairs.get('phonePrefixes');
  if (phones) contacts.phonePrefixes = reader.strings(phones.value, [...path, 'phonePrefixes'], { pattern: PATTERNS.phonePrefix, what: 'phone prefix', example: '"+44 20"' });
  return contacts;
}

function readTags(reader: Reader, node: YamlNode | null | undefined, path: Path): Record<string, string> | undefined {
  if (!isMap(node)) {
    reader.report('not-a-map', 'tags must be a map of names to values, e.g. { customer: Acme, environment: production }', node, path);
    return undefined;
  }
  const tags: Record<string, string> = {};
  let ok = true;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as YamlNode | null;
    if (!isScalar(value) || !['string', 'number', 'boolean'].includes(typeof value.value) || value.value === '') {
      reader.report('bad-value', `Tag "${key}" must have a text value`, value ?? (pair.key as YamlNode), [...path, key]);
      ok = false;
      continue;
    }
    tags[key] = String(value.value);
  }
  return ok ? tags : undefined;
}

function readDefaults(reader: Reader, node: YamlNode | null | undefined): Defaults {
  const pairs = reader.map(node, ['defaults'], DEFAULT_KEYS, 'defaults');
  if (!pairs) return {};
  const defaults: Defaults = {};
  if (pairs.has('regions')) defaults.regions = readRegions(reader, pairs.get('regions')!.value, ['defaults', 'regions']);
  if (pairs.has('homeRegion')) defaults.homeRegion = reader.string(pairs.get('homeRegion')!.value, ['defaults', 'homeRegion'], { pattern: PATTERNS.region, what: 'region', example: 'us-east-1' });
  if (pairs.has('contacts')) defaults.contacts = readContacts(reader, pairs.get('contacts')!.value, ['defaults', 'contacts']);
  if (pairs.has('tags')) defaults.tags = readTags(reader, pairs.get('tags')!.value, ['defaults', 'tags']);
  return defaults;
}

function readAccess(reader: Reader, node: YamlNode | null | undefined, path: Path): AccountAccess | undefined {
  const pairs = reader.map(node, path, [...ROLE_KEYS, 'sso', 'profile'], 'access');
  if (!pairs) return undefined;
  const kinds = ACCESS_KINDS.filter((k) => pairs.has(k));
  if (kinds.length === 0) {
    reader.report('missing-access', 'access needs one of: roleArn (with sourceProfile, mfaSerial...), sso { startUrl, region, roleName } or profile', node, path, firstLineRange(node));
    return undefined;
  }
  if (kinds.length > 1) {
    reader.report('ambiguous-access', `access takes one of roleArn, sso or profile, not ${kinds.join(' and ')}`, node, path, firstLineRange(node));
    return undefined;
  }
  const kind = kinds[0];
  const strays = [...pairs.keys()].filter((k) => k !== kind && (kind !== 'roleArn' || !(ROLE_KEYS as readonly string[]).includes(k)));
  for (const stray of strays) {
    reader.report('unknown-key', `"${stray}" does not go with ${kind}; ${kind === 'roleArn' ? `role access takes ${ROLE_KEYS.join(', ')}` : `${kind} access takes nothing else`}`, pairs.get(stray)!.key, [...path, stray]);
  }
  if (strays.length) return undefined;

  if (kind === 'profile') {
    const profile = reader.string(pairs.get('profile')!.value, [...path, 'profile'], { what: 'profile name', example: 'acme-prod' });
    return profile ? { kind: 'profile', profile } : undefined;
  }
  if (kind === 'sso') {
    const ssoPath = [...path, 'sso'];
    const ssoNode = pairs.get('sso')!.value;
    const sso = reader.map(ssoNode, ssoPath, SSO_KEYS, 'sso');
    if (!sso) return undefined;
    const required = ['startUrl', 'region', 'roleName'].map((k) => reader.required(sso, k, ssoNode, ssoPath, 'sso'));
    if (required.some((p) => !p)) return undefined;
    const startUrl = reader.string(sso.get('startUrl')!.value, [...ssoPath, 'startUrl'], { pattern: PATTERNS.startUrl, what: 'access portal URL', example: 'https://acme.awsapps.com/start' });
    const ssoRegion = reader.string(sso.get('region')!.value, [...ssoPath, 'region'], { pattern: PATTERNS.region, what: 'region', example: 'us-east-1' });
    const roleName = reader.string(sso.get('roleName')!.value, [...ssoPath, 'roleName'], { pattern: PATTERNS.ssoRoleName, what: 'permission set name', example: 'AuditRole' });
    const sessionName = sso.has('session') ? reader.string(sso.get('session')!.value, [...ssoPath, 'session'], { what: 'sso-session name' }) : undefined;
    if (!startUrl || !ssoRegion || !roleName || (sso.has('session') && !sessionName)) return undefined;
    return { kind: 'sso', startUrl, ssoRegion, roleName, ...(sessionName ? { sessionName } : {}) };
  }

  let ok = true;
  const optional = <T>(key: string, read: (node: YamlNode | null) => T | undefined): T | undefined => {
    const pair = pairs.get(key);
    if (!pair) return undefined;
    const value = read(pair.value);
    if (value === undefined) ok = false;
    return value;
  };
  const roleArn = reader.string(pairs.get('roleArn')!.value, [...path, 'roleArn'], { pattern: PATTERNS.roleArn, what: 'role ARN', example: 'arn:aws:iam::111111111111:role/OperatorAccess' });
  const sourceProfile = optional('sourceProfile', (n) => reader.string(n, [...path, 'sourceProfile'], { what: 'profile name', example: 'hub' }));
  const mfaSerial = optional('mfaSerial', (n) => reader.string(n, [...path, 'mfaSerial'], { pattern: PATTERNS.mfaSerial, what: 'MFA device ARN', example: 'arn:aws:iam::999999999999:mfa/alice' }));
  const via = optional('via', (n) => reader.strings(n, [...path, 'via'], { pattern: PATTERNS.roleArn, what: 'role ARN', example: 'arn:aws:iam::999999999999:role/HubOperator' }));
  const externalId = optional('externalId', (n) => reader.string(n, [...path, 'externalId'], { pattern: PATTERNS.externalId, what: 'external id' }));
  const durationSeconds = optional('durationSeconds', (n) => {
    if (isScalar(n) && Number.isInteger(n.value) && (n.value as number) >= DURATION_RANGE.min && (n.value as number) <= DURATION_RANGE.max) return n.value as number;
    reader.report('bad-value', `durationSeconds must be a whole number of seconds from ${DURATION_RANGE.min} to ${DURATION_RANGE.max} (3600 is the most AWS allows when chaining roles)`, n, [...path, 'durationSeconds']);
    return undefined;
  });
  if (!roleArn || !ok) return undefined;
  return {
    kind: 'assume-role',
    roleArn,
    ...(sourceProfile ? { sourceProfile } : {}),
    ...(mfaSerial ? { mfaSerial } : {}),
    ...(via ? { via } : {}),
    ...(externalId ? { externalId } : {}),
    ...(durationSeconds ? { durationSeconds } : {}),
  };
}

function accessKey(access: AccountAccess): string {
  switch (access.kind) {
    case 'assume-role':
      return `role:${[...(access.via ?? []), access.roleArn].join('>')}`;
    case 'sso':
      return `sso:${access.startUrl}:${access.roleName}`;
    case 'profile':
      return `profile:${access.profile}`;
  }
}

/** What makes two entries the same: the account and the way in. */
export function accountKey(account: Pick<Account, 'id' | 'access'>): string {
  return `${account.id}|${accessKey(account.access)}`;
}

function readAccount(reader: Reader, node: YamlNode | null | undefined, index: number, defaults: Defaults, file: string, lines: LineCounter): Account | undefined {
  const path: Path = ['accounts', index];
  const before = reader.problems.length;
  const pairs = reader.map(node, path, ACCOUNT_KEYS, `accounts[${index}]`);
  if (!pairs) return undefined;
  const what = `The account at accounts[${index}]`;
  const namePair = reader.required(pairs, 'name', node, path, what);
  const idPair = reader.required(pairs, 'id', node, path, what);
  const accessPair = reader.required(pairs, 'access', node, path, what);
  const name = namePair ? reader.string(namePair.value, [...path, 'name'], { what: 'account name', example: 'Acme production' }) : undefined;
  let id: string | undefined;
  if (idPair) {
    const idNode = idPair.value;
    const source = isScalar(idNode) ? (idNode.source ?? String(idNode.value)) : '';
    if (isScalar(idNode) && typeof idNode.value === 'string' && PATTERNS.accountId.test(idNode.value)) id = idNode.value;
    else if (isScalar(idNode) && typeof idNode.value === 'number' && PATTERNS.accountId.test(source)) {
      reader.report('bad-account-id', `Quote the account id ("${source}"): unquoted, YAML reads it as a number${source.startsWith('0') ? ' and drops its leading zero' : ''}`, idNode, [...path, 'id']);
    } else {
      reader.report('bad-account-id', `"${source}" is not an AWS account id: write the 12 digits in quotes, e.g. "111111111111"`, idNode, [...path, 'id']);
    }
  }
  const access = accessPair ? readAccess(reader, accessPair.value, [...path, 'access']) : undefined;
  const regions = pairs.has('regions') ? readRegions(reader, pairs.get('regions')!.value, [...path, 'regions']) : defaults.regions;
  const homeRegion = pairs.has('homeRegion')
    ? reader.string(pairs.get('homeRegion')!.value, [...path, 'homeRegion'], { pattern: PATTERNS.region, what: 'region', example: 'us-east-1' })
    : defaults.homeRegion;
  const ownContacts = pairs.has('contacts') ? readContacts(reader, pairs.get('contacts')!.value, [...path, 'contacts']) : undefined;
  const ownTags = pairs.has('tags') ? readTags(reader, pairs.get('tags')!.value, [...path, 'tags']) : undefined;

  if (id && access?.kind === 'assume-role') {
    const roleAccount = /::(\d{12}):/.exec(access.roleArn)?.[1];
    if (roleAccount !== id) {
      const roleNode = (pairs.get('access')!.value as YAMLMap).get('roleArn', true) as YamlNode;
      reader.report('account-mismatch', `roleArn is a role in account ${roleAccount}, but the account's id is ${id}: the target role must be in the account itself (put hub roles under via)`, roleNode, [...path, 'access', 'roleArn']);
    }
  }
  if (reader.problems.length > before || !name || !id || !access) return undefined;

  const emailDomains = ownContacts?.emailDomains ?? defaults.contacts?.emailDomains;
  const phonePrefixes = ownContacts?.phonePrefixes ?? defaults.contacts?.phonePrefixes;
  const contacts = emailDomains || phonePrefixes ? { emailDomains: emailDomains ?? [], phonePrefixes: phonePrefixes ?? [] } : undefined;
  const start = rangeOf(node)?.[0] ?? 0;
  return {
    id,
    name,
    access,
    ...(regions ? { regions } : {}),
    ...(homeRegion ? { homeRegion } : {}),
    ...(contacts ? { contacts } : {}),
    tags: { ...defaults.tags, ...ownTags },
    origin: 'accounts-file',
    declaredAt: { file, line: lines.linePos(start).line },
  };
}

function readOrganizations(reader: Reader, node: YamlNode | null | undefined): OrganizationsDiscovery | undefined {
  const pairs = reader.map(node, ['organizations'], ORGANIZATION_KEYS, 'organizations');
  if (!pairs) return undefined;
  const profile = pairs.has('profile') ? reader.string(pairs.get('profile')!.value, ['organizations', 'profile'], { what: 'profile name', example: 'management' }) : undefined;
  const roleName = pairs.has('roleName')
    ? reader.string(pairs.get('roleName')!.value, ['organizations', 'roleName'], { pattern: PATTERNS.iamRoleName, what: 'role name', example: DEFAULT_ORGANIZATION_ROLE })
    : DEFAULT_ORGANIZATION_ROLE;
  if ((pairs.has('profile') && !profile) || !roleName) return undefined;
  return { ...(profile ? { profile } : {}), roleName };
}

/** Parses `.sop/accounts.yaml`. `file` is recorded in each account's `declaredAt`. */
export function parseAccountsFile(text: string, file: string = ACCOUNTS_FILE): AccountsFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new Reader(lines);
  for (const error of doc.errors) {
    reader.report('syntax', `YAML: ${error.message.split('\n')[0]}`, undefined, [], [error.pos[0], error.pos[1]]);
  }
  if (doc.errors.length) return { accounts: [], problems: reader.problems };
  const root = doc.contents as YamlNode | null;
  if (root === null) {
    reader.report('missing-key', 'The file is empty: it needs version: 1 and accounts', undefined, [], [0, 0]);
    return { accounts: [], problems: reader.problems };
  }
  const pairs = reader.map(root, [], ROOT_KEYS, 'The accounts file');
  if (!pairs) return { accounts: [], problems: reader.problems };

  const version = reader.required(pairs, 'version', root, [], 'The accounts file');
  if (version && !(isScalar(version.value) && version.value.value === ACCOUNTS_FILE_VERSION)) {
    reader.report('bad-version', `version must be ${ACCOUNTS_FILE_VERSION}`, version.value, ['version']);
  }
  const defaults = pairs.has('defaults') ? readDefaults(reader, pairs.get('defaults')!.value) : {};
  const organizations = pairs.has('organizations') ? readOrganizations(reader, pairs.get('organizations')!.value) : undefined;

  const accounts: Account[] = [];
  const accountsPair = reader.required(pairs, 'accounts', root, [], 'The accounts file');
  if (accountsPair) {
    const list = accountsPair.value;
    if (!isSeq(list)) {
      reader.report('bad-value', 'accounts must be a list of accounts (each "- name: ...")', list ?? accountsPair.key, ['accounts']);
    } else {
      const seen = new Map<string, number>();
      list.items.forEach((item, index) => {
        const account = readAccount(reader, item as YamlNode, index, defaults, file, lines);
        if (!account) return;
        const key = accountKey(account);
        const first = seen.get(key);
        if (first !== undefined) {
          reader.report('duplicate-account', `accounts[${index}] repeats accounts[${first}] (same account id and access)`, item as YamlNode, ['accounts', index], firstLineRange(item as YamlNode));
          return;
        }
        seen.set(key, index);
        accounts.push(account);
      });
    }
  }
  return { accounts, ...(organizations ? { organizations } : {}), problems: reader.problems };
}

// ---------------------------------------------------------------------------------------------------
// Writing a starter file

function accessForFile(access: AccountAccess): Record<string, unknown> {
  switch (access.kind) {
    case 'assume-role':
      return {
        roleArn: access.roleArn,
        ...(access.sourceProfile ? { sourceProfile: access.sourceProfile } : {}),
        ...(access.mfaSerial ? { mfaSerial: access.mfaSerial } : {}),
        ...(access.via?.length ? { via: [...access.via] } : {}),
        ...(access.durationSeconds ? { durationSeconds: access.durationSeconds } : {}),
        ...(access.externalId ? { externalId: access.externalId } : {}),
      };
    case 'sso':
      return { sso: { startUrl: access.startUrl, region: access.ssoRegion, roleName: access.roleName, ...(access.sessionName ? { session: access.sessionName } : {}) } };
    case 'profile':
      return { profile: access.profile };
  }
}

function accountForFile(account: Account): Record<string, unknown> {
  return {
    name: account.name,
    id: account.id,
    access: accessForFile(account.access),
    ...(account.regions?.length ? { regions: [...account.regions] } : {}),
    ...(account.homeRegion ? { homeRegion: account.homeRegion } : {}),
    ...(account.contacts ? { contacts: { emailDomains: [...account.contacts.emailDomains], phonePrefixes: [...account.contacts.phonePrefixes] } } : {}),
    ...(Object.keys(account.tags).length ? { tags: { ...account.tags } } : {}),
  };
}

const HEADER = `# SOP Lens accounts: the AWS accounts to check against the SOP, and how to sign in to each.
# Checked against the SOP Lens accounts schema as you type. Credentials never go in this file.
#
# access is one of:
#   roleArn: the role to assume in the account, from sourceProfile (a profile in ~/.aws/config;
#            absent = the default credentials), with mfaSerial when the role requires MFA, and via: a
#            list of roles to assume first (for instance a hub account's operator role);
#   sso:     { startUrl, region, roleName }: an IAM Identity Center account assignment;
#   profile: a profile of ~/.aws/config used as it is.
version: ${ACCOUNTS_FILE_VERSION}
# defaults apply to every account that does not set its own.
# defaults:
#   regions: [us-east-1, eu-west-1]   # absent: the regions enabled in each account
#   contacts:                         # what account contacts must use (ACCT-001)
#     emailDomains: [example.com]
#     phonePrefixes: ["+44 20"]
`;

const EXAMPLE = `# accounts:
#   - name: Acme production
#     id: "111111111111"
#     access:
#       roleArn: arn:aws:iam::111111111111:role/OperatorAccess
#       sourceProfile: hub
#       mfaSerial: arn:aws:iam::999999999999:mfa/alice
#     tags: { customer: Acme, environment: production }
`;

const FOOTER = `# Also list every active account of an AWS Organization (from a management-account profile):
# organizations:
#   profile: management
#   roleName: ${DEFAULT_ORGANIZATION_ROLE}
`;

/** A commented starter `.sop/accounts.yaml` listing `accounts` (for instance those of the user's profiles). */
export function renderAccountsFile(accounts: readonly Account[]): string {
  if (accounts.length === 0) return `${HEADER}accounts: []\n${EXAMPLE}${FOOTER}`;
  const body = stringify({ accounts: accounts.map(accountForFile) }, { lineWidth: 0 });
  return `${HEADER}${body}${FOOTER}`;
}
