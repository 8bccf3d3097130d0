/**
 * `sop-lens check` in process against the moto + proxy backend seeded with the test fixture: statuses
 * per account, per-region faults, JSON shape, exit codes, and the number of calls the proxy counted.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliIo, runCli } from '../../src/cli/cli';
import type { CheckReport } from '../../src/cli/check-report';
import { type AwsBackend, FIXTURE_KEYS, HUB_MFA_SERIAL, awsBackend } from '../aws/support/backend';
import { REPO } from './support/paths';

const FIXTURES = path.join(REPO, 'test', 'aws-backend', 'fixtures');

/** A workspace with the fixture's accounts file, and the fixture's AWS shared config as the environment. */
function workspace(): { dir: string; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-check-'));
  fs.mkdirSync(path.join(dir, '.sop'));
  fs.copyFileSync(path.join(FIXTURES, 'accounts-file.yaml'), path.join(dir, '.sop', 'accounts.yaml'));
  return { dir, env: { HOME: dir, AWS_CONFIG_FILE: path.join(FIXTURES, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURES, 'aws-credentials') } };
}

describe('sop-lens check against the AWS backend', function () {
  this.timeout(120_000);
  let backend: AwsBackend;
  let ws: { dir: string; env: Record<string, string> };

  before(async function () {
    this.timeout(180_000);
    backend = await awsBackend();
    await backend.seed();
    ws = workspace();
  });
  after(() => fs.rmSync(ws.dir, { recursive: true, force: true }));

  async function check(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const writeStderr = (text: string): void => {
      stderr += text;
      // Identity Center sign-in: approve the device code as the user would in the browser.
      const userCode = /confirm the code (\S+)/.exec(text)?.[1];
      if (userCode) void backend.approveDeviceCode(userCode);
    };
    const io: CliIo = { cwd: ws.dir, env: ws.env, stdoutIsTTY: false, stdinIsTTY: false, writeStdout: (t) => (stdout += t), writeStderr };
    const code = await runCli(['check', '--endpoint-url', backend.endpoint, ...argv], io);
    return { code, stdout, stderr };
  }

  const ACCOUNTS = ['--account', 'Acme production', '--account', 'Acme staging', '--account', 'Globex locked-down'];
  const json = (stdout: string) => JSON.parse(stdout) as CheckReport;
  const statusOf = (report: CheckReport, account: string, check: string) => report.accounts.find((a) => a.id === account)?.checks.find((c) => c.id === check);

  it('passes the compliant account, fails the seeded gaps, and leaves faulted regions undecided (exit 1)', async () => {
    const mfa = await backend.mfaCode(HUB_MFA_SERIAL);
    await backend.resetStats();
    const r = await check('--mfa-code', mfa, '--format', 'json', ...ACCOUNTS);
    assert.equal(r.code, 1, r.stderr);
    const report = json(r.stdout);
    assert.deepEqual(report.accounts.map((a) => a.name), ['Acme production', 'Acme staging', 'Globex locked-down']);
    const [prod, staging, globex] = report.accounts;
    assert.deepEqual(prod.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.reason}`), []);
    assert.ok(prod.checks.length >= 9);

    for (const id of ['root-mfa', 'federated-access-only', 'cloudtrail-all-regions', 'dynamodb-pitr', 'stack-termination-protection', 'guardduty-all-regions', 's3-account-public-access-block']) {
      assert.equal(statusOf(report, staging.id, id)?.status, 'fail', id);
    }
    // eu-south-1 is not enabled in staging: undecided there, decided elsewhere.
    const guardduty = statusOf(report, staging.id, 'guardduty-all-regions')!;
    assert.deepEqual(guardduty.regions.map((g) => [g.region, g.status]), [['us-east-1', 'pass'], ['eu-west-1', 'fail'], ['eu-south-1', 'unknown']]);
    assert.match(guardduty.regions[2].reason, /eu-south-1 is not enabled/);

    // Globex denies everything in eu-west-1: unknown there, pass in us-east-1, and no failure.
    assert.ok(!globex.checks.some((c) => c.status === 'fail'), globex.checks.filter((c) => c.status === 'fail').map((c) => c.id).join());
    const config = statusOf(report, globex.id, 'config-all-regions')!;
    assert.equal(config.status, 'unknown');
    assert.deepEqual(config.regions.map((g) => [g.region, g.status]), [['us-east-1', 'pass'], ['eu-west-1', 'unknown']]);
    assert.match(config.regions[1].reason, /denied/);
    assert.equal(statusOf(report, globex.id, 'root-mfa')?.status, 'pass');

    // One DescribeTrails per account, however many checks and regions need the trails.
    const stats = await backend.stats();
    assert.equal(stats.byCall['cloudtrail:DescribeTrails'], 3, JSON.stringify(stats.byCall));
    assert.ok(!r.stdout.includes(mfa) && !r.stderr.includes(mfa), 'the MFA code is never printed');
  });

  it('writes the JSON report: per account, check and region, with times and a summary', async () => {
    const before = Date.now();
    const r = await check('--mfa-code', await backend.mfaCode(HUB_MFA_SERIAL), '--format', 'json', '--account', '111111111111', '--checks', 'root-mfa,config-all-regions');
    const report = json(r.stdout);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(report), ['version', 'checkedAt', 'accounts', 'summary']);
    // The file has two ways into 111111111111 (a role with MFA, and Identity Center): --account by id selects both.
    assert.deepEqual(report.accounts.map((a) => [a.id, a.name]), [['111111111111', 'Acme production'], ['111111111111', 'Acme production (Identity Center)']]);
    assert.match(r.stderr, /sign in to Acme production \(Identity Center\) with IAM Identity Center, open https?:\/\/\S+ and confirm the code \S+/);
    const [account] = report.accounts;
    assert.deepEqual(account.checks.map((c) => c.id), ['root-mfa', 'config-all-regions']);
    const config = account.checks[1];
    assert.deepEqual(config.controls, ['ACCT-001', 'SEC-MON']);
    assert.ok(Date.parse(config.decidedAt) >= before - 1000 && Date.parse(config.decidedAt) <= Date.now());
    assert.deepEqual(config.regions.map((g) => Object.keys(g)), [['region', 'status', 'reason', 'evidence'], ['region', 'status', 'reason', 'evidence']]);
    assert.deepEqual(report.accounts[1].checks.map((c) => c.status), ['pass', 'pass']);
    assert.deepEqual({ ...report.summary, apiCalls: undefined }, { accounts: 2, checks: 4, pass: 4, fail: 0, unknown: 0, error: 0, apiCalls: undefined });
  });

  it('checks each entry of one account id on its own access, and the JSON names the access each used', async () => {
    const mfa = await backend.mfaCode(HUB_MFA_SERIAL);
    const r = await check('--mfa-code', mfa, '--format', 'json', '--account', '111111111111', '--checks', 'root-mfa');
    assert.equal(r.code, 0, r.stderr);
    const [viaRole, viaSso] = json(r.stdout).accounts;
    assert.deepEqual([viaRole.name, viaSso.name], ['Acme production', 'Acme production (Identity Center)']);
    assert.match(viaRole.access?.arn ?? '', /^arn:aws:sts::111111111111:assumed-role\/OperatorAccess\/sop-lens\.alice$/);
    assert.equal(viaRole.access?.method, 'assume-role');
    assert.deepEqual(viaRole.access?.roles, ['arn:aws:iam::111111111111:role/OperatorAccess']);
    assert.equal(viaRole.access?.source, 'profile hub');
    assert.equal(viaRole.access?.mfaSerial, HUB_MFA_SERIAL);
    assert.match(viaSso.access?.arn ?? '', /^arn:aws:sts::111111111111:assumed-role\/[^/]*AuditRole[^/]*\/.+/);
    assert.equal(viaSso.access?.method, 'sso');
    assert.equal(viaSso.access?.portal, 'https://sop-lens-demo.awsapps.com/start');
    assert.equal(viaSso.access?.roleName, 'AuditRole');
    for (const text of [r.stdout, r.stderr]) assert.ok(!text.includes(FIXTURE_KEYS.secretAccessKey) && !text.includes(mfa));
    // Role chaining names every role on the way, in order.
    const chained = json((await check('--mfa-code', await backend.mfaCode(HUB_MFA_SERIAL), '--format', 'json', '--account', 'Globex locked-down', '--checks', 'root-mfa')).stdout).accounts[0];
    assert.deepEqual(chained.access?.roles, ['arn:aws:iam::999999999999:role/HubOperator', 'arn:aws:iam::333333333333:role/OperatorAccess']);
    assert.match(chained.access?.description ?? '', /HubOperator → OperatorAccess/);
  });

  it('exits 0 when every check passes, and 3 when nothing fails but something is undecided', async () => {
    const mfa = await backend.mfaCode(HUB_MFA_SERIAL);
    const passing = await check('--mfa-code', mfa, '--account', 'Acme production');
    assert.equal(passing.code, 0, passing.stdout);
    assert.match(passing.stdout, /^Acme production \(111111111111\): \d+ passing\n/);
    const undecided = await check('--mfa-code', mfa, '--account', 'Globex locked-down');
    assert.equal(undecided.code, 3, undecided.stdout);
    // --regions narrows the account's regions: without the denied region everything decides.
    const narrowed = await check('--mfa-code', mfa, '--account', 'Globex locked-down', '--regions', 'us-east-1');
    assert.equal(narrowed.code, 0, narrowed.stdout);
  });

  it('gives unknown for a throttled region while the other regions decide', async () => {
    await backend.addFaults({ kind: 'throttle', service: 'guardduty', account: '111111111111', region: 'eu-west-1' });
    try {
      const r = await check('--mfa-code', await backend.mfaCode(HUB_MFA_SERIAL), '--format', 'json', '--account', 'Acme production', '--checks', 'guardduty-all-regions');
      assert.equal(r.code, 3);
      const guardduty = json(r.stdout).accounts[0].checks[0];
      assert.deepEqual(guardduty.regions.map((g) => [g.region, g.status]), [['us-east-1', 'pass'], ['eu-west-1', 'unknown']]);
      assert.match(guardduty.regions[1].reason, /throttled/);
    } finally {
      await backend.clearFaults();
    }
  });

  it('exits 2 when an account cannot be signed in to: no MFA code without a terminal, or a wrong one', async () => {
    const missing = await check('--account', 'Acme production', '--checks', 'root-mfa');
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /could not sign in: .*needs a code from the MFA device .*--mfa-code/);
    const wrong = await check('--mfa-code', '000000', '--format', 'json', '--account', 'Acme production', '--checks', 'root-mfa');
    assert.equal(wrong.code, 2);
    assert.equal(wrong.stderr, 'sop-lens: Acme production (111111111111): AWS did not accept the MFA code given with --mfa-code for arn:aws:iam::999999999999:mfa/alice. Pass the code the device shows now (codes change every 30 seconds) with --mfa-code.\n');
    const report = json(wrong.stdout);
    assert.equal(report.accounts[0].checks[0].status, 'error');
    // The report says why in the same words as stderr.
    assert.equal(`sop-lens: Acme production (111111111111): ${report.accounts[0].signInError}\n`, wrong.stderr);
    for (const text of [missing.stdout, missing.stderr, wrong.stdout, wrong.stderr]) assert.ok(!text.includes(FIXTURE_KEYS.secretAccessKey));
  });

  it('writes the report to --output', async () => {
    const r = await check('--mfa-code', await backend.mfaCode(HUB_MFA_SERIAL), '--account', 'Acme staging', '--checks', 'root-mfa', '-f', 'json', '-o', 'reports/check.json');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const report = json(fs.readFileSync(path.join(ws.dir, 'reports', 'check.json'), 'utf8'));
    assert.equal(report.accounts[0].checks[0].status, 'fail');
  });
});
