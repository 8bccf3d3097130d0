/**
 * The fast YAML path must build exactly the tree the YAML library (through the converter) builds, or
 * decline. A differential test over the examples, the fixtures, generated templates (YAML and JSON) and
 * thousands of mutations holds the two together; unit tests pin the tricky constructs.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import { fastPathRejection, parseFast } from '../../../src/core/template/fast-yaml';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, parseTemplate, parseWithYamlLibrary } from '../../../src/core/template/parse';
import type { TemplateNode } from '../../../src/core/template/model';
import { MUTATIONS, VALUES, pick, random } from '../support/mutations';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

interface Sample {
  readonly name: string;
  readonly text: string;
}

function files(): Sample[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json|template)$/.test(e.name)) found.push(p);
    }
  };
  walk(path.join(ROOT, 'examples'));
  walk(path.join(ROOT, 'test', 'fixtures'));
  return found.sort().map((f) => ({ name: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }));
}

/** Generated benchmark templates (the generator is an ES module, so it runs in a child process). */
function generated(specs: readonly [number, number][]): Sample[] {
  const script = `import { generateTemplate } from ${JSON.stringify(path.join(ROOT, 'bench', 'generate-templates.mjs'))};
    process.stdout.write(JSON.stringify(${JSON.stringify(specs)}.map(([n, s]) => generateTemplate(n, s))));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return (JSON.parse(out) as string[]).map((text, i) => ({ name: `generated(${specs[i][0]}, ${specs[i][1]})`, text }));
}

/** The same template as JSON, intrinsics in long form: how JSON templates look. */
function toJson(node: TemplateNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toJson);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, toJson(e.value)]));
    case 'intrinsic':
      return { [node.name]: toJson(node.argument) };
  }
}

function jsonVariants(sample: Sample): Sample[] {
  const slow = parseWithYamlLibrary(sample.text, DEFAULT_PARSE_LIMITS);
  if (!('root' in slow) || !slow.root) return [];
  const value = toJson(slow.root);
  return [
    { name: `${sample.name} as JSON`, text: JSON.stringify(value, null, 2) + '\n' },
    { name: `${sample.name} as compact JSON`, text: JSON.stringify(value) },
    { name: `${sample.name} as 4-space JSON, CRLF`, text: JSON.stringify(value, null, 4).replace(/\n/g, '\r\n') },
  ];
}

/** Asserts the fast path declines or agrees with the slow path; returns whether it took the text. */
function agree(sample: Sample, limits: ParseLimits = DEFAULT_PARSE_LIMITS): boolean {
  const fast = parseFast(sample.text, limits);
  // parseFast hides its own exceptions (the library takes over); fastPathRejection lets them through.
  if (!fast) return fastPathRejection(sample.text, limits) === undefined;
  const slow = parseWithYamlLibrary(sample.text, limits);
  // To debug a difference: FAST_YAML_DUMP=file npx mocha ... writes the text that failed.
  if (process.env.FAST_YAML_DUMP && (!('root' in slow) || !isDeepStrictEqual(fast, { root: slow.root, problems: slow.problems }))) fs.writeFileSync(process.env.FAST_YAML_DUMP, sample.text);
  const where = `${sample.name}\n---\n${sample.text.length > 3000 ? sample.text.slice(0, 3000) + '...' : sample.text}`;
  assert.ok('root' in slow, `fast path took a text the library rejects (${JSON.stringify(slow)}): ${where}`);
  assert.deepStrictEqual(fast.root, slow.root, `trees differ: ${where}`);
  assert.deepStrictEqual(fast.problems, slow.problems, `problems differ: ${where}`);
  return true;
}

describe('fast YAML path', function () {
  this.timeout(300000);

  describe('differential: same tree as the YAML library, or declines', () => {
    const base = files();
    const gen = generated([
      [250, 1],
      [5, 2],
      [20, 3],
      [50, 4],
      [100, 5],
      ...Array.from({ length: 15 }, (_, i): [number, number] => [10 + i * 7, 100 + i]),
    ]);
    const templates = [...base, ...gen];

    it('agrees on every example and fixture, and takes the fast path for the CloudFormation ones', () => {
      let taken = 0;
      const declined: string[] = [];
      for (const sample of base) {
        if (agree(sample)) taken++;
        else declined.push(`${sample.name}: ${fastPathRejection(sample.text, DEFAULT_PARSE_LIMITS)}`);
      }
      console.log(`      fast path: ${taken}/${base.length} examples and fixtures; declined:\n        ${declined.join('\n        ')}`);
      for (const name of ['examples/app/api.yaml', 'examples/app/web-service.yaml', 'examples/network/vpc.yaml', 'examples/data/storage.yaml', 'examples/governance/cloudtrail.yaml']) {
        const sample = base.find((s) => s.name === name);
        if (sample) assert.equal(fastPathRejection(sample.text, DEFAULT_PARSE_LIMITS), undefined, name);
      }
    });

    it('agrees on generated templates, YAML and JSON, and takes the fast path for all of them', () => {
      const json = [...gen, ...base.filter((s) => /examples[/\\](app|data|network|governance)/.test(s.name))].flatMap(jsonVariants);
      for (const sample of [...gen, ...json]) {
        assert.ok(agree(sample), `declined ${sample.name}: ${fastPathRejection(sample.text, DEFAULT_PARSE_LIMITS)}`);
      }
      console.log(`      fast path: ${gen.length}/${gen.length} generated YAML, ${json.length}/${json.length} JSON`);
    });

    it('agrees on thousands of mutated templates', () => {
      const seeds = [...templates.filter((s) => s.text.length < 60000), ...templates.filter((s) => s.text.length < 60000).flatMap(jsonVariants).slice(0, 6)];
      const names = Object.keys(MUTATIONS);
      let total = 0;
      let taken = 0;
      for (const seed of seeds) {
        const rnd = random(seed.name.length * 7919 + seed.text.length);
        const perSeed = seed.text.length > 20000 ? 25 : 110;
        for (let n = 0; n < perSeed; n++) {
          let text = seed.text;
          const applied: string[] = [];
          for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
            const m = pick(names, rnd);
            applied.push(m);
            text = MUTATIONS[m](text, rnd);
          }
          total++;
          if (agree({ name: `mutation #${n} (${applied.join(', ')}) of ${seed.name}`, text })) taken++;
        }
      }
      console.log(`      fast path: ${taken}/${total} mutated templates`);
      assert.ok(total > 3000);
    });

    it('agrees on random documents written by the YAML library in all its styles', () => {
      const rnd = random(20261123);
      const ATOMS = ['', ' ', 'a', 'b c', ':', ': ', ' #', '#', '-', '- ', '"', "'", '\\', '\n', '\n\n', '  ', 'é', '😀', '0', '1.5', '0x1F', 'true', 'null', '~', '[', ']', '{', '}', ',', '!Ref', '&', '*', '|', '>', '%', '@', 'http://x', 'Fn::If', 'Ref'];
      const str = (): string => Array.from({ length: Math.floor(rnd() * 6) }, () => pick(ATOMS, rnd)).join('');
      const value = (depth: number): unknown => {
        const r = rnd();
        if (depth < 4 && r < 0.25) return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [rnd() < 0.2 ? str() : pick(['A', 'B', 'Fn::If', 'Ref', 'Condition', 'aws:x', '1', 'true', 'Ke y'], rnd), value(depth + 1)]));
        if (depth < 4 && r < 0.4) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
        if (r < 0.5) return pick([0, -1, 1.5, 1e21, true, false, null, -0.25], rnd);
        return str();
      };
      const styles = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
      let taken = 0;
      const total = 3000;
      for (let n = 0; n < total; n++) {
        const doc = { Resources: value(0), Other: value(0) };
        const text = stringify(doc, {
          collectionStyle: rnd() < 0.2 ? 'flow' : 'any',
          defaultStringType: pick(styles, rnd),
          defaultKeyType: rnd() < 0.7 ? 'PLAIN' : pick(styles.slice(0, 3), rnd),
          indent: pick([2, 4], rnd),
          indentSeq: rnd() < 0.5,
          lineWidth: pick([0, 20, 80], rnd),
          minContentWidth: 0,
        });
        if (agree({ name: `random document #${n}`, text })) taken++;
      }
      console.log(`      fast path: ${taken}/${total} random documents`);
    });

    it('agrees on documents with anchors and aliases, expanding them as the converter does', () => {
      const rnd = random(20260613);
      const names = ['a', 'b', 'tags', 'x-1'];
      const scalar = (): string => pick(['1', 'v', '"q"', "'s'", 'true', '~', '!Ref R', '[1, *a]', '{Condition: C}', '{k: *b}', '*a', '*tags', '*zz'], rnd);
      const block = (indent: number, depth: number): string => {
        const pad = ' '.repeat(indent);
        const lines: string[] = [];
        for (let i = 0, n = 1 + Math.floor(rnd() * 4); i < n; i++) {
          const key = pick(['K', 'L', 'Fn::And', 'Fn::If', 'Condition', 'M'], rnd) + (rnd() < 0.7 ? String(i) : '');
          const anchor = rnd() < 0.35 ? `&${pick(names, rnd)} ` : '';
          const r = rnd();
          if (depth < 3 && r < 0.3) lines.push(`${pad}${key}: ${anchor.trimEnd()}\n${block(indent + 2, depth + 1)}`);
          else if (depth < 3 && r < 0.45) lines.push(`${pad}${key}: ${anchor.trimEnd()}\n${pad}  - ${scalar()}\n${pad}  - ${rnd() < 0.5 ? '*' + pick(names, rnd) : scalar()}`);
          else lines.push(`${pad}${key}: ${rnd() < 0.3 ? '*' + pick(names, rnd) : anchor + scalar()}${rnd() < 0.1 ? ' # c' : ''}`);
        }
        return lines.join('\n');
      };
      let taken = 0;
      let takenTight = 0;
      const total = 1500;
      for (let n = 0; n < total; n++) {
        const text = `Resources:\n${block(2, 0)}\nOther:\n${block(2, 0)}\n`;
        if (agree({ name: `anchored document #${n}`, text })) taken++;
        // Small budgets, so that expansion stops at some alias: both paths must stop at the same one.
        if (agree({ name: `anchored document #${n}, tight limits`, text }, { maxDepth: 200, maxAliases: 1 + (n % 5), maxAliasNodes: 1 + (n % 7) })) takenTight++;
      }
      console.log(`      fast path: ${taken}/${total} documents with anchors and aliases (${takenTight} under tight limits)`);
      assert.ok(taken > total / 3 && takenTight > total / 3, `the fast path took only ${taken} and ${takenTight} of ${total}`);
    });

    it('agrees on the adversarial inputs of the bench, or declines them', () => {
      const script = `import { adversarialTemplates } from ${JSON.stringify(path.join(ROOT, 'bench', 'adversarial.mjs'))};
        process.stdout.write(JSON.stringify(adversarialTemplates(30000)));`;
      const corpus = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { name: string; text: string }[];
      assert.ok(corpus.length > 15);
      let taken = 0;
      for (const t of corpus) if (agree({ name: t.name, text: t.text })) taken++;
      console.log(`      fast path: ${taken}/${corpus.length} adversarial inputs`);
    });

    it('agrees under tight limits (declines where the converter would report them)', () => {
      for (const sample of templates.slice(0, 20)) agree(sample, { maxDepth: 4, maxAliases: 1, maxAliasNodes: 10 });
    });
  });

  describe('constructs', () => {
    /** Parses with both paths, asserts they agree and that the fast path took it; returns the root. */
    function both(text: string): TemplateNode {
      const reason = fastPathRejection(text, DEFAULT_PARSE_LIMITS);
      assert.equal(reason, undefined, `declined: ${reason}`);
      assert.ok(agree({ name: 'unit', text }));
      return parseFast(text, DEFAULT_PARSE_LIMITS)!.root;
    }
    const declines = (text: string): void => assert.equal(parseFast(text, DEFAULT_PARSE_LIMITS), undefined, JSON.stringify(text));
    const value = (root: TemplateNode, key: string): TemplateNode => {
      assert.equal(root.kind, 'map');
      return (root as { entries: readonly { key: string; value: TemplateNode }[] }).entries.find((e) => e.key === key)!.value;
    };

    it('reads quotes and escapes exactly', () => {
      const root = both(`a: "x\\ty \\"q\\" \\\\ \\x41\\u00e9\\U0001F600\\0\\/\\_"\nb: 'it''s # not a comment'\nc: "  spaced  "\nd: ''\ne: ""\n"f g": 1\n'h': 2\n`);
      assert.deepEqual((value(root, 'a') as { value: unknown }).value, 'x\ty "q" \\ Aé😀\0/\u00a0');
      assert.equal((value(root, 'b') as { value: unknown }).value, "it's # not a comment");
      assert.equal((value(root, 'c') as { value: unknown }).value, '  spaced  ');
      declines('a: "bad \\q"\n');
      declines('a: "multi\n  line"\n');
    });

    it('reads block scalars', () => {
      both('a: |\n  one\n    two\n\n  three\n\nb: |-\n  x\n  y\nc: >\n  folded\n  text\n\n  para\nd: >-\n  x\n  y\n');
      both('a:\n  - |\n    in a seq\n  - k: |\n      in a compact map\n    j: 1\n');
      both('a: !Sub |\n  ${AWS::Region}\n  x\n');
      both('a: |\n\n  leading blank\nb: 1');
      both('a: |\n  at the end');
      declines('a: |2\n   x\n');
      declines('a: |+\n  x\n\n');
    });

    it('reads flow collections inside block ones, and JSON', () => {
      both('a: { b: 1, c: [x, y, "z"] }\nd: [ ]\ne: {}\nf: [a, [b, [c]]]\n');
      both('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"A": [1, 2.5, true, null, -3]}}}}');
      both('{\n  "a": {\n    "b": [\n      1,\n      "x"\n    ]\n  }\n}\n');
      both('a:\n  b: [\n    1,\n    2\n  ]\n  c: {\n    d: 1\n  }\n');
      declines('a: [b, c,]\n');
      declines('a: [b # c\n  ]\n');
    });

    it('reads tags on scalars, flow and block collections', () => {
      const root = both('a: !Ref X\nb: !GetAtt X.Arn\nc: !If\n  - C\n  - !Ref Y\n  - !Ref AWS::NoValue\nd: !Join ["", [a, !Ref B]]\ne: !Equals [!Ref E, prod]\nf: !Transform\n  Name: x\ng: !GetAZs ""\nh: !If\n- C\n- 1\n- 2\n');
      const c = value(root, 'c');
      assert.equal(c.kind, 'intrinsic');
      assert.equal(c.range.start, 'a: !Ref X\nb: !GetAtt X.Arn\nc: '.length);
      declines('a: !Unknown x\n');
      declines('a: !!str x\n');
    });

    it('reads comments, keys with colons, long-form intrinsics and URLs', () => {
      const root = both('# head\nA: 1 # one\n\n  # indented comment\nCondition:\n  aws:SecureTransport: "false"\n  Fn::GetAtt: [X, Arn]\nU: https://example.com/a?b=c#frag\nR: { Ref: X }\nC: { "Fn::If": [ { Condition: C }, 1, 2 ] }\n');
      assert.equal(value(root, 'U').kind, 'scalar');
      assert.equal((value(root, 'U') as { value: unknown }).value, 'https://example.com/a?b=c#frag');
      assert.equal(value(root, 'R').kind, 'intrinsic');
    });

    it('reads sequences: compact maps, nested and indentless', () => {
      both('a:\n- x\n- k: v\n  j: w\n- - nested\n  - more\n- [f]\nb:\n  - 1\n  -  2\n');
    });

    it('resolves plain scalars as the YAML 1.2 core schema does', () => {
      const text = VALUES.filter((v) => !/^[[\]{}!|>'"@`%?:*&,-]|#|\t/.test(v) && !v.includes(': ')).map((v, i) => `k${i}: ${v}\n`).join('') + 'n: \nm:\n1: x\n0x1F: y\ntrue: z\n~: w\n1.50: v\n';
      both(text);
      const root = both('a: True\nb: yes\nc: 0o17\nd: 0x1F\ne: .inf\nf: -.Inf\ng: 1e3\nh: ~\ni:\nj: 012\nk: +12\nl: 1_000\n');
      assert.equal((value(root, 'a') as { value: unknown }).value, true);
      assert.equal((value(root, 'b') as { value: unknown }).value, 'yes');
      assert.equal((value(root, 'c') as { value: unknown }).value, 15);
      assert.equal((value(root, 'e') as { value: unknown }).value, Infinity);
      assert.equal((value(root, 'i') as { value: unknown }).value, null);
    });

    it('handles CRLF line endings and a BOM', () => {
      both('A: 1\r\nB:\r\n  - x # c\r\n  - "y"\r\nC: |\r\n  l1\r\n  l2\r\nD:\r\n');
      both('\ufeffA: 1\nB: [x]\n');
      both('---\nA: 1\n');
      both('\ufeff# c\n---\r\n{"A": 1}\r\n');
    });

    it('reports duplicate keys like the converter', () => {
      const fast = parseFast('a: 1\nb:\n  c: 1\n  c: 2\na: 3\nd: {x: 1, x: 2}\n', DEFAULT_PARSE_LIMITS)!;
      assert.equal(fast.problems.length, 3);
      agree({ name: 'dups', text: 'a: 1\nb:\n  c: 1\n  c: 2\na: 3\nd: {x: 1, x: 2}\n' });
    });

    it('declines what it does not handle', () => {
      for (const text of ['a: [&x 1, *x]\n', '- &x k: v\n', 'a: &x\n  b: *x\n', 'a: !Ref &x y\n', '*x : 1\n', '--- # c\na: 1\n', 'a: 1\n---\nb: 2\n', '%YAML 1.2\n---\na: 1\n', 'a:\n\tb: 1\n', '? a\n: b\n', 'a: b\n  c\n', '- a\n', 'a: b: c\n', 'a: 1\n b: 2\n']) declines(text);
    });

    it('is what parseTemplate uses', () => {
      const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n';
      const outcome = parseTemplate(text);
      assert.equal(outcome.kind, 'template');
    });
  });
});
