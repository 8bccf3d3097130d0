/**
 * The inputs that stalled the linter (issue 13), asserted linear by counting work, never by timing it:
 * characters a search scans, documents walked per alias. The bench (section 1b) reports their times
 * beside plain templates of the same size.
 */
import * as assert from 'node:assert/strict';
import { Alias } from 'yaml';
import { parseFast } from '../../../src/core/template/fast-yaml';
import { DEFAULT_PARSE_LIMITS, parseTemplate, parseWithYamlLibrary } from '../../../src/core/template/parse';
import { referenceTarget, subVariables } from '../../../src/core/template/references';
import type { MapNode, TemplateNode } from '../../../src/core/template/model';

/** Runs `f` while counting the characters `String.prototype.indexOf` scans for `needle`. */
function scannedBy(needle: string, f: () => void): number {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the method itself, put back as it was
  const original = String.prototype.indexOf;
  let scanned = 0;
  String.prototype.indexOf = function (this: string, search: string, position?: number): number {
    const found = original.call(this, search, position);
    if (search === needle) scanned += (found < 0 ? this.length : found) - Math.max(0, position ?? 0);
    return found;
  };
  try {
    f();
  } finally {
    String.prototype.indexOf = original;
  }
  return scanned;
}

describe('linear work on adversarial input', () => {
  it('finds where lines end in a one-line document once, not once per scalar', () => {
    // YAML flow style, not JSON (tags, plain keys), so the fast path reads it.
    const items = Array.from({ length: 20_000 }, (_, i) => `{Key: "k${i}", Value: !Ref V${i % 7}}`).join(', ');
    const text = `{Resources: {T: {Type: AWS::SNS::Topic, Properties: {Tags: [${items}]}}}}`;
    let parsed: ReturnType<typeof parseFast>;
    const scanned = scannedBy('\n', () => (parsed = parseFast(text, DEFAULT_PARSE_LIMITS)));
    assert.ok(parsed!, 'the fast path read it');
    // Before: every quoted scalar searched to the end of the text, 40,000 times 1.3 MB.
    assert.ok(scanned <= 2 * text.length, `scanned ${scanned} characters for a text of ${text.length}`);
  });

  it('resolves a thousand aliases without walking the document for each', () => {
    const big = Array.from({ length: 200 }, (_, i) => `      k${i}: v${i}`).join('\n');
    const text = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Metadata: &m\n${big}\n${Array.from({ length: 1000 }, (_, i) => `  R${i}:\n    Type: AWS::S3::Bucket\n    Metadata: *m\n`).join('')}`;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the method itself, put back as it was
    const original = Alias.prototype.resolve;
    let resolved = 0;
    Alias.prototype.resolve = function (this: Alias, ...args: Parameters<Alias['resolve']>) {
      resolved++;
      return original.apply(this, args);
    };
    let slow: ReturnType<typeof parseWithYamlLibrary>;
    try {
      slow = parseWithYamlLibrary(text, DEFAULT_PARSE_LIMITS);
    } finally {
      Alias.prototype.resolve = original;
    }
    // Before: each alias called Alias.resolve, which walks the whole document.
    assert.equal(resolved, 0);
    assert.ok('root' in slow! && slow.root?.kind === 'map');
    const resources = (slow.root).entries[0].value as MapNode;
    const metadata = (r: number): TemplateNode => (resources.entries[r].value as MapNode).entries[1].value;
    assert.equal(metadata(1), metadata(2), 'the aliases share one converted node');
    assert.equal((metadata(1) as MapNode).entries.length, 200);
    // Beyond what the document's size allows, aliases are not expanded, and the template says so.
    assert.deepEqual(metadata(1000), { kind: 'scalar', value: null, range: { start: text.lastIndexOf('*m'), end: text.lastIndexOf('*m') + 2 } });
    assert.equal(slow.problems.length, 1);
    // The fast path reads the same document, to the same tree.
    assert.deepStrictEqual(parseFast(text, DEFAULT_PARSE_LIMITS)?.root, slow.root);
  });

  it('scans a !Sub pattern once, however many ${ it leaves open', () => {
    const pattern = '${'.repeat(100_000);
    let variables: ReturnType<typeof subVariables> = [];
    const scanned = scannedBy('}', () => (variables = subVariables(pattern))) + scannedBy('${', () => subVariables(pattern));
    assert.deepEqual(variables, []);
    assert.ok(scanned <= 2 * pattern.length, `scanned ${scanned} characters of ${pattern.length}`);
  });

  it('finds every variable of a !Sub, as CloudFormation reads them', () => {
    const at = { start: 0, end: 0 };
    const sub = (value: string): TemplateNode => ({ kind: 'intrinsic', name: 'Fn::Sub', argument: { kind: 'scalar', value, range: at }, range: at, shortForm: true });
    assert.deepEqual(referenceTarget(sub('arn:${AWS::Partition}:s3:::${Bucket}/${Key.Arn}-${ Spaced }')), [
      { id: 'Bucket', attribute: undefined },
      { id: 'Key', attribute: 'Arn' },
      { id: 'Spaced', attribute: undefined },
    ]);
    // `${!Literal}` is the text `${Literal}` up to its first `}`; an empty or unclosed one names nothing.
    assert.deepEqual(referenceTarget(sub('${!Literal ${Inner}} ${} ${Open')), []);
    assert.deepEqual(
      subVariables('a${X}b${!Y}${').map((v) => [v.name, v.open, v.close]),
      [
        ['X', 1, 4],
        ['!Y', 6, 10],
      ],
    );
  });

  it('bounds what aliases add by the size of the document', () => {
    const big = Array.from({ length: 400 }, (_, i) => `      - k${i}`).join('\n');
    const text = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Metadata:\n      L: &l\n${big}\n${Array.from({ length: 1000 }, (_, i) => `  R${i}:\n    Type: AWS::S3::Bucket\n    Metadata: {L: *l}\n`).join('')}`;
    const outcome = parseTemplate(text);
    assert.equal(outcome.kind, 'template');
    const problems = outcome.kind === 'template' ? outcome.problems : [];
    assert.deepEqual(
      problems.map((p) => p.message),
      ['YAML aliases expand to more than 10000 nodes (about as many as the document itself writes, at least 10000): the rest are not expanded.'],
    );
  });
});
