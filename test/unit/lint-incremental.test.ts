/**
 * The incremental re-lint must equal a full lint: over many edit sequences (keystrokes, line changes,
 * mutations, reverts) on every example and fixture template, each re-lint of an IncrementalLinter gives
 * exactly the findings of lintText on the same text, fixes included (rendered and compared).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintConfig } from '../../src/core/lint/config';
import type { Finding } from '../../src/core/lint/finding';
import { IncrementalLinter } from '../../src/core/lint/incremental';
import { type LintResult, lintText } from '../../src/core/lint/lint';
import type { Rule, RuleContext } from '../../src/core/rules/rule';
import type { Resource } from '../../src/core/template/model';
import { MUTATIONS, mutate, pick, random } from './support/mutations';

const ROOT = path.join(__dirname, '..', '..', '..');
const STEPS_PER_SEED = 30;

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

/** Every field of every finding, the fix rendered, in a fixed key order. */
function comparable(result: LintResult): unknown {
  if (result.kind !== 'linted') return result.kind;
  return result.findings.map((f: Finding) => ({
    ruleId: f.ruleId,
    control: f.control,
    severity: f.severity,
    message: f.message,
    kind: f.kind,
    resource: f.resource,
    path: f.path,
    range: f.range,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    suppressed: f.suppressed,
    fix: f.fix,
  }));
}

const KEYSTROKES = ['a', 'Z', '1', ' ', '\n', ':', '-', '*', '#', '"', '!Ref X', '  '];

/**
 * One editor-like change: a keystroke or a deletion in the current text (these accumulate), or a changed
 * line or heavier mutation of the original (these would soon leave nothing parseable if they accumulated).
 */
function edit(current: string, original: string, rnd: () => number): string {
  const r = rnd();
  const at = Math.floor(rnd() * (current.length + 1));
  if (r < 0.35) return current.slice(0, at) + pick(KEYSTROKES, rnd) + current.slice(at);
  if (r < 0.55) return current.slice(0, at) + current.slice(at + 1);
  if (r < 0.85) return MUTATIONS['wrong type'](original, rnd);
  return mutate(original, rnd).text;
}

