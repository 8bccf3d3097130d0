/**
 * Benchmark of the live checks: 50 accounts across 17 regions against moto and our proxy with 20 ms of
 * latency injected per call, through the same core the CLI runs (sign-in, SdkAwsApi, checkAccounts)
 * at the CLI's default concurrency. Reports wall time, the calls made (counted by the proxy), and the
 * ratio to the critical path, measured as the wall time of one account checked alone with no
 * concurrency bound (the longest chain of calls that account needs, at the same latency).
 *
 * Then the same with moto taken out: the proxy replays moto's earlier answers to read calls from memory,
 * so each call costs only the injected latency, as with AWS, whose services answer in parallel.
 *
 * Last, the scheduling alone: the same checks through the same SdkAwsApi (limiters, memo, timeouts) and
 * checkAccounts, with the SDK client replaced by one that answers from a recording of the moto run after
 * the injected latency, in this process. No SDK, no HTTP, no server: what is left is how the runner
 * orders the calls at the default concurrency, and the checks' own CPU.
 *
 * The 50 accounts are the test fixture's three customer accounts taken in turn (moto holds their
 * state in us-east-1 and eu-west-1; the other regions answer with empty lists), each entry signing in
 * and checking on its own, as 50 distinct accounts would.
 *
 *   node out/bench/accounts/check-accounts.js [--accounts 50] [--latency 20] [--json file]
 *     [--only moto|replay|scheduling] [--concurrency overall,account,accounts] [--profile file.cpuprofile]
 *
 * `--only` measures one of the runs at default concurrency (for profiling and side-by-side
 * comparisons: `moto` with latency, `replay` with moto's answers replayed, `scheduling` with the SDK
 * client replaced by a recording) instead of the whole section;
 * `--profile` writes a CPU profile of that measured run alone (not the warm-up or the replay's filling).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseAccountsFile } from '../../src/core/accounts/accounts-file';
import type { Account } from '../../src/core/accounts/model';
import type { AwsEndpoints } from '../../src/core/aws/clients';
import { Limiter } from '../../src/core/aws/limiter';
import { SdkAwsApi, type SdkAwsApiOptions, stableJson } from '../../src/core/aws/sdk-api';
import { createClient, createCommand, type SdkClient } from '../../src/core/aws/clients';
import { signIn, type SignInPrompts } from '../../src/core/aws/sign-in';
import { CHECKS } from '../../src/core/controls/registry';
import { checkAccounts } from '../../src/core/controls/run';
import { CLI_CONCURRENCY } from '../../src/cli/check-command';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { fixturePath } from '../../test/aws-backend/fixture';
import { connectAwsBackend, type AwsBackendControl } from '../../test/aws-backend/harness';
import { projectRoot } from '../../test/aws-backend/moto';

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
  /** CPU time of this process (the checks and the sign-ins: SDK clients, signing, parsing), user + system. */
  readonly cpuMs: number;
  readonly calls: number;
  readonly byCall: Record<string, number>;
  readonly statuses: Record<string, number>;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function measure(backend: AwsBackendControl, accounts: readonly Account[], concurrency: Concurrency, recording?: Recording): Promise<RunMeasure> {
  const fixtures = path.dirname(fixturePath('accounts'));
  const env = { AWS_CONFIG_FILE: path.join(fixtures, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(fixtures, 'aws-credentials'), HOME: process.env.HOME };
  const endpoints: AwsEndpoints = { default: backend.endpoint };
  // The bench is the authenticator app: it reads the device's current code from the proxy.
  const prompts: SignInPrompts = {
    mfaCode: ({ serial }) => backend.mfaCode(serial),
    showDeviceCode: () => Promise.reject(new Error('the benchmark does not use Identity Center accounts')),
  };
  const overall = new Limiter(concurrency.overall);
  await backend.resetStats();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const runs = await checkAccounts(
    accounts,
    async (account) => {
      const session = await signIn(account, { endpoints, prompts, env });
      const api = new SdkAwsApi({
        accountId: session.accountId,
        credentials: session.credentials,
        endpoints,
        limits: { overall, account: new Limiter(concurrency.account) },
        ...(recording ? { clients: recordingClients(session.accountId, recording) } : {}),
      });
      return { api, access: session.access };
    },
    { checks: CHECKS, accountConcurrency: concurrency.accounts },
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const stats = await backend.stats();
  const statuses = statusCounts(runs);
  return { wallMs, cpuMs, calls: stats.calls, byCall: stats.byCall, statuses };
}

/** `--concurrency overall,account,accounts` for what-if runs with `--only`; the CLI's default otherwise. */
function concurrencyOption(): Concurrency {
  const given = option('--concurrency', '');
  if (!given) return CLI_CONCURRENCY;
  const [overall, account, accounts] = given.split(',').map(Number);
  if (![overall, account, accounts].every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--concurrency takes overall,account,accounts, not ${given}`);
  return { overall, account, accounts };
}

/** What each call of a recorded run answered (or threw), by account, service, region, operation and input. */
type Recording = Map<string, { readonly output?: unknown; readonly error?: Error }>;

// Times in an input (LookupEvents' window, from the run's clock) differ between the recording and the replay.
const recordingKey = (accountId: string, service: string, region: string, operation: string, input: object): string =>
  `${accountId}|${service}|${region}|${operation}|${stableJson(input).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"')}`;

/** The command the seams below pass from `command` to `send`: what was asked, and the SDK's command when recording. */
interface AskedCommand {
  readonly service: string;
  readonly operation: string;
  readonly input: object;
  readonly sdk?: unknown;
}

/** SDK clients that record every answer of one account's calls into `recording`. */
function recordingClients(accountId: string, recording: Recording): NonNullable<SdkAwsApiOptions['clients']> {
  return {
    create: async (service, options) => {
      const real = await createClient(service, options);
      return {
        async send(command, sendOptions) {
          const asked = command as AskedCommand;
          const key = recordingKey(accountId, asked.service, options.region, asked.operation, asked.input);
          try {
            const output = await real.send(asked.sdk, sendOptions);
            recording.set(key, { output });
            return output;
          } catch (error) {
            recording.set(key, { error: error instanceof Error ? error : new Error(String(error)) });
            throw error;
          }
        },
        destroy: () => real.destroy(),
      };
    },
    command: async (service, operation, input) => ({ service, operation, input, sdk: await createCommand(service, operation, input) }) satisfies AskedCommand,
  };
}

/** Clients that answer from `recording` after `latencyMs`, as a service answering in parallel would. */
function replayingClients(accountId: string, recording: Recording, latencyMs: number): NonNullable<SdkAwsApiOptions['clients']> {
  return {
    create: (_service, options): Promise<SdkClient> =>
      Promise.resolve({
      send: (command, sendOptions) =>
        new Promise((resolve, reject) => {
          const asked = command as AskedCommand;
          const answer = recording.get(recordingKey(accountId, asked.service, options.region, asked.operation, asked.input));
          if (!answer) return reject(new Error(`${asked.service}:${asked.operation} in ${options.region} was not recorded`));
          const signal = sendOptions?.abortSignal;
          const onAbort = (): void => {
            clearTimeout(timer);
            reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
          };
          const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            // The SDK's own exception, as recorded: SdkAwsApi classifies it as it would have then.
            if (answer.error) reject(answer.error);
            else resolve(answer.output);
          }, latencyMs);
          signal?.addEventListener('abort', onAbort, { once: true });
        }),
      destroy: () => undefined,
    }),
    command: (service, operation, input) => Promise.resolve({ service, operation, input } satisfies AskedCommand),
  };
}

/** The checks of `accounts` with every call answered from `recording` (no sign-in: the run starts signed in). */
async function measureScheduling(accounts: readonly Account[], recording: Recording, latencyMs: number, concurrency: Concurrency): Promise<Omit<RunMeasure, 'byCall'>> {
  const overall = new Limiter(concurrency.overall);
  let calls = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const runs = await checkAccounts(
    accounts,
    (account) =>
      Promise.resolve({
        api: new SdkAwsApi({
          accountId: account.id,
          credentials: { accessKeyId: 'SOPLENSBENCHREPLAY', secretAccessKey: 'not-used' },
          limits: { overall, account: new Limiter(concurrency.account) },
          clients: replayingClients(account.id, recording, latencyMs),
          onCall: (record) => {
            if (!record.cached) calls++;
          },
        }),
      }),
    { checks: CHECKS, accountConcurrency: concurrency.accounts },
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const statuses = statusCounts(runs);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, calls, statuses };
}

/** How many results of a run have each status. */
function statusCounts(runs: readonly { readonly results: readonly { readonly status: string }[] }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const run of runs) for (const r of run.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/** `run` under the V8 CPU profiler, the profile written to `file` (the measured run alone, in this process). */
async function profiled<T>(file: string, run: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/** No bound on the calls in flight: one account alone then runs its critical path. */
const UNBOUNDED: Concurrency = { overall: 100_000, account: 100_000, accounts: 100_000 };

/**
 * Records what moto answers for the first `distinct` accounts (the others repeat them), then times one
 * account alone through the recording, after a warm-up run: the critical path of the scheduling alone.
 */
async function recordForScheduling(backend: AwsBackendControl, accounts: readonly Account[], distinct: number, latencyMs: number): Promise<{ recording: Recording; alone: Omit<RunMeasure, 'byCall'> }> {
  const recording: Recording = new Map();
  await measure(backend, accounts.slice(0, distinct), UNBOUNDED, recording);
  await measureScheduling(accounts.slice(0, 1), recording, latencyMs, UNBOUNDED);
  const alone = await measureScheduling(accounts.slice(1, 2), recording, latencyMs, UNBOUNDED);
  return { recording, alone };
}

/** One run at default concurrency, with moto answering (`moto`) or its answers replayed (`replay`). */
async function measureOnly(backend: AwsBackendControl, accounts: readonly Account[], distinct: number, latencyMs: number, only: string): Promise<object> {
  if (only === 'scheduling') {
    const { recording, alone } = await recordForScheduling(backend, accounts, distinct, latencyMs);
    const file = option('--profile', '');
    const measured = (): Promise<Omit<RunMeasure, 'byCall'>> => measureScheduling(accounts, recording, latencyMs, concurrencyOption());
    const all = file ? await profiled(file, measured) : await measured();
    return { only, accounts: accounts.length, latencyMs, criticalPathMs: Math.round(alone.wallMs), wallMs: Math.round(all.wallMs), ratio: +(all.wallMs / alone.wallMs).toFixed(2), cpuMs: Math.round(all.cpuMs), calls: all.calls, statuses: all.statuses };
  }
  await measure(backend, accounts.slice(0, 1), UNBOUNDED);
  await backend.setLatency(latencyMs);
  if (only === 'replay') {
    // A first pass fills the proxy's memory; the measured pass is then answered from it.
    await backend.setReplay(true);
    await measure(backend, accounts, CLI_CONCURRENCY);
  } else if (only !== 'moto') {
    throw new Error(`--only takes moto, replay or scheduling, not ${only}`);
  }
  const file = option('--profile', '');
  const run = (): Promise<RunMeasure> => measure(backend, accounts, concurrencyOption());
  const measured = file ? await profiled(file, run) : await run();
  await backend.setReplay(false);
  const { wallMs, cpuMs, calls, statuses } = measured;
  return { only, accounts: accounts.length, latencyMs, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), calls, cpuMsPerCall: +(cpuMs / calls).toFixed(3), statuses };
}

async function main(): Promise<void> {
  const count = Number(option('--accounts', '50'));
  const latencyMs = Number(option('--latency', '20'));
  const file = fixturePath('accounts-file');
  const customers = parseAccountsFile(readFileSync(file, 'utf8'), file).accounts.filter((a) => a.access.kind === 'assume-role');
  const accounts: Account[] = Array.from({ length: count }, (_, i) => ({ ...customers[i % customers.length], name: `bench account ${i + 1}`, regions: REGIONS }));
  const customersCount = customers.length;

  // The backend runs in a process of its own (as AWS would), so this process's CPU time is the checks'.
  const backendScript = option('--backend', path.join(projectRoot(), 'out', 'test', 'aws-backend', 'cli.js'));
  const server = spawn(process.execPath, [backendScript, 'serve', '--fixture', 'accounts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`the AWS backend exited (${code}) before it was ready`)));
  });
  const backend = connectAwsBackend((JSON.parse(ready) as { endpoint: string }).endpoint);
  try {
    const only = option('--only', '');
    if (only) {
      const result = await measureOnly(backend, accounts, customersCount, latencyMs, only);
      const json = option('--json', '');
      if (json) writeFileSync(json, JSON.stringify(result, null, 2));
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    await backend.setLatency(latencyMs);
    // Warm-up: loads the SDK modules and moto's code paths once.
    await measure(backend, accounts.slice(0, 1), UNBOUNDED);
    const alone = await measure(backend, accounts.slice(1, 2), UNBOUNDED);
    const defaults = await measure(backend, accounts, CLI_CONCURRENCY);
    const wide = await measure(backend, accounts, UNBOUNDED);
    await backend.setLatency(0);
    const noLatency = await measure(backend, accounts, CLI_CONCURRENCY);
    // moto answers one call at a time; with its answers replayed from the proxy's memory (filled by a
    // first pass), only the injected latency remains, as with a service that answers in parallel.
    await backend.setReplay(true);
    await backend.setLatency(latencyMs);
    await measure(backend, accounts, CLI_CONCURRENCY);
    const aloneReplayed = await measure(backend, accounts.slice(1, 2), UNBOUNDED);
    const replayed = await measure(backend, accounts, CLI_CONCURRENCY);
    await backend.setReplay(false);
    // The scheduling alone: record what moto answers (no latency), then replay it in this process.
    await backend.setLatency(0);
    const { recording, alone: schedulingAlone } = await recordForScheduling(backend, accounts, customersCount, latencyMs);
    const scheduling = await measureScheduling(accounts, recording, latencyMs, CLI_CONCURRENCY);

    const trailsPerAccount = (defaults.byCall['cloudtrail:DescribeTrails'] ?? 0) / count;
    const result = {
      accounts: count,
      regions: REGIONS.length,
      latencyMs,
      checks: CHECKS.length,
      criticalPathMs: Math.round(alone.wallMs),
      callsPerAccount: alone.calls,
      defaultConcurrency: CLI_CONCURRENCY,
      atDefaults: { wallMs: Math.round(defaults.wallMs), cpuMs: Math.round(defaults.cpuMs), calls: defaults.calls, ratioToCriticalPath: +(defaults.wallMs / alone.wallMs).toFixed(2), statuses: defaults.statuses },
      unbounded: { wallMs: Math.round(wide.wallMs), ratioToCriticalPath: +(wide.wallMs / alone.wallMs).toFixed(2) },
      withoutLatency: { wallMs: Math.round(noLatency.wallMs), note: 'moto’s own service time: the floor for any concurrency' },
      replayed: {
        criticalPathMs: Math.round(aloneReplayed.wallMs),
        wallMs: Math.round(replayed.wallMs),
        cpuMs: Math.round(replayed.cpuMs),
        calls: replayed.calls,
        ratioToCriticalPath: +(replayed.wallMs / aloneReplayed.wallMs).toFixed(2),
        statuses: replayed.statuses,
      },
      scheduling: {
        criticalPathMs: Math.round(schedulingAlone.wallMs),
        wallMs: Math.round(scheduling.wallMs),
        cpuMs: Math.round(scheduling.cpuMs),
        calls: scheduling.calls,
        ratioToCriticalPath: +(scheduling.wallMs / schedulingAlone.wallMs).toFixed(2),
        statuses: scheduling.statuses,
      },
      describeTrailsPerAccount: trailsPerAccount,
    };
    const json = option('--json', '');
    if (json) writeFileSync(json, JSON.stringify(result, null, 2));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
