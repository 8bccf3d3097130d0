/** IAM Identity Center end to end through the SDK's own SSO-OIDC and SSO clients. */
import * as assert from 'node:assert/strict';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { FIXTURE_ACCOUNTS, SSO_START_URL, seededBackend, type AwsBackend } from '../support/backend';
import { errorOf } from '../support/clients';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AWS backend: IAM Identity Center', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let oidc: SSOOIDCClient;
  let portal: SSOClient;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    oidc = new SSOOIDCClient({ region: 'us-east-1', endpoint: backend.endpoint, maxAttempts: 1 });
    portal = new SSOClient({ region: 'us-east-1', endpoint: backend.endpoint, maxAttempts: 1 });
  });

  after(() => {
    oidc.destroy();
    portal.destroy();
  });

  async function startSignIn() {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'sop-lens-test', clientType: 'public', scopes: ['sso:account:access'] }));
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: SSO_START_URL }));
    const poll = () => oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
    return { device, poll };
  }

  it('signs in with the device code flow and gets role credentials that act in the account', async () => {
    const { device, poll } = await startSignIn();
    assert.match(device.userCode ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.match(device.verificationUriComplete ?? '', /^https:\/\/sop-lens-demo\.awsapps\.com\/start\/#\/device\?user_code=/);
    assert.equal(device.interval, 1);
    assert.equal((await errorOf(poll())).name, 'AuthorizationPendingException');
    await backend.approveDeviceCode(device.userCode!);
    await sleep(1000);
    const token = await poll();
    assert.ok(token.accessToken);
    assert.equal(token.tokenType, 'Bearer');

    const accounts = (await portal.send(new ListAccountsCommand({ accessToken: token.accessToken }))).accountList ?? [];
    assert.deepEqual(accounts.map((account) => account.accountId), [FIXTURE_ACCOUNTS.acmeProduction, FIXTURE_ACCOUNTS.acmeStaging]);
    const roles = (await portal.send(new ListAccountRolesCommand({ accessToken: token.accessToken, accountId: FIXTURE_ACCOUNTS.acmeProduction }))).roleList ?? [];
    assert.deepEqual(roles.map((role) => role.roleName), ['AuditRole']);
    const { roleCredentials } = await portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: FIXTURE_ACCOUNTS.acmeProduction, roleName: 'AuditRole' }));
    assert.ok(roleCredentials?.expiration && roleCredentials.expiration > Date.now());
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: backend.endpoint,
      credentials: { accessKeyId: roleCredentials.accessKeyId!, secretAccessKey: roleCredentials.secretAccessKey!, sessionToken: roleCredentials.sessionToken },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, FIXTURE_ACCOUNTS.acmeProduction);
    assert.match(identity.Arn ?? '', /assumed-role\/AWSReservedSSO_AuditRole_/);
    sts.destroy();

    const forbidden = await errorOf(portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: FIXTURE_ACCOUNTS.globex, roleName: 'AuditRole' })));
    assert.equal(forbidden.name, 'ForbiddenException');
    assert.equal((await errorOf(poll())).name, 'InvalidGrantException', 'a device code is redeemed once');
  });

  it('tells a client that polls faster than the interval to slow down', async () => {
    const { poll } = await startSignIn();
    assert.equal((await errorOf(poll())).name, 'AuthorizationPendingException');
    assert.equal((await errorOf(poll())).name, 'SlowDownException');
  });

  it('refuses portal calls with an unknown or expired token', async () => {
    assert.equal((await errorOf(portal.send(new ListAccountsCommand({ accessToken: 'not-a-token' })))).name, 'UnauthorizedException');
    const { device, poll } = await startSignIn();
    await backend.approveDeviceCode(device.userCode!);
    await sleep(1000);
    const token = await poll();
    await backend.expireSsoTokens();
    assert.equal((await errorOf(portal.send(new ListAccountsCommand({ accessToken: token.accessToken })))).name, 'UnauthorizedException');
  });

  it('refuses an unknown start URL and unknown client credentials', async () => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'sop-lens-test', clientType: 'public' }));
    const wrongUrl = await errorOf(oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: 'https://other.awsapps.com/start' })));
    assert.equal(wrongUrl.name, 'InvalidRequestException');
    const wrongSecret = await errorOf(oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: 'nope', startUrl: SSO_START_URL })));
    assert.equal(wrongSecret.name, 'InvalidClientException');
  });
});
