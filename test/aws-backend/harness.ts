/**
 * The AWS backend for tests, the demo and the benchmark: moto plus the proxy in front of it, on free
 * ports of 127.0.0.1. `startAwsBackend` runs both in this process's control; `connectAwsBackend` drives
 * one another process started (`node out/test/aws-backend/cli.js serve`) through its control endpoints.
 */
import { controlCall } from './control';
import type { Fault } from './faults';
import type { federationRecord } from './federation';
import { startMoto, type MotoServer } from './moto';
import { startProxy, type Proxy, type ProxyStats } from './proxy';
import { seedFixture, type SeedResult } from './seed';

export type FederationRecord = ReturnType<typeof federationRecord>;

export interface AwsBackendControl {
  /** The proxy URL: the one endpoint every AWS client is pointed at. */
  readonly endpoint: string;
  /** Clears moto and the proxy (state, faults, stats). */
  reset(): Promise<void>;
  /** Resets, then applies a fixture (`accounts` for tests, `demo` for the demo) through the SDK clients. */
  seed(fixtureName?: string): Promise<SeedResult>;
  addFaults(faults: Fault | readonly Fault[]): Promise<void>;
  /** Removes the faults tests added; the fixture's own (a locked-down region) stay, as seeded state does. */
  clearFaults(): Promise<void>;
  /** Signs the device authorization with this user code in, as the user would in the browser. */
  approveDeviceCode(userCode: string): Promise<void>;
  /** Makes every issued Identity Center access token expired. */
  expireSsoTokens(): Promise<void>;
  /** The current TOTP code of a fixture's virtual MFA device. */
  mfaCode(serial: string): Promise<string>;
  /** The federation endpoint's sign-in tokens and the console sessions opened with them. */
  federation(): Promise<FederationRecord>;
  stats(): Promise<ProxyStats>;
  resetStats(): Promise<void>;
  /** Milliseconds added to every AWS call (the benchmark's network latency). */
  setLatency(ms: number): Promise<void>;
  /** Benchmark only: answer read calls seen before from memory, taking moto's service time out. */
  setReplay(on: boolean): Promise<void>;
}

export interface AwsBackend extends AwsBackendControl {
  readonly motoUrl: string;
  readonly motoPid: number;
  stop(): Promise<void>;
}

export function connectAwsBackend(endpoint: string): AwsBackendControl {
  const backend: AwsBackendControl = {
    endpoint,
    reset: async () => void (await controlCall(endpoint, 'POST', '/__proxy/reset')),
    seed: async (fixtureName = 'accounts') => {
      await backend.reset();
      return seedFixture(endpoint, fixtureName);
    },
    addFaults: async (faults) => void (await controlCall(endpoint, 'POST', '/__proxy/faults', Array.isArray(faults) ? faults : [faults])),
    clearFaults: async () => void (await controlCall(endpoint, 'DELETE', '/__proxy/faults')),
    approveDeviceCode: async (userCode) => void (await controlCall(endpoint, 'POST', '/__proxy/sso/approve', { userCode })),
    expireSsoTokens: async () => void (await controlCall(endpoint, 'POST', '/__proxy/sso/expire')),
    federation: async () => (await controlCall(endpoint, 'GET', '/__proxy/federation')) as FederationRecord,
    mfaCode: async (serial) => ((await controlCall(endpoint, 'GET', `/__proxy/mfa-code?serial=${encodeURIComponent(serial)}`)) as { code: string }).code,
    stats: async () => (await controlCall(endpoint, 'GET', '/__proxy/stats')) as ProxyStats,
    resetStats: async () => void (await controlCall(endpoint, 'DELETE', '/__proxy/stats')),
    setLatency: async (ms) => void (await controlCall(endpoint, 'POST', '/__proxy/latency', { ms })),
    setReplay: async (on) => void (await controlCall(endpoint, 'POST', '/__proxy/replay', { on })),
  };
  return backend;
}

export async function startAwsBackend(options: { latencyMs?: number; fixture?: string } = {}): Promise<AwsBackend> {
  const moto: MotoServer = await startMoto();
  let proxy: Proxy;
  try {
    proxy = await startProxy({ motoUrl: moto.url, latencyMs: options.latencyMs });
  } catch (error) {
    await moto.stop();
    throw error;
  }
  // Should this process end without stop(), do not leave moto running.
  const killMoto = () => {
    try {
      process.kill(-moto.pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  };
  process.once('exit', killMoto);
  const backend: AwsBackend = {
    ...connectAwsBackend(proxy.url),
    motoUrl: moto.url,
    motoPid: moto.pid,
    stop: async () => {
      process.removeListener('exit', killMoto);
      await proxy.stop();
      await moto.stop();
    },
  };
  if (options.fixture) await backend.seed(options.fixture);
  return backend;
}
