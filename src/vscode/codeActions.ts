/** Quick fixes for SOP findings that have a deterministic fix, and a reviewed suppression for any finding. */
import * as vscode from 'vscode';
import type { Finding } from '../core/lint/finding';
import type { TextEdit } from '../core/rules/rule';
import { findingFor } from './diagnostics';
import type { TemplateLinter } from './linter';

export const SUPPRESS_COMMAND = 'sopLens.suppressFinding';

export class SopCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly linter: TemplateLinter) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === 'SOP Lens');
    if (ours.length === 0) return [];
    const lint = await this.linter.lint(document, token);
    if (!lint || token.isCancellationRequested) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = findingFor(lint.snapshot, diagnostic);
      if (!finding) continue;
      if (finding.fix) actions.push(fixAction(document, diagnostic, finding));
      if (finding.resource && finding.control) actions.push(suppressAction(document, diagnostic, finding));
    }
    return actions;
  }
}

function fixAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, finding: Finding): vscode.CodeAction {
  const action = new vscode.CodeAction(`${finding.fix!.title} (${finding.ruleId})`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  action.edit = toWorkspaceEdit(document, finding.fix!.edits);
  return action;
}

function suppressAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, finding: Finding): vscode.CodeAction {
  const action = new vscode.CodeAction(`Suppress ${finding.ruleId} for ${finding.resource} with a reason…`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title: action.title, command: SUPPRESS_COMMAND, arguments: [document.uri, finding.resource, finding.ruleId] };
  return action;
}

export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  return edit;
}
