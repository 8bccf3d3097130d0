/**
 * For the fix property test: mutations that rewrite a template into the shapes fixes must survive (block
 * scalars, explicit keys, keys without a value, flow maps, anchors and aliases), and an independent reading
 * of a template with the `yaml` library, intrinsics in their long form, to check a fixed file against.
 */
import { type Tags, parseAllDocuments } from 'yaml';
import type { Mutation } from './mutations';

const lineAt = (lines: string[], rnd: () => number, test: RegExp): number | undefined => {
  const candidates = lines.map((l, i) => (test.test(l) ? i : -1)).filter((i) => i >= 0);
  return candidates.length === 0 ? undefined : candidates[Math.floor(rnd() * candidates.length)];
};

/** `Key: value` with a plain scalar value and nothing after it. */
const PLAIN_ENTRY = /^( *)([A-Za-z][\w-]*): ([A-Za-z0-9][\w.:/-]*)$/;

export const SHAPES: Record<string, Mutation> = {
  'block scalar value': (t, r) => {
    const lines = t.split('\n');
    const i = lineAt(lines, r, PLAIN_ENTRY);
    if (i === undefined) return t;
    const [, indent, key, value] = PLAIN_ENTRY.exec(lines[i])!;
    lines[i] = `${indent}${key}: ${r() < 0.5 ? '|-' : '>'}${r() < 0.3 ? ' # note' : ''}\n${indent}  ${value}`;
    return lines.join('\n');
  },
  'explicit key': (t, r) => {
    const lines = t.split('\n');
    const i = lineAt(lines, r, /^( *)([A-Za-z][\w-]*):( .*)?$/);
    if (i === undefined) return t;
    const [, indent, key, rest] = /^( *)([A-Za-z][\w-]*):( .*)?$/.exec(lines[i])!;
    lines[i] = rest === undefined ? `${indent}? ${key}\n${indent}:` : `${indent}? ${key}\n${indent}:${rest}`;
    return lines.join('\n');
  },
  'key without a value': (t, r) => {
    const lines = t.split('\n');
    const i = lineAt(lines, r, PLAIN_ENTRY);
    if (i === undefined) return t;
    lines[i] = lines[i].replace(/: .*$/, r() < 0.5 ? ':' : ': # none');
    return lines.join('\n');
  },
  'flow map': (t, r) => {
    // A key whose block map holds only plain `Key: value` lines, written as `Key: { Key: value, ... }`.
    const lines = t.split('\n');
    const heads = lines.map((l, i) => (/^ *[A-Za-z][\w-]*:$/.test(l) ? i : -1)).filter((i) => i >= 0);
    for (let tries = 0; tries < 8 && heads.length > 0; tries++) {
      const i = heads[Math.floor(r() * heads.length)];
      const indent = /^ */.exec(lines[i])![0].length;
      let j = i + 1;
      const body: string[] = [];
      while (j < lines.length && /^ *\S/.test(lines[j]) && /^ */.exec(lines[j])![0].length > indent) body.push(lines[j++]);
      const inner = body.length > 0 ? /^ */.exec(body[0])![0].length : 0;
      if (body.length === 0 || !body.every((l) => PLAIN_ENTRY.test(l) && /^ */.exec(l)![0].length === inner)) continue;
      lines.splice(i, body.length + 1, `${lines[i]} { ${body.map((l) => l.trim()).join(', ')} }`);
      return lines.join('\n');
    }
    return t;
  },
  'shared properties': (t, r) => {
    // Anchors one resource's Properties and makes another resource's Properties an alias of them.
    const lines = t.split('\n');
    const props = lines.map((l, i) => (/^ {4}Properties:$/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (props.length < 2) return t;
    const a = Math.floor(r() * (props.length - 1));
    const first = props[a];
    const second = props[a + 1 + Math.floor(r() * (props.length - a - 1))];
    let end = second + 1;
    while (end < lines.length && (lines[end].trim() === '' || /^ {5,}/.test(lines[end]))) end++;
    lines.splice(second, end - second, '    Properties: *shared');
    lines[first] = '    Properties: &shared';
    return lines.join('\n');
  },
};

const INTRINSICS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'If', 'Equals', 'And', 'Or', 'Not', 'FindInMap', 'Base64', 'Cidr', 'ImportValue', 'GetAZs', 'Transform', 'Length', 'ToJsonString', 'ForEach'];
const longName = (tag: string): string => (tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`);
const TAGS: Tags = INTRINSICS.flatMap((name): Tags => [
  { tag: `!${name}`, resolve: (value: string) => ({ [longName(name)]: name === 'GetAtt' ? value.split('.') : value }) },
  { tag: `!${name}`, collection: 'seq', resolve: (seq) => ({ [longName(name)]: seq.toJSON() }) },
  { tag: `!${name}`, collection: 'map', resolve: (map) => ({ [longName(name)]: map.toJSON() }) },
]);

/**
 * The template as plain data, as the `yaml` library reads it (short-form intrinsics in their long form),
 * or the reason it cannot: a syntax error, several documents, an alias it refuses to expand.
 */
export function readIndependently(text: string): { value: unknown } | { error: string } {
  try {
    const docs = parseAllDocuments(text, { customTags: TAGS, uniqueKeys: false });
    if (!Array.isArray(docs) || docs.length !== 1) return { error: `${Array.isArray(docs) ? docs.length : 0} documents` };
    const [doc] = docs;
    if (doc.errors.length > 0) return { error: doc.errors[0].message };
    return { value: plain(doc.toJS({ maxAliasCount: 10_000, mapAsMap: true })) };
  } catch (error) {
    return { error: String(error) };
  }
}

/** Maps (as `mapAsMap` reads every map, whatever its keys) as objects, keys written as strings. */
function plain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [typeof k === 'string' ? k : JSON.stringify(plain(k)), plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  return value;
}
