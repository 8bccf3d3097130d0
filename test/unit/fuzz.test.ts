/**
 * Throws thousands of mutated templates at the linter: truncated, re-indented, wrong types, random tags,
 * stray characters. Nothing may escape as an exception, and every result is a finding or a parse diagnostic
 * with a range inside the text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/core/lint/lint';

const ROOT = path.join(__dirname, '..', '..', '..');
const MUTATIONS_PER_SEED = 150;

function seeds(): { name: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(ROOT, 'examples'));
  walk(path.join(ROOT, 'test', 'fixtures', 'workspace'));
  return files.sort().map((f) => ({ name: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }));
}

/** A small deterministic PRNG (mulberry32), so a failure can be reproduced from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = ['!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Select', '!Split', '!Equals', '!And', '!Or', '!Not', '!Condition', '!FindInMap', '!Base64', '!Cidr', '!ImportValue', '!GetAZs', '!Transform', '!Unknown', '!!str', '&anchor', '*anchor'];
const VALUES = ['[]', '{}', '~', 'null', '"*"', '0', '-1', 'true', '[a, [b, [c]]]', '{ Ref: X }', '{ "Fn::If": [C, 1] }', '!If [C]', '!GetAtt', '"\\u0000"', '\t', "'unterminated", '{', ']', ': :', '- - -'];

type Mutation = (text: string, rnd: () => number) => string;
const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)];
const at = (text: string, rnd: () => number): number => Math.floor(rnd() * (text.length + 1));

const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.slice(0, at(t, r)),
  reindent: (t, r) => t.split('\n').map((l) => (r() < 0.2 ? ' '.repeat(Math.floor(r() * 7)) + l.trimStart() : l)).join('\n'),
  'wrong type': (t, r) => {
    const lines = t.split('\n');
    const i = Math.floor(r() * lines.length);
    lines[i] = lines[i].replace(/:\s.*$/, `: ${pick(VALUES, r)}`);
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
    return t.slice(0, i) + pick(['\t', '\r', '"', "'", '{', '}', '[', ']', '#', '&', '*', '|', '>', '%', '@', '`', '\u00a0', '\ud83d'], r) + t.slice(i);
  },
};

describe('fuzz: mutated templates never break the linter', function () {
  this.timeout(120000);
  for (const { name, text } of seeds()) {
    it(`survives ${MUTATIONS_PER_SEED} mutations of ${name}`, () => {
      const rnd = random(name.length * 7919 + text.length);
      const names = Object.keys(MUTATIONS);
      for (let n = 0; n < MUTATIONS_PER_SEED; n++) {
        let mutated = text;
        const applied: string[] = [];
        for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
          const m = pick(names, rnd);
          applied.push(m);
          mutated = MUTATIONS[m](mutated, rnd);
        }
        let result: ReturnType<typeof lintText>;
        try {
          result = lintText(mutated, name);
        } catch (error) {
          assert.fail(`lint threw on mutation #${n} (${applied.join(', ')}) of ${name}: ${String(error)}\n---\n${mutated.slice(0, 2000)}`);
        }
        assert.ok(result.kind === 'linted' || result.kind === 'not-cloudformation', `unexpected result ${result.kind}`);
        if (result.kind !== 'linted') continue;
        for (const f of result.findings) {
          assert.ok(['violation', 'undecided', 'parse', 'suppression'].includes(f.kind), `finding kind ${f.kind}`);
          assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= mutated.length, `range ${JSON.stringify(f.range)} outside the text (${mutated.length}) for ${f.ruleId}`);
          assert.ok(f.line >= 1 && f.column >= 1, `position ${f.line}:${f.column}`);
          assert.ok(f.message.length > 0);
        }
      }
    });
  }
});
