/**
 * Show Evidence: a read-only Markdown document per account entry and check (`sop-lens-evidence:` URIs
 * served by a TextDocumentContentProvider) with the check, its controls, status, reason, the access it
 * ran with (role ARN and how it was reached), per-region results, evidence and time. The document
 * follows the results store: a new result updates an open document.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { AccessUsed } from '../../core/aws/credentials';
import { entryKey } from '../../core/aws/session-store';
import type { Check, CheckResult, Evidence } from '../../core/controls/check';
import { CONTROLS } from '../../core/sop/catalog';
import { describeAccess } from './accountsTree';
import type { ResultsStore } from './resultsStore';

export const EVIDENCE_SCHEME = 'sop-lens-evidence';

export interface EvidenceSources {
  readonly results: ResultsStore;
  readonly checks: () => readonly Check[];
  /** The account entry with this key (`entryKey`), if the accounts still list it. */
  readonly account: (key: string) => Promise<Account | undefined>;
}

/** Which entry a document shows: its key and the name it had when opened (for an entry since removed). */
interface EvidenceEntry {
  readonly key: string;
  readonly name: string;
}

/**
 * `sop-lens-evidence:/<account id>/<check id>.md?<entry>`: one document per account entry and check;
 * the query holds the entry's key and name as base64url JSON, which survives any re-encoding of the URI.
 */
export function evidenceUri(account: Account, checkId: string): vscode.Uri {
  const entry: EvidenceEntry = { key: entryKey(account), name: account.name };
  return vscode.Uri.from({ scheme: EVIDENCE_SCHEME, path: `/${account.id}/${checkId}.md`, query: Buffer.from(JSON.stringify(entry)).toString('base64url') });
}

function entryOf(uri: vscode.Uri): EvidenceEntry | undefined {
  try {
    const entry = JSON.parse(Buffer.from(uri.query, 'base64url').toString('utf8')) as Partial<EvidenceEntry>;
    return typeof entry.key === 'string' && typeof entry.name === 'string' ? { key: entry.key, name: entry.name } : undefined;
  } catch {
    return undefined;
  }
}

export class EvidenceProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly sources: EvidenceSources) {
    this.subscription = sources.results.onDidChange((key) => {
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme === EVIDENCE_SCHEME && (key === undefined || entryOf(doc.uri)?.key === key)) this.changed.fire(doc.uri);
      }
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, accountId, file] = uri.path.split('/');
    const checkId = (file ?? '').replace(/\.md$/, '');
    const check = this.sources.checks().find((c) => c.id === checkId);
    if (!check) return `# Unknown check \`${checkId}\`\n\nSOP Lens has no check with this id.\n`;
    const entry = entryOf(uri);
    if (!entry) return `# Unknown account entry\n\nThis link does not name an account entry; open the evidence from the Accounts view.\n`;
    const account = await this.sources.account(entry.key);
    return renderEvidence(check, account ?? { id: accountId, name: entry.name }, this.sources.results.byKey(entry.key)?.results.get(checkId));
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
  if (account.access) lines.push(`| Configured access | ${cell(describeAccess(account as Account))} |`);
  if (result) lines.push(...accessRows(result.access));
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

/** Who the check ran as and how that identity was reached; said plainly when the result does not record it. */
function accessRows(access: AccessUsed | undefined): string[] {
  if (!access) return ['| Checked as | not recorded |'];
  return [`| Checked as | \`${access.arn.replace(/`/g, "'")}\` |`, `| Reached by | ${cell(access.description)} |`];
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
