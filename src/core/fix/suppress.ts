/** The edit that adds a reviewed suppression to a resource's `Metadata.sop-lens.suppress` list. */
import { appendItem, insertMissing } from './edits';
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
  if (found.kind === 'found' && found.node.kind === 'seq') {
    const edit = appendItem(template, found.node, entry);
    return edit ? [edit] : undefined;
  }
  if (found.kind === 'absent') return insertMissing(template, found, [entry]);
  return undefined;
}
