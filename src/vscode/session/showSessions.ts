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
  for (const session of manager.sessions.all()) {
    const id = session.accountId;
    const account = await manager.accountOf(id);
    items.push({ label: `${manager.nameOf(id)} (${id}) · ${timeLeft(session) || 'no expiry'} left, until ${formatExpiry(session)}`, kind: vscode.QuickPickItemKind.Separator });
    if (statusBar.state.activeAccountId !== id) items.push({ label: '$(pin) Show in the Status Bar', run: () => statusBar.pin(id) });
    items.push(
      { label: '$(refresh) Renew', description: session.arn, run: () => vscode.commands.executeCommand('sopLens.renewSession', id) },
      { label: '$(terminal) Open Terminal With Credentials', run: () => vscode.commands.executeCommand('sopLens.openTerminalWithCredentials', account ?? id) },
      { label: '$(globe) Open Console', run: () => vscode.commands.executeCommand('sopLens.openConsole', account ?? id) },
      { label: '$(sign-out) Sign Out', run: () => vscode.commands.executeCommand('sopLens.signOut', id) },
    );
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(key) Assume Role…', run: () => vscode.commands.executeCommand('sopLens.assumeRole') });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'SOP Lens sessions' });
  await picked?.run?.();
}
