/**
 * "Discover Accounts from AWS Organizations" in the Accounts view: lists the organization's accounts
 * through the management profile of the accounts file (`organizations: { profile, roleName }`), or a
 * profile the user names, and adds them to the view after the file's and the profiles' accounts.
 *
 * What was found is kept for the session and in workspace state as ids, names and the way in (profile
 * and role name): never credentials. The AWS SDK loads only when the command runs.
 */
import * as vscode from 'vscode';
import { DEFAULT_ORGANIZATION_ROLE, PATTERNS, type OrganizationsDiscovery } from '../../core/accounts/accounts-file';
import type { Account } from '../../core/accounts/model';
import { AwsAccessError, describeError } from '../../core/aws/errors';
import { createSignInPrompts, type PromptOverrides } from '../session/prompts';
import type { AccountSettings } from '../settings';
import { withAbortSignal } from '../cancellation';

export const DISCOVER_ORGANIZATION_COMMAND = 'sopLens.accounts.discoverOrganization';
export const FORGET_ORGANIZATION_COMMAND = 'sopLens.accounts.forgetOrganization';
/** Workspace-state key of the last discovery (ids, names, profile, role name). */
export const DISCOVERED_STATE_KEY = 'sopLens.accounts.organization';

/** What is remembered of a discovery: enough to rebuild the entries, nothing secret. */
export interface StoredDiscovery {
  /** The management-account profile; absent = the default credentials. */
  readonly profile?: string;
  readonly roleName: string;
  readonly managementAccountId: string;
  readonly discoveredAt: string;
  /** Each member; `roleArn` is the role discovery made for it (its partition taken from the account's ARN). */
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly organization: string; readonly roleArn?: string }[];
}

/** Arguments the command takes from tests and other commands (the view's menu passes none). */
export interface DiscoverOptions {
  /** The management profile to use when the accounts file names none (skips the input box). */
  readonly profile?: string;
  readonly prompts?: PromptOverrides;
  readonly signal?: AbortSignal;
}

export interface DiscoverySummary {
  readonly managementAccountId: string;
  readonly accounts: readonly Account[];
}

/** The discovered accounts as view entries: the management account through the profile, members through the role. */
export function accountsOf(stored: StoredDiscovery): Account[] {
  return stored.accounts.flatMap((entry): Account[] => {
    const base = { id: entry.id, name: entry.name, tags: { organization: entry.organization }, origin: 'organizations' as const };
    if (entry.id === stored.managementAccountId) return stored.profile ? [{ ...base, access: { kind: 'profile', profile: stored.profile } }] : [];
    // State saved before role ARNs were kept holds commercial-partition members only.
    const roleArn = entry.roleArn ?? `arn:aws:iam::${entry.id}:role/${stored.roleName}`;
    return [{ ...base, access: { kind: 'assume-role', roleArn, ...(stored.profile ? { sourceProfile: stored.profile } : {}) } }];
  });
}

function isStoredDiscovery(value: unknown): value is StoredDiscovery {
  const v = value as Partial<StoredDiscovery> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.roleName === 'string' &&
    typeof v.managementAccountId === 'string' &&
    Array.isArray(v.accounts) &&
    (v.accounts as readonly unknown[]).every((entry) => {
      const a = entry as Partial<StoredDiscovery['accounts'][number]> | null;
      return (
        typeof a?.id === 'string' &&
        PATTERNS.accountId.test(a.id) &&
        typeof a.name === 'string' &&
        typeof a.organization === 'string' &&
        (a.roleArn === undefined || (typeof a.roleArn === 'string' && PATTERNS.roleArn.test(a.roleArn)))
      );
    })
  );
}

/** The discovered accounts of this workspace: in memory for the session, in workspace state across reloads. */
export class OrganizationAccounts {
  private stored: StoredDiscovery | undefined;

  constructor(private readonly state: vscode.Memento | undefined) {
    const remembered = state?.get<unknown>(DISCOVERED_STATE_KEY);
    this.stored = isStoredDiscovery(remembered) ? remembered : undefined;
  }

  get accounts(): Account[] {
    return this.stored ? accountsOf(this.stored) : [];
  }

  async remember(stored: StoredDiscovery): Promise<void> {
    this.stored = stored;
    await this.state?.update(DISCOVERED_STATE_KEY, stored);
  }

  /** Drops the discovered accounts (the organization changed, or the user no longer wants them listed). */
  async forget(): Promise<number> {
    const count = this.stored?.accounts.length ?? 0;
    this.stored = undefined;
    await this.state?.update(DISCOVERED_STATE_KEY, undefined);
    return count;
  }
}

