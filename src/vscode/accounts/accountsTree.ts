/**
 * The Accounts view: account → SOP control → check → evidence and per-region results. Node data is kept
 * apart from the TreeItem (built in `getTreeItem`); every node has a stable id and knows its parent.
 * Accounts group by a tag (customer by default is off), and a filter shows only failing checks.
 * Problems loading accounts become nodes, never exceptions.
 */
import * as vscode from 'vscode';
import { accountKey } from '../../core/accounts/accounts-file';
import type { Account } from '../../core/accounts/model';
import type { AccessUsed } from '../../core/aws/credentials';
import { groupByTag } from '../../core/accounts/registry';
import { worstStatus, type Check, type CheckResult, type ControlStatus, type Evidence, type RegionResult } from '../../core/controls/check';
import { CONTROLS, type ControlId } from '../../core/sop/catalog';
import type { AccountSource, AccountsSnapshot } from './accountSource';
import { accountSummary, STATE_WORDS, stateIcon, type DisplayState } from './presentation';
import type { AccountState, ResultsStore } from './resultsStore';

/** `none`, or the tag key to group accounts by (`customer`, `environment`, ...). */
export type Grouping = 'none' | `tag:${string}`;

export type AccountsNode = GroupNode | AccountNode | ControlNode | CheckNode | RegionNode | EvidenceNode | MessageNode;

interface NodeBase {
  readonly id: string;
  readonly parent?: AccountsNode;
}
export interface GroupNode extends NodeBase {
  readonly kind: 'group';
  readonly tag: string;
  readonly value: string | undefined;
  readonly accounts: readonly Account[];
}
export interface AccountNode extends NodeBase {
  readonly kind: 'account';
  readonly account: Account;
}
export interface ControlNode extends NodeBase {
  readonly kind: 'control';
  readonly account: Account;
  readonly controlId: ControlId;
}
export interface CheckNode extends NodeBase {
  readonly kind: 'check';
  readonly account: Account;
  readonly check: Check;
}
export interface RegionNode extends NodeBase {
  readonly kind: 'region';
  readonly account: Account;
  readonly check: Check;
  readonly result: RegionResult;
}
export interface EvidenceNode extends NodeBase {
  readonly kind: 'evidence';
  readonly account: Account;
  readonly check: Check;
  readonly evidence: Evidence;
}
export interface MessageNode extends NodeBase {
  readonly kind: 'message';
  readonly text: string;
  readonly detail?: string;
  readonly icon?: vscode.ThemeIcon;
  readonly command?: vscode.Command;
}

/** `contextValue`s the menus in package.json match on. */
export const CONTEXT = {
  group: 'group',
  account: 'account',
  control: 'control',
  check: 'check',
  checkWithResult: 'check.result',
  region: 'region',
  evidence: 'evidence',
  message: 'message',
} as const;

export interface AccountsTreeOptions {
  readonly source: AccountSource;
  readonly results: ResultsStore;
  /** The live checks (the registry's `CHECKS`). */
  readonly checks: () => readonly Check[];
  readonly now?: () => Date;
}

