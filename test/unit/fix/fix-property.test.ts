/**
 * Property test of fixes over the fuzz corpus (the seeds and the mutation generator of fuzz.test.ts, plus a
 * seed with one violation of every fixable rule and mutations into the shapes fixes must survive): every fix
 * offered, applied to its text, gives a file that parses, where the finding is gone and no resource but the
 * finding's own changed. The check reads the fixed file with the `yaml` library, not with SOP Lens's parser.
 *
 * SOP_LENS_FIX_FUZZ=<n> runs n mutations per seed instead of the default, for a longer search.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../src/core/lint/finding';
import { fixVerdictOf, lintText } from '../../../src/core/lint/lint';
import { applyEdits } from '../../../src/core/fix/guard';
import { MUTATIONS, mutate, random } from '../support/mutations';
import { SHAPES, readIndependently } from '../support/fix-shapes';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const MUTATIONS_PER_SEED = Number(process.env.SOP_LENS_FIX_FUZZ ?? 3);

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
  walk(path.join(ROOT, 'test', 'fixtures', 'fix'));
  const found = files.sort().map((f) => ({ name: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }));
  const fixable = found.find((s) => s.name.endsWith('fixable.yaml'))!;
  const asData = readIndependently(fixable.text);
  assert.ok('value' in asData, 'the fixable seed parses');
  return [...found, { name: `${fixable.name} as JSON`, text: JSON.stringify(asData.value, null, 2) + '\n' }];
}

interface Tally {
  offered: number;
  refused: Map<string, number>;
}

const identity = (f: Pick<Finding, 'ruleId' | 'resource' | 'path' | 'kind' | 'message'>): string => [f.ruleId, f.resource, f.path, f.kind, f.message].join('\u0000');

/** Checks every fix offered on `text`; returns how many fixes were offered and why others were refused. */
function checkFixes(text: string, label: string, tally: Tally): void {
  const result = lintText(text, 'fuzz.yaml');
  if (result.kind !== 'linted') return;
  const before = readIndependently(text);
  const resourcesBefore = 'value' in before ? resourcesOf(before.value) : undefined;
  for (const finding of result.findings) {
    const verdict = fixVerdictOf(finding);
    if (verdict.kind === 'refused') tally.refused.set(`${finding.ruleId}: ${verdict.reason}`, (tally.refused.get(`${finding.ruleId}: ${verdict.reason}`) ?? 0) + 1);
    if (verdict.kind !== 'offered') continue;
    tally.offered++;
    const edits = [...verdict.fix.edits].sort((a, b) => a.start - b.start);
    const fixed = applyEdits(text, edits);
    const where = `${label}: fix of ${finding.ruleId} on ${finding.resource ?? 'the template'} (${finding.message})\n--- fixed:\n${fixed.slice(0, 3000)}`;

    const after = readIndependently(fixed);
    assert.ok('value' in after, `the fixed file does not parse (${'error' in after ? after.error : ''}) in ${where}`);
    if (isJson(text)) assert.ok(isJson(fixed), `the fixed JSON file is no longer JSON in ${where}`);
    if (resourcesBefore) {
      const resourcesAfter = resourcesOf(after.value);
      for (const [id, value] of resourcesBefore) {
        if (id === finding.resource) continue;
        assert.ok(resourcesAfter.has(id), `resource ${id} disappeared in ${where}`);
        assert.equal(resourcesAfter.get(id), value, `resource ${id} changed in ${where}`);
      }
    }
    const again = lintText(fixed, 'fuzz.yaml', { only: [finding.ruleId] });
    assert.equal(again.kind, 'linted', `the fixed file is no longer linted in ${where}`);
    const count = (findings: readonly Finding[]): number => findings.filter((f) => identity(f) === identity(finding)).length;
    assert.ok(again.kind === 'linted' && count(again.findings) < count(result.findings), `the finding is still there in ${where}`);
  }
}

function resourcesOf(value: unknown): Map<string, string> {
  const resources = (value as { Resources?: unknown } | null)?.Resources;
  const out = new Map<string, string>();
  if (resources && typeof resources === 'object' && !Array.isArray(resources)) for (const [id, body] of Object.entries(resources)) out.set(id, JSON.stringify(body));
  return out;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('fix property: every fix offered on the fuzz corpus leaves a valid template without the finding', function () {
  // A longer run (SOP_LENS_FIX_FUZZ) takes as long as it needs.
  this.timeout(process.env.SOP_LENS_FIX_FUZZ ? 0 : 120_000);
  const all = seeds();
  const fuzzed: Tally = { offered: 0, refused: new Map() };

  it('offers every fix of the fixable seed, with LF and CRLF line breaks, and each one is sound', () => {
    const tally: Tally = { offered: 0, refused: new Map() };
    // The JSON seed is checked under mutation below; here YAML as written, and with CRLF line breaks.
    const { name, text } = all.find((s) => s.name.endsWith('fixable.yaml'))!;
    checkFixes(text, name, tally);
    checkFixes(MUTATIONS.crlf(text, random(1)), `${name} with CRLF`, tally);
    assert.deepEqual([...tally.refused.keys()], [], 'fixes refused on templates written as people write them');
    assert.ok(tally.offered >= 80, `only ${tally.offered} fixes offered`);
  });

  for (const [shape, mutation] of Object.entries(SHAPES)) {
    it(`fixes the fixable seed rewritten with: ${shape}`, () => {
      const { name, text } = all.find((s) => s.name.endsWith('fixable.yaml'))!;
      const rnd = random(shape.length * 104729);
      const tally: Tally = { offered: 0, refused: new Map() };
      for (let n = 0; n < Math.ceil(MUTATIONS_PER_SEED / 3); n++) {
        let mutated = text;
        for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) mutated = mutation(mutated, rnd);
        checkFixes(mutated, `${name} with ${shape}s (#${n})`, tally);
      }
      assert.ok(tally.offered > 0);
      // Aliased properties are the one shape whose fixes the guard must refuse: any edit changes every alias.
      if (shape !== 'shared properties') assert.deepEqual([...tally.refused.keys()], [], `fixes refused on ${shape}s`);
    });
  }

  for (const { name, text } of all) {
    it(`holds for ${MUTATIONS_PER_SEED} mutations of ${name}`, () => {
      const rnd = random(name.length * 7919 + text.length);
      const shapes = Object.values(SHAPES);
      for (let n = 0; n < MUTATIONS_PER_SEED; n++) {
        let { text: mutated } = mutate(text, rnd);
        if (rnd() < 0.5) mutated = shapes[Math.floor(rnd() * shapes.length)](mutated, rnd);
        checkFixes(mutated, `${name} mutation #${n}`, fuzzed);
      }
    });
  }

  after(() => {
    if (process.env.SOP_LENS_FIX_FUZZ) {
      console.log(`fix property: ${fuzzed.offered} fixes offered and checked; refused by the guard:`);
      for (const [reason, n] of [...fuzzed.refused].sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${reason}`);
    }
  });
});
