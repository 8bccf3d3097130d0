/**
 * Text edits that change a template in place: the file keeps its indentation, comments, key order and
 * line breaks, because only the inserted or replaced text changes. Works on block YAML, flow YAML and JSON.
 * Every fix is still checked by `guard.ts` before it is offered; these builders aim never to need it.
 */
import { Parser, stringify } from 'yaml';
import type { Lookup } from '../template/evaluate';
import type { MapEntry, MapNode, SeqNode, Template, TemplateNode } from '../template/model';
import type { LineBreak } from '../template/positions';
import type { TextEdit } from '../rules/rule';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Replaces a node (a scalar, usually) with `value`, written inline. */
export function replaceNode(template: Template, node: TemplateNode, value: Json): TextEdit {
  const text = template.text;
  const rendered = renderInline(template, value, columnOf(text, node.range.start));
  if (node.range.start === node.range.end) return fillEmptyValue(template, node.range.start, rendered);
  if (node.kind === 'scalar' && isBlockScalarHeader(text, node.range.start)) {
    // A block scalar's range ends past its last line break: stop at its last character, so what follows
    // stays on its own line, and keep a comment written on the `|` line.
    const end = lastContent(text, node.range.end);
    return edit(template, node.range.start, end, rendered + headerComment(text, node.range.start));
  }
  const block = template.format === 'yaml' && (node.kind === 'map' || node.kind === 'seq') && !node.flow;
  if (block) return edit(template, node.range.start, lastContent(text, node.range.end), keptComments(template, node) + rendered);
  return edit(template, node.range.start, node.range.end, rendered);
}

/**
 * Replaces a node with a list or map `value`, written in the node's own style: a YAML block list or map
 * stays a block at the node's column; anything else is written inline, as `replaceNode` does. The comments
 * inside the replaced block are kept, each on its own line above the new value.
 */
export function replaceBlock(template: Template, node: TemplateNode, value: Json): TextEdit {
  const block = template.format === 'yaml' && (node.kind === 'map' || node.kind === 'seq') && !node.flow;
  if (!block || value === null || typeof value !== 'object') return replaceNode(template, node, value);
  const text = template.text;
  const indent = ' '.repeat(columnOf(text, node.range.start));
  const lines = renderBlockValue(value, indentUnit(template)).split('\n');
  const newText = lines.map((line, i) => (i === 0 ? line : indent + line)).join('\n');
  return edit(template, node.range.start, lastContent(text, node.range.end), keptComments(template, node) + newText);
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
    const quotedKey = template.format === 'json' ? JSON.stringify(key) : flowKey(key);
    if (map.entries.length === 0) {
      const indent = columnOf(text, map.range.start);
      const body = renderInline(template, { [key]: value }, indent);
      return edit(template, map.range.start, map.range.end, body);
    }
    const first = map.entries[0];
    const last = map.entries[map.entries.length - 1];
    const multiline = /[\r\n]/.test(text.slice(map.range.start, first.keyRange.start));
    const indent = multiline ? ' '.repeat(columnOf(text, first.keyRange.start)) : '';
    const rendered = renderInline(template, value, indent.length);
    const at = endOfEntry(text, last);
    return edit(template, at, at, `,${multiline ? '\n' + indent : ' '}${quotedKey}: ${rendered}`);
  }
  // A block map's entries start at its own column, also when the first one is an explicit `? key`.
  const indent = ' '.repeat(columnOf(text, map.range.start));
  const last = map.entries[map.entries.length - 1];
  const at = endOfLine(text, endOfEntry(text, last));
  return edit(template, at, at, '\n' + renderBlockEntry(key, value, indent, unit));
}

/**
 * Adds several `key: value` entries after the last entry of `map`, as one edit so they keep their order
 * (separate inserts at the same offset would be applied in an order editors do not agree on).
 */
