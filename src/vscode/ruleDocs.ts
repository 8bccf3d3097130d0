/** Where each rule's documentation lives inside the installed extension (generated into docs/rules/ at build). */
import * as vscode from 'vscode';

export class RuleDocs {
  constructor(private readonly extensionUri: vscode.Uri) {}

  uriFor(ruleId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  }

  async open(ruleId: string): Promise<void> {
    const uri = this.uriFor(ruleId);
    try {
      await vscode.workspace.fs.stat(uri);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showWarningMessage(`SOP Lens has no documentation page for ${ruleId}.`);
    }
  }
}
