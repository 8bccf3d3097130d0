/**
 * The backend's console federation endpoint, driven by SOP Lens's own console sign-in code (what Open
 * Console runs) with credentials from the backend's AssumeRole and Identity Center, then followed as a
 * browser would: `login` redirects to the local console page, which names the role and the session.
 */
import * as assert from 'node:assert/strict';
import { consoleSignInUrl, signinTokenRequestUrl } from '../../../src/core/aws/console-sign-in';
import { AwsAccessError } from '../../../src/core/aws/errors';
import { FIXTURE_ACCOUNTS, seededBackend, type AwsBackend } from '../support/backend';
import { ALICE, assumeRole, type TestCredentials } from '../support/clients';

const STAGING_ROLE = `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess`;

/** Follows a login URL as a browser would: the redirect, then the page it lands on. */
async function follow(loginUrl: string): Promise<{ redirect: Response; page: Response; html: string }> {
  const redirect = await fetch(loginUrl, { redirect: 'manual', headers: { 'user-agent': 'federation-test' } });
  const location = redirect.headers.get('location');
  assert.equal(redirect.status, 302, `login redirects (HTTP ${redirect.status})`);
  assert.ok(location);
  const page = await fetch(new URL(location, loginUrl));
  return { redirect, page, html: await page.text() };
}

async function assumedArn(backend: AwsBackend, credentials: TestCredentials): Promise<string> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ region: 'us-east-1', endpoint: backend.endpoint, credentials, maxAttempts: 1 });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
  } finally {
    sts.destroy();
  }
}

