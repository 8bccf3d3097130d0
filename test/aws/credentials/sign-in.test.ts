/**
 * Sign-in against moto and the proxy: alice's hub keys from the fixture's shared credentials file, her
 * virtual MFA device (the test computes its code as an authenticator app would), role chaining through
 * the hub, Identity Center device sign-in approved by the test, and the session store refusing expired
 * credentials.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAccountsFile } from '../../../src/core/accounts/accounts-file';
import type { Account } from '../../../src/core/accounts/model';
import { createClient, createCommand } from '../../../src/core/aws/clients';
import type { AwsSession } from '../../../src/core/aws/credentials';
import { AwsAccessError } from '../../../src/core/aws/errors';
import { SessionStore } from '../../../src/core/aws/session-store';
import { signIn, type SignInOptions, type SignInPrompts } from '../../../src/core/aws/sign-in';
import { forgetSsoTokens } from '../../../src/core/aws/sso';
import { fixturePath } from '../../aws-backend/fixture';
import { FIXTURE_KEYS, HUB_MFA_SERIAL, seededBackend, type AwsBackend } from '../support/backend';

const FIXTURES = path.dirname(fixturePath('accounts'));
const ACCOUNTS = parseAccountsFile(fs.readFileSync(path.join(FIXTURES, 'accounts-file.yaml'), 'utf8')).accounts;
const byName = (name: string): Account => {
  const account = ACCOUNTS.find((a) => a.name === name);
  assert.ok(account, `the fixture accounts file has ${name}`);
  return account;
};

/** A code the device is not showing now, nor one step either side. */
function wrongCode(current: string): string {
  return String((Number(current) + 500_000) % 1_000_000).padStart(6, '0');
}

async function callerOf(backend: AwsBackend, session: AwsSession): Promise<{ Account?: string; Arn?: string }> {
  const sts = await createClient('sts', { region: 'us-east-1', endpoints: { default: backend.endpoint }, credentials: session.credentials, maxAttempts: 1 });
  try {
    return (await sts.send(await createCommand('sts', 'GetCallerIdentity', {}))) as { Account?: string; Arn?: string };
  } finally {
    sts.destroy();
  }
}

