/**
 * Assume Role, Renew Session and Sign Out. Each resolves to an outcome that says what happened (never a
 * secret), so the tree, other commands and the tests can act on it; failures are also shown to the
 * user with the message and the action from the `AwsAccessError`.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import { AwsAccessError, type AwsErrorKind } from '../../core/aws/errors';
import { errorNotice } from './describe';
import type { PromptOverrides } from './prompts';
import type { LiveSession } from '../../core/aws/session-store';
import type { SessionManager } from './sessions';
import { optionsArgument, resolveAccount } from './target';

export type SignInOutcome =
  | { readonly status: 'signed-in'; readonly accountId: string; readonly arn: string; readonly expiresAt?: string }
  | { readonly status: 'failed'; readonly accountId?: string; readonly kind: AwsErrorKind | 'error'; readonly message: string; readonly action?: string }
  | { readonly status: 'cancelled' };

/** The optional second argument of the session commands. */
export interface SessionCommandOptions {
  readonly prompts?: PromptOverrides;
}

/** Errors after which the same sign-in may work on a second try (a new code, a fresh token). */
const RETRYABLE: ReadonlySet<AwsErrorKind> = new Set(['mfa-invalid', 'mfa-required', 'expired-token', 'sso-token-expired', 'throttled', 'timeout', 'network']);

export async function assumeRoleCommand(manager: SessionManager, target: unknown, options: unknown): Promise<SignInOutcome> {
  let account: Account | undefined;
  try {
    account = await resolveAccount(target, manager, 'Account to assume a role in');
    if (!account) return { status: 'cancelled' };
    const session = await manager.signIn(account, { prompts: optionsArgument<SessionCommandOptions>(options)?.prompts });
    return { status: 'signed-in', accountId: session.accountId, arn: session.arn, expiresAt: session.credentials.expiration?.toISOString() };
  } catch (error) {
    return reportSignInFailure(manager, account, error, () => assumeRoleCommand(manager, account, options));
  }
}

export async function renewSessionCommand(manager: SessionManager, target: unknown, options: unknown): Promise<SignInOutcome> {
  const account = await resolveLiveTarget(manager, target, 'Session to renew');
  if (!account) return { status: 'cancelled' };
  return assumeRoleCommand(manager, account, options);
}

export async function signOutCommand(manager: SessionManager, target: unknown): Promise<boolean> {
  const account = await resolveLiveTarget(manager, target, 'Session to sign out of');
  if (!account) return false;
  const signedOut = manager.signOut(account);
  if (!signedOut) void vscode.window.showInformationMessage(`SOP Lens: you are not signed in to ${account.name}.`);
  return signedOut;
}

/**
 * The entry a Renew or Sign Out acts on: a tree node or an account names its entry; a string (an account
 * id or name, from the palette or a link) names the live sessions that match it, picked among when
 * several do (two entries of one account id); nothing picks among the live sessions.
 */
async function resolveLiveTarget(manager: SessionManager, target: unknown, placeHolder: string): Promise<Account | undefined> {
  if (typeof target === 'string') {
    const live = manager.sessions.all();
    const byId = live.filter((s) => s.account.id === target);
    const matches = byId.length > 0 ? byId : live.filter((s) => s.account.name === target);
    if (matches.length > 0) return pickLive(matches, placeHolder);
    return resolveAccount(target, manager, placeHolder);
  }
  if (target !== undefined) return resolveAccount(target, manager, placeHolder);
  const live = manager.sessions.all();
  if (live.length === 0) {
    void vscode.window.showInformationMessage('SOP Lens: no active session. Use "Assume Role…" first.');
    return undefined;
  }
  return pickLive(live, placeHolder);
}

async function pickLive(live: readonly LiveSession[], placeHolder: string): Promise<Account | undefined> {
  if (live.length === 1) return live[0].account;
  const items = live.map((s) => ({ label: s.account.name, description: `${s.account.id} · ${s.session.arn}`, detail: s.session.access.description, account: s.account }));
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.account;
}

/** Logs and shows a sign-in failure; the notification is not awaited, so the command returns at once. */
export function reportSignInFailure(manager: SessionManager, account: Account | undefined, error: unknown, retry: () => Thenable<unknown>): SignInOutcome {
  const where = account ? `${account.name} (${account.id})` : 'the account';
  if (error instanceof AwsAccessError) {
    if (error.kind === 'cancelled') {
      manager.deps.log.info(`Signing in to ${where} was cancelled`);
      return { status: 'cancelled' };
    }
    manager.deps.log.warn(`Signing in to ${where} failed (${error.kind}): ${error.message}`);
    const buttons = RETRYABLE.has(error.kind) ? ['Retry', 'Show Log'] : ['Show Log'];
    void vscode.window.showErrorMessage(errorNotice(error), ...buttons).then((choice) => {
      if (choice === 'Retry') void retry();
      if (choice === 'Show Log') manager.deps.log.show(true);
    });
    return { status: 'failed', accountId: account?.id, kind: error.kind, message: error.message, action: error.action };
  }
  const message = error instanceof Error ? error.message : String(error);
  manager.deps.log.error(`Signing in to ${where} failed: ${message}`);
  void vscode.window.showErrorMessage(`SOP Lens: ${message}`);
  return { status: 'failed', accountId: account?.id, kind: 'error', message };
}
