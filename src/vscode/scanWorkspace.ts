/** `SOP Lens: Scan Workspace Templates`: lints every template in the workspace, with progress, into the Problems panel. */
import * as vscode from 'vscode';
import type { SopDiagnostics } from './diagnostics';
import type { TemplateLinter } from './linter';
import type { Settings } from './settings';

export interface ScanSummary {
  readonly filesScanned: number;
  readonly templates: number;
  readonly findings: number;
  readonly filesWithFindings: number;
  readonly cancelled: boolean;
}

export async function scanWorkspace(linter: TemplateLinter, diagnostics: SopDiagnostics, settings: Settings, log: vscode.LogOutputChannel): Promise<ScanSummary> {
  const include = settings.include.length === 1 ? settings.include[0] : `{${settings.include.join(',')}}`;
  const exclude = `{${['**/node_modules/**', '**/.git/**', ...settings.exclude].join(',')}}`;
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'SOP Lens: scanning templates', cancellable: true },
    async (progress, token) => {
      const files = await vscode.workspace.findFiles(include, exclude, undefined, token);
      let templates = 0;
      let findings = 0;
      let filesWithFindings = 0;
      let done = 0;
      for (const uri of files) {
        if (token.isCancellationRequested) break;
        progress.report({ message: `${done + 1}/${files.length} ${vscode.workspace.asRelativePath(uri)}`, increment: 100 / files.length });
        done++;
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        try {
          const snapshot = open ? (await linter.lint(open, token))?.snapshot : await linter.lintFileText(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), token);
          if (!snapshot) continue;
          diagnostics.show(uri, snapshot);
          if (snapshot.kind !== 'linted') continue;
          templates++;
          const active = snapshot.findings.filter((f) => !f.suppressed).length;
          findings += active;
          if (active) filesWithFindings++;
        } catch (error) {
          log.warn(`Could not scan ${uri.fsPath}`, error);
        }
        // Let the extension host breathe between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { filesScanned: done, templates, findings, filesWithFindings, cancelled: token.isCancellationRequested };
    },
  );
  log.info(`Workspace scan: ${summary.templates} templates in ${summary.filesScanned} files, ${summary.findings} findings${summary.cancelled ? ' (cancelled)' : ''}`);
  return summary;
}

export async function reportScan(summary: ScanSummary): Promise<void> {
  const text = summary.cancelled
    ? `SOP Lens: scan cancelled after ${summary.filesScanned} files.`
    : `SOP Lens: ${summary.templates} templates scanned, ${summary.findings} findings in ${summary.filesWithFindings} files.`;
  const open = summary.findings > 0 ? 'Open Problems' : undefined;
  const choice = await (open ? vscode.window.showInformationMessage(text, open) : vscode.window.showInformationMessage(text));
  if (choice === open) await vscode.commands.executeCommand('workbench.actions.view.problems');
}
