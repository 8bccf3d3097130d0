/**
 * End to end: the real bundle (dist/cli.js, built by scripts/build.mjs) started through bin/sop-lens.js
 * on the fixture folders in test/fixtures/cli, as CI would run it. Rule-dependent assertions pin
 * `--rules cloudtrail-multi-region`, so rules added later do not change them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../../src/cli/format-json';
import { FINGERPRINT_KEY } from '../../src/cli/format-sarif';
import type { ReportFinding } from '../../src/cli/report';
import { FIXTURES, FIXTURES_REL, REPO } from './support/paths';
import { ensureBundle, sopLens } from './support/run-cli';
import { assertValidSarif } from './support/sarif-schema';
import type { SarifLog, SarifResult } from './support/sarif-types';

const ONLY = ['--rules', 'cloudtrail-multi-region'];
const P = `${FIXTURES_REL}/project`;

const PROJECT_FINDINGS: ReportFinding[] = [
  { file: `${P}/malformed.yaml`, ruleId: 'parse-error', control: null, severity: 'error', resource: null, path: null, line: 9, column: 1, endLine: 9, endColumn: 2, message: 'YAML syntax error: All mapping items must start at the same column', kind: 'parse', suppressed: null },
  { file: `${P}/nested/deeper/logging.template`, ruleId: 'cloudtrail-multi-region', control: 'ACCT-001', severity: 'error', resource: 'RegionalTrail', path: 'Properties.IsMultiRegionTrail', line: 6, column: 5, endLine: 6, endColumn: 15, message: 'ACCT-001: CloudTrail trail is not multi-region (IsMultiRegionTrail is not set; it defaults to false)', kind: 'violation', suppressed: null },
  { file: `${P}/stack.json`, ruleId: 'cloudtrail-multi-region', control: 'ACCT-001', severity: 'error', resource: 'OrganizationTrail', path: 'Properties.IsMultiRegionTrail', line: 19, column: 31, endLine: 19, endColumn: 36, message: 'ACCT-001: CloudTrail trail is not multi-region', kind: 'violation', suppressed: null },
  { file: `${P}/violating.yaml`, ruleId: 'cloudtrail-multi-region', control: 'ACCT-001', severity: 'error', resource: 'ManagementTrail', path: 'Properties.IsMultiRegionTrail', line: 35, column: 27, endLine: 35, endColumn: 32, message: 'ACCT-001: CloudTrail trail is not multi-region', kind: 'violation', suppressed: null },
  { file: `${P}/violating.yaml`, ruleId: 'cloudtrail-multi-region', control: 'ACCT-001', severity: 'info', resource: 'WorkloadTrail', path: 'Properties.IsMultiRegionTrail', line: 43, column: 27, endLine: 43, endColumn: 55, message: 'ACCT-001: Cannot decide whether the trail is multi-region: it comes from parameter WorkloadTrailAllRegions, which has no Default.', kind: 'undecided', suppressed: null },
  { file: `${P}/violating.yaml`, ruleId: 'cloudtrail-multi-region', control: 'ACCT-001', severity: 'error', resource: 'DataEventsTrail', path: 'Properties.IsMultiRegionTrail', line: 47, column: 5, endLine: 47, endColumn: 15, message: 'ACCT-001: CloudTrail trail is not multi-region (IsMultiRegionTrail is not set; it defaults to false)', kind: 'violation', suppressed: null },
  { file: `${P}/violating.yaml`, ruleId: 'cloudtrail-multi-region', control: 'ACCT-001', severity: 'error', resource: 'ResidencyTrail', path: 'Properties.IsMultiRegionTrail', line: 69, column: 27, endLine: 69, endColumn: 32, message: 'ACCT-001: CloudTrail trail is not multi-region', kind: 'violation', suppressed: { reason: 'Data residency audit confined to eu-central-1; ManagementTrail covers every region.' } },
];

describe('sop-lens CLI end to end', function () {
  this.timeout(180_000);
  let tmp: string;

  before(function () {
    ensureBundle();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-e2e-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('exit codes', () => {
    it('0 for a clean folder', () => {
      const r = sopLens(['lint', `${FIXTURES_REL}/clean`, ...ONLY]);
      assert.deepEqual(r, { code: 0, stdout: '0 errors, 0 warnings, 0 info in 1 file scanned\n', stderr: '' });
    });

    it('1 for violations and parse errors', () => {
      assert.equal(sopLens(['lint', P, ...ONLY]).code, 1);
      assert.equal(sopLens(['lint', `${P}/malformed.yaml`]).code, 1);
    });

    it('follows --fail-on for warnings', () => {
      assert.equal(sopLens(['lint', `${FIXTURES_REL}/warnings`, ...ONLY]).code, 0);
      assert.equal(sopLens(['lint', `${FIXTURES_REL}/warnings`, ...ONLY, '--fail-on', 'warning']).code, 1);
    });

    it('0 when the only errors are suppressed or undecided', () => {
      const dir = path.join(tmp, 'suppressed-only');
      fs.mkdirSync(dir);
      const lines = fs.readFileSync(path.join(FIXTURES, 'project', 'violating.yaml'), 'utf8').split('\n');
      // Keep the parameter, the bucket, the undecided WorkloadTrail and the suppressed ResidencyTrail.
      const start = (name: string): number => lines.indexOf(`  ${name}:`);
      const kept = [...lines.slice(0, start('ManagementTrail')), ...lines.slice(start('WorkloadTrail'), start('DataEventsTrail')), ...lines.slice(start('ResidencyTrail'))];
      fs.writeFileSync(path.join(dir, 'template.yaml'), kept.join('\n'));
      const r = sopLens(['lint', '.', ...ONLY, '--fail-on', 'warning'], { cwd: dir });
      const line = kept.indexOf('      IsMultiRegionTrail: !Ref WorkloadTrailAllRegions') + 1;
      assert.equal(
        r.stdout,
        `template.yaml:${line}:27: info cloudtrail-multi-region ACCT-001: Cannot decide whether the trail is multi-region: it comes from parameter WorkloadTrailAllRegions, which has no Default.\n\n` +
          '0 errors, 0 warnings, 1 info, 1 suppressed in 1 file scanned\n',
      );
      assert.equal(r.code, 0);
    });

    it('2 for an unknown flag, an unknown rule id, a missing path', () => {
      const flag = sopLens(['lint', P, '--bogus']);
      assert.deepEqual(flag, { code: 2, stdout: '', stderr: 'sop-lens: unknown option --bogus; see `sop-lens --help`\n' });
      const rule = sopLens(['lint', P, '--rules', 'cloudtrail-multi-region,cloudtrail-multiregion']);
      assert.equal(rule.code, 2);
      assert.match(rule.stderr, /^sop-lens: unknown rule id "cloudtrail-multiregion" in --rules; valid rule ids: [a-z0-9, -]*cloudtrail-multi-region[a-z0-9, -]*\n$/);
      const missing = sopLens(['lint', `${P}/nope.yaml`]);
      assert.deepEqual(missing, { code: 2, stdout: '', stderr: `sop-lens: no such file or folder: ${P}/nope.yaml\n` });
    });

    it('2 for a file that cannot be read, after reporting the others, whoever runs it', () => {
      // A link that leads to itself cannot be read by any user, root included (permission bits would not stop root).
      const dir = path.join(tmp, 'unreadable');
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(FIXTURES, 'project', 'stack.json'), path.join(dir, 'a.json'));
      fs.symlinkSync('locked.json', path.join(dir, 'locked.json'));
      const r = sopLens(['lint', '.', ...ONLY], { cwd: dir });
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'sop-lens: locked.json: cannot follow this symbolic link (ELOOP: a loop of symbolic links)\n');
      assert.match(r.stdout, /^a\.json:19:31: error cloudtrail-multi-region /);
      assert.match(r.stdout, /\n1 error, 0 warnings, 0 info in 1 file scanned, 1 could not be linted\n$/);
    });
  });

  describe('formats', () => {
    it('JSON: every field of every finding, files scanned and the summary', () => {
      const r = sopLens(['lint', P, ...ONLY, '--format', 'json']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '', 'a non-CloudFormation file found in a folder is skipped silently');
      const json = JSON.parse(r.stdout) as JsonReport;
      assert.equal(json.version, (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
      assert.equal(json.files, 4);
      assert.deepEqual(json.findings, PROJECT_FINDINGS);
      assert.deepEqual(json.summary, { error: 5, warning: 0, info: 1, suppressed: 1, filesScanned: 4, filesSkipped: 1, filesFailed: 0 });
    });

    it('text: path:line:column: severity rule-id message, grouped by file, then a summary', () => {
      const r = sopLens(['lint', P, ...ONLY]);
      const lines = r.stdout.split('\n');
      const expected = PROJECT_FINDINGS.filter((f) => !f.suppressed).map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.ruleId} ${f.message}`);
      assert.deepEqual(lines.filter((l) => /:\d+:\d+: /.test(l)), expected);
      for (const l of lines.slice(0, -3)) if (l !== '') assert.match(l, /^[^\s:]+:\d+:\d+: (error|warning|info) [a-z0-9-]+ \S.*$/);
      assert.equal(lines.at(-2), '5 errors, 0 warnings, 1 info, 1 suppressed in 4 files scanned, 1 skipped (not CloudFormation)');
      assert.equal(lines.at(-3), '', 'a blank line before the summary');
      assert.equal(lines.filter((l) => l === '').length, 5, 'a blank line between each of the four files, one before the summary, and the final newline');
      assert.ok(!r.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
    });

    it('text: colour with FORCE_COLOR, none with NO_COLOR', () => {
      assert.ok(sopLens(['lint', P, ...ONLY], { env: { FORCE_COLOR: '1' } }).stdout.includes('\u001b[31merror\u001b[0m'));
      assert.ok(!sopLens(['lint', P, ...ONLY], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout.includes('\u001b['));
    });

    it('SARIF: valid 2.1.0, written to --output, with rules, results, suppressions and parse errors', () => {
      const out = path.join(tmp, 'reports', 'sop-lens.sarif');
      const r = sopLens(['lint', P, ...ONLY, '--format', 'sarif', '--output', out]);
      assert.deepEqual(r, { code: 1, stdout: '', stderr: '' });
      const log = JSON.parse(fs.readFileSync(out, 'utf8')) as SarifLog;
      assertValidSarif(log);
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'SOP Lens');
      assert.deepEqual(run.tool.driver.rules.map((rule) => rule.id).slice(0, 2), ['cloudtrail-multi-region', 'parse-error']);
      assert.equal(run.results.length, PROJECT_FINDINGS.length);
      run.results.forEach((res, i) => {
        const f = PROJECT_FINDINGS[i];
        assert.equal(res.ruleId, f.ruleId);
        assert.equal(run.tool.driver.rules[res.ruleIndex].id, f.ruleId);
        assert.equal(res.level, { error: 'error', warning: 'warning', info: 'note' }[f.severity]);
        assert.equal(res.message.text, f.message);
        assert.deepEqual(res.locations[0].physicalLocation, {
          artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        });
        assert.deepEqual(res.suppressions, f.suppressed ? [{ kind: 'inSource', justification: f.suppressed.reason }] : undefined);
        assert.deepEqual(res.locations[0].logicalLocations, f.resource ? [{ name: f.resource, fullyQualifiedName: `Resources.${f.resource}`, kind: 'resource' }] : undefined);
      });
    });

    it('SARIF: fingerprints survive lines moving', () => {
      const dir = path.join(tmp, 'moving');
      fs.mkdirSync(path.join(dir, 'infra'), { recursive: true });
      const file = path.join(dir, 'infra', 'audit.yaml');
      const original = fs.readFileSync(path.join(FIXTURES, 'project', 'violating.yaml'), 'utf8');
      const scan = (): SarifResult[] => (JSON.parse(sopLens(['lint', '.', ...ONLY, '-f', 'sarif'], { cwd: dir }).stdout) as SarifLog).runs[0].results;
      fs.writeFileSync(file, original);
      const before = scan();
      fs.writeFileSync(file, `# Owner: platform team\n# Reviewed: 2024-05-02\n\n${original}`);
      const after = scan();
      assert.equal(after.length, before.length);
      assert.deepEqual(after.map((r) => r.partialFingerprints[FINGERPRINT_KEY]), before.map((r) => r.partialFingerprints[FINGERPRINT_KEY]));
      assert.deepEqual(after.map((r) => r.locations[0].physicalLocation.region.startLine), before.map((r) => r.locations[0].physicalLocation.region.startLine + 3));
      assert.equal(new Set(before.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).size, before.length);
    });
  });

  describe('files', () => {
    it('skips node_modules, .git, .aws-sam, cdk.out and other dot folders', () => {
      const dir = path.join(tmp, 'repo');
      const violating = fs.readFileSync(path.join(FIXTURES, 'project', 'stack.json'), 'utf8');
      for (const sub of ['node_modules/vendor', '.git/refs', '.aws-sam/build', 'cdk.out', '.serverless', 'infra']) {
        fs.mkdirSync(path.join(dir, sub), { recursive: true });
        fs.writeFileSync(path.join(dir, sub, 'stack.json'), violating);
      }
      const json = JSON.parse(sopLens(['lint', '.', ...ONLY, '-f', 'json'], { cwd: dir }).stdout) as JsonReport;
      assert.deepEqual(json.findings.map((f) => f.file), ['infra/stack.json']);
    });

    it('notes a named non-CloudFormation file on stderr without failing', () => {
      const r = sopLens(['lint', `${P}/not-cloudformation.yaml`, `${FIXTURES_REL}/clean`, ...ONLY]);
      assert.deepEqual(r, {
        code: 0,
        stdout: '0 errors, 0 warnings, 0 info in 1 file scanned, 1 skipped (not CloudFormation)\n',
        stderr: `sop-lens: note: ${P}/not-cloudformation.yaml is not a CloudFormation template; skipped\n`,
      });
    });

    it('--exclude skips matching files and folders', () => {
      const json = JSON.parse(sopLens(['lint', P, ...ONLY, '-f', 'json', '--exclude', '**/nested/**', '--exclude', '*.json']).stdout) as JsonReport;
      assert.deepEqual([...new Set(json.findings.map((f) => f.file))], [`${P}/malformed.yaml`, `${P}/violating.yaml`]);
    });
  });

  describe('worker threads', () => {
    it('give the same report as a single thread, in the same order', () => {
      const dir = path.join(tmp, 'many');
      fs.mkdirSync(path.join(dir, 'stacks'), { recursive: true });
      const sources = ['violating.yaml', 'stack.json', 'malformed.yaml', 'not-cloudformation.yaml'].map((f) => [f, fs.readFileSync(path.join(FIXTURES, 'project', f), 'utf8')]);
      for (let i = 0; i < 120; i++) {
        const [name, text] = sources[i % sources.length];
        fs.writeFileSync(path.join(dir, 'stacks', `${String(i).padStart(3, '0')}-${name}`), text);
      }
      const single = sopLens(['lint', '.', ...ONLY, '-f', 'json', '--jobs', '1'], { cwd: dir });
      const threaded = sopLens(['lint', '.', ...ONLY, '-f', 'json', '--jobs', '3'], { cwd: dir });
      const auto = sopLens(['lint', '.', ...ONLY, '-f', 'json'], { cwd: dir });
      assert.equal(single.code, 1);
      assert.equal(single.stderr, '');
      const json = JSON.parse(single.stdout) as JsonReport;
      assert.equal(json.files, 90);
      assert.equal(json.summary.filesSkipped, 30);
      assert.equal(threaded.stdout, single.stdout);
      assert.equal(auto.stdout, single.stdout);
      assert.equal(threaded.code, 1);
    });

    it('end when there are more threads than batches of files', () => {
      const r = sopLens(['lint', `${P}/stack.json`, `${P}/violating.yaml`, ...ONLY, '--jobs', '4']);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /in 2 files scanned\n$/);
    });
  });

  describe('commands', () => {
    it('--help, --version and rules', () => {
      const help = sopLens(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /Usage:\n {2}sop-lens lint <files or folders\.\.\.> \[options\]/);
      const version = sopLens(['--version']);
      assert.deepEqual(version, { code: 0, stdout: `${(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version}\n`, stderr: '' });
      const rules = JSON.parse(sopLens(['rules', '--format', 'json']).stdout) as { rules: { id: string }[] };
      assert.deepEqual(
        rules.rules.find((r) => r.id === 'cloudtrail-multi-region'),
        {
          id: 'cloudtrail-multi-region',
          control: 'ACCT-001',
          severity: 'error',
          title: 'CloudTrail trails record every region',
          resourceTypes: ['AWS::CloudTrail::Trail'],
          reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-ismultiregiontrail',
        },
      );
      assert.equal(sopLens(['rules']).code, 0);
    });
  });
});
