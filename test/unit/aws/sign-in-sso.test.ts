/** IAM Identity Center sign-in with a fake OIDC and portal: device flow, polling, token reuse (memory and the CLI cache, read only). */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Account } from '../../../src/core/accounts/model';
import { AwsAccessError } from '../../../src/core/aws/errors';
import { signIn } from '../../../src/core/aws/sign-in';
import { forgetSsoTokens } from '../../../src/core/aws/sso';
import { FakeAws, ScriptedPrompts, awsError, fakeHome, options } from './sign-in-fake';

const START_URL = 'https://sop-lens-demo.awsapps.com/start';
const audit: Account = {
  id: '222222222222', name: 'Acme audit', origin: 'accounts-file', tags: {},
  access: { kind: 'sso', startUrl: START_URL, ssoRegion: 'us-east-1', roleName: 'AuditRole', sessionName: 'demo' },
};

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('sign-in with IAM Identity Center', () => {
  let home: ReturnType<typeof fakeHome>;
  let aws: FakeAws;
  beforeEach(() => {
    forgetSsoTokens();
    home = fakeHome('');
    aws = new FakeAws();
  });
  afterEach(() => {
    forgetSsoTokens();
    home.dispose();
  });

  it('runs the device flow, shows the code, polls until approved, and gets the role credentials', async () => {
    const prompts = new ScriptedPrompts([], aws);
    const before = listFiles(home.dir);
    const opts = options(aws, prompts, home.env);
    const session = await signIn(audit, opts);
    assert.equal(session.accountId, '222222222222');
    assert.equal(session.arn, 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_AuditRole_0123abcd/alice@acme.example');
    assert.match(session.access.description, /IAM Identity Center role AuditRole/);
    assert.deepEqual({ ...session.access, description: undefined }, { arn: session.arn, method: 'sso', portal: START_URL, roleName: 'AuditRole', mfa: false, description: undefined });
    assert.deepEqual(prompts.deviceCodes, ['ABCD-1']);
    assert.deepEqual(aws.operations(), ['RegisterClient', 'StartDeviceAuthorization', 'CreateToken', 'GetRoleCredentials', 'GetCallerIdentity']);
    assert.deepEqual(aws.inputsOf('GetRoleCredentials')[0].accountId, '222222222222');
    assert.deepEqual(opts.waits, [1000], 'polls at the interval the service gives');
    assert.deepEqual(listFiles(home.dir), before, 'nothing is written: the token stays in memory');
    assert.equal(opts.lines.join('\n').includes('sso-token'), false, 'the token is never logged');
  });

  it('keeps polling while pending and slows down by 5 seconds when told to', async () => {
    let polls = 0;
    const prompts = { mfaCode: () => Promise.resolve(undefined), showDeviceCode: () => Promise.resolve() };
    aws.slowDownOnce = true;
    const opts = options(aws, prompts, home.env, {
      sleep: (ms: number) => {
        opts.waits.push(ms);
        polls += 1;
        if (polls === 3) aws.approved.add('ABCD-1');
        return Promise.resolve();
      },
    });
    await signIn(audit, opts);
    assert.deepEqual(opts.waits, [1000, 6000, 6000]);
    assert.equal(aws.inputsOf('CreateToken').length, 3);
  });

  it('reuses the token in memory for the next sign-in', async () => {
    await signIn(audit, options(aws, new ScriptedPrompts([], aws), home.env));
    const prompts = new ScriptedPrompts([], aws);
    await signIn({ ...audit, id: '333333333333', name: 'Other' }, options(aws, prompts, home.env));
    assert.deepEqual(prompts.deviceCodes, []);
    assert.equal(aws.inputsOf('StartDeviceAuthorization').length, 1);
  });

  it('renews an expired sign-in of its own with the refresh token, without a new device code', async () => {
    const start = new Date('2026-11-24T08:00:00Z');
    const first = options(aws, new ScriptedPrompts([], aws), home.env, { now: () => start });
    await signIn(audit, first);
    assert.deepEqual(aws.inputsOf('RegisterClient')[0].scopes, ['sso:account:access'], 'registered for refresh tokens, as aws sso login is');
    aws.validTokens.clear(); // the access token (8 h) has expired at Identity Center too

    const later = new Date(start.getTime() + 9 * 3_600_000);
    const prompts = new ScriptedPrompts([], aws);
    const second = options(aws, prompts, home.env, { now: () => later });
    const session = await signIn({ ...audit, id: '333333333333', name: 'Other' }, second);
    assert.equal(session.accountId, '333333333333');
    assert.deepEqual(prompts.deviceCodes, [], 'no browser sign-in');
    assert.equal(aws.inputsOf('StartDeviceAuthorization').length, 1);
    const renewal = aws.inputsOf('CreateToken').at(-1)!;
    assert.equal(renewal.grantType, 'refresh_token');
    assert.equal(renewal.refreshToken, 'refresh-device-1-do-not-log');
    assert.ok(second.lines.some((l) => /renewed the sign-in/.test(l)), second.lines.join('\n'));
    const logged = [...first.lines, ...second.lines].join('\n');
    assert.equal(/do-not-log/.test(logged), false, 'neither token is logged');
  });

  it('signs in again in the browser when Identity Center refuses the renewal', async () => {
    const start = new Date('2026-11-24T08:00:00Z');
    await signIn(audit, options(aws, new ScriptedPrompts([], aws), home.env, { now: () => start }));
    aws.validTokens.clear();
    aws.validRefreshTokens.clear(); // the Identity Center session ended
    const prompts = new ScriptedPrompts([], aws);
    const opts = options(aws, prompts, home.env, { now: () => new Date(start.getTime() + 9 * 3_600_000) });
    const session = await signIn(audit, opts);
    assert.equal(session.accountId, '222222222222');
    assert.equal(prompts.deviceCodes.length, 1, 'a new device code was shown');
    assert.equal(aws.inputsOf('StartDeviceAuthorization').length, 2);
    assert.ok(opts.lines.some((l) => /could not be renewed \(InvalidGrantException\); signing in again/.test(l)), opts.lines.join('\n'));
  });

  it('renews once for accounts of one portal signing in together, and shows no device code', async () => {
    const start = new Date('2026-11-24T08:00:00Z');
    await signIn(audit, options(aws, new ScriptedPrompts([], aws), home.env, { now: () => start }));
    aws.validTokens.clear();
    const later = new Date(start.getTime() + 9 * 3_600_000);
    const prompts = new ScriptedPrompts([], aws);
    const sessions = await Promise.all(
      ['333333333333', '444444444444', '555555555555'].map((id) => signIn({ ...audit, id, name: `Account ${id}` }, options(aws, prompts, home.env, { now: () => later }))),
    );
    assert.deepEqual(sessions.map((s) => s.accountId), ['333333333333', '444444444444', '555555555555']);
    assert.deepEqual(prompts.deviceCodes, []);
    assert.equal(aws.inputsOf('CreateToken').filter((i) => i.grantType === 'refresh_token').length, 1, 'one renewal shared by the three');
  });

  it('keeps the sign-in when a renewal is throttled, and renews it on the next try', async () => {
    const start = new Date('2026-11-24T08:00:00Z');
    await signIn(audit, options(aws, new ScriptedPrompts([], aws), home.env, { now: () => start }));
    aws.validTokens.clear();
    aws.throttleRenewalOnce = true;
    const later = new Date(start.getTime() + 9 * 3_600_000);
    const prompts = new ScriptedPrompts([], aws);
    const failed = await signIn(audit, options(aws, prompts, home.env, { now: () => later })).then(
      () => assert.fail('a throttled renewal must not pass'),
      (error: unknown) => error,
    );
    assert.ok(failed instanceof AwsAccessError, String(failed));
    assert.equal(failed.kind, 'throttled');
    await signIn(audit, options(aws, prompts, home.env, { now: () => later }));
    assert.deepEqual(prompts.deviceCodes, [], 'no browser sign-in for a passing condition');
    assert.equal(aws.inputsOf('CreateToken').filter((i) => i.grantType === 'refresh_token').length, 2);
  });

  it('never renews a token of the AWS CLI\'s cache, even one that carries a refresh token', async () => {
    const cacheDir = path.join(home.dir, '.aws', 'sso', 'cache');
    fs.mkdirSync(cacheDir, { recursive: true });
    const file = path.join(cacheDir, `${createHash('sha1').update('demo').digest('hex')}.json`);
    // As `aws sso login` writes it with an sso-session: an expired access token, its refresh token and client.
    fs.writeFileSync(
      file,
      JSON.stringify({
        startUrl: START_URL, region: 'us-east-1', accessToken: 'cli-token', expiresAt: new Date(Date.now() - 60_000).toISOString(),
        refreshToken: 'cli-refresh-token', clientId: 'cli-client', clientSecret: 'cli-client-secret', registrationExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    );
    aws.validRefreshTokens.add('cli-refresh-token');
    const prompts = new ScriptedPrompts([], aws);
    await signIn(audit, options(aws, prompts, home.env));
    assert.equal(prompts.deviceCodes.length, 1, 'the device flow, not a renewal');
    assert.equal(aws.inputsOf('CreateToken').some((i) => i.grantType === 'refresh_token'), false);
    assert.ok(aws.validRefreshTokens.has('cli-refresh-token'), 'the CLI\'s refresh token is left as it was');
  });

  it('reuses a valid token from the AWS CLI cache, named after the sso-session, without writing to it', async () => {
    const cacheDir = path.join(home.dir, '.aws', 'sso', 'cache');
    fs.mkdirSync(cacheDir, { recursive: true });
    const file = path.join(cacheDir, `${createHash('sha1').update('demo').digest('hex')}.json`);
    const cached = JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: 'cli-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    fs.writeFileSync(file, cached);
    const mtime = fs.statSync(file).mtimeMs;
    aws.validTokens.add('cli-token');
    const prompts = new ScriptedPrompts([], aws);
    await signIn(audit, options(aws, prompts, home.env));
    assert.deepEqual(aws.operations(), ['GetRoleCredentials', 'GetCallerIdentity']);
    assert.equal(aws.inputsOf('GetRoleCredentials')[0].accessToken, 'cli-token');
    assert.equal(fs.readFileSync(file, 'utf8'), cached);
    assert.equal(fs.statSync(file).mtimeMs, mtime);
    assert.deepEqual(listFiles(cacheDir), [path.basename(file)]);
  });

  it('finds the CLI cache of an sso-session with the same start URL when the entry names none', async () => {
    const configHome = fakeHome(`[sso-session corp]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n`, '');
    try {
      const cacheDir = path.join(configHome.dir, '.aws', 'sso', 'cache');
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(path.join(cacheDir, `${createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({ startUrl: START_URL, accessToken: 'corp-token', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
      aws.validTokens.add('corp-token');
      const unnamed: Account = { ...audit, access: { kind: 'sso', startUrl: START_URL, ssoRegion: 'us-east-1', roleName: 'AuditRole' } };
      await signIn(unnamed, options(aws, new ScriptedPrompts([], aws), configHome.env));
      assert.deepEqual(aws.operations(), ['GetRoleCredentials', 'GetCallerIdentity']);
    } finally {
      configHome.dispose();
    }
  });

  it('ignores an expired CLI token and signs in afresh; a revoked one too', async () => {
    const cacheDir = path.join(home.dir, '.aws', 'sso', 'cache');
    fs.mkdirSync(cacheDir, { recursive: true });
    const write = (name: string, token: string, ms: number): void =>
      fs.writeFileSync(path.join(cacheDir, `${createHash('sha1').update(name).digest('hex')}.json`), JSON.stringify({ startUrl: START_URL, accessToken: token, expiresAt: new Date(Date.now() + ms).toISOString() }));
    write('demo', 'expired-token', -1000);
    const prompts = new ScriptedPrompts([], aws);
    await signIn(audit, options(aws, prompts, home.env));
    assert.equal(prompts.deviceCodes.length, 1);

    forgetSsoTokens();
    write('demo', 'revoked-token', 3_600_000);
    const again = new ScriptedPrompts([], aws);
    await signIn(audit, options(aws, again, home.env));
    assert.deepEqual(aws.inputsOf('GetRoleCredentials').slice(-2).map((i) => String(i.accessToken).startsWith('sso-token') ? 'fresh' : i.accessToken), ['revoked-token', 'fresh']);
    assert.equal(again.deviceCodes.length, 1);
  });

  it('fails with sso-sign-in-failed when the code expires before approval', async () => {
    aws.deviceExpiresIn = 2;
    let now = Date.now();
    const opts = options(aws, { mfaCode: () => Promise.resolve(undefined), showDeviceCode: () => Promise.resolve() }, home.env, {
      now: () => new Date(now),
      sleep: (ms: number) => {
        now += ms;
        return Promise.resolve();
      },
    });
    await assert.rejects(signIn(audit, opts), (e: unknown) => e instanceof AwsAccessError && e.kind === 'sso-sign-in-failed' && /expired before it was approved/.test(e.message));
  });

  it('maps an ExpiredTokenException while polling, and a refused fresh token', async () => {
    aws.faults.set('CreateToken', awsError('ExpiredTokenException', 'expired'));
    await assert.rejects(signIn(audit, options(aws, new ScriptedPrompts([], aws), home.env)), (e: unknown) => e instanceof AwsAccessError && e.kind === 'sso-sign-in-failed');
    aws.faults.set('GetRoleCredentials', awsError('UnauthorizedException', 'Session token not found or invalid'));
    await assert.rejects(signIn(audit, options(aws, new ScriptedPrompts([], aws), home.env)), (e: unknown) => e instanceof AwsAccessError && e.kind === 'sso-token-expired' && /aws sso login/.test(e.action));
  });

  it('says when the role is not assigned', async () => {
    aws.faults.set('GetRoleCredentials', awsError('ForbiddenException', 'No access'));
    await assert.rejects(signIn(audit, options(aws, new ScriptedPrompts([], aws), home.env)), (e: unknown) => e instanceof AwsAccessError && e.kind === 'access-denied' && /AuditRole/.test(e.message));
  });

  it('stops polling when cancelled', async () => {
    const controller = new AbortController();
    const prompts = { mfaCode: () => Promise.resolve(undefined), showDeviceCode: () => Promise.resolve() };
    const opts = options(aws, prompts, home.env, { signal: controller.signal, sleep: undefined });
    const pending = signIn(audit, { ...opts, sleep: undefined });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, (e: unknown) => e instanceof AwsAccessError && e.kind === 'cancelled');
    assert.ok(aws.inputsOf('CreateToken').length <= 1);
  });

  it('signs in through an SSO profile of the shared config', async () => {
    const config = `[profile acme-audit]\nsso_session = demo\nsso_account_id = 222222222222\nsso_role_name = AuditRole\n\n[sso-session demo]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n`;
    const profileHome = fakeHome(config, '');
    try {
      const account: Account = { id: '222222222222', name: 'acme-audit', origin: 'aws-config', tags: {}, access: { kind: 'profile', profile: 'acme-audit' } };
      const session = await signIn(account, options(aws, new ScriptedPrompts([], aws), profileHome.env));
      assert.match(session.arn, /AWSReservedSSO_AuditRole/);
      assert.match(session.access.description, /IAM Identity Center \(profile acme-audit\)/);
      assert.deepEqual([session.access.method, session.access.profile], ['profile', 'acme-audit']);
    } finally {
      profileHome.dispose();
    }
  });
});
