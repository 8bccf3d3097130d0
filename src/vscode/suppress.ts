/** Asks for the reason and writes the suppression into the resource's Metadata, where a reviewer sees it. */
import * as vscode from 'vscode';
import { suppressionEdits } from '../core/fix/suppress';
import { toWorkspaceEdit } from './codeActions';

export async function suppressFinding(uri: vscode.Uri, logicalId: string, ruleId: string, reason?: string): Promise<boolean> {
  const given =
    reason ??
    (await vscode.window.showInputBox({
      title: `Suppress ${ruleId} for ${logicalId}`,
      prompt: 'Why does the SOP not apply here? Reviewers read this in the template.',
      placeHolder: 'e.g. Public website assets; access is read-only through CloudFront',
      validateInput: (value) => (value.trim().length < 10 ? 'Give a reason a reviewer can judge (at least 10 characters).' : undefined),
    }));
  if (!given?.trim()) return false;
  const document = await vscode.workspace.openTextDocument(uri);
  const edits = suppressionEdits(document.getText(), logicalId, ruleId, given.trim());
  if (!edits) {
    await vscode.window.showWarningMessage(`SOP Lens could not add the suppression to ${logicalId} automatically: add it under Metadata.sop-lens.suppress by hand.`);
    return false;
  }
  return vscode.workspace.applyEdit(toWorkspaceEdit(document, edits));
}