export function addEntries(template: Template, map: MapNode, entries: { [key: string]: Json }): TextEdit {
  const keys = Object.keys(entries);
  if (map.entries.length === 0 || keys.length === 1) {
    if (keys.length === 1) return addEntry(template, map, keys[0], entries[keys[0]]);
    return edit(template, map.range.start, map.range.end, renderInline(template, entries, columnOf(template.text, map.range.start)));
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
    const at = lastContent(text, last.range.end);
    return edit(template, at, at, `, ${renderInline(template, value, columnOf(text, last.range.start))}`);
  }
  const dash = text.lastIndexOf('-', last.range.start);
  const dashColumn = columnOf(text, dash);
  const indent = ' '.repeat(dashColumn);
  const body = renderBlockValue(value, indentUnit(template)).split('\n');
  const lines = body.map((line, i) => (i === 0 ? `${indent}- ${line}` : `${indent}  ${line}`));
  const at = endOfLine(text, lastContent(text, last.range.end));
  return edit(template, at, at, '\n' + lines.join('\n'));
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

/** `newText` with its line breaks written as `eol`. */
export function withLineBreak(eol: LineBreak, newText: string): string {
  return eol === '\n' && !newText.includes('\r') ? newText : newText.replace(/\r\n|\r|\n/g, eol);
}

/** Fills `owner`, a key written with no value (`Key:`, `Key: ~`, `? Key`), with the map `value`. */
function fillEmptyEntry(template: Template, owner: MapEntry, value: { [key: string]: Json }): TextEdit[] | undefined {
  const v = owner.value;
  if (!(v.kind === 'scalar' && v.value === null)) return undefined;
  const text = template.text;
  const column = columnOf(text, owner.keyRange.start);
  if (template.format === 'json') return [edit(template, v.range.start, v.range.end, renderInline(template, value, column))];
  const colon = valueIndicatorAfter(text, owner.keyRange.end);
  const inFlow = containerOf(template.root, owner)?.flow ?? false;
  if (inFlow || colon === undefined || !sameLine(text, owner.keyRange.end, colon)) {
    // Inside `{ ... }` block lines are not allowed, and an explicit key (`? Key`, its `:` on the next line
    // or absent) takes its value after that `:`: both get the value inline.
    const inline = renderInline(template, value, column);
    if (v.range.end > v.range.start) return [edit(template, v.range.start, v.range.end, inline)];
    if (colon !== undefined) return [edit(template, colon + 1, colon + 1, ` ${inline}`)];
    const indent = ' '.repeat(columnOf(text, text.lastIndexOf('?', owner.keyRange.start)));
    const at = endOfLine(text, owner.keyRange.end);
    return [edit(template, at, at, `\n${indent}: ${inline}`)];
  }
  const indent = ' '.repeat(column + indentUnit(template));
  const edits: TextEdit[] = [];
  if (v.range.end > v.range.start) edits.push({ start: v.range.start, end: v.range.end, newText: '' });
  const at = endOfLine(text, Math.max(colon + 1, v.range.end));
  const lines = Object.entries(value).map(([k, val]) => renderBlockEntry(k, val, indent, indentUnit(template)));
  edits.push(edit(template, at, at, '\n' + lines.join('\n')));
  return edits;
}

/**
 * Writes `rendered` as the value of a key that has none, given the empty value's offset: just after its key
 * or just after its `:` (the two YAML readers place it differently), or after an explicit `? key`.
 */
function fillEmptyValue(template: Template, offset: number, rendered: string): TextEdit {
  const text = template.text;
  let before = offset;
  while (before > 0 && (text[before - 1] === ' ' || text[before - 1] === '\t')) before--;
  const colon = text[before - 1] === ':' ? before - 1 : valueIndicatorAfter(text, offset);
  if (colon === undefined) {
    const indent = ' '.repeat(columnOf(text, text.lastIndexOf('?', offset)));
    const at = endOfLine(text, offset);
    return edit(template, at, at, `\n${indent}: ${rendered}`);
  }
  const after = text[colon + 1];
  const spaced = after === ' ' || after === '\t' ? colon + 2 : colon + 1;
  const prefix = spaced === colon + 1 ? ' ' : '';
  const next = text[spaced];
  return edit(template, spaced, spaced, prefix + rendered + (next === '#' ? ' ' : ''));
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

const PLAIN = /^[A-Za-z0-9_./:-]+$/;
const TYPED = /^(true|false|null|yes|no|on|off|y|n|~|[-+.]?\d)/i;

/** JSON (valid in YAML flow style too), indented to sit at `column`. */
function renderInline(template: Template, value: Json, column: number): string {
  if (value === null || typeof value !== 'object') {
    if (template.format === 'json' || typeof value !== 'string') return JSON.stringify(value);
    return PLAIN.test(value) && !TYPED.test(value) ? value : JSON.stringify(value);
  }
  const unit = indentUnit(template);
  const json = template.format === 'json' ? JSON.stringify(value, null, unit) : JSON.stringify(value);
  return json.split('\n').join('\n' + ' '.repeat(column));
}

/** A key as a YAML flow map writes it: plain (as `aws:SecureTransport` usually is) when it cannot be misread. */
function flowKey(key: string): string {
  return PLAIN.test(key) && !TYPED.test(key) ? key : JSON.stringify(key);
}

/** The template's own indentation step, read from the Resources section (2 when it cannot tell). */
export function indentUnit(template: Template): number {
  const resources = template.resourcesEntry.value;
  if (resources.kind !== 'map' || resources.entries.length === 0) return 2;
  const step = columnOf(template.text, resources.entries[0].keyRange.start) - columnOf(template.text, template.resourcesEntry.keyRange.start);
  return step >= 1 && step <= 8 ? step : 2;
}

/** An edit whose new text uses the file's line breaks. */
function edit(template: Template, start: number, end: number, newText: string): TextEdit {
  return { start, end, newText: withLineBreak(template.lineBreak, newText) };
}

/** Column of `offset` on its line; CR, LF and CRLF all end a line, as in YAML 1.2. */
function columnOf(text: string, offset: number): number {
  return offset - (Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1);
}

function lastContent(text: string, end: number): number {
  let i = Math.min(end, text.length) - 1;
  while (i > 0 && /\s/.test(text[i])) i--;
  return i + 1;
}

/** Where the line holding `offset` ends, before its line break. */
function endOfLine(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length;
}

function sameLine(text: string, from: number, to: number): boolean {
  return !/[\r\n]/.test(text.slice(from, to));
}

/** Where an entry ends: after its value, or after its `:` when it has none (so an insertion never lands between key and `:`). */
function endOfEntry(text: string, e: MapEntry): number {
  const v = e.value;
  if (v.kind === 'scalar' && v.value === null && v.range.end <= e.keyRange.end) {
    const colon = valueIndicatorAfter(text, e.keyRange.end);
    return colon === undefined ? e.keyRange.end : colon + 1;
  }
  return lastContent(text, Math.max(v.range.end, e.keyRange.end));
}

/**
 * The `:` that introduces the value of a key ending at `keyEnd`: the next character that is not a space,
 * a line break or a comment. Undefined when the key has none (an explicit `? key` alone).
 */
function valueIndicatorAfter(text: string, keyEnd: number): number | undefined {
  let i = keyEnd;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#') i = endOfLine(text, i);
    else return c === ':' ? i : undefined;
  }
  return undefined;
}

/** The map that holds `target` among its entries, searched from `node` (only when a fix is rendered). */
function containerOf(node: TemplateNode, target: MapEntry): MapNode | undefined {
  const stack: TemplateNode[] = [node];
  const seen = new Set<TemplateNode>();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.kind === 'map') {
      for (const e of n.entries) {
        if (e === target) return n;
        stack.push(e.value);
      }
    } else if (n.kind === 'seq') stack.push(...n.items);
    else if (n.kind === 'intrinsic') stack.push(n.argument);
  }
  return undefined;
}

