/** Every `sopLens.*` setting, typed and read in one place. */
import * as vscode from 'vscode';
import type { AwsEndpoints } from '../core/aws/clients';
import { AWS_BOUNDS, AWS_DEFAULTS, clampToBounds } from '../core/aws/defaults';
import { SERVICE_IDS } from '../core/aws/services';
import type { LintConfig, RuleSetting } from '../core/lint/config';
import { ACCOUNTS_FILE } from '../core/accounts/accounts-file';

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
  /** Endpoint overrides by service id (`default` for all); only user-level values in an untrusted workspace. */
  readonly endpoints: AwsEndpoints & { readonly signin?: string };
  readonly concurrency: { readonly overall: number; readonly perAccount: number };
  readonly callTimeoutMs: number;
  readonly maxAttempts: number;
  readonly sessionDurationMinutes: number;
  readonly includeProfiles: boolean;
  /** Workspace-relative path of the accounts file. */
  readonly file: string;
  /** Regions to narrow every account's regions to; empty = no narrowing. */
  readonly regions: readonly string[];
}

const ENDPOINT_KEYS: ReadonlySet<string> = new Set<string>([...SERVICE_IDS, 'default', 'signin']);

export function readAccountSettings(): AccountSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const concurrency = c.get<{ overall?: number; perAccount?: number }>('aws.concurrency', {});
  return {
    endpoints: readEndpoints(c),
    concurrency: {
      overall: clampToBounds(concurrency.overall, AWS_BOUNDS.overall, AWS_DEFAULTS.concurrency.overall),
      perAccount: clampToBounds(concurrency.perAccount, AWS_BOUNDS.perAccount, AWS_DEFAULTS.concurrency.perAccount),
    },
    callTimeoutMs: clampToBounds(c.get<number>('aws.callTimeoutSeconds'), AWS_BOUNDS.callTimeoutSeconds, AWS_DEFAULTS.callTimeoutSeconds) * 1000,
    maxAttempts: clampToBounds(c.get<number>('aws.maxAttempts'), AWS_BOUNDS.maxAttempts, AWS_DEFAULTS.maxAttempts),
    sessionDurationMinutes: clampToBounds(c.get<number>('aws.sessionDurationMinutes'), AWS_BOUNDS.sessionDurationMinutes, AWS_DEFAULTS.sessionDurationMinutes),
    includeProfiles: c.get<boolean>('accounts.includeProfiles', true),
    file: c.get<string>('accounts.file', ACCOUNTS_FILE) || ACCOUNTS_FILE,
    regions: c.get<string[]>('accounts.regions', []).filter((r) => typeof r === 'string' && r.length > 0),
  };
}

/**
 * `sopLens.endpoints`: one URL for every service, or an object by service id. A workspace can redirect
 * signed AWS calls with this setting, so an untrusted workspace's value is ignored and only the user's own counts.
 */
function readEndpoints(c: vscode.WorkspaceConfiguration): AwsEndpoints & { signin?: string } {
  const inspected = c.inspect<unknown>('endpoints');
  const value = vscode.workspace.isTrusted ? c.get<unknown>('endpoints') : inspected?.globalValue;
  if (typeof value === 'string') return value.trim() ? { default: value.trim() } : {};
  if (!value || typeof value !== 'object') return {};
  const endpoints: Record<string, string> = {};
  for (const [key, url] of Object.entries(value as Record<string, unknown>)) {
    if (ENDPOINT_KEYS.has(key) && typeof url === 'string' && url.trim()) endpoints[key] = url.trim();
  }
  return endpoints;
}
