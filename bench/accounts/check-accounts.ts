/**
 * Benchmark of the live checks: 50 accounts across 17 regions against moto and our proxy with 20 ms of
 * latency injected per call, through the same core the CLI runs (sign-in, SdkAwsApi, checkAccounts)
 * at the CLI's default concurrency. Reports wall time, the calls made (counted by the proxy), and the
 * ratio to the critical path, measured as the wall time of one account checked alone with no
 * concurrency bound (the longest chain of calls that account needs, at the same latency).
 *
 * The 50 accounts are the test fixture's three customer accounts taken in turn (moto holds their
 * state in us-east-1 and eu-west-1; the other regions answer with empty lists), each entry signing in
 * and checking on its own, as 50 distinct accounts would.
 *
 *   node out/bench/accounts/check-accounts.js [--accounts 50] [--latency 20] [--json file]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAccountsFile } from '../../src/core/accounts/accounts-file';
import type { Account } from '../../src/core/accounts/model';
import type { AwsEndpoints } from '../../src/core/aws/clients';
import { Limiter } from '../../src/core/aws/limiter';
import { SdkAwsApi } from '../../src/core/aws/sdk-api';
import { signIn, type SignInPrompts } from '../../src/core/aws/sign-in';
import { CHECKS } from '../../src/core/controls/registry';
import { checkAccounts } from '../../src/core/controls/run';
import { CLI_CONCURRENCY } from '../../src/cli/check-command';
import { startAwsBackend, type AwsBackend } from '../../test/aws-backend/harness';

/** Seventeen regions every account has without opting in. */
const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
];

interface Concurrency {
  readonly overall: number;
  readonly account: number;
  readonly accounts: number;
}

interface RunMeasure {
  readonly wallMs: number;
  readonly calls: number;
  readonly byCall: Record<string, number>;
  readonly statuses: Record<string, number>;
}

/** The repository root: the nearest folder above this script with a package.json (bundled or compiled). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function measure(backend: AwsBackend, accounts: readonly Account[], concurrency: Concurrency): Promise<RunMeasure> {
  const fixtures = path.join(projectRoot(), 'test', 'aws-backend', 'fixtures');
  const env = { AWS_CONFIG_FILE: path.join(fixtures, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(fixtures, 'aws-credentials'), HOME: process.env.HOME };
  const endpoints: AwsEndpoints = { default: backend.endpoint };
  // The bench is the authenticator app: it reads the device's current code from the proxy.
  const prompts: SignInPrompts = {
    mfaCode: ({ serial }) => backend.mfaCode(serial),
    showDeviceCode: () => Promise.reject(new Error('the benchmark does not use Identity Center accounts')),
  };
  const overall = new Limiter(concurrency.overall);
  await backend.resetStats();
  const started = performance.now();
  const runs = await checkAccounts(
    accounts,
    async (account) => {
      const session = await signIn(account, { endpoints, prompts, env });
      return new SdkAwsApi({ accountId: session.accountId, credentials: session.credentials, endpoints, limits: { overall, account: new Limiter(concurrency.account) } });
    },
    { checks: CHECKS, accountConcurrency: concurrency.accounts },
  );
  const wallMs = performance.now() - started;
  const stats = await backend.stats();
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const r of run.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { wallMs, calls: stats.calls, byCall: stats.byCall, statuses };
}

async function main(): Promise<void> {
  const count = Number(option('--accounts', '50'));
  const latencyMs = Number(option('--latency', '20'));
  const file = path.join(projectRoot(), 'test', 'aws-backend', 'fixtures', 'accounts-file.yaml');
  const customers = parseAccountsFile(readFileSync(file, 'utf8'), file).accounts.filter((a) => a.access.kind === 'assume-role');
  const accounts: Account[] = Array.from({ length: count }, (_, i) => ({ ...customers[i % customers.length], name: `bench account ${i + 1}`, regions: REGIONS }));

  const backend = await startAwsBackend();
  try {
    await backend.seed('accounts');
    await backend.setLatency(latencyMs);
    const unbounded: Concurrency = { overall: 100_000, account: 100_000, accounts: 100_000 };
    // Warm-up: loads the SDK modules and moto's code paths once.
    await measure(backend, accounts.slice(0, 1), unbounded);
    const alone = await measure(backend, accounts.slice(1, 2), unbounded);
    const defaults = await measure(backend, accounts, CLI_CONCURRENCY);
    const wide = await measure(backend, accounts, unbounded);
    await backend.setLatency(0);
    const noLatency = await measure(backend, accounts, CLI_CONCURRENCY);

    const trailsPerAccount = (defaults.byCall['cloudtrail:DescribeTrails'] ?? 0) / count;
    const result = {
      accounts: count,
      regions: REGIONS.length,
      latencyMs,
      checks: CHECKS.length,
      criticalPathMs: Math.round(alone.wallMs),
      callsPerAccount: alone.calls,
      defaultConcurrency: CLI_CONCURRENCY,
      atDefaults: { wallMs: Math.round(defaults.wallMs), calls: defaults.calls, ratioToCriticalPath: +(defaults.wallMs / alone.wallMs).toFixed(2), statuses: defaults.statuses },
      unbounded: { wallMs: Math.round(wide.wallMs), ratioToCriticalPath: +(wide.wallMs / alone.wallMs).toFixed(2) },
      withoutLatency: { wallMs: Math.round(noLatency.wallMs), note: 'moto’s own service time: the floor for any concurrency' },
      describeTrailsPerAccount: trailsPerAccount,
    };
    const json = option('--json', '');
    if (json) writeFileSync(json, JSON.stringify(result, null, 2));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await backend.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