function isBlockScalarHeader(text: string, offset: number): boolean {
  return text[offset] === '|' || text[offset] === '>';
}

/** ` # comment` when a block scalar's header line carries one, else ''. */
function headerComment(text: string, header: number): string {
  const line = text.slice(header, endOfLine(text, header));
  const hash = line.search(/\s#/);
  return hash === -1 ? '' : ' ' + line.slice(hash).trim();
}

/**
 * The comments written inside a YAML block node, each followed by a line break and the node's indentation,
 * to go before whatever replaces it. Read from the YAML library's syntax tree, so a `#` inside a string is
 * never taken for a comment.
 */
function keptComments(template: Template, node: TemplateNode): string {
  if (template.format !== 'yaml') return '';
  const { start } = node.range;
  const end = lastContent(template.text, node.range.end);
  if (!template.text.slice(start, end).includes('#')) return '';
  const indent = ' '.repeat(columnOf(template.text, start));
  const comments: { offset: number; source: string }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (value !== null && typeof value === 'object') {
      const token = value as { type?: unknown; offset?: unknown; source?: unknown };
      if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
        if (token.offset >= start && token.offset < end) comments.push({ offset: token.offset, source: token.source });
        return;
      }
      for (const v of Object.values(value)) visit(v);
    }
  };
  for (const token of new Parser().parse(template.text)) visit(token);
  return comments
    .sort((a, b) => a.offset - b.offset)
    .map((c) => `${c.source}\n${indent}`)
    .join('');
}
