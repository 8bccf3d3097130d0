/**
 * The JSON path must build exactly the tree the YAML library (through the converter) builds from the
 * same valid JSON, ranges included; and say "not JSON" for anything JSON does not allow, so the YAML
 * reader decides. A differential test over the examples as JSON and thousands of random JSON texts
 * (every JSON white space, escapes, duplicate keys, intrinsics, deep nesting) holds them together.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type JsonOutcome, looksLikeJson, parseJson } from '../../../src/core/template/json';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, normaliseLineBreaks, parseTemplate, parseWithYamlLibrary } from '../../../src/core/template/parse';
import type { MapNode, TemplateNode } from '../../../src/core/template/model';
import { pick, random } from '../support/mutations';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

function parsed(outcome: JsonOutcome): { root: TemplateNode; problems: unknown[] } {
  assert.equal(outcome.kind, 'parsed', JSON.stringify(outcome));
  return outcome;
}

/** Asserts the JSON path and the YAML library agree on a valid JSON text. */
function agree(name: string, text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): void {
  JSON.parse(text.replace(/^\ufeff/, '')); // the sample must be valid JSON
  const json = parsed(parseJson(text, limits));
  const yaml = parseWithYamlLibrary(normaliseLineBreaks(text), limits);
  const where = `${name}\n---\n${text.length > 2000 ? text.slice(0, 2000) + '...' : text}`;
  assert.ok('root' in yaml, `the YAML library rejects valid JSON: ${JSON.stringify(yaml)}: ${where}`);
  assert.deepStrictEqual(json.root, yaml.root, `trees differ: ${where}`);
  assert.deepStrictEqual(json.problems, yaml.problems, `problems differ: ${where}`);
}

/** The same tree as plain JSON data, intrinsics in long form. */
function toData(node: TemplateNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toData);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, toData(e.value)]));
    case 'intrinsic':
      return { [node.name]: toData(node.argument) };
  }
}

function examples(): { name: string; data: unknown }[] {
  const out: { name: string; data: unknown }[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json|template)$/.test(e.name)) {
        const slow = parseWithYamlLibrary(fs.readFileSync(p, 'utf8'), DEFAULT_PARSE_LIMITS);
        if ('root' in slow && slow.root) out.push({ name: path.relative(ROOT, p), data: toData(slow.root) });
      }
    }
  };
  walk(path.join(ROOT, 'examples'));
  walk(path.join(ROOT, 'test', 'fixtures'));
  return out;
}

/** A random valid JSON text: every white space JSON allows, escapes anywhere, duplicate keys, intrinsics. */
function randomJson(rnd: () => number): string {
  const ws = (): string => Array.from({ length: Math.floor(rnd() * 3) }, () => pick([' ', '\t', '\n', '\r', '\r\n', '  ', '\n\t  '], rnd)).join('');
  const char = (): string =>
    pick(['a', 'Z', '0', ' ', ':', ': ', ' #', '#', '-', '- ', '[', '{', ',', '&', '*', '!', '|', '%', '@', '`', "'", '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u0073', '\\u00e9', '\\ud83d\\ude00', '\\u2028', '\\u0000', 'é', '😀', '\u00a0', '\u0085', '\u2028', '\u007f', '---', '...'], rnd);
  const str = (): string => '"' + Array.from({ length: Math.floor(rnd() * 7) }, char).join('') + '"';
  const key = (): string => (rnd() < 0.3 ? str() : `"${pick(['Resources', 'Type', 'Properties', 'Fn::If', 'Fn::Equals', 'Ref', 'Condition', 'Fn::Sub', 'Re\\u0073ources', 'a', 'a', '<<', '?', ''], rnd)}"`);
  const num = (): string => pick(['0', '-0', '7', '-12', '3.5', '1e5', '1E+2', '-2.5e-3', '0.0', '1e400', '123456789012345'], rnd);
  const value = (depth: number): string => {
    const r = rnd();
    if (depth > 5 || r < 0.35) return pick([str, num, (): string => pick(['true', 'false', 'null'], rnd)], rnd)();
    const n = Math.floor(rnd() * 4);
    if (r < 0.7) return '{' + (Array.from({ length: n }, () => `${ws()}${key()}${ws()}:${ws()}${value(depth + 1)}${ws()}`).join(',') || ws()) + '}';
    return '[' + (Array.from({ length: n }, () => `${ws()}${value(depth + 1)}${ws()}`).join(',') || ws()) + ']';
  };
  return `${ws()}{${ws()}"Resources"${ws()}:${ws()}${value(1)}${ws()},${ws()}${key()}:${value(0)}}${ws()}`;
}

