/** Lists a file's (or one resource's) findings with the rule's explanation; picking one reveals it. */
import * as vscode from 'vscode';
import type { Finding } from '../core/lint/finding';
import { ruleById } from '../core/rules/registry';
import { META_RULES } from '../core/lint/meta-rules';
import { rangeOf } from './diagnostics';
import type { TemplateLinter } from './linter';
import type { RuleDocs } from './ruleDocs';

const ICON: Record<Finding['severity'], string> = { error: '$(error)', warning: '$(warning)', info: '$(info)' };

interface FindingItem extends vscode.QuickPickItem {
  readonly finding: Finding;
}

export async function showFindings(linter: TemplateLinter, docs: RuleDocs, uri?: vscode.Uri, resource?: string): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    await vscode.window.showInformationMessage('SOP Lens: open a CloudFormation template first.');
    return;
  }
  const document = await vscode.workspace.openTextDocument(target);
  const lint = await linter.lint(document);
  if (!lint || lint.snapshot.kind !== 'linted') {
    await vscode.window.showInformationMessage(`SOP Lens: ${vscode.workspace.asRelativePath(target)} is not a CloudFormation template.`);
    return;
  }
  const findings = lint.snapshot.findings.filter((f) => !f.suppressed && (resource === undefined || f.resource === resource));
  if (findings.length === 0) {
    await vscode.window.showInformationMessage(`SOP Lens: no findings${resource ? ` for ${resource}` : ''}.`);
    return;
  }
  const docsButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('book'), tooltip: 'Open the rule documentation' };
  const items: FindingItem[] = findings.map((f) => ({
    finding: f,
    label: `${ICON[f.severity]} ${f.message}`,
    description: `${f.ruleId} · line ${f.line}`,
    detail: explain(f),
    buttons: [docsButton],
  }));
  const pick = vscode.window.createQuickPick<FindingItem>();
  pick.title = resource ? `SOP findings for ${resource}` : `SOP findings in ${vscode.workspace.asRelativePath(target)}`;
  pick.placeholder = 'Pick a finding to go to it';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.items = items;
  const chosen = await new Promise<FindingItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidTriggerItemButton((e) => void docs.open(e.item.finding.ruleId));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (!chosen) return;
  const editor = await vscode.window.showTextDocument(document);
  const range = rangeOf(chosen.finding);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Why it matters and how to fix it, from the rule's declaration. */
export function explain(finding: Finding): string {
  const rule = ruleById(finding.ruleId);
  if (rule) return `${rule.rationale} Fix: ${rule.remedy}`;
  return META_RULES.find((m) => m.id === finding.ruleId)?.description ?? '';
}