export interface DiscoverDeps {
  readonly organizations: OrganizationAccounts;
  readonly settings: () => AccountSettings;
  readonly log: vscode.LogOutputChannel;
  /** The `organizations:` block of the accounts file, if it has one. */
  readonly fileSettings: () => Promise<OrganizationsDiscovery | undefined>;
  /** Accounts already in the view (file and profiles), to say which discovered ones are new. */
  readonly knownIds: () => Promise<ReadonlySet<string>>;
  /** Shows the new accounts (re-reads the sources). */
  readonly reload: () => void;
}

async function askForProfile(): Promise<OrganizationsDiscovery | undefined> {
  const profile = await vscode.window.showInputBox({
    title: 'SOP Lens: Discover Accounts from AWS Organizations',
    prompt: 'The AWS profile of the management account (or a delegated administrator) allowed organizations:ListAccounts. Add organizations: { profile } to .sop/accounts.yaml to skip this question.',
    placeHolder: 'management',
    value: process.env.AWS_PROFILE,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() && !/\s/.test(value.trim()) ? undefined : 'A profile name from ~/.aws/config, without spaces.'),
  });
  const name = profile?.trim();
  return name ? { profile: name, roleName: DEFAULT_ORGANIZATION_ROLE } : undefined;
}

/**
 * Runs the discovery with a progress notification (cancellable) and adds what it found to the view.
 * Resolves to what was found, or undefined when the user cancelled or it failed (shown and logged).
 */
export async function discoverOrganization(deps: DiscoverDeps, options: DiscoverOptions = {}): Promise<DiscoverySummary | undefined> {
  const fromFile = await deps.fileSettings();
  const settings = fromFile ?? (options.profile ? { profile: options.profile, roleName: DEFAULT_ORGANIZATION_ROLE } : await askForProfile());
  if (!settings) return undefined;
  const source = settings.profile ? `profile ${settings.profile}` : 'the default credentials';
  deps.log.info(`Organizations: listing the organization's accounts through ${source}${fromFile ? ' (organizations: in the accounts file)' : ''}`);
  try {
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SOP Lens: listing AWS Organizations accounts through ${source}`, cancellable: true },
      (progress, token) =>
        withAbortSignal(token, options.signal, async (signal) => {
          // Loaded here: the SDK stays out of activation.
          const { discoverAccountsFromOrganization } = await import('../../core/accounts/discover');
          return discoverAccountsFromOrganization(settings, {
            endpoints: deps.settings().endpoints,
            prompts: createSignInPrompts({ progress, token, log: deps.log, overrides: options.prompts }),
            signal,
            log: (line) => deps.log.info(line),
          });
        }),
    );
    const known = await deps.knownIds();
    await deps.organizations.remember({
      ...(settings.profile ? { profile: settings.profile } : {}),
      roleName: settings.roleName,
      managementAccountId: found.managementAccountId,
      discoveredAt: new Date().toISOString(),
      accounts: found.accounts.map((a) => ({
        id: a.id,
        name: a.name,
        organization: a.tags.organization ?? 'organization',
        ...(a.access.kind === 'assume-role' ? { roleArn: a.access.roleArn } : {}),
      })),
    });
    const added = found.accounts.filter((a) => !known.has(a.id));
    deps.log.info(
      `Organizations: ${found.accounts.length} active account${found.accounts.length === 1 ? '' : 's'} in the organization of ${found.managementAccountId}` +
        (found.accounts.length ? `: ${found.accounts.map((a) => `${a.name} (${a.id})`).join(', ')}` : '') +
        `; ${added.length} new in the view, the others are already named by the accounts file or a profile`,
    );
    deps.reload();
    void vscode.window.showInformationMessage(
      `SOP Lens: ${found.accounts.length} account${found.accounts.length === 1 ? '' : 's'} found in the organization, ${added.length} added to the Accounts view (reached through ${settings.roleName}).`,
    );
    return { managementAccountId: found.managementAccountId, accounts: found.accounts };
  } catch (error) {
    const cancelled = error instanceof AwsAccessError && error.kind === 'cancelled';
    const message = describeError(error);
    if (cancelled) {
      deps.log.info('Organizations: discovery cancelled');
      return undefined;
    }
    deps.log.error(`Organizations: could not list the organization's accounts through ${source}: ${message}`);
    void vscode.window.showErrorMessage(`SOP Lens: could not list the organization's accounts through ${source}: ${message}`);
    return undefined;
  }
}
