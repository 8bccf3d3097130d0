/**
 * Errors that say what to do, on every path that reaches AWS, through the real SDK v3 clients over
 * HTTP: the checks' door (SdkAwsApi), sign-in (STS, SSO-OIDC, the SSO portal), Organizations discovery
 * and the console sign-in. A refused connection and an unresolvable host name say which host could not
 * be reached and which setting chose it; an HTML page or a server error whose body is no AWS error say
 * so in words; credentials are sent only over HTTPS or to a loopback address; environment credentials
 * past their AWS_CREDENTIAL_EXPIRATION are never sent.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverAccountsFromOrganization } from '../../../src/core/accounts/discover';
import type { Account } from '../../../src/core/accounts/model';
import type { AwsEndpoints } from '../../../src/core/aws/clients';
import { consoleSignInUrl } from '../../../src/core/aws/console-sign-in';
import { AwsAccessError, describeError } from '../../../src/core/aws/errors';
import { SdkAwsApi } from '../../../src/core/aws/sdk-api';
import type { ServiceId } from '../../../src/core/aws/services';
import { signIn, type SignInPrompts } from '../../../src/core/aws/sign-in';
import { forgetSsoTokens } from '../../../src/core/aws/sso';
import { fixturePath } from '../../aws-backend/fixture';
import { FIXTURE_ACCOUNTS, FIXTURE_KEYS, SSO_START_URL, seededBackend, type AwsBackend } from '../support/backend';

const FIXTURES = path.dirname(fixturePath('accounts'));
const KEYS = { accessKeyId: 'SOPLENSTESTANSWERS01', secretAccessKey: 'answers-test-secret' };
const SETTING = '--endpoint-url';

const NO_PROMPTS: SignInPrompts = {
  mfaCode: () => Promise.reject(new Error('these sign-ins need no MFA code')),
  showDeviceCode: () => Promise.reject(new Error('these sign-ins must fail before a device code')),
};

const STAGING: Account = {
  id: FIXTURE_ACCOUNTS.acmeStaging,
  name: 'Acme staging',
  access: { kind: 'assume-role', roleArn: `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess`, sourceProfile: 'hub' },
  tags: {},
  origin: 'accounts-file',
};
/** The same role from the default chain: the environment's keys. */
const STAGING_FROM_ENVIRONMENT: Account = { ...STAGING, access: { kind: 'assume-role', roleArn: `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess` } };
const PRODUCTION_SSO: Account = {
  id: FIXTURE_ACCOUNTS.acmeProduction,
  name: 'Acme production (Identity Center)',
  access: { kind: 'sso', startUrl: SSO_START_URL, ssoRegion: 'us-east-1', roleName: 'AuditRole' },
  tags: {},
  origin: 'accounts-file',
};

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<AwsAccessError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AwsAccessError, `expected an AwsAccessError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the call to fail');
}

describe('errors that say what to do, through the real SDK clients', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let proxyHost: string;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    proxyHost = new URL(backend.endpoint).host;
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-answers-'));
    env = { HOME: home, AWS_CONFIG_FILE: path.join(FIXTURES, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURES, 'aws-credentials') };
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));
  beforeEach(() => forgetSsoTokens());
  afterEach(() => backend.clearFaults());

  const door = (endpoints: AwsEndpoints) => new SdkAwsApi({ accountId: '123456789012', credentials: KEYS, endpoints, maxAttempts: 2 });
  async function doorFailure(endpoints: AwsEndpoints, service: ServiceId, operation: string): Promise<AwsAccessError> {
    const api = door(endpoints);
    try {
      return await failure(api.call(service, 'us-east-1', operation));
    } finally {
      api.destroy();
    }
  }
  const signInOptions = (endpoints: AwsEndpoints, extra: { env?: NodeJS.ProcessEnv } = {}) => ({ endpoints, prompts: NO_PROMPTS, env: extra.env ?? env });

  describe('a host that cannot be reached', () => {
    it('a refused connection names the host and the setting, in the checks and in sign-in', async () => {
      const port = await closedPort();
      const endpoints = { default: `http://127.0.0.1:${port}`, setting: SETTING };
      const check = await doorFailure(endpoints, 'cloudtrail', 'DescribeTrails');
      assert.equal(check.kind, 'network');
      assert.equal(describeError(check), `Could not reach 127.0.0.1:${port} for cloudtrail:DescribeTrails in us-east-1: the connection was refused (ECONNREFUSED). Check the network or the endpoint setting (--endpoint-url).`);

      const signedIn = await failure(signIn(STAGING, signInOptions(endpoints)));
      assert.equal(signedIn.kind, 'network');
      assert.equal(describeError(signedIn), `Could not reach 127.0.0.1:${port} for sts:GetCallerIdentity in us-east-1: the connection was refused (ECONNREFUSED). Check the network or the endpoint setting (--endpoint-url).`);
    });

    it('a host name that does not resolve', async () => {
      const endpoints = { default: 'https://sop-lens-test.invalid:4566', setting: SETTING };
      const check = await doorFailure(endpoints, 'guardduty', 'ListDetectors');
      assert.equal(check.kind, 'network');
      assert.match(
        describeError(check),
        /^Could not reach sop-lens-test\.invalid:4566 for guardduty:ListDetectors in us-east-1: the host name could not be resolved \((ENOTFOUND|EAI_AGAIN)\)\. Check the network or the endpoint setting \(--endpoint-url\)\.$/,
      );
    });

    it('names the environment variable that chose the endpoint', async () => {
      const port = await closedPort();
      const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;
      process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${port}`;
      try {
        const error = await doorFailure({ setting: SETTING }, 'dynamodb', 'ListTables');
        assert.equal(describeError(error), `Could not reach 127.0.0.1:${port} for dynamodb:ListTables in us-east-1: the connection was refused (ECONNREFUSED). Check the network or the endpoint setting (AWS_ENDPOINT_URL_DYNAMODB).`);
      } finally {
        if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
        else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
      }
    });
  });

  describe('an answer that is not from AWS', () => {
    const endpoints = () => ({ default: backend.endpoint, setting: SETTING });
    const notAws = (where: string, what: string) =>
      `${proxyHost} answered ${where} with ${what}, not as AWS does. Check that the endpoint setting (--endpoint-url) points at AWS or an AWS-compatible service: a web server, proxy or captive portal answered instead.`;

    // One service of each protocol: query (STS), EC2, JSON (CloudTrail), REST-JSON (GuardDuty), REST-XML (S3).
    const CALLS: [ServiceId, string][] = [['sts', 'GetCallerIdentity'], ['ec2', 'DescribeRegions'], ['cloudtrail', 'DescribeTrails'], ['guardduty', 'ListDetectors'], ['s3', 'ListBuckets']];

    it('an HTML page (HTTP 200), whatever the protocol, is never taken for an answer', async () => {
      for (const [service, action] of CALLS) {
        await backend.addFaults({ kind: 'html-page', service, action });
        const error = await doorFailure(endpoints(), service, action);
        assert.equal(error.kind, 'not-aws', `${service}: ${error.message}`);
        assert.equal(describeError(error), notAws(`${service}:${action} in us-east-1`, 'an HTML page (HTTP 200)'));
        await backend.clearFaults();
      }
    });

    it('a server error whose body is no AWS error', async () => {
      for (const [service, action] of CALLS) {
        await backend.addFaults({ kind: 'unshaped-server-error', service, action });
        const error = await doorFailure(endpoints(), service, action);
        assert.equal(error.kind, 'not-aws', `${service}: ${error.message}`);
        assert.equal(describeError(error), notAws(`${service}:${action} in us-east-1`, 'HTTP 500 and a body that is not an AWS error'));
        await backend.clearFaults();
      }
    });

    it('in sign-in: STS, IAM Identity Center (SSO-OIDC and the portal)', async () => {
      await backend.addFaults({ kind: 'html-page', service: 'sts', action: 'GetCallerIdentity' });
      const sts = await failure(signIn(STAGING, signInOptions(endpoints())));
      assert.equal(describeError(sts), notAws('sts:GetCallerIdentity in us-east-1', 'an HTML page (HTTP 200)'));
      await backend.clearFaults();

      await backend.addFaults({ kind: 'html-page', service: 'sso-oidc', action: 'RegisterClient' });
      const oidc = await failure(signIn(PRODUCTION_SSO, signInOptions(endpoints())));
      assert.equal(describeError(oidc), notAws('sso-oidc:RegisterClient in us-east-1', 'an HTML page (HTTP 200)'));
      await backend.clearFaults();

      await backend.addFaults({ kind: 'unshaped-server-error', service: 'sso', action: 'GetRoleCredentials' });
      const portal = await failure(
        signIn(PRODUCTION_SSO, { ...signInOptions(endpoints()), prompts: { ...NO_PROMPTS, showDeviceCode: ({ userCode }) => backend.approveDeviceCode(userCode) }, sleep: () => Promise.resolve() }),
      );
      assert.equal(describeError(portal), notAws('sso:GetRoleCredentials in us-east-1', 'HTTP 500 and a body that is not an AWS error'));
    });

    it('in Organizations discovery', async () => {
      await backend.addFaults({ kind: 'html-page', service: 'organizations', action: 'ListAccounts' });
      const error = await failure(discoverAccountsFromOrganization({ profile: 'hub', roleName: 'OrganizationAccountAccessRole' }, signInOptions(endpoints())));
      assert.equal(describeError(error), notAws('organizations:ListAccounts in us-east-1', 'an HTML page (HTTP 200)'));
    });
  });

  describe('the console sign-in', () => {
    const SESSION = { accessKeyId: 'ASIATESTCONSOLE', secretAccessKey: 'console-secret', sessionToken: 'console-token', expiration: new Date(Date.now() + 3_600_000) };
    const open = (federationUrl: string) => consoleSignInUrl(SESSION, { arn: 'arn:aws:sts::111111111111:assumed-role/OperatorAccess/alice', region: 'us-east-1', federationUrl });

    it('a refused connection and an HTML page say what happened, never the URL with the credentials', async () => {
      const port = await closedPort();
      const refused = await failure(open(`http://127.0.0.1:${port}/federation`));
      assert.equal(describeError(refused), `Could not reach 127.0.0.1:${port} for the federation endpoint: the connection was refused (ECONNREFUSED). Check the network or the endpoint setting (sopLens.endpoints.signin).`);

      const page = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in to the network</body></html>'));
      await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
      const pagePort = (page.address() as AddressInfo).port;
      try {
        const html = await failure(open(`http://127.0.0.1:${pagePort}/federation`));
        assert.equal(html.kind, 'not-aws');
        assert.equal(
          describeError(html),
          `127.0.0.1:${pagePort} answered the federation endpoint with an HTML page (HTTP 200), not as AWS does. Check that the endpoint setting (sopLens.endpoints.signin) points at AWS or an AWS-compatible service: a web server, proxy or captive portal answered instead.`,
        );
        for (const e of [refused, html]) assert.ok(!describeError(e).includes(SESSION.secretAccessKey) && !describeError(e).includes(SESSION.sessionToken));
      } finally {
        page.closeAllConnections();
        await new Promise((resolve) => page.close(resolve));
      }
    });
  });

  describe('credentials go only over HTTPS or to a loopback address', () => {
    it('refuses plain HTTP to another host before anything is sent, saying which setting to change', async () => {
      const endpoints = { default: 'http://192.0.2.10:4566', setting: SETTING };
      const check = await doorFailure(endpoints, 'iam', 'GetAccountSummary');
      assert.equal(check.kind, 'insecure-endpoint');
      assert.equal(
        describeError(check),
        'SOP Lens sends no credentials over plain HTTP to 192.0.2.10:4566 (iam:GetAccountSummary in us-east-1). Use an https:// URL in the endpoint setting (--endpoint-url), or a loopback address (127.0.0.1, ::1, localhost) for a local emulator.',
      );
      const signedIn = await failure(signIn(STAGING, signInOptions({ sts: 'http://aws-mirror.example:8080', setting: 'sopLens.endpoints' })));
      assert.equal(signedIn.kind, 'insecure-endpoint');
      assert.equal(
        describeError(signedIn),
        'SOP Lens sends no credentials over plain HTTP to aws-mirror.example:8080 (sts:GetCallerIdentity in us-east-1). Use an https:// URL in the endpoint setting (sopLens.endpoints), or a loopback address (127.0.0.1, ::1, localhost) for a local emulator.',
      );
      const console = await failure(consoleSignInUrl(
        { accessKeyId: 'ASIATEST', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date(Date.now() + 3_600_000) },
        { arn: 'arn:aws:sts::111111111111:assumed-role/OperatorAccess/alice', region: 'us-east-1', federationUrl: 'http://signin.example/federation' },
      ));
      assert.equal(console.kind, 'insecure-endpoint');
      assert.match(describeError(console), /^SOP Lens sends no credentials over plain HTTP to signin\.example \(the federation endpoint\)\. Use an https:\/\/ URL in the endpoint setting \(sopLens\.endpoints\.signin\)/);
    });

    it('sends them to a loopback address however it is written', async () => {
      const { port } = new URL(backend.endpoint);
      for (const host of ['127.0.0.1', 'localhost']) {
        const session = await signIn(STAGING, signInOptions({ default: `http://${host}:${port}` }));
        assert.equal(session.accountId, FIXTURE_ACCOUNTS.acmeStaging, host);
      }
    });
  });

  describe('expired credentials in the environment', () => {
    const keysEnv = (expiration: string): NodeJS.ProcessEnv => ({
      ...env,
      AWS_ACCESS_KEY_ID: FIXTURE_KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FIXTURE_KEYS.secretAccessKey,
      AWS_SESSION_TOKEN: 'an-old-session-token',
      AWS_CREDENTIAL_EXPIRATION: expiration,
    });

    it('are not sent: the sign-in says they expired, and when', async () => {
      await backend.resetStats();
      const expired = await failure(signIn(STAGING_FROM_ENVIRONMENT, { ...signInOptions({ default: backend.endpoint }), env: keysEnv('2024-05-01T10:00:00Z') }));
      assert.equal(expired.kind, 'expired-token');
      assert.equal(
        describeError(expired),
        'The credentials in the environment (AWS_ACCESS_KEY_ID) expired at 2024-05-01T10:00:00.000Z (AWS_CREDENTIAL_EXPIRATION). Put fresh credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION, or unset them to use your AWS profiles.',
      );
      assert.equal((await backend.stats()).calls, 0, 'nothing was sent with them');
    });

    it('an expiration that is not a date is an error, not a licence to send them', async () => {
      const error = await failure(signIn(STAGING_FROM_ENVIRONMENT, { ...signInOptions({ default: backend.endpoint }), env: keysEnv('tomorrow') }));
      assert.equal(error.kind, 'no-source-credentials');
      assert.equal(describeError(error), 'AWS_CREDENTIAL_EXPIRATION is not a date: "tomorrow". Write it as an ISO 8601 time (2025-01-31T12:00:00Z), as AWS tools export it, or unset it.');
    });
  });
});
