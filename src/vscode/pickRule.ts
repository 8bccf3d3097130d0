/** `SOP Lens: Show Rule Documentation`: pick a rule by id, control or title, open its page. */
import * as vscode from 'vscode';
import { RULES } from '../core/rules/registry';
import type { RuleDocs } from './ruleDocs';

export async function pickRuleDocs(docs: RuleDocs): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    RULES.map((r) => ({ label: r.id, description: `${r.control} · ${r.severity}`, detail: r.title })),
    { title: 'SOP Lens rules', placeHolder: 'Type a rule id, a control (ACCT-001) or a word', matchOnDescription: true, matchOnDetail: true },
  );
  if (picked) await docs.open(picked.label);
}