describe('AWS backend: console federation endpoint', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let federation: string;
  let staging: TestCredentials;
  let stagingArn: string;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    federation = `${backend.endpoint}/federation`;
    staging = await assumeRole(backend, FIXTURE_ACCOUNTS.acmeStaging, 'OperatorAccess');
    stagingArn = await assumedArn(backend, staging);
  });

  it('signs an assumed role in: the token request, the login redirect, and a console page naming the role and session', async () => {
    const loginUrl = await consoleSignInUrl({ ...staging, expiration: new Date(Date.now() + 3_600_000) }, { arn: stagingArn, region: 'eu-west-1', federationUrl: federation, sessionDurationSeconds: 1800 });
    const login = new URL(loginUrl);
    assert.equal(login.origin + login.pathname, federation);
    assert.equal(login.searchParams.get('Action'), 'login');

    const { page, html } = await follow(loginUrl);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.ok(html.includes(STAGING_ROLE), 'the page names the role ARN');
    const sessionName = stagingArn.split('/').pop()!;
    assert.ok(html.includes(`session <strong>${sessionName}</strong>`), `the page names the session ${sessionName}`);
    assert.ok(html.includes('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1'), 'and where AWS would have gone');
    assert.ok(!html.includes(staging.secretAccessKey) && !html.includes(staging.sessionToken!), 'no credential on the page');

    const record = await backend.federation();
    const opened = record.consoleSessions.find((s) => s.arn === stagingArn);
    assert.ok(opened, 'the backend records the console session');
    assert.equal(opened.roleArn, STAGING_ROLE);
    assert.equal(opened.userAgent, 'federation-test');
    assert.equal(opened.issuer, 'SOP Lens');
    const minutes = (Date.parse(opened.endsAt) - Date.parse(opened.startedAt)) / 60_000;
    assert.ok(Math.abs(minutes - 30) < 1, `SessionDuration=1800 gives a 30-minute console session (${minutes})`);
  });

  it('signs an IAM Identity Center role session in too', async () => {
    const { GetRoleCredentialsCommand, SSOClient } = await import('@aws-sdk/client-sso');
    const { RegisterClientCommand, StartDeviceAuthorizationCommand, CreateTokenCommand, SSOOIDCClient } = await import('@aws-sdk/client-sso-oidc');
    const { SSO_START_URL } = await import('../support/backend');
    const oidc = new SSOOIDCClient({ region: 'us-east-1', endpoint: backend.endpoint, maxAttempts: 1 });
    const portal = new SSOClient({ region: 'us-east-1', endpoint: backend.endpoint, maxAttempts: 1 });
    try {
      const client = await oidc.send(new RegisterClientCommand({ clientName: 'federation-test', clientType: 'public' }));
      const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: SSO_START_URL }));
      await backend.approveDeviceCode(device.userCode!);
      const token = await oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }));
      const role = (await portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: FIXTURE_ACCOUNTS.acmeProduction, roleName: 'AuditRole' }))).roleCredentials!;
      const credentials = { accessKeyId: role.accessKeyId!, secretAccessKey: role.secretAccessKey!, sessionToken: role.sessionToken! };
      const arn = await assumedArn(backend, credentials);
      const { html } = await follow(await consoleSignInUrl({ ...credentials, expiration: new Date(role.expiration!) }, { arn, region: 'us-east-1', federationUrl: federation }));
      assert.match(arn, /:assumed-role\/AWSReservedSSO_AuditRole_[0-9a-f]+\//);
      const roleArn = `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeProduction}:role/${arn.split('/')[1]}`;
      assert.ok(html.includes(roleArn), `the page names the permission set's role ${roleArn}`);
    } finally {
      oidc.destroy();
      portal.destroy();
    }
  });

  it('refuses credentials it did not issue, a wrong secret, long-term keys and a SessionDuration out of range, as the sign-in code reports them', async () => {
    const expiration = new Date(Date.now() + 3_600_000);
    const refused = async (credentials: TestCredentials & { sessionToken?: string }, sessionDurationSeconds?: number): Promise<number> => {
      const response = await fetch(signinTokenRequestUrl(federation, { ...credentials, sessionToken: credentials.sessionToken ?? 'none', expiration }, sessionDurationSeconds));
      await response.arrayBuffer();
      return response.status;
    };
    assert.equal(await refused({ ...staging, secretAccessKey: `${staging.secretAccessKey}x` }), 400);
    assert.equal(await refused({ ...staging, sessionToken: `${staging.sessionToken}x` }), 400);
    assert.equal(await refused(ALICE), 400, 'an IAM user\'s long-term keys');
    assert.equal(await refused({ accessKeyId: 'ASIAUNKNOWN0000000000', secretAccessKey: 'x', sessionToken: 'y' }), 400);
    const outOfRange = new URL(signinTokenRequestUrl(federation, { ...staging, sessionToken: staging.sessionToken!, expiration }));
    outOfRange.searchParams.set('SessionDuration', '600');
    assert.equal((await fetch(outOfRange)).status, 400, 'SessionDuration below 900 s');

    const error = await consoleSignInUrl({ ...staging, secretAccessKey: 'wrong', expiration }, { arn: stagingArn, region: 'us-east-1', federationUrl: federation }).then(
      () => assert.fail('a wrong secret must be refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AwsAccessError);
    assert.equal(error.kind, 'access-denied');
  });

  it('refuses a login with an unknown token or without a destination, and names no console session for an unknown id', async () => {
    const unknown = await fetch(`${federation}?Action=login&Issuer=x&Destination=${encodeURIComponent('https://console.aws.amazon.com/')}&SigninToken=nope`, { redirect: 'manual' });
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /sign-in token is missing, unknown or older than 15 minutes/);

    const loginUrl = new URL(await consoleSignInUrl({ ...staging, expiration: new Date(Date.now() + 3_600_000) }, { arn: stagingArn, region: 'us-east-1', federationUrl: federation }));
    loginUrl.searchParams.delete('Destination');
    assert.equal((await fetch(loginUrl, { redirect: 'manual' })).status, 400);

    const page = await fetch(`${backend.endpoint}/console?session=0000`);
    assert.equal(page.status, 404);
    assert.ok(!(await page.text()).includes('arn:aws:iam::'));
  });
});
