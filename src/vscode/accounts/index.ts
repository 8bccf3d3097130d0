/**
 * The Accounts view and its commands, wired in one place. `registerAccountsView` only creates objects and
 * registers commands: nothing is read from disk and no AWS SDK module loads until the view asks for its
 * children or a command runs.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import { tagNames } from '../../core/accounts/registry';
import type { AwsSession } from '../../core/aws/credentials';
import { entryKey, type SessionStore } from '../../core/aws/session-store';
import type { Check } from '../../core/controls/check';
import { CHECKS } from '../../core/controls/registry';
import type { PromptOverrides } from '../session';
import { tagsLabel } from '../session/describe';
import { optionsArgument } from '../session/target';
import type { AccountSettings } from '../settings';
import { AccountSource } from './accountSource';
import { AccountsTreeProvider, type AccountsNode, type Grouping } from './accountsTree';
import { checkNow, type CheckNowSummary } from './checkNow';
import { createAccountsFile } from './createAccountsFile';
import { EVIDENCE_SCHEME, EvidenceProvider, showEvidence } from './evidence';
import { ResultsStore } from './resultsStore';

export const ACCOUNTS_VIEW = 'sopLens.accounts';
/** Context key for the filter toggle's two commands. */
export const ONLY_FAILING_CONTEXT = 'sopLens.accounts.onlyFailing';
const VIEW_STATE_KEY = 'sopLens.accounts.view';

export const ACCOUNT_COMMANDS = {
  checkNowAll: 'sopLens.accounts.checkNowAll',
  checkNow: 'sopLens.accounts.checkNow',
  checkOne: 'sopLens.accounts.checkOne',
  copyAccountId: 'sopLens.accounts.copyAccountId',
  showEvidence: 'sopLens.accounts.showEvidence',
  groupBy: 'sopLens.accounts.groupBy',
  showOnlyFailing: 'sopLens.accounts.showOnlyFailing',
  showAllChecks: 'sopLens.accounts.showAllChecks',
  refresh: 'sopLens.accounts.refresh',
  openFile: 'sopLens.accounts.openFile',
  createFile: 'sopLens.accounts.createFile',
  showDocs: 'sopLens.accounts.showDocs',
} as const;

export interface AccountsDeps {
  readonly log: vscode.LogOutputChannel;
  readonly sessions: SessionStore;
  readonly settings: () => AccountSettings;
  /** Signs in and stores the session (the session UI's sign-in, with its prompts). */
  readonly signIn: (account: Account, signal: AbortSignal, prompts?: PromptOverrides) => Promise<AwsSession>;
  /** The live checks; the registry's by default (tests may narrow them). */
  readonly checks?: () => readonly Check[];
}

/** What the extension's API exposes of the view, for the integration tests. */
export interface AccountsFeatures {
  readonly tree: AccountsTreeProvider;
  readonly results: ResultsStore;
  readonly source: AccountSource;
  readonly view: vscode.TreeView<AccountsNode>;
}

interface ViewState {
  readonly groupBy?: Grouping;
  readonly onlyFailing?: boolean;
}

/** A command argument naming an account: a tree node, an id or name (palette, tests), or nothing (pick). */
type AccountTarget = AccountsNode | string | undefined;
/** The optional second argument of the Check Now commands (tree commands get an array there, ignored): what the tests and other commands pass. */
interface CheckNowOptions {
  readonly prompts?: PromptOverrides;
  readonly signal?: AbortSignal;
}

/** A command argument naming one check of one account. */
type CheckTarget = AccountsNode | { readonly accountId: string; readonly checkId: string };

