/**
 * Quick fixes for SOP findings that have a deterministic fix, and a reviewed suppression for any finding.
 * A fix is offered only once the guard (core/fix/guard.ts) has applied it to the text and found the result
 * sound; a fix it refused shows, disabled, with the reason.
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/lint/finding';
import { type FixVerdict, fixVerdictOf } from '../core/lint/lint';
import type { Fix, TextEdit } from '../core/rules/rule';
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
      const verdict = fixVerdictOf(finding);
      if (verdict.kind !== 'none') actions.push(fixAction(document, diagnostic, finding, verdict));
      if (finding.resource && finding.control) actions.push(suppressAction(document, diagnostic, finding));
    }
    return actions;
  }
}

function fixAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, finding: Finding, verdict: Exclude<FixVerdict, { kind: 'none' }>): vscode.CodeAction {
  const fix: Fix = verdict.fix;
  const action = new vscode.CodeAction(`${fix.title} (${finding.ruleId})`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if (verdict.kind === 'refused') {
    action.disabled = { reason: `SOP Lens does not apply this fix: ${verdict.reason}. Fix it by hand; the rule's page says how.` };
    return action;
  }
  action.isPreferred = true;
  action.edit = toWorkspaceEdit(document, fix.edits);
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