describe('JSON path', function () {
  this.timeout(120_000);

  describe('differential: same tree as the YAML library', () => {
    it('on the examples and fixtures written as JSON, in several layouts', () => {
      const samples = examples();
      assert.ok(samples.length > 20);
      for (const { name, data } of samples) {
        if (typeof data !== 'object' || data === null || Array.isArray(data)) continue;
        agree(`${name} as JSON`, JSON.stringify(data, null, 2));
        agree(`${name} as minified JSON`, JSON.stringify(data));
        agree(`${name} as tab-indented JSON with CR line breaks`, JSON.stringify(data, null, '\t').replace(/\n/g, '\r'));
      }
    });

    it('on thousands of random JSON texts', () => {
      const rnd = random(13);
      for (let n = 0; n < 4000; n++) agree(`random JSON #${n}`, randomJson(rnd));
    });

    it('under tight limits: too deep is null and one problem, as the converter does', () => {
      const rnd = random(7);
      for (let n = 0; n < 500; n++) agree(`random JSON #${n}, depth 2`, randomJson(rnd), { maxDepth: 2, maxAliases: 1, maxAliasNodes: 10 });
    });

    it('keeps the ranges of keys and values, quotes included, and reads escaped keys', () => {
      const text = '{\r\t"Re\\u0073ources" :\r{"B": {"Type": "AWS::S3::Bucket", "N": -1.5e3, "L": [true, null]}}}';
      const root = parsed(parseJson(text, DEFAULT_PARSE_LIMITS)).root as MapNode;
      const resources = root.entries[0];
      assert.equal(resources.key, 'Resources');
      assert.equal(text.slice(resources.keyRange.start, resources.keyRange.end), '"Re\\u0073ources"');
      const b = (resources.value as MapNode).entries[0].value as MapNode;
      assert.deepEqual(
        b.entries.map((e) => [e.key, text.slice(e.keyRange.start, e.keyRange.end), text.slice(e.value.range.start, e.value.range.end)]),
        [
          ['Type', '"Type"', '"AWS::S3::Bucket"'],
          ['N', '"N"', '-1.5e3'],
          ['L', '"L"', '[true, null]'],
        ],
      );
      assert.equal(text.slice(root.range.start, root.range.end), text);
    });
  });

  describe('what is not JSON', () => {
    const notJson = (text: string): Extract<JsonOutcome, { kind: 'not-json' }> => {
      const outcome = parseJson(text, DEFAULT_PARSE_LIMITS);
      assert.equal(outcome.kind, 'not-json', text);
      return outcome;
    };

    it('says where the first error is, and which root keys it read', () => {
      const text = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": 1 "B": 2}, "Outputs": {}}';
      const outcome = notJson(text);
      assert.equal(outcome.error.message, 'JSON syntax error: a comma was expected');
      assert.equal(text.slice(outcome.error.range.start, outcome.error.range.end), '"B"');
      assert.deepEqual(outcome.rootKeys, ['AWSTemplateFormatVersion', 'Resources', 'Outputs']);
    });

    it('refuses what JSON does not allow, so the YAML reader decides', () => {
      for (const text of ['{"a": 1,}', '{"a": 1} // c', '{a: 1}', "{'a': 1}", '{"a": \f1}', '{"a": \u00a01}', '{"a": "x\ty"}', '{"a": 01}', '{"a": .5}', '{"a": NaN}', '{"a": 1}{}', '{"a": !Ref X}', '{', '']) notJson(text);
      // ...and the YAML reader reads those that are YAML, as CloudFormation's would.
      assert.equal(parseTemplate('{"Resources": {"B": {"Type": "AWS::S3::Bucket",},},}', 'x.json').kind, 'template');
    });

    it('reads a BOM before the JSON, with every offset kept', () => {
      const text = '\ufeff{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}';
      const root = parsed(parseJson(text, DEFAULT_PARSE_LIMITS)).root as MapNode;
      assert.equal(text.slice(root.entries[0].keyRange.start, root.entries[0].keyRange.end), '"Resources"');
    });

    it('leaves JSON nested too deep for its parser to the YAML reader, without throwing', () => {
      const depth = 100_000;
      const text = `{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"X": ${'['.repeat(depth)}${']'.repeat(depth)}}}}}`;
      assert.equal(parseJson(text, DEFAULT_PARSE_LIMITS).kind, 'not-json');
      assert.equal(parseTemplate(text, 'deep.json').kind, 'invalid');
      assert.notEqual(parseTemplate(text, 'deep.json').kind, 'not-cloudformation');
    });

    it('is tried on text whose first character is an opening brace', () => {
      assert.deepEqual(['{}', ' \r\n\t{', '\ufeff{', '[]', 'a: {', '# {', ''].map(looksLikeJson), [true, true, true, false, false, false, false]);
    });
  });
});
