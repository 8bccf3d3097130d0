/**
 * `sop-lens check` with `organizations:` in the accounts file, against moto + proxy: the organization's
 * active accounts (listed through the hub profile, the fixture's management account) are checked after
 * the file's own; a failing listing is reported on stderr and the file's accounts still run (exit 2).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { type CliIo, runCli } from '../../src/cli/cli';
import type { CheckReport } from '../../src/cli/check-report';
import { FIXTURE_ACCOUNTS, seededBackend, type AwsBackend } from '../aws/support/backend';
import { ALICE, clientConfig } from '../aws/support/clients';
import { REPO } from './support/paths';

const FIXTURES = path.join(REPO, 'test', 'aws-backend', 'fixtures');

/** The file's own account (no MFA needed) and the organization of the hub. */
const ACCOUNTS_FILE = `version: 1
defaults:
  regions: [us-east-1]
organizations:
  profile: hub
accounts:
  - name: Acme staging
    id: "222222222222"
    access:
      roleArn: arn:aws:iam::222222222222:role/OperatorAccess
      sourceProfile: hub
`;

describe('sop-lens check with Organizations discovery against the AWS backend', function () {
  this.timeout(120_000);
  let backend: AwsBackend;
  let dir: string;
  let env: Record<string, string>;
  let sandboxId: string;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-check-org-'));
    fs.mkdirSync(path.join(dir, '.sop'));
    fs.writeFileSync(path.join(dir, '.sop', 'accounts.yaml'), ACCOUNTS_FILE);
    env = { HOME: dir, AWS_CONFIG_FILE: path.join(FIXTURES, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURES, 'aws-credentials') };
    const organizations = new OrganizationsClient(clientConfig(backend, ALICE));
    try {
      const listed = (await organizations.send(new ListAccountsCommand({}))).Accounts ?? [];
      sandboxId = listed.find((a) => a.Name === 'Initech sandbox')?.Id ?? '';
      assert.match(sandboxId, /^\d{12}$/, `the fixture's organization has no Initech sandbox: ${JSON.stringify(listed)}`);
    } finally {
      organizations.destroy();
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function check(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd: dir, env, stdoutIsTTY: false, stdinIsTTY: false, writeStdout: (t) => (stdout += t), writeStderr: (t) => (stderr += t) };
    const code = await runCli(['check', '--endpoint-url', backend.endpoint, '--checks', 'root-access-keys,federated-access-only', '--format', 'json', ...argv], io);
    return { code, stdout, stderr };
  }

  it('checks the organization\'s active accounts after the file\'s, each signed in to', async () => {
    const r = await check();
    const report = JSON.parse(r.stdout) as CheckReport;
    assert.deepEqual(
      report.accounts.map((a) => `${a.name} ${a.id}`),
      ['Acme staging 222222222222', `master ${FIXTURE_ACCOUNTS.hub}`, `Initech sandbox ${sandboxId}`],
      r.stderr,
    );
    assert.ok(!report.accounts.some((a) => a.name === 'Initech retired'), 'the closed account is not checked');
    for (const account of report.accounts) {
      assert.equal(account.signInError, undefined, `${account.name}: ${account.signInError}`);
      assert.deepEqual(account.checks.map((c) => c.id), ['root-access-keys', 'federated-access-only'], account.name);
    }
    // alice's long-term key in the hub fails federated-access-only: the hub was really checked.
    assert.equal(report.accounts[1].checks.find((c) => c.id === 'federated-access-only')?.status, 'fail');
    assert.equal(r.stderr, '');
    assert.notEqual(r.code, 2, 'a complete run');
  });

  it('selects a discovered account by name with --account', async () => {
    const r = await check('--account', 'Initech sandbox');
    const report = JSON.parse(r.stdout) as CheckReport;
    assert.deepEqual(report.accounts.map((a) => a.id), [sandboxId], r.stderr);
  });

  it('reports a failing listing with its reason and still checks the file\'s accounts (exit 2)', async () => {
    await backend.addFaults({ kind: 'access-denied', service: 'organizations', action: 'ListAccounts', account: FIXTURE_ACCOUNTS.hub });
    try {
      const r = await check();
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /could not list the organization's accounts \(organizations: in \.sop\/accounts\.yaml, profile hub\): profile hub may not list the organization's accounts \(AccessDenied\w*\)\. .*organizations:ListAccounts.*; checking the file's accounts only/);
      const report = JSON.parse(r.stdout) as CheckReport;
      assert.deepEqual(report.accounts.map((a) => a.name), ['Acme staging']);
      assert.ok(report.accounts[0].checks.every((c) => c.status === 'pass' || c.status === 'fail'), JSON.stringify(report.accounts[0].checks.map((c) => c.status)));
    } finally {
      await backend.clearFaults();
    }
  });
});
