/**
 * Sessions in VS Code: Assume Role (MFA prompt, Identity Center device sign-in), Renew, Sign Out, the
 * status bar item with the time left, Open Terminal With Credentials and Open Console. `extension.ts`
 * calls `registerSessionFeatures` once; everything it creates is disposed with the extension.
 *
 * Every command resolves to an outcome without secrets (what happened), so callers and tests can act
 * on it; notifications are never awaited by a command.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { AwsSession } from '../../core/aws/credentials';
import type { SessionStore } from '../../core/aws/session-store';
import { assumeRoleCommand, renewSessionCommand, signOutCommand } from './assumeRole';
import { openConsoleCommand } from './console';
import { SessionManager, type SessionDeps, type SignInRequest } from './sessions';
import { showSessions } from './showSessions';
import { SessionStatusBar, type StatusBarState } from './statusBar';
import { openTerminalCommand } from './terminal';

export type { SignInOutcome, SessionCommandOptions } from './assumeRole';
export type { ConsoleCommandOptions, ConsoleOutcome } from './console';
export type { PromptOverrides } from './prompts';
export type { SessionDeps, SessionSettings, SignInRequest } from './sessions';
export type { StatusBarState } from './statusBar';
export type { TerminalOutcome } from './terminal';

export const SESSION_COMMANDS = {
  assumeRole: 'sopLens.assumeRole',
  renewSession: 'sopLens.renewSession',
  signOut: 'sopLens.signOut',
  showSessions: 'sopLens.showSessions',
  openConsole: 'sopLens.openConsole',
  openTerminalWithCredentials: 'sopLens.openTerminalWithCredentials',
} as const;

/** What the rest of the extension (Check Now, the tree) and the integration tests use. */
export interface SessionFeatures {
  readonly sessions: SessionStore;
  /**
   * The live session for the account, or a new one after signing in (progress notification, MFA or
   * device-code prompts). Throws `AwsAccessError` (kind `cancelled` when the user cancels).
   */
  ensureSession(account: Account, request?: SignInRequest): Promise<AwsSession>;
  /** The status bar item as shown. */
  readonly statusBar: StatusBarState;
  /** Where VS Code lets the extension write: the secrets test reads every file under them. */
  readonly locations: { readonly logUri: vscode.Uri; readonly globalStorageUri: vscode.Uri; readonly storageUri?: vscode.Uri };
}

/** Minutes before expiry at which the status bar warns (`sopLens.aws.expiryWarningMinutes`). */
function expiryWarningMinutes(): number {
  return vscode.workspace.getConfiguration('sopLens.aws').get<number>('expiryWarningMinutes', 5);
}

export function registerSessionFeatures(context: vscode.ExtensionContext, deps: SessionDeps): SessionFeatures {
  const manager = new SessionManager(deps);
  const statusBar = new SessionStatusBar(manager, expiryWarningMinutes);
  const commands: Record<(typeof SESSION_COMMANDS)[keyof typeof SESSION_COMMANDS], (...args: unknown[]) => unknown> = {
    [SESSION_COMMANDS.assumeRole]: (target, options) => guarded(manager, () => assumeRoleCommand(manager, target, options)),
    [SESSION_COMMANDS.renewSession]: (target, options) => guarded(manager, () => renewSessionCommand(manager, target, options)),
    [SESSION_COMMANDS.signOut]: (target) => guarded(manager, () => signOutCommand(manager, target)),
    [SESSION_COMMANDS.showSessions]: () => guarded(manager, () => showSessions(manager, statusBar)),
    [SESSION_COMMANDS.openConsole]: (target, options) => guarded(manager, () => openConsoleCommand(manager, target, options)),
    [SESSION_COMMANDS.openTerminalWithCredentials]: (target) => guarded(manager, () => openTerminalCommand(manager, target)),
  };
  context.subscriptions.push(
    statusBar,
    ...Object.entries(commands).map(([id, run]) => vscode.commands.registerCommand(id, run)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sopLens.aws.expiryWarningMinutes')) statusBar.refresh();
    }),
    // Credentials live only as long as the extension: forget them (and stop the expiry timers) on deactivation.
    { dispose: () => deps.sessions.clear() },
  );
  return {
    sessions: deps.sessions,
    ensureSession: (account, request) => manager.ensure(account, request),
    get statusBar() {
      return statusBar.state;
    },
    locations: { logUri: context.logUri, globalStorageUri: context.globalStorageUri, storageUri: context.storageUri },
  };
}

/** Shows an error of a command that has no outcome for it (e.g. an unknown account) instead of failing silently. */
async function guarded<T>(manager: SessionManager, run: () => Promise<T>): Promise<T | { status: 'failed'; kind: 'error'; message: string }> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    manager.deps.log.error(message);
    void vscode.window.showErrorMessage(`SOP Lens: ${message}`);
    return { status: 'failed', kind: 'error', message };
  }
}
