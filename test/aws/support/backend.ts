/**
 * One AWS backend (moto + proxy) per mocha process, shared by every test under `test/aws/`: the first
 * `awsBackend()` starts it, a root `after` hook stops it. A suite that needs the fixture calls
 * `await backend.seed()` in its `before` (seeding resets first, so suites do not see each other's writes).
 *
 *   import { awsBackend } from '../support/backend';
 *   let backend: AwsBackend;
 *   before(async function () { this.timeout(120_000); backend = await awsBackend(); await backend.seed(); });
 */
import { controlCall } from '../../aws-backend/control';
import { startAwsBackend, type AwsBackend } from '../../aws-backend/harness';

export type { AwsBackend } from '../../aws-backend/harness';
export { FIXTURE_KEYS, FIXTURE_ACCOUNTS, HUB_MFA_SERIAL, SSO_START_URL } from '../../aws-backend/fixture';

let started: Promise<AwsBackend> | undefined;

export function awsBackend(): Promise<AwsBackend> {
  started ??= startAwsBackend();
  return started;
}

/**
 * The backend seeded with the `accounts` fixture, seeding only when the proxy reports no fixture (the
 * first suite of the process pays for it). Suites that change state (faults, contacts, protection)
 * put it back in an `after`/`afterEach`, or call `backend.seed()` themselves.
 */
export async function seededBackend(): Promise<AwsBackend> {
  const backend = await awsBackend();
  const status = (await controlCall(backend.endpoint, 'GET', '/__proxy/seed')) as { fixture?: string };
  if (status.fixture !== 'accounts') await backend.seed('accounts');
  return backend;
}

// A root-level hook: mocha runs it once after every suite of the process.
after(async function () {
  this.timeout(20_000);
  if (!started) return;
  const backend = await started.catch(() => undefined);
  started = undefined;
  await backend?.stop();
});
