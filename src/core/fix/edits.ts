/**
 * Text edits that change a template in place: the file keeps its indentation, comments and key order,
 * because only the inserted or replaced text changes. Works on block YAML, flow YAML and JSON.
 */
import { stringify } from 'yaml';
import type { Lookup } from '../template/evaluate';
import type { MapEntry, MapNode, SeqNode, Template, TemplateNode } from '../template/model';
import type { TextEdit } from '../rules/rule';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Replaces a node (a scalar, usually) with `value`. */
export function replaceNode(template: Template, node: TemplateNode, value: Json): TextEdit {
  const indent = columnOf(template.text, node.range.start);
  return { start: node.range.start, end: node.range.end, newText: renderInline(template, value, indent) };
}

/**
 * Replaces a node with a list or map `value`, written in the node's own style: a YAML block list or map
 * stays a block at the node's column; anything else is written inline, as `replaceNode` does.
 */
export function replaceBlock(template: Template, node: TemplateNode, value: Json): TextEdit {
  const block = template.format === 'yaml' && (node.kind === 'map' || node.kind === 'seq') && !node.flow;
  if (!block || value === null || typeof value !== 'object') return replaceNode(template, node, value);
  const indent = ' '.repeat(columnOf(template.text, node.range.start));
  const lines = renderBlockValue(value, indentUnit(template)).split('\n');
  const newText = lines.map((line, i) => (i === 0 ? line : indent + line)).join('\n');
  return { start: node.range.start, end: lastContent(template.text, node.range.end), newText };
}

/** Inserts what an absent lookup is missing: the rest of the path, ending in `value`. */
export function insertMissing(template: Template, absent: Extract<Lookup, { kind: 'absent' }>, value: Json): TextEdit[] | undefined {
  if (absent.missing.length === 0 || absent.missing.some((k) => /^\d+$/.test(k))) return undefined;
  let nested: Json = value;
  for (const key of [...absent.missing.slice(1)].reverse()) nested = { [key]: nested };
  const key = absent.missing[0];
  if ('kind' in absent.parent) return [addEntry(template, absent.parent, key, nested)];
  return fillEmptyEntry(template, absent.parent, { [key]: nested });
}

/** Adds `key: value` as the last entry of `map`. */
export function addEntry(template: Template, map: MapNode, key: string, value: Json): TextEdit {
  const text = template.text;
  const unit = indentUnit(template);
  if (map.flow) {
    const quotedKey = template.format === 'json' ? JSON.stringify(key) : key;
    if (map.entries.length === 0) {
      const indent = columnOf(text, map.range.start);
      const body = renderInline(template, { [key]: value }, indent);
      return { start: map.range.start, end: map.range.end, newText: body };
    }
    const first = map.entries[0];
    const last = map.entries[map.entries.length - 1];
    const multiline = text.slice(map.range.start, first.keyRange.start).includes('\n');
    const indent = multiline ? ' '.repeat(columnOf(text, first.keyRange.start)) : '';
    const rendered = renderInline(template, value, indent.length);
    const at = endOfValue(text, last);
    return { start: at, end: at, newText: `,${multiline ? '\n' + indent : ' '}${quotedKey}: ${rendered}` };
  }
  const first = map.entries[0];
  const indent = ' '.repeat(columnOf(text, first.keyRange.start));
  const last = map.entries[map.entries.length - 1];
  const at = endOfLine(text, lastContent(text, Math.max(last.value.range.end, last.keyRange.end)));
  return { start: at, end: at, newText: '\n' + renderBlockEntry(key, value, indent, unit) };
}

/**
 * Adds several `key: value` entries after the last entry of `map`, as one edit so they keep their order
 * (separate inserts at the same offset would be applied in an order editors do not agree on).
 */
export function addEntries(template: Template, map: MapNode, entries: { [key: string]: Json }): TextEdit {
  const keys = Object.keys(entries);
  if (map.entries.length === 0 || keys.length === 1) {
    if (keys.length === 1) return addEntry(template, map, keys[0], entries[keys[0]]);
    return { start: map.range.start, end: map.range.end, newText: renderInline(template, entries, columnOf(template.text, map.range.start)) };
  }
  const edits = keys.map((key) => addEntry(template, map, key, entries[key]));
  return { start: edits[0].start, end: edits[0].end, newText: edits.map((e) => e.newText).join('') };
}

