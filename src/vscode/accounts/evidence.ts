/**
 * Show Evidence: a read-only Markdown document per account and check (`sop-lens-evidence:` URIs served
 * by a TextDocumentContentProvider) with the check, its controls, status, reason, per-region results,
 * evidence and time. The document follows the results store: a new result updates an open document.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { Check, CheckResult, Evidence } from '../../core/controls/check';
import { CONTROLS } from '../../core/sop/catalog';
import { describeAccess } from './accountsTree';
import type { ResultsStore } from './resultsStore';

export const EVIDENCE_SCHEME = 'sop-lens-evidence';

export interface EvidenceSources {
  readonly results: ResultsStore;
  readonly checks: () => readonly Check[];
  readonly account: (accountId: string, name: string) => Promise<Account | undefined>;
}

/** `sop-lens-evidence:/<account id>/<check id>.md?<account name>` */
export function evidenceUri(account: Account, checkId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: EVIDENCE_SCHEME, path: `/${account.id}/${checkId}.md`, query: account.name });
}

export class EvidenceProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly sources: EvidenceSources) {
    this.subscription = sources.results.onDidChange((accountId) => {
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme === EVIDENCE_SCHEME && (accountId === undefined || doc.uri.path.startsWith(`/${accountId}/`))) this.changed.fire(doc.uri);
      }
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, accountId, file] = uri.path.split('/');
    const checkId = (file ?? '').replace(/\.md$/, '');
    const check = this.sources.checks().find((c) => c.id === checkId);
    const account = await this.sources.account(accountId, uri.query);
    if (!check) return `# Unknown check \`${checkId}\`\n\nSOP Lens has no check with this id.\n`;
    return renderEvidence(check, account ?? { id: accountId, name: uri.query || accountId }, this.sources.results.result(accountId, checkId));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * Opens the evidence of a check in an account, rendered (the Markdown preview of the read-only
 * document); where the built-in Markdown extension is disabled, the document itself.
 */
export async function showEvidence(account: Account, checkId: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(evidenceUri(account, checkId));
  try {
    await vscode.commands.executeCommand('markdown.showPreview', document.uri);
  } catch {
    await vscode.window.showTextDocument(document, { preview: true });
  }
  return document;
}

export function renderEvidence(check: Check, account: Pick<Account, 'id' | 'name'> & Partial<Account>, result: CheckResult | undefined): string {
  const lines: string[] = [];
  lines.push(`# ${check.title}`, '');
  lines.push(`| | |`, `| --- | --- |`);
  lines.push(`| Account | ${cell(account.name)} (\`${account.id}\`) |`);
  if (account.access) lines.push(`| Access | ${cell(describeAccess(account as Account))} |`);
  lines.push(`| Check | \`${check.id}\` |`);
  lines.push(`| Controls | ${check.controls.map((id) => `${id} ${CONTROLS.find((c) => c.id === id)?.title ?? ''}`.trim()).join('; ')} |`);
  lines.push(`| Status | **${result?.status ?? 'not checked yet'}** |`);
  if (result) lines.push(`| Decided | ${result.decidedAt} |`);
  lines.push('');
  if (result) lines.push('## Why', '', result.reason, '');
  else lines.push('This check has not run in this account yet: run **Check Now** on the account.', '');
  if (result?.evidence.length) lines.push('## Evidence', '', ...result.evidence.map(evidenceLine), '');
  if (result?.regions?.length) {
    lines.push('## Per region', '', '| Region | Status | Reason |', '| --- | --- | --- |');
    for (const r of result.regions) lines.push(`| ${r.region} | ${r.status} | ${cell(r.reason)} |`);
    lines.push('');
    for (const r of result.regions.filter((x) => x.evidence.length > 0)) lines.push(`### ${r.region}`, '', ...r.evidence.map(evidenceLine), '');
  }
  lines.push('## How it decides', '', check.decides, '');
  lines.push(`API calls: ${check.calls.map((c) => `\`${c}\``).join(', ')}`, '');
  if (result?.status === 'fail') lines.push('## What to do', '', check.remediation, '');
  lines.push('## Why the SOP asks for it', '', check.rationale, '');
  return lines.join('\n');
}

function evidenceLine(e: Evidence): string {
  const status = e.status ? `**${e.status}** ` : '';
  const where = [e.region, e.resource ? `\`${e.resource}\`` : undefined].filter(Boolean).join(', ');
  return `- ${status}${e.text}${where ? ` (${where})` : ''}`;
}

/** Keeps a table cell on one line and its pipes literal. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
