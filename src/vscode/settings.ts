/** Every `sopLens.*` setting, typed and read in one place. */
import * as vscode from 'vscode';
import type { AwsEndpoints } from '../core/aws/clients';
import { AWS_BOUNDS, AWS_DEFAULTS, clampToBounds } from '../core/aws/defaults';
import { SERVICE_IDS, type ServiceId } from '../core/aws/services';
import type { LintConfig, RuleSetting } from '../core/lint/config';
import { ACCOUNTS_FILE } from '../core/accounts/accounts-file';
import type { WorkspaceEndpointTrust } from './endpointTrust';

export interface Settings {
  readonly enable: boolean;
  readonly lintOn: 'type' | 'save';
  readonly debounceMs: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly codeLens: boolean;
  readonly lint: LintConfig;
}

export const SECTION = 'sopLens';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    enable: c.get<boolean>('enable', true),
    lintOn: c.get<'type' | 'save'>('lintOn', 'type') === 'save' ? 'save' : 'type',
    debounceMs: Math.max(0, c.get<number>('debounceMs', 300)),
    include: c.get<string[]>('include', ['**/*.{yaml,yml,json,template}']),
    exclude: c.get<string[]>('exclude', []),
    codeLens: c.get<boolean>('codeLens.enabled', true),
    lint: {
      rules: c.get<Record<string, RuleSetting>>('rules', {}),
      ruleOptions: c.get<Record<string, Record<string, number | string | boolean>>>('ruleOptions', {}),
      reportUndecided: c.get<boolean>('reportUndecided', true),
    },
  };
}

/** The linter's own keys: a change to the account browser's settings does not re-lint templates. */
const LINT_KEYS = ['enable', 'lintOn', 'debounceMs', 'include', 'exclude', 'codeLens', 'rules', 'ruleOptions', 'reportUndecided'];

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return LINT_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}

/** The account browser's settings: how to reach AWS and where the accounts come from. */
export interface AccountSettings {
  /**
   * Endpoint overrides by service id (`default` for all); only the user's own in an untrusted workspace.
   * In a trusted one, a credential-carrying call the workspace's value redirects waits for the user's
   * answer (`confirm`, see endpointTrust.ts).
   */
  readonly endpoints: AwsEndpoints & { readonly signin?: string };
  readonly concurrency: { readonly overall: number; readonly perAccount: number };
  readonly callTimeoutMs: number;
  readonly maxAttempts: number;
  readonly sessionDurationMinutes: number;
  readonly includeProfiles: boolean;
  /** Path of the accounts file, relative to each workspace folder (or absolute, from the user's own settings). */
  readonly file: string;
  /**
   * Whose the path is: the user's own settings may name any file; a path from the workspace's settings,
   * or the default, is read only inside the workspace folder (see accountsFileLocation.ts).
   */
  readonly fileFrom: SettingOrigin;
  /** Regions to narrow every account's regions to; empty = no narrowing. */
  readonly regions: readonly string[];
}

/** Where a setting's value comes from. */
export type SettingOrigin = 'user' | 'workspace' | 'default';

const ENDPOINT_KEYS: ReadonlySet<string> = new Set<string>([...SERVICE_IDS, 'default', 'signin']);
/** How messages name the setting endpoint overrides come from. */
const ENDPOINTS_SETTING = `${SECTION}.endpoints`;

