/** `sop-lens rules`: the rules the CLI knows, with their SOP control, default severity and title. */
import type { Rule } from '../core/rules/rule';

export function formatRulesText(rules: readonly Rule[]): string {
  const rows = [['RULE', 'CONTROL', 'SEVERITY', 'TITLE'], ...rules.map((r) => [r.id, r.control, r.severity, r.title])];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join('  ')).join('\n') + '\n';
}

export function formatRulesJson(rules: readonly Rule[], version: string): string {
  const list = rules.map((r) => ({
    id: r.id,
    control: r.control,
    severity: r.severity,
    title: r.title,
    resourceTypes: r.resourceTypes,
    reference: r.reference,
  }));
  return JSON.stringify({ version, rules: list }, null, 2) + '\n';
}
