/**
 * "Create .sop/accounts.yaml from my AWS profiles" (the welcome view's button): writes a commented
 * starter file listing the accounts the user's profiles reach, then opens it. Never overwrites an
 * existing file, and writes no credentials (profiles only name roles, devices and SSO sessions).
 */
import * as vscode from 'vscode';
import { renderAccountsFile } from '../../core/accounts/accounts-file';
import { loadProfileAccounts } from '../../core/accounts/aws-config';
import type { AccountSource } from './accountSource';

export async function createAccountsFile(source: AccountSource, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  const [uri] = source.fileUris();
  if (!uri) {
    void vscode.window.showWarningMessage('SOP Lens: open a folder first; the accounts file lives in the workspace.');
    return undefined;
  }
  if (await exists(uri)) {
    await vscode.window.showTextDocument(uri);
    void vscode.window.showInformationMessage(`SOP Lens: ${vscode.workspace.asRelativePath(uri)} already exists; it was left as it is.`);
    return uri;
  }
  const accounts = await loadProfileAccounts();
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(renderAccountsFile(accounts)));
  log.info(`Created ${vscode.workspace.asRelativePath(uri)} with ${accounts.length} account(s) from the AWS profiles`);
  source.reload();
  await vscode.window.showTextDocument(uri);
  if (accounts.length === 0) {
    void vscode.window.showInformationMessage('SOP Lens: no AWS profile names an account (role_arn or sso_account_id); the new file has an example entry to fill in.');
  }
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