/** `trust`: asks before credentials go where the workspace's settings say (absent: such calls go ahead). */
export function readAccountSettings(trust?: WorkspaceEndpointTrust): AccountSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const concurrency = c.get<{ overall?: number; perAccount?: number }>('aws.concurrency', {});
  const file = readAccountsFile(c);
  return {
    endpoints: readEndpoints(c, trust),
    concurrency: {
      overall: clampToBounds(concurrency.overall, AWS_BOUNDS.overall, AWS_DEFAULTS.concurrency.overall),
      perAccount: clampToBounds(concurrency.perAccount, AWS_BOUNDS.perAccount, AWS_DEFAULTS.concurrency.perAccount),
    },
    callTimeoutMs: clampToBounds(c.get<number>('aws.callTimeoutSeconds'), AWS_BOUNDS.callTimeoutSeconds, AWS_DEFAULTS.callTimeoutSeconds) * 1000,
    maxAttempts: clampToBounds(c.get<number>('aws.maxAttempts'), AWS_BOUNDS.maxAttempts, AWS_DEFAULTS.maxAttempts),
    sessionDurationMinutes: clampToBounds(c.get<number>('aws.sessionDurationMinutes'), AWS_BOUNDS.sessionDurationMinutes, AWS_DEFAULTS.sessionDurationMinutes),
    includeProfiles: c.get<boolean>('accounts.includeProfiles', true),
    file: file.path,
    fileFrom: file.from,
    regions: c.get<string[]>('accounts.regions', []).filter((r) => typeof r === 'string' && r.length > 0),
  };
}

/**
 * The value a workspace gives a setting (its folder's value over its own), or undefined in an untrusted
 * workspace: there only the user's own settings count for the settings that decide where credentials go
 * and which files are read (package.json's `restrictedConfigurations`).
 */
function workspaceValue<T>(inspected: { workspaceValue?: T; workspaceFolderValue?: T } | undefined): T | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  return inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
}

/** `sopLens.accounts.file`: the workspace's value (trusted workspaces only), else the user's, else the default. */
function readAccountsFile(c: vscode.WorkspaceConfiguration): { path: string; from: SettingOrigin } {
  const inspected = c.inspect<unknown>('accounts.file');
  const fromWorkspace = workspaceValue(inspected);
  if (typeof fromWorkspace === 'string' && fromWorkspace.trim()) return { path: fromWorkspace.trim(), from: 'workspace' };
  const fromUser = inspected?.globalValue;
  if (typeof fromUser === 'string' && fromUser.trim()) return { path: fromUser.trim(), from: 'user' };
  return { path: ACCOUNTS_FILE, from: 'default' };
}

/**
 * `sopLens.endpoints`: one URL for every service, or an object by service id; the workspace's entries
 * over the user's. A workspace can redirect signed AWS calls with this setting, so an untrusted
 * workspace's value is ignored, and in a trusted one the calls that carry credentials to a host the
 * workspace names wait for the user's answer.
 */
function readEndpoints(c: vscode.WorkspaceConfiguration, trust: WorkspaceEndpointTrust | undefined): AwsEndpoints & { signin?: string } {
  const inspected = c.inspect<unknown>('endpoints');
  const user = endpointEntries(inspected?.globalValue);
  const workspace = endpointEntries(workspaceValue(inspected));
  const endpoints: Record<string, string> = { ...user, ...workspace };
  const fromWorkspace = (service: ServiceId | 'signin' | 'terminal', url: string): boolean => {
    // The terminal's AWS CLI sends credentials to every endpoint it is given.
    if (service === 'terminal') return Object.values(workspace).includes(url);
    // `default` does not cover the federation endpoint (see console.ts).
    const key = service in endpoints || service === 'signin' ? service : 'default';
    return key in workspace;
  };
  const confirm = trust && Object.keys(workspace).length > 0
    ? (service: ServiceId | 'signin' | 'terminal', url: string): Promise<void> => (fromWorkspace(service, url) ? trust.confirm(service, url) : Promise.resolve())
    : undefined;
  return { ...endpoints, setting: ENDPOINTS_SETTING, ...(confirm ? { confirm } : {}) };
}

/** The URLs of one level's `sopLens.endpoints` value, by service id. */
function endpointEntries(value: unknown): Record<string, string> {
  if (typeof value === 'string') return value.trim() ? { default: value.trim() } : {};
  if (!value || typeof value !== 'object') return {};
  const entries: Record<string, string> = {};
  for (const [key, url] of Object.entries(value as Record<string, unknown>)) {
    if (ENDPOINT_KEYS.has(key) && typeof url === 'string' && url.trim()) entries[key] = url.trim();
  }
  return entries;
}