describe('incremental re-lint', function () {
  this.timeout(120000);

  it('equals a full lint after every edit of every example and fixture template', () => {
    const rnd = random(20261123);
    let replayed = 0;
    let compared = 0;
    for (const seed of seeds()) {
      const linter = new IncrementalLinter();
      let text = seed.text;
      for (let step = 0; step < STEPS_PER_SEED; step++) {
        // Now and then the user undoes everything: back to the original text.
        text = step > 0 && rnd() < 0.1 ? seed.text : step === 0 ? text : edit(text, seed.text, rnd);
        const uri = `file:///${seed.name}`;
        const incremental = linter.lint(text, uri);
        replayed += linter.replayedChecks;
        assert.deepEqual(comparable(incremental), comparable(lintText(text, uri)), `${seed.name}, step ${step}`);
        compared++;
      }
    }
    assert.ok(compared > 300, `only ${compared} lints compared`);
    // The comparison means something only if checks were in fact replayed.
    assert.ok(replayed > compared, `only ${replayed} checks replayed over ${compared} lints`);
  });

  it('follows a change of configuration and of the template context (a parameter default)', () => {
    const text = [
      'Parameters:',
      '  Versioning:',
      '    Type: String',
      '    Default: Suspended',
      'Resources:',
      '  Logs:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      VersioningConfiguration:',
      '        Status: !Ref Versioning',
      '',
    ].join('\n');
    const linter = new IncrementalLinter();
    const configs: LintConfig[] = [{}, { rules: { 's3-versioning': 'off' } }, {}];
    for (const config of configs) assert.deepEqual(comparable(linter.lint(text, 'file:///t.yaml', config)), comparable(lintText(text, 'file:///t.yaml', config)));
    const enabled = text.replace('Default: Suspended', 'Default: Enabled');
    const result = linter.lint(enabled, 'file:///t.yaml');
    assert.deepEqual(comparable(result), comparable(lintText(enabled, 'file:///t.yaml')));
    assert.ok(result.kind === 'linted' && !result.findings.some((f) => f.ruleId === 's3-versioning'), 'the new default must be seen');
  });

  it('replays unchanged resources after an edit elsewhere, with fixes built from the new text', () => {
    const bucket = (name: string): string => [`  ${name}:`, '    Type: AWS::S3::Bucket', '    Properties:', '      BucketName: logs', ''].join('\n');
    const before = ['Resources:', bucket('A'), bucket('B')].join('\n');
    const after = ['# a comment that moves everything down', 'Resources:', bucket('A'), bucket('B')].join('\n');
    const linter = new IncrementalLinter();
    linter.lint(before, 'file:///t.yaml');
    const result = linter.lint(after, 'file:///t.yaml');
    assert.ok(linter.replayedChecks > 0, 'expected replayed checks');
    assert.deepEqual(comparable(result), comparable(lintText(after, 'file:///t.yaml')));
  });

  describe('values derived once per lint (ctx.derived)', () => {
    const bucket = (name: string): string => [`  ${name}:`, '    Type: AWS::S3::Bucket', '    Properties:', '      BucketName: logs', ''].join('\n');
    const before = ['Resources:', bucket('A'), bucket('B')].join('\n');
    const after = ['Resources:', bucket('A'), bucket('B'), bucket('C')].join('\n');
    let derivations = 0;
    // Reads the template's resource list: beyond the bucket it is derived for.
    const bucketCount = (_bucket: Resource, ctx: RuleContext): number => {
      derivations++;
      return ctx.resourcesOfType('AWS::S3::Bucket').length;
    };
    // Reads the bucket alone.
    const idLength = (b: Resource): number => {
      derivations++;
      return b.logicalId.length;
    };
    const ruleUsing = (id: string, derive: (b: Resource, ctx: RuleContext) => number): Rule => ({
      id,
      control: 'SEC-S3',
      title: id,
      severity: 'warning',
      rationale: 'test',
      remedy: 'test',
      resourceTypes: ['AWS::S3::Bucket'],
      reference: 'https://example.com',
      checkResource(b, ctx) {
        ctx.report({ resource: b, at: b.typeRange, message: `${id} reads ${ctx.derived(b, derive)}` });
      },
    });

    it('derives a value once, however many rules ask for it', () => {
      derivations = 0;
      const result = lintText(before, 'file:///t.yaml', {}, undefined, [ruleUsing('first', bucketCount), ruleUsing('second', bucketCount)]);
      assert.equal(derivations, 2, 'one derivation per bucket');
      assert.ok(result.kind === 'linted');
      assert.deepEqual(
        result.findings.map((f) => f.message),
        ['SEC-S3: first reads 2', 'SEC-S3: second reads 2', 'SEC-S3: first reads 2', 'SEC-S3: second reads 2'],
      );
    });

    it('counts a derivation that read beyond the resource against every rule that uses it', () => {
      const rules = [ruleUsing('first', bucketCount), ruleUsing('second', bucketCount)];
      const linter = new IncrementalLinter();
      linter.lint(before, 'file:///t.yaml', {}, undefined, rules);
      // A and B are unchanged, but the count they report is not: no check of theirs may be replayed.
      const result = linter.lint(after, 'file:///t.yaml', {}, undefined, rules);
      assert.equal(linter.replayedChecks, 0);
      assert.deepEqual(comparable(result), comparable(lintText(after, 'file:///t.yaml', {}, undefined, rules)));
      assert.ok(result.kind === 'linted' && result.findings.every((f) => f.message.endsWith('reads 3')));
    });

    it('lets the checks that use a derivation local to the resource be replayed', () => {
      const rules = [ruleUsing('first', idLength), ruleUsing('second', idLength)];
      const linter = new IncrementalLinter();
      linter.lint(before, 'file:///t.yaml', {}, undefined, rules);
      const result = linter.lint(after, 'file:///t.yaml', {}, undefined, rules);
      assert.equal(linter.replayedChecks, 4, 'both rules on A and B');
      assert.deepEqual(comparable(result), comparable(lintText(after, 'file:///t.yaml', {}, undefined, rules)));
    });
  });
});
