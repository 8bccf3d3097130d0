/** The CLI run in process (no bundle, no worker threads): commands, notes on stderr, --output. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliIo, runCli, useColor } from '../../src/cli/cli';
import { autoWorkerCount, lintFiles } from '../../src/cli/run';
import { RULES } from '../../src/core/rules/registry';
import { VERSION } from '../../src/cli/version';
import { FIXTURES_REL, REPO } from './support/paths';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd: REPO, env: {}, stdoutIsTTY: false, writeStdout: (t) => (stdout += t), writeStderr: (t) => (stderr += t) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const ONLY = ['--rules', 'cloudtrail-multi-region'];

describe('cli (in process)', () => {
  it('prints help and the version', async () => {
    const help = await run('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^SOP Lens \d+\.\d+\.\d+: /);
    assert.match(help.stdout, /sop-lens lint <files or folders\.\.\.>/);
    assert.deepEqual(await run('--version'), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
    assert.equal(VERSION, (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('lists every rule with its id, control, severity and title', async () => {
    const text = await run('rules');
    assert.equal(text.code, 0);
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^RULE +CONTROL +SEVERITY +TITLE$/);
    assert.equal(lines.length, RULES.length + 1);
    assert.match(text.stdout, /\ncloudtrail-multi-region +ACCT-001 +error +CloudTrail trails record every region\n/);
    const json = JSON.parse((await run('rules', '--format', 'json')).stdout) as { version: string; rules: Record<string, unknown>[] };
    assert.equal(json.version, VERSION);
    assert.deepEqual(json.rules.map((r) => r.id), RULES.map((r) => r.id));
    assert.deepEqual(
      { ...json.rules.find((r) => r.id === 'cloudtrail-multi-region'), resourceTypes: undefined, reference: undefined },
      { id: 'cloudtrail-multi-region', control: 'ACCT-001', severity: 'error', title: 'CloudTrail trails record every region', resourceTypes: undefined, reference: undefined },
    );
  });

  it('exits 2 with one line on stderr for usage errors and missing paths', async () => {
    for (const argv of [['lint', '.', '--nope'], ['lint', 'no/such/folder'], ['lint', '.', '--rules', 'nope']]) {
      const r = await run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^sop-lens: [^\n]+\n$/);
    }
  });

  it('notes a named file that is not CloudFormation, and a run that found no template', async () => {
    const r = await run('lint', `${FIXTURES_REL}/project/not-cloudformation.yaml`);
    assert.equal(r.code, 0);
    assert.equal(
      r.stderr,
      `sop-lens: note: ${FIXTURES_REL}/project/not-cloudformation.yaml is not a CloudFormation template; skipped\n` +
        `sop-lens: note: no CloudFormation templates found in ${FIXTURES_REL}/project/not-cloudformation.yaml\n`,
    );
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 info in 0 files scanned, 1 skipped (not CloudFormation)\n');
  });

  it('hides "cannot decide" findings with --no-undecided', async () => {
    const all = JSON.parse((await run('lint', `${FIXTURES_REL}/project/violating.yaml`, ...ONLY, '-f', 'json')).stdout) as { findings: { kind: string }[] };
    const decided = JSON.parse((await run('lint', `${FIXTURES_REL}/project/violating.yaml`, ...ONLY, '-f', 'json', '--no-undecided')).stdout) as { findings: { kind: string }[] };
    assert.ok(all.findings.some((f) => f.kind === 'undecided'));
    assert.deepEqual(decided.findings, all.findings.filter((f) => f.kind !== 'undecided'));
  });

  it('writes the report to --output (creating its folder), and nothing to stdout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-cli-'));
    try {
      const target = path.join(dir, 'reports', 'sop.json');
      const r = await run('lint', `${FIXTURES_REL}/clean`, ...ONLY, '--format', 'json', '--output', target);
      assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
      assert.equal((JSON.parse(fs.readFileSync(target, 'utf8')) as { files: number }).files, 1);
      const blocked = await run('lint', `${FIXTURES_REL}/clean`, '--output', path.join(target, 'under-a-file.txt'));
      assert.equal(blocked.code, 2);
      assert.match(blocked.stderr, /^sop-lens: cannot write .*under-a-file\.txt \((ENOTDIR|EEXIST)[^)]*\)\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a file that cannot be read as an error outcome, a folder where a file was expected included', async () => {
    const [missing, folder] = await lintFiles(
      [
        { absolutePath: path.join(REPO, 'no-such-file.yaml'), file: 'no-such-file.yaml', explicit: true },
        { absolutePath: path.join(REPO, FIXTURES_REL), file: 'fixtures.yaml', explicit: true },
      ],
      { config: {}, workers: 0 },
    );
    assert.deepEqual(missing, { file: 'no-such-file.yaml', status: 'error', error: 'cannot read it (ENOENT: it does not exist)' });
    assert.deepEqual(folder, { file: 'fixtures.yaml', status: 'error', error: 'cannot read it: it is a folder, not a file' });
  });

  it('--fix keeps a file it cannot write as it was, says why, reports its findings, and exits 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-cli-'));
    try {
      const file = path.join(dir, 'trail.yaml');
      const text = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsMultiRegionTrail: false\n';
      fs.writeFileSync(file, text);
      let stdout = '';
      let stderr = '';
      const denied = Object.assign(new Error('denied'), { code: 'EACCES' });
      const io: CliIo = { cwd: dir, env: {}, stdoutIsTTY: false, writeStdout: (t) => (stdout += t), writeStderr: (t) => (stderr += t), writeFile: () => Promise.reject(denied) };
      const code = await runCli(['lint', '.', '--fix', ...ONLY], io);
      assert.equal(code, 2);
      assert.equal(fs.readFileSync(file, 'utf8'), text);
      assert.equal(stderr, 'sop-lens: trail.yaml: not fixed: cannot write it (EACCES: permission denied); the file is unchanged\n');
      assert.match(stdout, /^trail\.yaml:5:27: error cloudtrail-multi-region ACCT-001: CloudTrail trail is not multi-region\n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts worker threads only for large folders, one per idle core, at most four', () => {
    assert.equal(autoWorkerCount(50, 8, 0), 0);
    assert.equal(autoWorkerCount(1000, 1, 0), 0);
    assert.equal(autoWorkerCount(51, 8, 0), 2);
    assert.equal(autoWorkerCount(1000, 2, 0.3), 2);
    assert.equal(autoWorkerCount(1000, 16, 0), 4);
    assert.equal(autoWorkerCount(1000, 4, 1.2), 3);
    assert.equal(autoWorkerCount(1000, 2, 1.2), 0, 'one idle core: lint on this thread');
    assert.equal(autoWorkerCount(1000, 2, 3), 0, 'a saturated machine');
  });

  it('uses colour on a terminal unless NO_COLOR is set, or when FORCE_COLOR is', () => {
    assert.equal(useColor({ env: {}, stdoutIsTTY: true }), true);
    assert.equal(useColor({ env: {}, stdoutIsTTY: false }), false);
    assert.equal(useColor({ env: { NO_COLOR: '1' }, stdoutIsTTY: true }), false);
    assert.equal(useColor({ env: { NO_COLOR: '' }, stdoutIsTTY: true }), true);
    assert.equal(useColor({ env: { FORCE_COLOR: '1' }, stdoutIsTTY: false }), true);
    assert.equal(useColor({ env: { FORCE_COLOR: '0' }, stdoutIsTTY: true }), false);
    assert.equal(useColor({ env: { FORCE_COLOR: '1', NO_COLOR: '1' }, stdoutIsTTY: true }), false);
  });
});
