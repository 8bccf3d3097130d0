/** Each rule's documentation page, generated from the rule's own declaration so the two never drift. */
import { control } from '../sop/catalog';
import type { Rule } from './rule';

export function ruleMarkdown(rule: Rule): string {
  const c = control(rule.control);
  const options = Object.entries(rule.options ?? {});
  return [
    `# ${rule.id}`,
    '',
    `**${rule.title}**`,
    '',
    `| SOP control | Default severity | Resource types |`,
    `| --- | --- | --- |`,
    `| ${c.id}: ${c.title} | ${rule.severity} | ${rule.resourceTypes.length ? rule.resourceTypes.map((t) => `\`${t}\``).join(', ') : 'whole template'} |`,
    '',
    '## Why',
    '',
    rule.rationale,
    '',
    '## How to fix',
    '',
    rule.remedy,
    '',
    ...(options.length
      ? ['## Options', '', 'Set in `sopLens.ruleOptions` (editor) or `--rule-option` (CLI):', '', ...options.map(([name, o]) => `- \`${name}\` (default \`${String(o.default)}\`): ${o.description}`), '']
      : []),
    '## The SOP control',
    '',
    `${c.id} (${c.title}): ${c.summary}`,
    '',
    '## Suppressing it',
    '',
    'Where the SOP does not apply, suppress the rule on the resource with a reason a reviewer can read:',
    '',
    '```yaml',
    'Metadata:',
    '  sop-lens:',
    '    suppress:',
    `      - rule: ${rule.id}`,
    '        reason: <why the SOP does not apply here>',
    '```',
    '',
    `Reference: ${rule.reference}`,
    '',
  ].join('\n');
}

export function rulesIndexMarkdown(rules: readonly Rule[]): string {
  return [
    '# SOP Lens rules',
    '',
    'Generated from the rule declarations in `src/core/rules/` by `npm run build`.',
    '',
    '| Rule | Control | Severity | Requirement |',
    '| --- | --- | --- | --- |',
    ...rules.map((r) => `| [${r.id}](${r.id}.md) | ${r.control} | ${r.severity} | ${r.title} |`),
    '',
  ].join('\n');
}

export function metaRuleMarkdown(rule: { id: string; title: string; description: string }): string {
  return [`# ${rule.id}`, '', `**${rule.title}**`, '', rule.description, ''].join('\n');
}
