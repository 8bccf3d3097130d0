/**
 * `sop-lens check` when AWS cannot be reached or something else answers: the exact lines a user reads,
 * from the CLI in process (against the AWS backend's fault injection) and from the built binary. Each
 * says which host, what happened and what to change; expired environment credentials are never sent;
 * credentials never go over plain HTTP to another machine; `--call-timeout` bounds each call.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliIo, runCli } from '../../src/cli/cli';
import type { CheckReport } from '../../src/cli/check-report';
import { type AwsBackend, FIXTURE_KEYS, seededBackend } from '../aws/support/backend';
import { BIN, BUNDLE, REPO } from './support/paths';

const FIXTURES = path.join(REPO, 'test', 'aws-backend', 'fixtures');
const STAGING = '222222222222';

/** Acme staging, reached from the hub profile or, without `sourceProfile`, from the environment's keys. */
function accountsFile(sourceProfile: string | undefined): string {
  return [
    'version: 1',
    'accounts:',
    '  - name: Acme staging',
    `    id: "${STAGING}"`,
    '    regions: [us-east-1, eu-west-1]',
    '    access:',
    `      roleArn: arn:aws:iam::${STAGING}:role/OperatorAccess`,
    ...(sourceProfile ? [`      sourceProfile: ${sourceProfile}`] : []),
    '',
  ].join('\n');
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('sop-lens check: errors that say what to do', function () {
  this.timeout(120_000);
  let backend: AwsBackend;
  let dir: string;
  let env: Record<string, string>;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-check-errors-'));
    fs.mkdirSync(path.join(dir, '.sop'));
    fs.writeFileSync(path.join(dir, '.sop', 'accounts.yaml'), accountsFile('hub'));
    fs.writeFileSync(path.join(dir, 'from-environment.yaml'), accountsFile(undefined));
    env = { HOME: dir, AWS_CONFIG_FILE: path.join(FIXTURES, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURES, 'aws-credentials') };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => backend.clearFaults());

  async function check(argv: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd: dir, env: { ...env, ...extraEnv }, stdoutIsTTY: false, stdinIsTTY: false, writeStdout: (t) => (stdout += t), writeStderr: (t) => (stderr += t) };
    const code = await runCli(['check', ...argv], io);
    return { code, stdout, stderr };
  }

  /** The text report's sign-in line and the JSON report's stderr line must say the same, exactly. */
  async function signInFailure(argv: string[], expected: string, extraEnv: Record<string, string> = {}): Promise<void> {
    const text = await check([...argv, '--checks', 'root-mfa'], extraEnv);
    assert.equal(text.code, 2, text.stdout + text.stderr);
    assert.equal(text.stdout.split('\n')[1], `  ! could not sign in: ${expected}`);
    const json = await check([...argv, '--checks', 'root-mfa', '--format', 'json'], extraEnv);
    assert.equal(json.code, 2);
    assert.equal(json.stderr, `sop-lens: Acme staging (${STAGING}): ${expected}\n`);
  }

  it('a refused connection: which host, and to check the network or --endpoint-url', async () => {
    const port = await closedPort();
    await signInFailure(
      ['--endpoint-url', `http://127.0.0.1:${port}`],
      `Could not reach 127.0.0.1:${port} for sts:GetCallerIdentity in us-east-1: the connection was refused (ECONNREFUSED). Check the network or the endpoint setting (--endpoint-url).`,
    );
  });

  it('an HTML page where STS should answer', async () => {
    await backend.addFaults({ kind: 'html-page', service: 'sts', action: 'GetCallerIdentity' });
    await signInFailure(
      ['--endpoint-url', backend.endpoint],
      `${new URL(backend.endpoint).host} answered sts:GetCallerIdentity in us-east-1 with an HTML page (HTTP 200), not as AWS does. Check that the endpoint setting (--endpoint-url) points at AWS or an AWS-compatible service: a web server, proxy or captive portal answered instead.`,
    );
  });

  it('a server error that is no AWS error, in a check: that region is an error saying so, the others decide', async () => {
    await backend.addFaults({ kind: 'unshaped-server-error', service: 'guardduty', account: STAGING, region: 'eu-west-1' });
    const r = await check(['--endpoint-url', backend.endpoint, '--checks', 'guardduty-all-regions', '--format', 'json']);
    const [guardduty] = (JSON.parse(r.stdout) as CheckReport).accounts[0].checks;
    assert.deepEqual(guardduty.regions.map((g) => [g.region, g.status]), [['us-east-1', 'pass'], ['eu-west-1', 'error']]);
    assert.equal(guardduty.regions[1].reason, `${new URL(backend.endpoint).host} answered guardduty:ListDetectors in eu-west-1 with HTTP 500 and a body that is not an AWS error, not as AWS does. Check that the endpoint setting (--endpoint-url) points at AWS or an AWS-compatible service: a web server, proxy or captive portal answered instead.`);
    assert.notEqual(guardduty.status, 'pass');
  });

  it('refuses to send credentials over plain HTTP to another machine, before any connection', async () => {
    await signInFailure(
      ['--endpoint-url', 'http://192.0.2.10:4566'],
      'SOP Lens sends no credentials over plain HTTP to 192.0.2.10:4566 (sts:GetCallerIdentity in us-east-1). Use an https:// URL in the endpoint setting (--endpoint-url), or a loopback address (127.0.0.1, ::1, localhost) for a local emulator.',
    );
  });

  it('never sends environment credentials past their AWS_CREDENTIAL_EXPIRATION', async () => {
    await backend.resetStats();
    await signInFailure(
      ['--endpoint-url', backend.endpoint, '--accounts', 'from-environment.yaml'],
      'The credentials in the environment (AWS_ACCESS_KEY_ID) expired at 2024-05-01T10:00:00.000Z (AWS_CREDENTIAL_EXPIRATION). Put fresh credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION, or unset them to use your AWS profiles.',
      { AWS_ACCESS_KEY_ID: FIXTURE_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: FIXTURE_KEYS.secretAccessKey, AWS_SESSION_TOKEN: 'an-old-session-token', AWS_CREDENTIAL_EXPIRATION: '2024-05-01T10:00:00Z' },
    );
    assert.equal((await backend.stats()).calls, 0, 'the proxy saw no call');
  });

  it('--call-timeout bounds each call: a slower region is undecided, saying how to raise it', async () => {
    await backend.addFaults({ kind: 'latency', latencyMs: 2500, service: 'guardduty', account: STAGING, region: 'eu-west-1' });
    const r = await check(['--endpoint-url', backend.endpoint, '--checks', 'guardduty-all-regions', '--format', 'json', '--call-timeout', '1']);
    assert.equal(r.code, 3, r.stderr);
    const [guardduty] = (JSON.parse(r.stdout) as CheckReport).accounts[0].checks;
    assert.deepEqual(guardduty.regions.map((g) => [g.region, g.status]), [['us-east-1', 'pass'], ['eu-west-1', 'unknown']]);
    assert.equal(guardduty.regions[1].reason, 'guardduty:ListDetectors in eu-west-1 took longer than 1 s. Check the network, or raise the call timeout (sopLens.aws.callTimeoutSeconds, or --call-timeout for sop-lens check).');
  });

  describe('the built binary', () => {
    before(function () {
      if (!fs.existsSync(BUNDLE)) assert.fail(`${BUNDLE} is missing: run npm test -- build (or npm run build) first`);
    });

    const sopLens = (args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, 'check', ...args], { cwd: dir, env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
      if (r.error) throw r.error;
      return r;
    };

    it('prints the unreachable host and what to check, for a closed port and a name that does not resolve', async () => {
      const port = await closedPort();
      const refused = sopLens(['--endpoint-url', `http://127.0.0.1:${port}`, '--checks', 'root-mfa']);
      assert.equal(refused.status, 2);
      assert.equal(refused.stdout.split('\n')[1], `  ! could not sign in: Could not reach 127.0.0.1:${port} for sts:GetCallerIdentity in us-east-1: the connection was refused (ECONNREFUSED). Check the network or the endpoint setting (--endpoint-url).`);

      const unresolved = sopLens(['--endpoint-url', 'https://sop-lens-test.invalid', '--checks', 'root-mfa']);
      assert.equal(unresolved.status, 2);
      assert.match(
        unresolved.stdout.split('\n')[1],
        /^ {2}! could not sign in: Could not reach sop-lens-test\.invalid for sts:GetCallerIdentity in us-east-1: the host name could not be resolved \((ENOTFOUND|EAI_AGAIN)\)\. Check the network or the endpoint setting \(--endpoint-url\)\.$/,
      );
    });
  });
});
