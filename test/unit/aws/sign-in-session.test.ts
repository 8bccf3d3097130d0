/** Role session names derived from the operator, and the in-memory session store that never hands out expired credentials. */
import * as assert from 'node:assert/strict';
import { EXPIRY_MARGIN_MS, type AwsSession } from '../../../src/core/aws/credentials';
import { assumeRoleError, effectiveDuration } from '../../../src/core/aws/assume-role';
import { SessionStore } from '../../../src/core/aws/session-store';
import { SESSION_NAME, operatorFromArn, roleSessionName, sourceIdentity } from '../../../src/core/aws/session-name';
import { awsError } from './sign-in-fake';

describe('role session names', () => {
  const cases: [string, string | undefined, string][] = [
    ['arn:aws:iam::999999999999:user/alice', 'alice', 'sop-lens.alice'],
    ['arn:aws:iam::999999999999:user/engineering/ops/bob', 'bob', 'sop-lens.bob'],
    ['arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Admin_0123abcd/carol@acme.example', 'carol@acme.example', 'sop-lens.carol@acme.example'],
    ['arn:aws:sts::999999999999:assumed-role/HubOperator/sop-lens.alice', 'alice', 'sop-lens.alice'],
    ['arn:aws:sts::999999999999:federated-user/dave', 'dave', 'sop-lens.dave'],
    ['arn:aws:iam::999999999999:root', 'root', 'sop-lens.root'],
    ['arn:aws-us-gov:iam::999999999999:user/erin', 'erin', 'sop-lens.erin'],
    ['not an arn', undefined, 'sop-lens.unknown'],
  ];
  for (const [arn, operator, name] of cases) {
    it(`${arn} → ${name}`, () => {
      assert.equal(operatorFromArn(arn), operator);
      assert.equal(roleSessionName(arn), name);
      assert.match(roleSessionName(arn), SESSION_NAME);
    });
  }

  it('replaces what STS refuses and keeps within 64 characters', () => {
    const name = roleSessionName(`arn:aws:sts::999999999999:assumed-role/R/${'x'.repeat(40)} ${'y'.repeat(40)}`);
    assert.match(name, SESSION_NAME);
    assert.equal(name.length, 64);
    assert.ok(name.startsWith('sop-lens.xxx'));
    assert.ok(!name.includes(' '));
    assert.equal(sourceIdentity('arn:aws:iam::999999999999:user/al ice'), 'al-ice');
  });

  it('falls back to the caller account rather than a fixed name', () => {
    assert.equal(roleSessionName('arn:aws:sts::999999999999:assumed-role/R'), 'sop-lens.999999999999');
  });
});

describe('AssumeRole error mapping and durations', () => {
  const context = { roleArn: 'arn:aws:iam::111111111111:role/OperatorAccess', callerArn: 'arn:aws:iam::999999999999:user/alice', mfaSerial: 'arn:aws:iam::999999999999:mfa/alice' };
  const kinds: [Error, string][] = [
    [awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'), 'mfa-invalid'],
    [awsError('AccessDenied', 'User: x is not authorized to perform: sts:AssumeRole'), 'access-denied'],
    [awsError('NoSuchEntity', 'The role with name X cannot be found.'), 'role-not-found'],
    [awsError('ExpiredToken', 'The security token included in the request is expired'), 'expired-token'],
    [awsError('InvalidClientTokenId', 'The security token included in the request is invalid.'), 'no-source-credentials'],
    [awsError('Throttling', 'Rate exceeded'), 'throttled'],
    [awsError('AbortError', 'aborted'), 'cancelled'],
  ];
  for (const [error, kind] of kinds) {
    it(`${error.name}: ${error.message.slice(0, 40)} → ${kind}`, () => {
      const mapped = assumeRoleError(error, context);
      assert.equal(mapped.kind, kind);
      assert.ok(mapped.action.length > 10);
    });
  }

  it('asks for the default hour within STS bounds, and at most an hour when chaining', () => {
    assert.equal(effectiveDuration(undefined, false), 3600);
    assert.equal(effectiveDuration(43_200, false), 43_200);
    assert.equal(effectiveDuration(100_000, false), 43_200);
    assert.equal(effectiveDuration(60, false), 900);
    assert.equal(effectiveDuration(7200, true), 3600);
    assert.equal(effectiveDuration(1800, true), 1800);
  });
});

describe('session store', () => {
  const session = (accountId: string, msLeft: number | undefined, now: number): AwsSession => ({
    accountId, arn: `arn:aws:sts::${accountId}:assumed-role/R/sop-lens.alice`, via: 'test', mfa: false,
    credentials: { accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't', expiration: msLeft === undefined ? undefined : new Date(now + msLeft) },
  });

  it('hands out only unexpired sessions, and tells listeners', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new SessionStore(() => new Date(now));
    const changes: string[] = [];
    const unsubscribe = store.onDidChange((c) => changes.push(`${c.reason}:${c.accountId}`));
    store.set(session('111111111111', 3_600_000, now));
    store.set(session('222222222222', undefined, now));
    assert.equal(store.get('111111111111')?.accountId, '111111111111');
    assert.equal(store.all().length, 2);
    assert.equal(store.timeLeftMs('111111111111'), 3_600_000 - EXPIRY_MARGIN_MS);
    now += 3_600_000 - EXPIRY_MARGIN_MS;
    assert.equal(store.get('111111111111'), undefined, 'expired within the margin');
    assert.deepEqual(store.all().map((s) => s.accountId), ['222222222222'], 'long-term keys do not expire');
    assert.equal(store.delete('222222222222'), true);
    assert.equal(store.delete('222222222222'), false);
    unsubscribe();
    store.set(session('333333333333', 3_600_000, now));
    assert.deepEqual(changes, ['set:111111111111', 'set:222222222222', 'expired:111111111111', 'delete:222222222222']);
    store.clear();
  });

  it('refuses to store an expired session', () => {
    const now = Date.now();
    const store = new SessionStore(() => new Date(now));
    assert.throws(() => store.set(session('111111111111', EXPIRY_MARGIN_MS - 1, now)), /already expired/);
    assert.equal(store.get('111111111111'), undefined);
  });

  it('drops a session by itself when it expires, so the status bar hears of it', async () => {
    const store = new SessionStore();
    const expired = new Promise<string>((resolve) => store.onDidChange((c) => c.reason === 'expired' && resolve(c.accountId)));
    store.set(session('111111111111', EXPIRY_MARGIN_MS + 30, Date.now()));
    assert.equal(await expired, '111111111111');
    assert.equal(store.all().length, 0);
  });
});
