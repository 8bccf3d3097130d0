/**
 * Code lenses: one above each resource with findings ("⚠ 2 SOP findings: ACCT-001, SEC-S3") and one at the
 * top summarising the file by control. Clicking either lists the findings with their explanation.
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/lint/finding';
import type { TemplateLinter } from './linter';
import type { Settings } from './settings';

export const SHOW_FINDINGS_COMMAND = 'sopLens.showFindings';

export class SopCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly linter: TemplateLinter,
    private readonly settings: () => Settings,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.settings().codeLens || !this.linter.isCandidate(document)) return [];
    const lint = await this.linter.lint(document, token);
    if (!lint || token.isCancellationRequested || lint.snapshot.kind !== 'linted') return [];
    const active = lint.snapshot.findings.filter((f) => !f.suppressed);
    const lenses: vscode.CodeLens[] = [fileLens(document, active)];
    for (const resource of lint.snapshot.resources) {
      const own = active.filter((f) => f.resource === resource.logicalId && f.kind !== 'undecided');
      if (own.length === 0) continue;
      const range = new vscode.Range(resource.line, 0, resource.line, 0);
      lenses.push(
        new vscode.CodeLens(range, {
          title: `$(warning) ${plural(own.length, 'SOP finding')}: ${controlsOf(own).join(', ')}`,
          tooltip: own.map((f) => f.message).join('\n'),
          command: SHOW_FINDINGS_COMMAND,
          arguments: [document.uri, resource.logicalId],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function fileLens(document: vscode.TextDocument, findings: readonly Finding[]): vscode.CodeLens {
  const range = new vscode.Range(0, 0, 0, 0);
  const violations = findings.filter((f) => f.kind !== 'undecided');
  const undecided = findings.length - violations.length;
  const byControl = new Map<string, number>();
  for (const f of violations) byControl.set(f.control ?? 'template', (byControl.get(f.control ?? 'template') ?? 0) + 1);
  const summary = [...byControl.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${c} ×${n}`).join(' · ');
  const title =
    violations.length === 0
      ? `$(pass) SOP Lens: no findings${undecided ? ` (${undecided} cannot be decided before deployment)` : ''}`
      : `$(shield) SOP Lens: ${plural(violations.length, 'finding')}: ${summary}${undecided ? ` · ${undecided} undecided` : ''}`;
  return new vscode.CodeLens(range, { title, command: SHOW_FINDINGS_COMMAND, arguments: [document.uri] });
}

function controlsOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.control ?? 'template'))].sort();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