export class AccountsTreeProvider implements vscode.TreeDataProvider<AccountsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccountsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private grouping: Grouping = 'none';
  private onlyFailing = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly options: AccountsTreeOptions) {
    this.subscriptions.push(
      options.results.onDidChange(() => this.refreshSoon()),
      options.source.onDidChange(() => this.refresh()),
    );
  }

  get groupBy(): Grouping {
    return this.grouping;
  }
  setGrouping(grouping: Grouping): void {
    this.grouping = grouping;
    this.refresh();
  }

  get showOnlyFailing(): boolean {
    return this.onlyFailing;
  }
  setShowOnlyFailing(on: boolean): void {
    this.onlyFailing = on;
    this.refresh();
  }

  refresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.changed.fire(undefined);
  }

  /** Results stream in a few per second: redraw at most every 150 ms. */
  private refreshSoon(): void {
    this.refreshTimer ??= setTimeout(() => this.refresh(), 150);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  getParent(node: AccountsNode): AccountsNode | undefined {
    return node.parent;
  }

  async getChildren(node?: AccountsNode): Promise<AccountsNode[]> {
    if (!node) return this.roots(await this.options.source.load());
    switch (node.kind) {
      case 'group':
        return node.accounts.map((account) => this.accountNode(account, node));
      case 'account': {
        const controls = this.controlNodes(node);
        if (controls.length > 0 || !this.onlyFailing) return controls;
        return [{ kind: 'message', id: `${node.id}/none-failing`, parent: node, text: 'No failing checks', detail: 'the filter hides the rest', icon: new vscode.ThemeIcon('filter') }];
      }
      case 'control':
        return this.checkNodes(node);
      case 'check':
        return this.checkChildren(node);
      case 'region':
        return node.result.evidence.map((evidence, i) => ({ kind: 'evidence', id: `${node.id}/ev/${i}`, parent: node, account: node.account, check: node.check, evidence }));
      default:
        return [];
    }
  }

  getTreeItem(node: AccountsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return this.groupItem(node);
      case 'account':
        return this.accountItem(node);
      case 'control':
        return this.controlItem(node);
      case 'check':
        return this.checkItem(node);
      case 'region':
        return this.regionItem(node);
      case 'evidence':
        return this.evidenceItem(node);
      case 'message':
        return this.messageItem(node);
    }
  }

  /** The account's overall state, as its icon shows it. */
  accountState(account: Account): DisplayState {
    const state = this.options.results.get(account);
    if (state && state.checking.size > 0) return 'checking';
    return worstStatus(this.relevantResults(account).map((r) => r.status)) ?? 'never-checked';
  }

  // --- roots and groups -------------------------------------------------------------------------

  private roots(snapshot: AccountsSnapshot): AccountsNode[] {
    const problems: AccountsNode[] = snapshot.problems.map((p, i) => ({
      kind: 'message',
      id: `problem/${i}`,
      text: p.text,
      detail: p.detail,
      icon: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
      command: p.uri ? { title: 'Open', command: 'vscode.open', arguments: [p.uri, { selection: new vscode.Range(p.line ?? 0, 0, p.line ?? 0, 0) }] } : undefined,
    }));
    // An empty list lets the view show its welcome content; problems alone would hide it.
    if (snapshot.accounts.length === 0) return problems.length && snapshot.fileExists ? problems : [];
    if (this.grouping === 'none') return [...problems, ...snapshot.accounts.map((a) => this.accountNode(a))];
    const tag = this.grouping.slice('tag:'.length);
    const groups = groupByTag(snapshot.accounts, tag).map(({ value, accounts }): GroupNode => ({ kind: 'group', id: `group/${tag}/${value ?? ''}`, tag, value, accounts }));
    return [...problems, ...groups];
  }

  private groupItem(node: GroupNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.value ?? `(no ${node.tag})`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    const failing = node.accounts.filter((a) => this.accountState(a) === 'fail').length;
    item.description = `${node.accounts.length} account${node.accounts.length === 1 ? '' : 's'}${failing ? ` · ${failing} failing` : ''}`;
    item.iconPath = new vscode.ThemeIcon(node.tag === 'customer' ? 'organization' : 'tag');
    item.contextValue = CONTEXT.group;
    return item;
  }

  // --- accounts ---------------------------------------------------------------------------------

  private accountNode(account: Account, parent?: GroupNode): AccountNode {
    return { kind: 'account', id: `account/${accountKey(account)}`, parent, account };
  }

  private accountItem(node: AccountNode): vscode.TreeItem {
    const { account } = node;
    const item = new vscode.TreeItem(account.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    const state = this.options.results.get(account);
    const display = this.accountState(account);
    item.iconPath = stateIcon(display);
    item.description = accountSummary(this.relevantState(account, state), this.options.checks().length, this.now());
    item.tooltip = this.accountTooltip(account, display, state);
    item.contextValue = CONTEXT.account;
    item.accessibilityInformation = { label: `${account.name}, account ${account.id}, ${item.description}` };
    return item;
  }

  private accountTooltip(account: Account, display: DisplayState, state: AccountState | undefined): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(account.name)}** · \`${account.id}\`\n\n`);
    md.appendMarkdown(`$(${stateIcon(display).id.replace('~spin', '')}) ${STATE_WORDS[display]}\n\n`);
    md.appendMarkdown(`Access: ${escape(describeAccess(account))}\n\n`);
    if (account.regions?.length) md.appendMarkdown(`Regions: ${account.regions.join(', ')}\n\n`);
    const tags = Object.entries(account.tags);
    if (tags.length) md.appendMarkdown(`Tags: ${tags.map(([k, v]) => `${escape(k)}=${escape(v)}`).join(', ')}\n\n`);
    for (const access of accessesOf(this.relevantResults(account))) md.appendMarkdown(`Checked as \`${code(access.arn)}\`: ${escape(access.description)}\n\n`);
    if (state?.stale) md.appendMarkdown(`$(history) The last refresh did not complete: ${escape(state.stale.reason)}\n\n`);
    if (account.declaredAt) md.appendMarkdown(`From ${escape(account.declaredAt.file)}:${account.declaredAt.line}`);
    else md.appendMarkdown(`From ${account.origin === 'aws-config' ? 'your AWS profiles' : account.origin}`);
    return md;
  }

  // --- controls ---------------------------------------------------------------------------------

  private controlNodes(parent: AccountNode): ControlNode[] {
    const checks = this.options.checks();
    return CONTROLS.filter((c) => checks.some((check) => check.controls.includes(c.id)))
      .map((c): ControlNode => ({ kind: 'control', id: `${parent.id}/control/${c.id}`, parent, account: parent.account, controlId: c.id }))
      .filter((n) => !this.onlyFailing || this.controlState(n) === 'fail');
  }

  private controlState(node: ControlNode): DisplayState {
    const checks = this.checksOf(node.controlId);
    const state = this.options.results.get(node.account);
    if (checks.some((c) => state?.checking.has(c.id))) return 'checking';
    const statuses = checks.map((c) => state?.results.get(c.id)?.status).filter((s): s is ControlStatus => s !== undefined);
    return worstStatus(statuses) ?? 'never-checked';
  }

  private controlItem(node: ControlNode): vscode.TreeItem {
    const control = CONTROLS.find((c) => c.id === node.controlId)!;
    const item = new vscode.TreeItem(`${control.id} ${control.title}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    const display = this.controlState(node);
    item.iconPath = stateIcon(display);
    const checks = this.checksOf(node.controlId);
    const failing = checks.filter((c) => this.options.results.result(node.account, c.id)?.status === 'fail').length;
    item.description = failing ? `${failing} of ${checks.length} checks failing` : `${checks.length} check${checks.length === 1 ? '' : 's'} · ${STATE_WORDS[display]}`;
    item.tooltip = new vscode.MarkdownString(`**${control.id} ${escape(control.title)}**\n\n${escape(control.summary)}`);
    item.contextValue = CONTEXT.control;
    return item;
  }

  private checksOf(controlId: ControlId): readonly Check[] {
    return this.options.checks().filter((c) => c.controls.includes(controlId));
  }

  // --- checks -----------------------------------------------------------------------------------

  private checkNodes(parent: ControlNode): CheckNode[] {
    return this.checksOf(parent.controlId)
      .map((check): CheckNode => ({ kind: 'check', id: `${parent.id}/check/${check.id}`, parent, account: parent.account, check }))
      .filter((n) => !this.onlyFailing || this.options.results.result(n.account, n.check.id)?.status === 'fail');
  }

  private checkState(node: CheckNode): DisplayState {
    if (this.options.results.get(node.account)?.checking.has(node.check.id)) return 'checking';
    return this.options.results.result(node.account, node.check.id)?.status ?? 'never-checked';
  }

  private checkItem(node: CheckNode): vscode.TreeItem {
    const result = this.options.results.result(node.account, node.check.id);
    const hasChildren = !!result && (result.evidence.length > 0 || (result.regions?.length ?? 0) > 0);
    const item = new vscode.TreeItem(node.check.title, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    const display = this.checkState(node);
    item.iconPath = stateIcon(display);
    // The icon says the status; the description says why.
    item.description = result && display !== 'checking' ? result.reason : STATE_WORDS[display];
    item.tooltip = checkTooltip(node.check, result, display);
    item.accessibilityInformation = { label: `${node.check.title}: ${STATE_WORDS[display]}${result ? `. ${result.reason}` : ''}` };
    item.contextValue = result ? CONTEXT.checkWithResult : CONTEXT.check;
    if (result) item.command = { title: 'Show Evidence', command: 'sopLens.accounts.showEvidence', arguments: [node] };
    return item;
  }

  private checkChildren(node: CheckNode): AccountsNode[] {
    const result = this.options.results.result(node.account, node.check.id);
    if (!result) return [];
    const evidence = result.evidence.map((e, i): EvidenceNode => ({ kind: 'evidence', id: `${node.id}/ev/${i}`, parent: node, account: node.account, check: node.check, evidence: e }));
    const regions = (result.regions ?? []).map((r): RegionNode => ({ kind: 'region', id: `${node.id}/region/${r.region}`, parent: node, account: node.account, check: node.check, result: r }));
    return [...evidence, ...regions];
  }

  private regionItem(node: RegionNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.result.region, node.result.evidence.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.iconPath = stateIcon(node.result.status);
    item.description = node.result.reason;
    item.accessibilityInformation = { label: `${node.result.region}: ${node.result.status}. ${node.result.reason}` };
    item.tooltip = `${node.result.region}: ${node.result.status}. ${node.result.reason}`;
    item.contextValue = CONTEXT.region;
    return item;
  }

  private evidenceItem(node: EvidenceNode): vscode.TreeItem {
    const { evidence } = node;
    const item = new vscode.TreeItem(evidence.text, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.iconPath = evidence.status ? stateIcon(evidence.status) : new vscode.ThemeIcon('circle-small');
    item.description = [evidence.region, evidence.resource].filter(Boolean).join(' · ') || undefined;
    item.tooltip = [evidence.text, evidence.resource, evidence.region].filter(Boolean).join('\n');
    item.contextValue = CONTEXT.evidence;
    return item;
  }

  private messageItem(node: MessageNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.detail;
    item.iconPath = node.icon ?? new vscode.ThemeIcon('info');
    item.command = node.command;
    item.contextValue = CONTEXT.message;
    return item;
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Results of the checks the registry knows (storage may hold results of checks since removed). */
  private relevantResults(account: Account): CheckResult[] {
    const state = this.options.results.get(account);
    if (!state) return [];
    const known = new Set(this.options.checks().map((c) => c.id));
    return [...state.results.values()].filter((r) => known.has(r.checkId));
  }

  private relevantState(account: Account, state: AccountState | undefined): AccountState | undefined {
    if (!state) return undefined;
    const results = new Map(this.relevantResults(account).map((r) => [r.checkId, r]));
    return { ...state, results };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function checkTooltip(check: Check, result: CheckResult | undefined, display: DisplayState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(check.title)}** \`${check.id}\` · ${check.controls.join(', ')}\n\n`);
  md.appendMarkdown(`${STATE_WORDS[display]}${result ? `: ${escape(result.reason)}` : ''}\n\n`);
  md.appendMarkdown(`*Decides:* ${escape(check.decides)}\n\n`);
  if (result?.status === 'fail') md.appendMarkdown(`*Fix:* ${escape(check.remediation)}\n\n`);
  if (result) md.appendMarkdown(`Decided ${new Date(result.decidedAt).toLocaleString()}`);
  return md;
}

export function describeAccess(account: Account): string {
  const access = account.access;
  switch (access.kind) {
    case 'assume-role':
      return `assume ${access.roleArn}${access.sourceProfile ? ` from profile ${access.sourceProfile}` : ''}${access.via?.length ? ` via ${access.via.join(' → ')}` : ''}${access.mfaSerial ? ' with MFA' : ''}`;
    case 'sso':
      return `IAM Identity Center role ${access.roleName} (${access.startUrl})`;
    case 'profile':
      return `profile ${access.profile}`;
  }
}

/** The distinct accesses results were decided with, newest first (a single check run later may have used another session). */
export function accessesOf(results: readonly CheckResult[]): AccessUsed[] {
  const newestFirst = [...results].sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  const distinct = new Map<string, AccessUsed>();
  for (const { access } of newestFirst) if (access && !distinct.has(`${access.arn} ${access.description}`)) distinct.set(`${access.arn} ${access.description}`, access);
  return [...distinct.values()];
}

/** Text for a Markdown code span: backticks would end it. */
function code(text: string): string {
  return text.replace(/`/g, "'");
}

/** Escapes Markdown so names and reasons from accounts and AWS cannot inject links or formatting. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}
