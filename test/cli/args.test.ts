import * as assert from 'node:assert/strict';
import { type LintCommand, UsageError, parseCommandLine } from '../../src/cli/args';

const RULE_IDS = ['cloudtrail-multi-region', 's3-versioning'];
const parse = (...argv: string[]) => parseCommandLine(argv, RULE_IDS);
const lint = (...argv: string[]) => parse('lint', ...argv) as LintCommand;
const usageError = (argv: string[], message: RegExp) => assert.throws(() => parseCommandLine(argv, RULE_IDS), (e: unknown) => e instanceof UsageError && message.test(e.message));

describe('cli arguments', () => {
  it('reads lint with its defaults', () => {
    assert.deepEqual(lint('infra', 'stack.yaml'), {
      kind: 'lint',
      paths: ['infra', 'stack.yaml'],
      format: 'text',
      rules: undefined,
      failOn: 'error',
      output: undefined,
      exclude: [],
      reportUndecided: true,
      jobs: 'auto',
      fix: undefined,
    });
  });

  it('reads --fix and --fix-dry-run, one at a time, and rejects empty paths and bad --exclude patterns', () => {
    assert.equal(lint('.', '--fix').fix, 'write');
    assert.equal(lint('.', '--fix-dry-run').fix, 'dry-run');
    usageError(['lint', '.', '--fix', '--fix-dry-run'], /^use either --fix \(write the fixes\) or --fix-dry-run \(print them as a diff\), not both$/);
    usageError(['check', '--fix'], /^--fix is an option of `sop-lens lint`, not of `sop-lens check`$/);
    usageError(['lint', ''], /^`sop-lens lint` was given an empty path: name a file or folder \(use \. for the current folder\)$/);
    usageError(['lint', 'infra', ' '], /empty path/);
    usageError(['lint', '.', '--exclude', '[z-a].yaml'], /^invalid --exclude pattern "\[z-a\]\.yaml": range out of order in character class; see --help for the patterns --exclude takes$/);
  });

  it('reads every lint option, in both spellings', () => {
    const c = lint('.', '--format=sarif', '--rules', 's3-versioning, cloudtrail-multi-region', '--fail-on', 'warning', '-o', 'out/sop.sarif', '--exclude', 'test/**', '--exclude=*.gen.yaml', '--no-undecided', '-j', '2');
    assert.equal(c.format, 'sarif');
    assert.deepEqual(c.rules, ['s3-versioning', 'cloudtrail-multi-region']);
    assert.equal(c.failOn, 'warning');
    assert.equal(c.output, 'out/sop.sarif');
    assert.deepEqual(c.exclude, ['test/**', '*.gen.yaml']);
    assert.equal(c.reportUndecided, false);
    assert.equal(c.jobs, 2);
    assert.deepEqual(lint('.', '--rules', 's3-versioning', '--rules', 'cloudtrail-multi-region,s3-versioning').rules, ['s3-versioning', 'cloudtrail-multi-region']);
    assert.equal(lint('.', '-f', 'json').format, 'json');
  });

  it('reads help, version and rules', () => {
    assert.deepEqual(parse('--help'), { kind: 'help' });
    assert.deepEqual(parse('lint', '-h'), { kind: 'help' });
    assert.deepEqual(parse('help'), { kind: 'help' });
    assert.deepEqual(parse('--version'), { kind: 'version' });
    assert.deepEqual(parse('rules'), { kind: 'rules', format: 'text' });
    assert.deepEqual(parse('rules', '--format', 'json'), { kind: 'rules', format: 'json' });
  });

  it('rejects unknown flags and commands, and missing values', () => {
    usageError(['lint', '.', '--bogus'], /^unknown option --bogus; see `sop-lens --help`$/);
    usageError(['lint', '.', '--format'], /^option --format needs a value$/);
    usageError(['lint', '.', '-f'], /^option --format needs a value$/);
    usageError(['frobnicate'], /unknown command "frobnicate"/);
    usageError([], /no command given/);
    usageError(['lint'], /needs at least one file or folder/);
    usageError(['rules', '--fail-on', 'warning'], /--fail-on is an option of `sop-lens lint`/);
    usageError(['rules', 'x'], /takes no arguments/);
  });

  it('rejects invalid values', () => {
    usageError(['lint', '.', '--format', 'xml'], /^invalid value "xml" for --format: use one of text, json, sarif$/);
    usageError(['rules', '--format', 'sarif'], /use one of text, json$/);
    usageError(['lint', '.', '--fail-on', 'info'], /^invalid value "info" for --fail-on: use one of error, warning$/);
    usageError(['lint', '.', '--jobs', '0'], /--jobs/);
    usageError(['lint', '.', '--rules', ' , '], /--rules needs at least one rule id/);
  });

  it('names unknown rule ids and lists the valid ones', () => {
    usageError(['lint', '.', '--rules', 'cloudtrail-multi-region,s3-versoning'], /^unknown rule id "s3-versoning" in --rules; valid rule ids: cloudtrail-multi-region, s3-versioning$/);
    usageError(['lint', '.', '--rules', 'a,b'], /^unknown rule ids "a", "b" in --rules/);
  });
});
