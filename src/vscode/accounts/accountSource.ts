/**
 * Where the Accounts view's accounts come from: the workspace's accounts file (`sopLens.accounts.file`,
 * `.sop/accounts.yaml` by default), unless turned off, the profiles of the user's AWS shared config, and
 * the accounts "Discover Accounts from AWS Organizations" found (see organizations.ts), in that order.
 * Loads lazily (the first time the view asks), re-loads when the file changes, and reports the file's
 * problems as diagnostics on it and in the log. Problems never throw: they come back as data.
 */
import * as vscode from 'vscode';
import { parseAccountsFile, type AccountsFileProblem, type OrganizationsDiscovery } from '../../core/accounts/accounts-file';
import { loadProfileAccounts } from '../../core/accounts/aws-config';
import type { Account } from '../../core/accounts/model';
import { findAccounts, mergeAccounts } from '../../core/accounts/registry';
import { optionsArgument } from '../session/target';
import { type AccountsFileLocation, locateAccountsFile } from '../accountsFileLocation';
import type { AccountSettings } from '../settings';
import {
  DISCOVER_ORGANIZATION_COMMAND,
  FORGET_ORGANIZATION_COMMAND,
  OrganizationAccounts, discoverOrganization, type DiscoverOptions, type DiscoverySummary } from './organizations';

export interface AccountsProblem {
  readonly text: string;
  readonly detail?: string;
  readonly uri?: vscode.Uri;
  /** 0-based line in `uri`. */
  readonly line?: number;
}

export interface AccountsSnapshot {
  readonly accounts: readonly Account[];
  readonly problems: readonly AccountsProblem[];
  /** Whether any workspace folder has the accounts file (the welcome view offers to create one when not). */
  readonly fileExists: boolean;
  /** The `organizations:` block of the (first) accounts file that has one. */
  readonly organizations?: OrganizationsDiscovery;
}

export class AccountSource implements vscode.Disposable {
  private snapshot: Promise<AccountsSnapshot> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('sop-lens-accounts');
  private watcher: vscode.Disposable | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly organizations: OrganizationAccounts;
  /** Numbers the loads, so that a load that finishes after a newer one does not publish stale diagnostics. */
  private loads = 0;
  /** The newest load whose diagnostics are shown (after `dispose`, none may publish). */
  private published = 0;