export function registerAccountsView(context: vscode.ExtensionContext, deps: AccountsDeps): AccountsFeatures {
  const checks = deps.checks ?? ((): readonly Check[] => CHECKS);
  const results = new ResultsStore(context.workspaceState);
  const source = new AccountSource(deps.settings, deps.log, context.workspaceState);
  const tree = new AccountsTreeProvider({ source, results, checks });
  const view = vscode.window.createTreeView(ACCOUNTS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const evidence = new EvidenceProvider({ results, checks, account: async (key) => (await source.load()).accounts.find((a) => entryKey(a) === key) });

  const viewState = context.workspaceState.get<ViewState>(VIEW_STATE_KEY) ?? {};
  tree.setGrouping(viewState.groupBy ?? 'none');
  const showOnlyFailing = (on: boolean): Thenable<unknown> => {
    tree.setShowOnlyFailing(on);
    return vscode.commands.executeCommand('setContext', ONLY_FAILING_CONTEXT, on);
  };
  const setOnlyFailing = async (on: boolean): Promise<void> => {
    await showOnlyFailing(on);
    await context.workspaceState.update(VIEW_STATE_KEY, { groupBy: tree.groupBy, onlyFailing: on } satisfies ViewState);
  };
  void showOnlyFailing(viewState.onlyFailing ?? false);

  const run = async (requested: readonly Account[], selected: readonly Check[] = checks(), options: CheckNowOptions = {}): Promise<CheckNowSummary | undefined> => {
    // An account already being checked is left to that run: two runs would interleave their results.
    const busy = requested.filter((a) => (results.get(a)?.checking.size ?? 0) > 0);
    if (busy.length) vscode.window.setStatusBarMessage(`SOP Lens: already checking ${busy.map((a) => a.name).join(', ')}`, 4000);
    const accounts = requested.filter((a) => !busy.includes(a));
    if (accounts.length === 0) return undefined;
    return checkNow({ accounts, checks: selected, prompts: options.prompts, signal: options.signal }, { results, sessions: deps.sessions, settings: deps.settings, signIn: deps.signIn, log: deps.log });
  };

  const commands: Record<(typeof ACCOUNT_COMMANDS)[keyof typeof ACCOUNT_COMMANDS], (...args: never[]) => unknown> = {
    [ACCOUNT_COMMANDS.checkNowAll]: async () => run((await source.load()).accounts),
    [ACCOUNT_COMMANDS.checkNow]: async (target: AccountTarget, options?: unknown) => run(await accountsOf(source, target), checks(), optionsArgument<CheckNowOptions>(options)),
    [ACCOUNT_COMMANDS.checkOne]: async (target: CheckTarget, options?: unknown) => {
      const found = await checkOf(source, checks(), target);
      return found ? run([found.account], [found.check], optionsArgument<CheckNowOptions>(options)) : undefined;
    },
    [ACCOUNT_COMMANDS.copyAccountId]: async (target: AccountTarget) => {
      const [account] = await accountsOf(source, target, false);
      if (!account) return undefined;
      await vscode.env.clipboard.writeText(account.id);
      vscode.window.setStatusBarMessage(`Copied account id ${account.id}`, 3000);
      return account.id;
    },
    [ACCOUNT_COMMANDS.showEvidence]: async (target: CheckTarget) => {
      const found = await checkOf(source, checks(), target);
      return found ? showEvidence(found.account, found.check.id) : undefined;
    },
    [ACCOUNT_COMMANDS.groupBy]: async (grouping?: Grouping | 'customer') => {
      const chosen = grouping === 'customer' ? 'tag:customer' : (grouping ?? (await pickGrouping(source, tree.groupBy)));
      if (!chosen) return;
      tree.setGrouping(chosen);
      await context.workspaceState.update(VIEW_STATE_KEY, { groupBy: chosen, onlyFailing: tree.showOnlyFailing } satisfies ViewState);
    },
    [ACCOUNT_COMMANDS.showOnlyFailing]: () => setOnlyFailing(true),
    [ACCOUNT_COMMANDS.showAllChecks]: () => setOnlyFailing(false),
    [ACCOUNT_COMMANDS.refresh]: () => source.reload(),
    [ACCOUNT_COMMANDS.openFile]: async () => {
      const existing = await firstExisting(source.fileUris());
      if (existing) return vscode.window.showTextDocument(existing);
      const create = 'Create from My AWS Profiles';
      if ((await vscode.window.showInformationMessage('SOP Lens: there is no accounts file in this workspace yet.', create)) === create) return createAccountsFile(source, deps.log);
      return undefined;
    },
    [ACCOUNT_COMMANDS.createFile]: () => createAccountsFile(source, deps.log),
    [ACCOUNT_COMMANDS.showDocs]: () => vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md')),
  };

  // Ages in descriptions ("checked 4 min ago") move on while the view is open.
  const ageTimer = setInterval(() => {
    if (view.visible) tree.refresh();
  }, 60_000);

  context.subscriptions.push(
    results,
    source,
    tree,
    view,
    evidence,
    { dispose: () => clearInterval(ageTimer) },
    vscode.workspace.registerTextDocumentContentProvider(EVIDENCE_SCHEME, evidence),
    results.onDidChange(() => updateBadge(view, tree, source)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sopLens.accounts')) source.reload();
    }),
    ...Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown)),
  );
  return { tree, results, source, view };
}

