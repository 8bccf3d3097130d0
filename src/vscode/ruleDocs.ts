/** Where each rule's documentation lives inside the installed extension (generated into docs/rules/ at build). */
import * as vscode from 'vscode';

/** The command that opens a rule's rendered page (`sopLens.showRuleDocs <rule id>`). */
export const SHOW_RULE_DOCS = 'sopLens.showRuleDocs';

export class RuleDocs {
  constructor(private readonly extensionUri: vscode.Uri) {}

  uriFor(ruleId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  }

  /**
   * The link behind a diagnostic's rule id: a `command:` link to Show Rule Documentation, which renders
   * the page, because a link to the `.md` file itself opens its Markdown source.
   */
  linkFor(ruleId: string): vscode.Uri {
    return vscode.Uri.parse(`command:${SHOW_RULE_DOCS}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
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
