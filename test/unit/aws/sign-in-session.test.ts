/** Role session names derived from the operator, and the in-memory session store that never hands out expired credentials. */
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts/model';
import { EXPIRY_MARGIN_MS, type AwsSession } from '../../../src/core/aws/credentials';
import { assumeRoleError, effectiveDuration } from '../../../src/core/aws/assume-role';
import { entryKey, SessionStore } from '../../../src/core/aws/session-store';
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
  const entry = (id: string, name = `Account ${id}`, access: Account['access'] = { kind: 'assume-role', roleArn: `arn:aws:iam::${id}:role/OperatorAccess` }): Account => ({ id, name, access, tags: {}, origin: 'accounts-file' });
  const session = (accountId: string, msLeft: number | undefined, now: number, role = 'R'): AwsSession => {
    const arn = `arn:aws:sts::${accountId}:assumed-role/${role}/sop-lens.alice`;
    return {
      accountId, arn, access: { arn, method: 'assume-role', mfa: false, description: 'test' },
      credentials: { accessKeyId: `ASIA${role}`, secretAccessKey: 's', sessionToken: 't', expiration: msLeft === undefined ? undefined : new Date(now + msLeft) },
    };
  };
  const [a, b, c] = [entry('111111111111'), entry('222222222222'), entry('333333333333')];

  it('hands out only unexpired sessions, and tells listeners', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new SessionStore(() => new Date(now));
    const changes: string[] = [];
    const unsubscribe = store.onDidChange((change) => changes.push(`${change.reason}:${change.account.id}`));
    store.set(a, session(a.id, 3_600_000, now));
    store.set(b, session(b.id, undefined, now));
    assert.equal(store.get(a)?.accountId, a.id);
    assert.equal(store.all().length, 2);
    assert.equal(store.timeLeftMs(a), 3_600_000 - EXPIRY_MARGIN_MS);
    now += 3_600_000 - EXPIRY_MARGIN_MS;
    assert.equal(store.get(a), undefined, 'expired within the margin');
    assert.deepEqual(store.all().map((s) => s.account.id), [b.id], 'long-term keys do not expire');
    assert.equal(store.delete(b), true);
    assert.equal(store.delete(b), false);
    unsubscribe();
    store.set(c, session(c.id, 3_600_000, now));
    assert.deepEqual(changes, [`set:${a.id}`, `set:${b.id}`, `expired:${a.id}`, `delete:${b.id}`]);
    store.clear();
  });

  it('keeps one session per entry: two ways into one account never replace, hand out or delete each other', () => {
    const now = Date.now();
    const store = new SessionStore(() => new Date(now));
    const viaRole = entry('111111111111', 'Acme production');
    const viaSso = entry('111111111111', 'Acme production (Identity Center)', { kind: 'sso', startUrl: 'https://acme.awsapps.com/start', ssoRegion: 'us-east-1', roleName: 'AuditRole' });
    const roleSession = session(viaRole.id, 3_600_000, now, 'OperatorAccess');
    const ssoSession = session(viaSso.id, 3_600_000, now, 'AuditRole');
    store.set(viaRole, roleSession);
    store.set(viaSso, ssoSession);
    assert.equal(store.get(viaRole), roleSession);
    assert.equal(store.get(viaSso), ssoSession);
    assert.deepEqual(store.all().map((s) => s.account.name), ['Acme production', 'Acme production (Identity Center)']);
    // A renamed entry (same id, same way in) is the same entry; another role is another entry.
    assert.equal(store.get(entry(viaRole.id, 'Acme prod')), roleSession);
    assert.equal(store.get({ ...viaRole, access: { kind: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/ReadOnly' } }), undefined);
    assert.equal(store.delete(viaSso), true);
    assert.equal(store.get(viaRole), roleSession, 'signing out of one entry signed out of the other');
    assert.notEqual(entryKey(viaRole), entryKey(viaSso));
    store.clear();
  });

  it('refuses to store an expired session, or a session of another account than the entry\'s', () => {
    const now = Date.now();
    const store = new SessionStore(() => new Date(now));
    assert.throws(() => store.set(a, session(a.id, EXPIRY_MARGIN_MS - 1, now)), /already expired/);
    assert.equal(store.get(a), undefined);
    assert.throws(() => store.set(a, session(b.id, 3_600_000, now)), /cannot be kept/);
  });

  it('drops a session by itself when it expires, so the status bar hears of it', async () => {
    const store = new SessionStore();
    const expired = new Promise<string>((resolve) => store.onDidChange((change) => change.reason === 'expired' && resolve(change.account.id)));
    store.set(a, session(a.id, EXPIRY_MARGIN_MS + 30, Date.now()));
    assert.equal(await expired, a.id);
    assert.equal(store.all().length, 0);
  });
});
