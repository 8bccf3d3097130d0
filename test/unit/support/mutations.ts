/**
 * Deterministic mutations of template text, shared by the fuzz test and the fast-parser differential test:
 * truncation, re-indentation, wrong types, stray tags and characters, comments, document markers.
 */

/** A small deterministic PRNG (mulberry32), so a failure can be reproduced from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)];
const at = (text: string, rnd: () => number): number => Math.floor(rnd() * (text.length + 1));
const TAGS = ['!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Select', '!Equals', '!Not', '!Condition', '!GetAZs', '!Unknown', '!!str', '&anchor', '*anchor'];
export const VALUES = ['[]', '{}', '~', 'null', 'Null', 'TRUE', 'True', 'yes', 'no', '"*"', "'it''s'", '0', '-0', '+12', '0o17', '0x1F', '1e3', '.5', '1.', '.inf', '-.Inf', '.NaN', '-1', 'true', '[a, [b, [c]]]', '{ Ref: X }', '{ "Fn::If": [C, 1] }', '!If [C]', '!GetAtt', '"\\u0000"', '"a\\tb\\"c\\\\d\\x41\\u00e9\\U0001F600"', '"bad \\q"', '\t', "'unterminated", '{', ']', ': :', '- - -', '|', '|-', '>', '>-', '|+', '|2', 'a # c', 'a#b', 'http://x/y', 'arn:aws:s3:::b/*', '[a, b,]', '{a: 1, a: 2}', '{ Condition: C }', '!Sub |', '!Join [",", [a, b]]', '"a" # c', '@x', '`x`', '%x', '? x', 'a: b', '"k": v'];

export type Mutation = (text: string, rnd: () => number) => string;
export const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.slice(0, at(t, r)),
  reindent: (t, r) => t.split('\n').map((l) => (r() < 0.1 ? ' '.repeat(Math.floor(r() * 7)) + l.trimStart() : l)).join('\n'),
  'wrong type': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] = lines[i].replace(/:\s.*$/, `: ${pick(VALUES, r)}`);
    return lines.join('\n');
  },
  'value on next line': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    const indent = /^ */.exec(lines[i])![0].length;
    lines[i] = lines[i].replace(/:\s.*$/, `: ${pick(['|', '>-', '|-', '', '!If', '# c'], r)}\n${' '.repeat(indent + 1 + Math.floor(r() * 3))}${pick(VALUES, r)}`);
    return lines.join('\n');
  },
  'random tag': (t, r) => {
    const i = at(t, r);
    return `${t.slice(0, i)} ${pick(TAGS, r)} ${t.slice(i)}`;
  },
  'delete span': (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + t.slice(i + Math.floor(r() * 40));
  },
  'duplicate lines': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, ...lines.slice(i, i + 1 + Math.floor(r() * 5)));
    return lines.join('\n');
  },
  'stray characters': (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + pick(['\t', '\r', '"', "'", '{', '}', '[', ']', '#', ' #', '&', '*', '|', '>', '%', '@', '`', ':', ': ', ',', '-', '- ', '\n', '\n\n', ' ', '  ', '\u00a0', '\ud83d', '\ufeff', '---\n', '...\n'], r) + t.slice(i);
  },
  'comment line': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, ' '.repeat(Math.floor(r() * 8)) + '# comment: with [stuff]');
    return lines.join('\n');
  },
  'trailing comment': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] += pick([' # c', '  #c', '#c', ' ', '  '], r);
    return lines.join('\n');
  },
  'document start': (t, r) => pick(['---\n', '--- \n', '---\n---\n', '--- # c\n', '# c\n---\n\n'], r) + t,
  'comment out line': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] = lines[i].replace(/^( *)/, '$1# ');
    return lines.join('\n');
  },
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  bom: (t) => '\ufeff' + t,
  'blank lines': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, ' '.repeat(Math.floor(r() * 12)));
    return lines.join('\n');
  },
};

/** Applies one to three mutations chosen by `rnd`; returns the text and the names of what was applied. */
export function mutate(text: string, rnd: () => number): { text: string; applied: string[] } {
  const names = Object.keys(MUTATIONS);
  const applied: string[] = [];
  for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
    const m = pick(names, rnd);
    applied.push(m);
    text = MUTATIONS[m](text, rnd);
  }
  return { text, applied };
}