  /** `state`: where discovered accounts are remembered across reloads (without it, for the session only). */
  constructor(
    private readonly settings: () => AccountSettings,
    private readonly log: vscode.LogOutputChannel,
    state?: vscode.Memento,
  ) {
    this.organizations = new OrganizationAccounts(state);
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
      vscode.commands.registerCommand(DISCOVER_ORGANIZATION_COMMAND, (options?: unknown) => this.discoverOrganization(optionsArgument<DiscoverOptions>(options))),
      vscode.commands.registerCommand(FORGET_ORGANIZATION_COMMAND, async () => {
        const count = await this.organizations.forget();
        this.log.info(`Organizations: forgot ${count} discovered account${count === 1 ? '' : 's'}`);
        this.reload();
        return count;
      }),
    );
  }

  /** Lists the organization's accounts (the command's handler) and adds them to the view. */
  discoverOrganization(options: DiscoverOptions = {}): Promise<DiscoverySummary | undefined> {
    return discoverOrganization(
      {
        organizations: this.organizations,
        settings: this.settings,
        log: this.log,
        fileSettings: async () => (await this.load()).organizations,
        knownIds: async () => new Set((await this.load()).accounts.filter((a) => a.origin !== 'organizations').map((a) => a.id)),
        reload: () => this.reload(),
      },
      options,
    );
  }

  /** The accounts, loading them on first use; later calls share the same load until something changes. */
  load(): Promise<AccountsSnapshot> {
    if (!this.snapshot) {
      this.watch();
      this.snapshot = this.read(++this.loads);
    }
    return this.snapshot;
  }

  /** Forgets what was loaded and tells the view (the file changed, settings changed, Refresh). */
  reload(): void {
    this.snapshot = undefined;
    this.watcher?.dispose();
    this.watcher = undefined;
    this.changed.fire();
  }

  /** Every account, by id or name, for commands given an id from the palette or a test. */
  async find(idOrName: string): Promise<Account | undefined> {
    // The first of several entries (the same account reached two ways): the file lists it first.
    return findAccounts((await this.load()).accounts, idOrName)[0];
  }

  /** The accounts file of each workspace folder, whether or not it exists, unless it may not be read (see accountsFileLocation.ts). */
  fileUris(): vscode.Uri[] {
    return this.fileLocations().flatMap((l) => l.uri ?? []);
  }

  private fileLocations(): AccountsFileLocation[] {
    const settings = this.settings();
    return (vscode.workspace.workspaceFolders ?? []).map((f) => locateAccountsFile(f, settings));
  }

  dispose(): void {
    this.published = Number.POSITIVE_INFINITY;
    this.watcher?.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private watch(): void {
    if (this.watcher) return;
    const relative = this.settings().file;
    const watchers = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, relative));
      const onChange = (): void => this.reload();
      return vscode.Disposable.from(w, w.onDidChange(onChange), w.onDidCreate(onChange), w.onDidDelete(onChange));
    });
    this.watcher = vscode.Disposable.from(...watchers);
  }

  private async read(load: number): Promise<AccountsSnapshot> {
    const settings = this.settings();
    const problems: AccountsProblem[] = [];
    const fromFiles: Account[] = [];
    const diagnostics: [vscode.Uri, vscode.Diagnostic[]][] = [];
    let fileExists = false;
    let organizations: OrganizationsDiscovery | undefined;
    for (const location of this.fileLocations()) {
      const uri = location.uri;
      if (!uri) {
        this.log.warn(location.refused);
        problems.push({ text: 'Accounts file not read', detail: location.refused });
        continue;
      }
      let text: string | undefined;
      try {
        text = await readText(uri);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log.warn(`Could not read ${uri.fsPath}: ${message}`);
        problems.push({ text: `Could not read ${vscode.workspace.asRelativePath(uri)}`, detail: message, uri });
        fileExists = true;
        continue;
      }
      if (text === undefined) continue;
      fileExists = true;
      const parsed = parseAccountsFile(text, uri.fsPath);
      fromFiles.push(...parsed.accounts);
      organizations ??= parsed.organizations;
      this.report(uri, parsed.problems, problems, diagnostics);
    }
    // Replaced in one step at the end of a load: clearing them when a load starts left the file without
    // its diagnostics while a reload (the file watcher's, say) read it again. Each load publishes unless a
    // newer one already has; waiting for the newest instead left a finished load's view without them
    // while a reload that started meanwhile (on a settings change, say) was still reading.
    if (load > this.published) {
      this.published = load;
      this.diagnostics.clear();
      for (const [uri, list] of diagnostics) this.diagnostics.set(uri, list);
    }
    let fromProfiles: Account[] = [];
    if (settings.includeProfiles) {
      try {
        fromProfiles = await loadProfileAccounts();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log.warn(`Could not read the AWS shared config: ${message}`);
        problems.push({ text: 'Could not read your AWS profiles', detail: message });
      }
    }
    const discovered = this.organizations.accounts;
    const accounts = mergeAccounts({ file: fromFiles, profiles: fromProfiles, organizations: discovered });
    this.log.info(`Accounts: ${fromFiles.length} from ${settings.file}, ${fromProfiles.length} from AWS profiles, ${discovered.length} from AWS Organizations, ${accounts.length} after merging`);
    return { accounts, problems, fileExists, ...(organizations ? { organizations } : {}) };
  }

  private report(uri: vscode.Uri, errors: readonly AccountsFileProblem[], problems: AccountsProblem[], diagnostics: [vscode.Uri, vscode.Diagnostic[]][]): void {
    if (errors.length === 0) return;
    const relative = vscode.workspace.asRelativePath(uri);
    diagnostics.push([
      uri,
      errors.map((e) => {
        const range = new vscode.Range(Math.max(0, e.line - 1), Math.max(0, e.column - 1), Math.max(0, e.endLine - 1), Math.max(0, e.endColumn - 1));
        const d = new vscode.Diagnostic(range, e.message, vscode.DiagnosticSeverity.Error);
        d.source = 'SOP Lens';
        d.code = e.code;
        return d;
      }),
    ]);
    for (const e of errors) this.log.warn(`${relative}:${e.line}:${e.column}: ${e.message} (${e.path})`);
    problems.push({
      text: `${relative}: ${errors.length} problem${errors.length === 1 ? '' : 's'}`,
      detail: errors[0].message,
      uri,
      line: Math.max(0, errors[0].line - 1),
    });
  }
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}
