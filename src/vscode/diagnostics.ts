/** The one diagnostic collection: SOP findings in the Problems panel, each linked to its rule's documentation. */
import * as vscode from 'vscode';
import type { Finding } from '../core/lint/finding';
import type { LintSnapshot } from './snapshot';
import type { RuleDocs } from './ruleDocs';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class SopDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sop-lens');

  constructor(private readonly docs: RuleDocs) {}

  show(uri: vscode.Uri, snapshot: LintSnapshot): void {
    if (snapshot.kind !== 'linted') {
      this.collection.delete(uri);
      return;
    }
    this.collection.set(uri, snapshot.findings.filter((f) => !f.suppressed).map((f) => this.toDiagnostic(f)));
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  clearAll(): void {
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }

  private toDiagnostic(finding: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(rangeOf(finding), finding.message, SEVERITY[finding.severity]);
    d.source = 'SOP Lens';
    d.code = { value: finding.ruleId, target: this.docs.linkFor(finding.ruleId) };
    return d;
  }
}

export function rangeOf(finding: Finding): vscode.Range {
  return new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
}

/** The finding behind a diagnostic, matched by rule id and range (VS Code hands extensions copies of diagnostics). */
export function findingFor(snapshot: LintSnapshot | undefined, diagnostic: vscode.Diagnostic): Finding | undefined {
  if (snapshot?.kind !== 'linted' || diagnostic.source !== 'SOP Lens') return undefined;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return snapshot.findings.find((f) => f.ruleId === code && rangeOf(f).isEqual(diagnostic.range) && !f.suppressed);
}
