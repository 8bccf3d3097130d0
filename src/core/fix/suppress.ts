/**
 * The edit that adds a reviewed suppression to a resource's `Metadata.sop-lens.suppress` list. Checked as a
 * fix is: the template still parses, no other resource changes, and the suppression is read back.
 */
import { appendItem, insertMissing } from './edits';
import { StructureCheck, normalise } from './guard';
import { readSuppressions } from '../lint/suppressions';
import { lookup } from '../template/evaluate';
import { parseTemplate } from '../template/parse';
import type { TextEdit } from '../rules/rule';

export function suppressionEdits(text: string, logicalId: string, ruleId: string, reason: string): TextEdit[] | undefined {
  const parsed = parseTemplate(text);
  if (parsed.kind !== 'template') return undefined;
  const template = parsed.template;
  const resource = template.resourceById.get(logicalId);
  if (!resource) return undefined;
  const entry = { rule: ruleId, reason };
  const [found, ...others] = lookup(resource.node, ['Metadata', 'sop-lens', 'suppress']);
  if (others.length > 0) return undefined; // behind an !If: not ours to rewrite
  let edits: TextEdit[] | undefined;
  if (found.kind === 'found' && found.node.kind === 'seq') {
    const edit = appendItem(template, found.node, entry);
    edits = edit && [edit];
  } else if (found.kind === 'absent') {
    edits = insertMissing(template, found, [entry]);
  }
  if (!edits) return undefined;
  const normalised = normalise(text, edits, template.lineBreak);
  if (typeof normalised === 'string') return undefined;
  const checked = new StructureCheck(template).check(normalised, new Set([logicalId]));
  if (!checked.ok) return undefined;
  const read = readSuppressions(checked.parsed.template, { has: () => true }).suppressions;
  return read.some((s) => s.resource === logicalId && s.rule === ruleId && s.reason === reason) ? normalised : undefined;
}
