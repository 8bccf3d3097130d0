/** The status bar item's click: the live sessions, each with what can be done with it. */
import * as vscode from 'vscode';
import { formatExpiry, timeLeft } from './describe';
import type { SessionManager } from './sessions';
import type { SessionStatusBar } from './statusBar';

interface ActionItem extends vscode.QuickPickItem {
  readonly run?: () => unknown;
}

export async function showSessions(manager: SessionManager, statusBar: SessionStatusBar): Promise<void> {
  const items: ActionItem[] = [];
  for (const { key, account, session } of manager.sessions.all()) {
    items.push({ label: `${account.name} (${account.id}) · ${timeLeft(session) || 'no expiry'} left, until ${formatExpiry(session)}`, kind: vscode.QuickPickItemKind.Separator });
    if (statusBar.state.activeKey !== key) items.push({ label: '$(pin) Show in the Status Bar', run: () => statusBar.pin(key) });
    // Each action names the entry, not its account id: another entry of the same account is another session.
    items.push(
      { label: '$(refresh) Renew', description: session.arn, detail: session.access.description, run: () => vscode.commands.executeCommand('sopLens.renewSession', { account }) },
      { label: '$(terminal) Open Terminal With Credentials', run: () => vscode.commands.executeCommand('sopLens.openTerminalWithCredentials', { account }) },
      { label: '$(globe) Open Console', run: () => vscode.commands.executeCommand('sopLens.openConsole', { account }) },
      { label: '$(sign-out) Sign Out', run: () => vscode.commands.executeCommand('sopLens.signOut', { account }) },
    );
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(key) Assume Role…', run: () => vscode.commands.executeCommand('sopLens.assumeRole') });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'SOP Lens sessions' });
  await picked?.run?.();
}