/** The number of failing accounts on the view's icon. */
function updateBadge(view: vscode.TreeView<AccountsNode>, tree: AccountsTreeProvider, source: AccountSource): void {
  void source.load().then(({ accounts }) => {
    const failing = new Set(accounts.filter((a) => tree.accountState(a) === 'fail').map((a) => a.id)).size;
    view.badge = failing ? { value: failing, tooltip: `${failing} account${failing === 1 ? '' : 's'} failing SOP checks` } : undefined;
  });
}

async function accountsOf(source: AccountSource, target: AccountTarget, many = true): Promise<Account[]> {
  if (typeof target === 'string') {
    const account = await source.find(target);
    if (!account) void vscode.window.showWarningMessage(`SOP Lens: no account ${target} in the Accounts view.`);
    return account ? [account] : [];
  }
  if (target && 'account' in target) return [target.account];
  if (target?.kind === 'group') return [...target.accounts];
  return pickAccounts(source, many);
}

async function checkOf(source: AccountSource, checks: readonly Check[], target: CheckTarget): Promise<{ account: Account; check: Check } | undefined> {
  if (target && 'check' in target) return { account: target.account, check: target.check };
  if (target && 'checkId' in target) {
    const account = await source.find(target.accountId);
    const check = checks.find((c) => c.id === target.checkId);
    return account && check ? { account, check } : undefined;
  }
  return undefined;
}

async function pickAccounts(source: AccountSource, many: boolean): Promise<Account[]> {
  const { accounts } = await source.load();
  if (accounts.length === 0) {
    void vscode.window.showInformationMessage('SOP Lens: no accounts yet. Create .sop/accounts.yaml from the Accounts view.');
    return [];
  }
  const items = accounts.map((account) => ({ label: account.name, description: account.id, detail: tagsLabel(account) || undefined, account }));
  if (many) {
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'SOP Lens: accounts to check', matchOnDescription: true });
    return picked?.map((p) => p.account) ?? [];
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'SOP Lens: pick an account', matchOnDescription: true });
  return picked ? [picked.account] : [];
}

async function pickGrouping(source: AccountSource, current: Grouping): Promise<Grouping | undefined> {
  const { accounts } = await source.load();
  const tags = tagNames(accounts).filter((t) => t !== 'customer');
  const options: { label: string; grouping: Grouping }[] = [
    { label: 'Customer', grouping: 'tag:customer' },
    ...tags.map((t): { label: string; grouping: Grouping } => ({ label: `Tag: ${t}`, grouping: `tag:${t}` })),
    { label: 'None', grouping: 'none' },
  ];
  const picked = await vscode.window.showQuickPick(
    options.map((o) => ({ ...o, description: o.grouping === current ? 'current' : undefined })),
    { title: 'SOP Lens: group accounts by' },
  );
  return picked?.grouping;
}

async function firstExisting(uris: readonly vscode.Uri[]): Promise<vscode.Uri | undefined> {
  for (const uri of uris) {
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
