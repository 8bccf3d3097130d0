/**
 * Which account a session command acts on: the tree passes its node (`{ account }`), other callers an
 * account, an account id or a name; from the palette the user picks one.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { AwsSession } from '../../core/aws/credentials';
import { accessLabel, tagsLabel, timeLeft } from './describe';
import type { SessionManager } from './sessions';

export type AccountTarget = Account | { readonly account: Account } | string | undefined;

function isAccount(value: unknown): value is Account {
  const v = value as Partial<Account> | undefined;
  return typeof v?.id === 'string' && typeof v.name === 'string' && typeof v.access === 'object' && v.access !== null;
}

/** The account named by `target`; undefined when the user dismissed the picker. Throws when nothing matches. */
export async function resolveAccount(target: unknown, manager: SessionManager, placeHolder: string): Promise<Account | undefined> {
  if (isAccount(target)) return target;
  const node = target as { account?: unknown } | undefined;
  if (isAccount(node?.account)) return node.account;
  const accounts = await manager.deps.accounts();
  if (typeof target === 'string') {
    const byId = accounts.filter((a) => a.id === target);
    const matches = byId.length > 0 ? byId : accounts.filter((a) => a.name === target);
    if (matches.length === 1) return matches[0];
    if (matches.length === 0) throw new Error(`No account "${target}" in .sop/accounts.yaml or the AWS profiles`);
    return pickAccount(matches, manager, placeHolder);
  }
  if (accounts.length === 0) throw new Error('No accounts yet: add them to .sop/accounts.yaml or create it from your AWS profiles');
  return pickAccount(accounts, manager, placeHolder);
}

interface AccountItem extends vscode.QuickPickItem {
  readonly account: Account;
}

async function pickAccount(accounts: readonly Account[], manager: SessionManager, placeHolder: string): Promise<Account | undefined> {
  const items: AccountItem[] = accounts.map((account) => ({
    account,
    label: account.name,
    description: `${account.id} · ${accessLabel(account)}`,
    detail: [sessionState(manager.live(account)), tagsLabel(account)].filter(Boolean).join(' · '),
    iconPath: new vscode.ThemeIcon(manager.live(account) ? 'key' : 'account'),
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.account;
}

function sessionState(session: AwsSession | undefined): string {
  if (!session) return 'not signed in';
  const left = timeLeft(session);
  return left ? `signed in, ${left} left` : 'signed in';
}

/**
 * Splits a command's arguments: VS Code passes tree commands `(node, selectedNodes[])`, so only a
 * plain object in second place is the caller's options.
 */
export function optionsArgument<T extends object>(value: unknown): T | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : undefined;
}