async function failure(promise: Promise<unknown>): Promise<AwsAccessError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AwsAccessError, `expected an AwsAccessError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the sign-in to fail');
}

describe('sign-in against the AWS backend', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let logged: string[];

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-signin-'));
    env = { HOME: home, PATH: process.env.PATH, AWS_CONFIG_FILE: path.join(FIXTURES, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURES, 'aws-credentials') };
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));
  beforeEach(() => {
    forgetSsoTokens();
    logged = [];
  });

  const options = (prompts: Partial<SignInPrompts>, extra: Partial<SignInOptions> = {}): SignInOptions => ({
    endpoints: { default: backend.endpoint },
    env,
    log: (line) => logged.push(line),
    prompts: {
      mfaCode: () => Promise.reject(new Error('no MFA prompt expected')),
      showDeviceCode: () => Promise.reject(new Error('no device code expected')),
      ...prompts,
    },
    ...extra,
  });
  const currentCode = (): Promise<string> => backend.mfaCode(HUB_MFA_SERIAL);

  it('assumes a role that requires MFA with the current code; STS then reports the assumed role in the target account', async () => {
    const asked: number[] = [];
    const session = await signIn(byName('Acme production'), options({ mfaCode: async ({ attempt, serial }) => (asked.push(attempt), assert.equal(serial, HUB_MFA_SERIAL), currentCode()) }));
    assert.deepEqual(asked, [1]);
    const caller = await callerOf(backend, session);
    assert.equal(caller.Account, '111111111111');
    assert.equal(caller.Arn, 'arn:aws:sts::111111111111:assumed-role/OperatorAccess/sop-lens.alice');
    assert.equal(session.arn, caller.Arn);
    assert.equal(session.access.mfa, true);
    assert.equal(session.access.arn, caller.Arn, 'the access record names the identity STS reports');
    assert.ok(session.credentials.expiration && session.credentials.expiration.getTime() > Date.now() + 3_000_000, 'about an hour');
    const log = logged.join('\n');
    for (const secret of [FIXTURE_KEYS.secretAccessKey, FIXTURE_KEYS.accessKeyId, session.credentials.secretAccessKey, session.credentials.sessionToken ?? '-']) assert.equal(log.includes(secret), false);
  });

  it('refuses a wrong code three times with mfa-invalid, asking again each time with the reason', async () => {
    const lastErrors: (string | undefined)[] = [];
    const error = await failure(signIn(byName('Acme production'), options({ mfaCode: async ({ lastError }) => (lastErrors.push(lastError), wrongCode(await currentCode())) })));
    assert.equal(error.kind, 'mfa-invalid');
    assert.equal(lastErrors.length, 3);
    assert.equal(lastErrors[0], undefined);
    assert.match(lastErrors[1] ?? '', /did not accept the MFA code/);
  });

  it('recovers from one wrong code', async () => {
    let calls = 0;
    const session = await signIn(byName('Acme production'), options({ mfaCode: async () => (++calls === 1 ? wrongCode(await currentCode()) : currentCode()) }));
    assert.equal(session.accountId, '111111111111');
    assert.equal(calls, 2);
  });

  it('stops with cancelled when the MFA prompt is dismissed', async () => {
    const error = await failure(signIn(byName('Acme production'), options({ mfaCode: () => Promise.resolve(undefined) })));
    assert.equal(error.kind, 'cancelled');
  });

  it('says access is denied, naming role and caller, for a role that does not exist', async () => {
    const missing: Account = { ...byName('Acme staging'), access: { kind: 'assume-role', roleArn: 'arn:aws:iam::222222222222:role/NoSuchRole', sourceProfile: 'hub' } };
    const error = await failure(signIn(missing, options({})));
    assert.equal(error.kind, 'access-denied');
    assert.match(error.message, /arn:aws:iam::999999999999:user\/alice is not allowed to assume arn:aws:iam::222222222222:role\/NoSuchRole/);
  });

  it('assumes a role without MFA where the trust policy does not require it', async () => {
    const session = await signIn(byName('Acme staging'), options({}));
    assert.equal((await callerOf(backend, session)).Arn, 'arn:aws:sts::222222222222:assumed-role/OperatorAccess/sop-lens.alice');
  });

  it('chains through HubOperator (MFA on the first hop) into Globex', async () => {
    const session = await signIn(byName('Globex locked-down'), options({ mfaCode: () => currentCode() }));
    const caller = await callerOf(backend, session);
    assert.equal(caller.Account, '333333333333');
    assert.equal(caller.Arn, 'arn:aws:sts::333333333333:assumed-role/OperatorAccess/sop-lens.alice');
    assert.match(session.access.description, /HubOperator → OperatorAccess/);
    assert.deepEqual(session.access.roles, ['arn:aws:iam::999999999999:role/HubOperator', 'arn:aws:iam::333333333333:role/OperatorAccess']);
  });

  it('chains through shared-config profiles (globex → hub-operator → hub) with our own STS calls', async () => {
    const account: Account = { id: '333333333333', name: 'globex', origin: 'aws-config', tags: {}, access: { kind: 'profile', profile: 'globex' } };
    const session = await signIn(account, options({ mfaCode: () => currentCode() }));
    assert.equal((await callerOf(backend, session)).Account, '333333333333');
  });

  it('says which profile is missing when there are no source credentials', async () => {
    const account: Account = { ...byName('Acme staging'), access: { kind: 'assume-role', roleArn: 'arn:aws:iam::222222222222:role/OperatorAccess', sourceProfile: 'nobody' } };
    const error = await failure(signIn(account, options({})));
    assert.equal(error.kind, 'no-source-credentials');
    assert.match(error.action, /profile nobody/);
  });

  it('signs in through IAM Identity Center: the test approves the device code, GetRoleCredentials gives the AuditRole', async () => {
    const shown: string[] = [];
    const session = await signIn(byName('Acme production (Identity Center)'), options({
      showDeviceCode: async ({ userCode, verificationUri }) => {
        shown.push(userCode);
        assert.match(verificationUri, /^https:\/\//);
        await backend.approveDeviceCode(userCode);
      },
    }));
    assert.equal(shown.length, 1);
    const caller = await callerOf(backend, session);
    assert.equal(caller.Account, '111111111111');
    assert.match(caller.Arn ?? '', /assumed-role\/AWSReservedSSO_AuditRole_/);
    assert.equal(fs.existsSync(path.join(home, '.aws')), false, 'nothing written under HOME');

    // The token is kept in memory: the second account needs no new device code.
    const staging = await signIn({ ...byName('Acme production (Identity Center)'), id: '222222222222', name: 'Acme staging (Identity Center)' }, options({}));
    assert.equal((await callerOf(backend, staging)).Account, '222222222222');

    // Once the portal no longer accepts the token, the user is told to sign in again.
    await backend.expireSsoTokens();
    const expired = await failure(signIn(byName('Acme production (Identity Center)'), options({})));
    assert.equal(expired.kind, 'sso-token-expired');
  });

  it('renews an Identity Center sign-in past its access token\'s 8 hours with the refresh token, without a new device code', async () => {
    const account = byName('Acme production (Identity Center)');
    await signIn(account, options({ showDeviceCode: ({ userCode }) => backend.approveDeviceCode(userCode) }));
    // Nine hours later: the access token has expired at Identity Center and by the sign-in's clock; its
    // refresh token has not.
    await backend.expireSsoTokens();
    const later = new Date(Date.now() + 9 * 3_600_000);
    const renewed = await signIn(account, options({}, { now: () => later }));
    assert.equal((await callerOf(backend, renewed)).Account, '111111111111');
    assert.ok(logged.some((line) => /renewed the sign-in/.test(line)), logged.join('\n'));
  });

  it('keeps sessions in the store only while they are valid', async () => {
    const staging = byName('Acme staging');
    const session = await signIn(staging, options({}, { durationSeconds: 900 }));
    const expiration = session.credentials.expiration!;
    assert.ok(Math.abs(expiration.getTime() - Date.now() - 900_000) < 60_000, 'the duration asked for');
    let now = new Date();
    const store = new SessionStore(() => now);
    store.set(staging, session);
    assert.equal(store.get(staging), session);
    now = new Date(expiration.getTime() - 30_000);
    assert.equal(store.get(staging), undefined, 'within a minute of expiry the session is gone');
    assert.throws(() => store.set(staging, session), /expired/);
  });
});