/** Appends `value` as the last item of `seq`. */
export function appendItem(template: Template, seq: SeqNode, value: Json): TextEdit | undefined {
  const text = template.text;
  const last = seq.items[seq.items.length - 1];
  if (!last) return undefined;
  if (seq.flow) {
    const at = last.range.end;
    return { start: at, end: at, newText: `, ${renderInline(template, value, columnOf(text, last.range.start))}` };
  }
  const dash = text.lastIndexOf('-', last.range.start);
  const dashColumn = columnOf(text, dash);
  const indent = ' '.repeat(dashColumn);
  const body = renderBlockValue(value, indentUnit(template)).split('\n');
  const lines = body.map((line, i) => (i === 0 ? `${indent}- ${line}` : `${indent}  ${line}`));
  const at = endOfLine(text, lastContent(text, last.range.end));
  return { start: at, end: at, newText: '\n' + lines.join('\n') };
}

/** Adds a resource at the end of the Resources section. */
export function addResource(template: Template, logicalId: string, body: Json): TextEdit {
  return addEntry(template, template.resourcesEntry.value as MapNode, logicalId, body);
}

/** A logical id not yet used in the template, from a preferred one. */
export function freeLogicalId(template: Template, preferred: string): string {
  let id = preferred;
  for (let n = 2; template.resourceById.has(id); n++) id = `${preferred}${n}`;
  return id;
}

function fillEmptyEntry(template: Template, owner: MapEntry, value: { [key: string]: Json }): TextEdit[] | undefined {
  const v = owner.value;
  if (!(v.kind === 'scalar' && v.value === null)) return undefined;
  const text = template.text;
  if (template.format === 'json') {
    return [{ start: v.range.start, end: v.range.end, newText: renderInline(template, value, columnOf(text, owner.keyRange.start)) }];
  }
  const indent = ' '.repeat(columnOf(text, owner.keyRange.start) + indentUnit(template));
  const edits: TextEdit[] = [];
  if (v.range.end > v.range.start) edits.push({ start: v.range.start, end: v.range.end, newText: '' });
  const at = endOfLine(text, owner.keyRange.end);
  const lines = Object.entries(value).map(([k, val]) => renderBlockEntry(k, val, indent, indentUnit(template)));
  edits.push({ start: at, end: at, newText: '\n' + lines.join('\n') });
  return edits;
}

/**
 * CloudFormation (and cfn-lint) read YAML 1.1, where bare `ON`, `yes` or `2012-10-17` are a boolean or a date:
 * writing as YAML 1.1 quotes such strings, and they stay strings for every reader.
 */
const BLOCK_OPTIONS = (unit: number) => ({ indent: unit, lineWidth: 0, version: '1.1' as const });

function renderBlockEntry(key: string, value: Json, indent: string, unit: number): string {
  const rendered = stringify({ [key]: value }, BLOCK_OPTIONS(unit)).replace(/\n$/, '');
  return rendered
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
}

function renderBlockValue(value: Json, unit: number): string {
  return stringify(value, BLOCK_OPTIONS(unit)).replace(/\n$/, '');
}

/** JSON (valid in YAML flow style too), indented to sit at `column`. */
function renderInline(template: Template, value: Json, column: number): string {
  if (value === null || typeof value !== 'object') {
    if (template.format === 'json' || typeof value !== 'string') return JSON.stringify(value);
    return /^[A-Za-z0-9_./:-]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[-+.]?\d)/i.test(value) ? value : JSON.stringify(value);
  }
  const unit = indentUnit(template);
  const json = template.format === 'json' ? JSON.stringify(value, null, unit) : JSON.stringify(value);
  return json.split('\n').join('\n' + ' '.repeat(column));
}

/** The template's own indentation step, read from the Resources section (2 when it cannot tell). */
export function indentUnit(template: Template): number {
  const resources = template.resourcesEntry.value;
  if (resources.kind !== 'map' || resources.entries.length === 0) return 2;
  const step = columnOf(template.text, resources.entries[0].keyRange.start) - columnOf(template.text, template.resourcesEntry.keyRange.start);
  return step >= 1 && step <= 8 ? step : 2;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lastContent(text: string, end: number): number {
  let i = Math.min(end, text.length) - 1;
  while (i > 0 && /\s/.test(text[i])) i--;
  return i + 1;
}

function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

function endOfValue(text: string, e: MapEntry): number {
  return lastContent(text, Math.max(e.value.range.end, e.keyRange.end));
}
