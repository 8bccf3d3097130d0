/** `sop-lens check` without AWS: arguments, exit codes, the report and its text and JSON forms, setup errors. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CheckCommand, UsageError, helpText, parseCommandLine } from '../../src/cli/args';
import { formatCheckJson, formatCheckText } from '../../src/cli/check-format';
import { buildCheckReport, type CheckReport } from '../../src/cli/check-report';
import { type CliIo, runCli } from '../../src/cli/cli';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNDECIDED, EXIT_USAGE_OR_IO, exitCodeForChecks } from '../../src/cli/exit-policy';
import type { Account } from '../../src/core/accounts/model';
import { AWS_DEFAULTS } from '../../src/core/aws/defaults';
import { AwsAccessError } from '../../src/core/aws/errors';
import type { CheckResult } from '../../src/core/controls/check';
import { CHECKS } from '../../src/core/controls/registry';
import type { AccountResults } from '../../src/core/controls/run';
import { FIXTURES_REL, REPO } from './support/paths';

const parse = (...argv: string[]) => parseCommandLine(argv, []);
const usageError = (argv: string[], message: RegExp) => assert.throws(() => parse(...argv), (e: unknown) => e instanceof UsageError && message.test(e.message));

describe('sop-lens check: arguments', () => {
  it('reads check with its defaults', () => {
    assert.deepEqual(parse('check'), {
      kind: 'check',
      accountsFile: '.sop/accounts.yaml',
      accounts: [],
      checks: undefined,
      regions: undefined,
      endpointUrl: undefined,
      format: 'text',
      mfaCode: undefined,
      output: undefined,
      callTimeoutSeconds: AWS_DEFAULTS.callTimeoutSeconds,
    } satisfies CheckCommand);
  });

  it('reads --call-timeout in whole seconds from 1 to 600, and refuses anything else as a usage error', async () => {
    assert.equal((parse('check', '--call-timeout', '5') as CheckCommand).callTimeoutSeconds, 5);
    assert.equal((parse('check', '--call-timeout=600') as CheckCommand).callTimeoutSeconds, 600);
    for (const bad of ['0', '601', '2.5', '-1', 'ten', '', '1e3']) {
      usageError(['check', `--call-timeout=${bad}`], /^invalid value ".*" for --call-timeout: use whole seconds from 1 to 600 \(default 30\)$/);
    }
    usageError(['lint', '.', '--call-timeout', '5'], /--call-timeout is an option of `sop-lens check`, not of `sop-lens lint`/);
    let stderr = '';
    const io: CliIo = { cwd: os.tmpdir(), env: {}, stdoutIsTTY: false, stdinIsTTY: false, writeStdout: () => undefined, writeStderr: (t) => (stderr += t) };
    assert.equal(await runCli(['check', '--call-timeout', '0'], io), EXIT_USAGE_OR_IO);
    assert.equal(stderr, 'sop-lens: invalid value "0" for --call-timeout: use whole seconds from 1 to 600 (default 30)\n');
  });

  it('reads every check option; lists are repeatable and comma-separated', () => {
    const c = parse(
      'check', '--accounts', 'ops/accounts.yaml', '--account', '111111111111', '--account=Acme staging,111111111111', '--checks', 'root-mfa, guardduty-all-regions',
      '--regions', 'us-east-1', '--regions', 'eu-west-1,us-gov-west-1', '--endpoint-url', 'http://127.0.0.1:4566', '-f', 'json', '--mfa-code', '123456', '-o', 'out/report.json',
    ) as CheckCommand;
    assert.equal(c.accountsFile, 'ops/accounts.yaml');
    assert.deepEqual(c.accounts, ['111111111111', 'Acme staging']);
    assert.deepEqual(c.checks, ['root-mfa', 'guardduty-all-regions']);
    assert.deepEqual(c.regions, ['us-east-1', 'eu-west-1', 'us-gov-west-1']);
    assert.equal(c.endpointUrl, 'http://127.0.0.1:4566');
    assert.equal(c.format, 'json');
    assert.equal(c.mfaCode, '123456');
    assert.equal(c.output, 'out/report.json');
  });

  it('rejects bad values without repeating a secret', () => {
    usageError(['check', '--format', 'sarif'], /^invalid value "sarif" for --format: use one of text, json$/);
    usageError(['check', '--regions', 'us-east-1,Europe'], /^invalid region "Europe" in --regions/);
    usageError(['check', '--endpoint-url', 'localhost:4566'], /--endpoint-url: use an http:\/\/ or https:\/\/ URL/);
    usageError(['check', '--endpoint-url', 'not a url'], /--endpoint-url: use a URL/);
    usageError(['check', '--checks', ' , '], /--checks needs at least a check id/);
    usageError(['check', 'accounts.yaml'], /takes no file arguments/);
    assert.throws(() => parse('check', '--mfa-code', '12345x'), (e: Error) => e instanceof UsageError && /6-digit/.test(e.message) && !e.message.includes('12345x'));
  });

  it('keeps lint and check options apart', () => {
    usageError(['check', '--fail-on', 'warning'], /--fail-on is an option of `sop-lens lint`, not of `sop-lens check`/);
    usageError(['lint', '.', '--account', 'x'], /--account is an option of `sop-lens check`, not of `sop-lens lint`/);
    usageError(['rules', '--mfa-code', '123456'], /--mfa-code is an option of `sop-lens check`/);
    assert.equal((parse('lint', '.', '-o', 'r.txt') as { output?: string }).output, 'r.txt');
  });

  it('documents the command, its options and its exit codes in --help', () => {
    const help = helpText('1.2.3');
    for (const text of ['sop-lens check [options]', '--accounts <file>', '--account <id|name>', '--checks', '--regions', '--endpoint-url <url>', '--mfa-code <code>', '3  nothing failed, but some check could not be decided']) {
      assert.ok(help.includes(text), text);
    }
  });

  it('documents the defaults of the AWS calls in --help, from the one place that defines them', () => {
    const help = helpText('1.2.3').replace(/\s+/g, ' ');
    const { concurrency, callTimeoutSeconds, maxAttempts, sessionDurationMinutes } = AWS_DEFAULTS;
    assert.ok(help.includes(`--call-timeout <seconds> time one AWS call may take, retries included, before its region is unknown (default: ${callTimeoutSeconds}; 1 to 600)`), help);
    assert.ok(help.includes(`Each call is tried ${maxAttempts} times at most`), help);
    assert.ok(help.includes(`at most ${concurrency.overall} calls run at once, ${concurrency.perAccount} in one account, and ${concurrency.accounts} accounts are checked at once`), help);
    assert.ok(help.includes(`Assumed-role sessions last ${sessionDurationMinutes} minutes`), help);
  });
});

describe('sop-lens check: exit codes', () => {
  const code = (statuses: CheckResult['status'][], signInFailed = false) => exitCodeForChecks({ signInFailed, statuses });
  it('0 when all pass, 1 on any failure, 3 when only undecided, 2 when an account could not be signed in to', () => {
    assert.equal(code(['pass', 'pass']), EXIT_OK);
    assert.equal(code([]), EXIT_OK);
    assert.equal(code(['pass', 'unknown', 'fail', 'error']), EXIT_FINDINGS);
    assert.equal(code(['pass', 'unknown']), EXIT_UNDECIDED);
    assert.equal(code(['error', 'pass']), EXIT_UNDECIDED);
    assert.equal(code(['fail'], true), EXIT_USAGE_OR_IO);
    assert.equal(EXIT_UNDECIDED, 3);
  });
});

const ACME: Account = { id: '111111111111', name: 'Acme production', access: { kind: 'profile', profile: 'acme' }, tags: {}, origin: 'accounts-file' };
const GLOBEX: Account = { ...ACME, id: '333333333333', name: 'Globex' };
const AT = '2025-06-01T12:00:00.000Z';

function sampleRuns(): AccountResults[] {
  return [
    {
      account: ACME,
      access: { arn: 'arn:aws:sts::111111111111:assumed-role/Audit/sop-lens.alice', method: 'profile', profile: 'acme', source: 'profile acme', mfa: false, description: 'profile acme' },
      results: [
        { checkId: 'root-mfa', accountId: ACME.id, status: 'pass', reason: 'The root user has an MFA device.', evidence: [{ text: 'AccountMFAEnabled = 1', status: 'pass' }], decidedAt: AT },
        {
          checkId: 'guardduty-all-regions',
          accountId: ACME.id,
          status: 'fail',
          reason: 'Fails in eu-west-1; could not decide in eu-south-1.',
          evidence: [],
          decidedAt: AT,
          regions: [
            { region: 'us-east-1', status: 'pass', reason: 'Detector enabled.', evidence: [] },
            { region: 'eu-west-1', status: 'fail', reason: 'No detector.', evidence: [{ text: 'ListDetectors returned none', region: 'eu-west-1', status: 'fail' }] },
            { region: 'eu-south-1', status: 'unknown', reason: 'eu-south-1 is not enabled for this account (UnrecognizedClientException)', evidence: [] },
          ],
        },
      ],
    },
    {
      account: GLOBEX,
      signInError: new AwsAccessError('mfa-invalid', 'AWS did not accept the MFA code for arn:aws:iam::999999999999:mfa/alice.', 'Enter the current code.'),
      results: [
        { checkId: 'root-mfa', accountId: GLOBEX.id, status: 'error', reason: 'Could not sign in to Globex (333333333333): AWS did not accept the MFA code. Enter the current code.', evidence: [], decidedAt: AT },
      ],
    },
  ];
}

const INFO = new Map(CHECKS.map((c) => [c.id, { title: c.title, controls: c.controls }]));

describe('sop-lens check: report', () => {
  const report: CheckReport = buildCheckReport('9.9.9', new Date(AT), sampleRuns(), INFO);

  it('holds per account, check and region: status, reason, evidence and decision time, and a summary', () => {
    const json = JSON.parse(formatCheckJson(report)) as CheckReport;
    assert.equal(json.version, '9.9.9');
    assert.equal(json.checkedAt, AT);
    assert.deepEqual(json.summary, { accounts: 2, checks: 3, pass: 1, fail: 1, unknown: 0, error: 1 });
    assert.deepEqual(Object.keys(json.accounts[0]), ['id', 'name', 'access', 'checks']);
    assert.deepEqual(json.accounts[0].access, sampleRuns()[0].access, 'the access the account was checked with');
    assert.deepEqual(Object.keys(json.accounts[1]), ['id', 'name', 'signInError', 'checks'], 'no access when the sign-in failed');
    assert.deepEqual(Object.keys(json.accounts[0].checks[0]), ['id', 'title', 'controls', 'status', 'reason', 'evidence', 'decidedAt', 'regions']);
    const guardduty = json.accounts[0].checks[1];
    assert.deepEqual(guardduty.controls, INFO.get('guardduty-all-regions')?.controls);
    assert.deepEqual(guardduty.regions.map((r) => [r.region, r.status]), [['us-east-1', 'pass'], ['eu-west-1', 'fail'], ['eu-south-1', 'unknown']]);
    assert.deepEqual(Object.keys(guardduty.regions[0]), ['region', 'status', 'reason', 'evidence']);
    assert.equal(json.accounts[1].signInError, 'AWS did not accept the MFA code for arn:aws:iam::999999999999:mfa/alice. Enter the current code.');
  });

  it('writes text: a header per account, one line per check, details under those that did not pass', () => {
    const text = formatCheckText(report, { color: false });
    const lines = text.split('\n');
    assert.equal(lines[0], 'Acme production (111111111111): 1 failing · 1 passing');
    assert.equal(lines[1], '  as arn:aws:sts::111111111111:assumed-role/Audit/sop-lens.alice: profile acme');
    assert.match(lines[2], /^ {2}✓ root-mfa +ACCT-001 +The root user has an MFA device\.$/);
    assert.match(lines[3], /^ {2}✗ guardduty-all-regions +ACCT-001 +Fails in eu-west-1; could not decide in eu-south-1\.$/);
    assert.deepEqual(lines.slice(4, 8), [
      '      ✗ eu-west-1: No detector.',
      '          ✗ ListDetectors returned none [eu-west-1]',
      '      ? eu-south-1: eu-south-1 is not enabled for this account (UnrecognizedClientException)',
      '      ✓ 1 other region pass',
    ]);
    assert.ok(!text.includes('AccountMFAEnabled'), 'evidence of passing checks is not repeated');
    assert.match(text, /\nGlobex \(333333333333\): 1 undecided\n {2}! could not sign in: AWS did not accept the MFA code/);
    assert.match(text, /\n {2}! root-mfa +ACCT-001 +not checked\n/);
    assert.ok(text.endsWith('\n2 accounts, 3 checks: 1 pass, 1 fail, 0 unknown, 1 error\n'));
    assert.ok(!text.includes('\u001b['));
    const coloured = formatCheckText(report, { color: true });
    assert.ok(coloured.includes('\u001b[31m✗\u001b[0m'));
    assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), text);
  });
});

describe('sop-lens check: setup errors (exit 2, one line each)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-check-setup-'));
    fs.mkdirSync(path.join(dir, '.sop'));
    fs.writeFileSync(path.join(dir, '.sop', 'accounts.yaml'), 'version: 1\naccounts:\n  - name: Acme production\n    id: "111111111111"\n    access: { profile: acme }\n');
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'version: 1\naccounts:\n  - name: Broken\n    id: "12345"\n    access: { profile: acme }\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd: dir, env: {}, stdoutIsTTY: false, writeStdout: (t) => (stdout += t), writeStderr: (t) => (stderr += t) };
    return { code: await runCli(['check', ...argv], io), stdout, stderr };
  }

  it('has no accounts file', async () => {
    const r = await run('--accounts', 'nowhere.yaml');
    assert.deepEqual([r.code, r.stdout], [2, '']);
    assert.match(r.stderr, /^sop-lens: no accounts file at nowhere\.yaml: .*--accounts\n$/);
  });

  it('names an account the file does not have, listing the ones it has', async () => {
    const r = await run('--account', 'Globex');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'sop-lens: no account "Globex" in .sop/accounts.yaml; its accounts: Acme production (111111111111)\n');
  });

  it('names an unknown check, listing the valid ones', async () => {
    const r = await run('--checks', 'root-mfa,root-mfaa');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^sop-lens: unknown check id "root-mfaa" in --checks; valid check ids: .*root-mfa/);
  });

  it('shows the problems of an invalid accounts file with their positions', async () => {
    const r = await run('--accounts', 'broken.yaml');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^broken\.yaml:4:\d+: .+\nsop-lens: broken\.yaml has 1 problem; fix it and run again\n$/);
  });
});

describe('sop-lens check: loading', () => {
  it('leaves the check command, the live checks and the AWS SDK unloaded when linting', () => {
    const cli = path.join(REPO, 'out', 'src', 'cli', 'cli.js');
    const script = `
      const { runCli } = require(${JSON.stringify(cli)});
      const io = { cwd: ${JSON.stringify(REPO)}, env: {}, stdoutIsTTY: false, writeStdout() {}, writeStderr() {} };
      runCli(['lint', ${JSON.stringify(FIXTURES_REL)}, '--jobs', '1'], io).then(() => {
        const loaded = Object.keys(require.cache).filter((k) => /@aws-sdk|check-command|controls[\\/]registry|sdk-api/.test(k));
        process.stdout.write(JSON.stringify(loaded));
      });`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
    assert.deepEqual(loaded, []);
  });
});
