/**
 * `sop-lens lint --fix` and `--fix-dry-run` end to end, through bin/sop-lens.js and the real bundle, on
 * copies of test/fixtures/fix/fixable.yaml (a violation of every rule with a deterministic fix) in a
 * temporary folder.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../../src/cli/format-json';
import { parseTemplate } from '../../src/core/template/parse';
import { REPO } from './support/paths';
import { ensureBundle, sopLens } from './support/run-cli';

const FIXABLE = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'fix', 'fixable.yaml'), 'utf8');
const TRAIL = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      IsMultiRegionTrail: false\n';
const ONLY = ['--rules', 'cloudtrail-multi-region'];

describe('sop-lens lint --fix and --fix-dry-run end to end', function () {
  this.timeout(180_000);
  let tmp: string;
  let n = 0;
  /** A fresh folder holding `files`. */
  const folder = (files: Record<string, string>): string => {
    const dir = path.join(tmp, String(n++));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  };

  before(() => {
    ensureBundle();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-fix-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--fix writes every deterministic fix, keeps the file\'s mode, and reports what it could not fix and why', () => {
    const dir = folder({ 'stack.yaml': FIXABLE });
    const file = path.join(dir, 'stack.yaml');
    fs.chmodSync(file, 0o640);
    const before = fs.statSync(file);
    const r = sopLens(['lint', '.', '--fix', '-f', 'json'], { cwd: dir });
    const fixed = fs.readFileSync(file, 'utf8');
    const after = fs.statSync(file);
    assert.equal(after.mode & 0o7777, 0o640);
    assert.notEqual(after.ino, before.ino, 'replaced by a rename, not rewritten in place');
    assert.deepEqual(fs.readdirSync(dir), ['stack.yaml'], 'no temporary file left');
    const parsed = parseTemplate(fixed);
    assert.equal(parsed.kind, 'template');
    assert.deepEqual(parsed.kind === 'template' ? parsed.problems : undefined, []);

    const report = JSON.parse(r.stdout) as JsonReport;
    const left = report.findings.filter((f) => f.kind !== 'undecided').map((f) => f.ruleId);
    assert.deepEqual([...new Set(left)].sort(), ['cloudfront-tls', 'cloudtrail-bucket-protection', 'cloudtrail-encryption', 'kms-customer-managed-key', 's3-replication', 'sns-encryption']);
    assert.equal(r.code, 1, 'errors without a deterministic fix are left');
    const lines = r.stderr.trimEnd().split('\n');
    assert.match(lines[0], /^sop-lens: fixed (\d+) findings in stack\.yaml$/);
    assert.ok(Number(/(\d+)/.exec(lines[0])![1]) >= 40);
    assert.deepEqual(
      lines.slice(1),
      report.findings.filter((f) => f.kind !== 'undecided').map((f) => `sop-lens: stack.yaml:${f.line}:${f.column}: ${f.ruleId} not fixed: no deterministic fix`),
    );

    const again = sopLens(['lint', '.', '--fix', '-f', 'json'], { cwd: dir });
    assert.equal(again.stdout, r.stdout);
    assert.equal(fs.statSync(file).ino, after.ino, 'a second run changes nothing, so writes nothing');
    assert.equal(fs.statSync(file).mtimeMs, after.mtimeMs);
    assert.match(again.stderr, /\nsop-lens: note: nothing to fix; no file was written\n$/);
  });

  it('--fix keeps each file\'s line breaks: CRLF, and lone CRs as YAML 1.2 reads them', () => {
    const fixed = ['\r\n', '\r'].map((eol) => {
      const dir = folder({ 'trail.yaml': TRAIL.replace(/\n/g, eol) });
      const r = sopLens(['lint', '.', '--fix', ...ONLY], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      return { eol, text: fs.readFileSync(path.join(dir, 'trail.yaml'), 'utf8') };
    });
    for (const { eol, text } of fixed) {
      assert.match(text, /IsMultiRegionTrail: true/);
      assert.equal(text.split(eol).length, TRAIL.split('\n').length, `every line ends with ${JSON.stringify(eol)}`);
      assert.doesNotMatch(text, eol === '\r' ? /\n/ : /[^\r]\n/);
    }
  });

  it('--fix exits by the findings left: 0 when every finding at or above --fail-on was fixed', () => {
    const dir = folder({ 'trail.yaml': TRAIL, 'crlf.yaml': TRAIL.replace(/\n/g, '\r\n') });
    const r = sopLens(['lint', '.', '--fix', ...ONLY], { cwd: dir });
    assert.deepEqual(r, {
      code: 0,
      stdout: '0 errors, 0 warnings, 0 info in 2 files scanned\n',
      stderr: 'sop-lens: fixed 1 finding in crlf.yaml\nsop-lens: fixed 1 finding in trail.yaml\nsop-lens: fixed 2 findings in 2 files\n',
    });
    assert.equal(fs.readFileSync(path.join(dir, 'trail.yaml'), 'utf8'), TRAIL.replace('IsMultiRegionTrail: false', 'IsMultiRegionTrail: true'));
    assert.equal(fs.readFileSync(path.join(dir, 'crlf.yaml'), 'utf8'), TRAIL.replace('IsMultiRegionTrail: false', 'IsMultiRegionTrail: true').replace(/\n/g, '\r\n'), 'CRLF kept');
  });

  it('--fix through worker threads, and through a symbolic link, which stays a link', () => {
    const dir = folder({ 'a/trail.yaml': TRAIL, 'b/trail.yaml': TRAIL, 'shared/real.yaml': TRAIL });
    fs.symlinkSync(path.join(dir, 'shared', 'real.yaml'), path.join(dir, 'a', 'link.yaml'));
    const r = sopLens(['lint', 'a', 'b', '--fix', '--jobs', '2', ...ONLY], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    for (const f of ['a/trail.yaml', 'b/trail.yaml', 'shared/real.yaml']) assert.match(fs.readFileSync(path.join(dir, f), 'utf8'), /IsMultiRegionTrail: true\n/, f);
    assert.ok(fs.lstatSync(path.join(dir, 'a', 'link.yaml')).isSymbolicLink());
  });

  it('--fix-dry-run prints a unified diff that git apply takes, changes no file, and exits by the findings left', () => {
    const dir = folder({ 'stack.yaml': FIXABLE, 'k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\n' });
    const dry = sopLens(['lint', '.', '--fix-dry-run'], { cwd: dir });
    assert.equal(dry.code, 1);
    assert.equal(fs.readFileSync(path.join(dir, 'stack.yaml'), 'utf8'), FIXABLE, 'the file is unchanged');
    assert.match(dry.stdout, /^--- a\/stack\.yaml\n\+\+\+ b\/stack\.yaml\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    assert.ok(!dry.stdout.includes('k8s.yaml'), 'no diff for a file with nothing to fix');
    assert.match(dry.stderr, /^sop-lens: would fix \d+ findings in stack\.yaml\nsop-lens: stack\.yaml:\d+:\d+: cloudtrail-encryption not fixed: no deterministic fix\n/);

    const copy = folder({ 'stack.yaml': FIXABLE });
    fs.writeFileSync(path.join(tmp, 'fixes.patch'), dry.stdout);
    // GIT_CEILING_DIRECTORIES: the copy is no part of any repository, wherever the temporary folder is.
    const env = { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(copy) };
    const apply = spawnSync('git', ['apply', path.join(tmp, 'fixes.patch')], { cwd: copy, encoding: 'utf8', env });
    assert.equal(apply.status, 0, apply.stderr);
    sopLens(['lint', '.', '--fix'], { cwd: dir });
    assert.equal(fs.readFileSync(path.join(copy, 'stack.yaml'), 'utf8'), fs.readFileSync(path.join(dir, 'stack.yaml'), 'utf8'), 'the diff is what --fix writes');
  });

  it('--fix-dry-run writes the report of the findings left to --output', () => {
    const dir = folder({ 'trail.yaml': TRAIL });
    const r = sopLens(['lint', '.', '--fix-dry-run', ...ONLY, '-f', 'json', '-o', 'report.json'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^--- a\/trail\.yaml\n/);
    assert.deepEqual((JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport).findings, []);
  });

  it('says why a fix was refused: anchored Properties that an alias shares', () => {
    const shared = 'Resources:\n  A:\n    Type: AWS::CloudTrail::Trail\n    Properties: &trail\n      S3BucketName: logs\n      IsMultiRegionTrail: false\n  B:\n    Type: AWS::CloudTrail::Trail\n    Properties: *trail\n';
    const dir = folder({ 'shared.yaml': shared });
    const r = sopLens(['lint', '.', '--fix', ...ONLY], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(fs.readFileSync(path.join(dir, 'shared.yaml'), 'utf8'), shared);
    assert.equal(
      r.stderr,
      'sop-lens: shared.yaml:6:27: cloudtrail-multi-region not fixed: its fix was refused: it would also change resource B (a YAML alias shares the value it edits)\n' +
        'sop-lens: note: nothing to fix; no file was written\n',
    );
  });

  it('a file that cannot be written stays as it was, and the run exits 2', () => {
    // A zero file-size limit makes every write fail (EFBIG) for any user, root included.
    const dir = folder({ 'trail.yaml': TRAIL });
    const r = sopLens(['lint', '.', '--fix', ...ONLY], { cwd: dir, before: 'ulimit -f 0' });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'sop-lens: trail.yaml: not fixed: cannot write it (EFBIG: file too large); the file is unchanged\n');
    assert.match(r.stdout, /^trail\.yaml:6:27: error cloudtrail-multi-region /);
    assert.equal(fs.readFileSync(path.join(dir, 'trail.yaml'), 'utf8'), TRAIL);
    assert.deepEqual(fs.readdirSync(dir), ['trail.yaml'], 'no temporary file left');
  });
});
