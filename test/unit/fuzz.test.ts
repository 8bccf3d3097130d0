/**
 * Throws thousands of mutated templates at the linter: truncated, re-indented, wrong types, random tags,
 * stray characters. Nothing may escape as an exception, and every result is a finding or a parse diagnostic
 * with a range inside the text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/core/lint/lint';
import { mutate, random } from './support/mutations';

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

describe('fuzz: mutated templates never break the linter', function () {
  this.timeout(120000);
  for (const { name, text } of seeds()) {
    it(`survives ${MUTATIONS_PER_SEED} mutations of ${name}`, () => {
      const rnd = random(name.length * 7919 + text.length);
      for (let n = 0; n < MUTATIONS_PER_SEED; n++) {
        const { text: mutated, applied } = mutate(text, rnd);
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
