import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  clampConsoleSeconds,
  consoleHomeUrl,
  consoleLoginUrl,
  consoleSignInUrl,
  federationUrl,
  partitionOf,
  requestSigninToken,
  signinTokenRequestUrl,
} from '../../../src/core/aws/console-sign-in';
import type { AwsCredentials } from '../../../src/core/aws/credentials';
import { AwsAccessError } from '../../../src/core/aws/errors';

const CREDENTIALS: AwsCredentials = {
  accessKeyId: 'TESTSESSIONKEY000001',
  secretAccessKey: 'test-secret/with+chars=',
  sessionToken: 'test-session-token//+==',
  expiration: new Date(Date.now() + 3_600_000),
};
const ARN = 'arn:aws:sts::111111111111:assumed-role/OperatorAccess/sop-lens.alice';

/**
 * A stand-in for the AWS federation endpoint, on 127.0.0.1: answers `getSigninToken` with a token when
 * the Session parameter holds the expected credentials, and records every request it saw.
 */
class FederationStandIn {
  readonly requests: URL[] = [];
  status = 200;
  body: string | undefined;
  private server = http.createServer((req, res) => this.answer(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/federation`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.requests.push(url);
    if (this.status !== 200) {
      res.writeHead(this.status).end('Bad request');
      return;
    }
    const session = JSON.parse(url.searchParams.get('Session') ?? '{}') as Record<string, string>;
    const valid = url.searchParams.get('Action') === 'getSigninToken' && session.sessionId === CREDENTIALS.accessKeyId && session.sessionKey === CREDENTIALS.secretAccessKey && session.sessionToken === CREDENTIALS.sessionToken;
    if (!valid) {
      res.writeHead(400).end('Invalid session');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(this.body ?? JSON.stringify({ SigninToken: 'token-from-stand-in' }));
  }
}

describe('console sign-in URLs', () => {
  it('reads the partition from the ARN and picks its federation endpoint and console', () => {
    assert.equal(partitionOf(ARN), 'aws');
    assert.equal(partitionOf('arn:aws-us-gov:sts::111111111111:assumed-role/R/s'), 'aws-us-gov');
    assert.equal(partitionOf('arn:aws-cn:iam::111111111111:role/R'), 'aws-cn');
    assert.equal(partitionOf('not an arn'), 'aws');
    assert.equal(federationUrl('aws'), 'https://signin.aws.amazon.com/federation');
    assert.equal(federationUrl('aws-cn'), 'https://signin.amazonaws.cn/federation');
    assert.equal(federationUrl('aws', 'http://127.0.0.1:9/federation'), 'http://127.0.0.1:9/federation');
    assert.equal(consoleHomeUrl('aws', 'eu-west-1'), 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    assert.equal(consoleHomeUrl('aws-us-gov', 'us-gov-west-1'), 'https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1');
  });

  it('puts the credentials into the Session parameter as JSON, URL-encoded, with the duration clamped', () => {
    const url = new URL(signinTokenRequestUrl('https://signin.aws.amazon.com/federation', CREDENTIALS, 100_000));
    assert.equal(url.origin + url.pathname, 'https://signin.aws.amazon.com/federation');
    assert.equal(url.searchParams.get('Action'), 'getSigninToken');
    assert.equal(url.searchParams.get('SessionDuration'), '43200');
    assert.deepEqual(JSON.parse(url.searchParams.get('Session')!), {
      sessionId: CREDENTIALS.accessKeyId,
      sessionKey: CREDENTIALS.secretAccessKey,
      sessionToken: CREDENTIALS.sessionToken,
    });
    // `+`, `/` and `=` of the secret must be encoded, or the endpoint reads a different secret.
    assert.ok(!url.search.includes('test-secret/with+chars='), 'the secret is percent-encoded in the query');
  });

  it('leaves SessionDuration out when not asked for (role chaining) and clamps it to 15 min .. 12 h', () => {
    const url = new URL(signinTokenRequestUrl('https://signin.aws.amazon.com/federation', CREDENTIALS));
    assert.equal(url.searchParams.has('SessionDuration'), false);
    assert.equal(clampConsoleSeconds(60), 900);
    assert.equal(clampConsoleSeconds(3600), 3600);
  });

  it('refuses long-term keys: the console needs temporary credentials', () => {
    assert.throws(
      () => signinTokenRequestUrl('https://signin.aws.amazon.com/federation', { accessKeyId: 'AKIA', secretAccessKey: 's' }),
      (e: unknown) => e instanceof AwsAccessError && e.kind === 'no-source-credentials' && /Assume a role/.test(e.action),
    );
  });

  it('builds the login URL with issuer, destination and token', () => {
    const url = new URL(consoleLoginUrl('https://signin.aws.amazon.com/federation', 'tok en', 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1'));
    assert.equal(url.searchParams.get('Action'), 'login');
    assert.equal(url.searchParams.get('Issuer'), 'SOP Lens');
    assert.equal(url.searchParams.get('Destination'), 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    assert.equal(url.searchParams.get('SigninToken'), 'tok en');
  });
});

describe('console sign-in against a stand-in federation endpoint', () => {
  let standIn: FederationStandIn;
  let endpoint: string;

  beforeEach(async () => {
    standIn = new FederationStandIn();
    endpoint = await standIn.start();
  });
  afterEach(() => standIn.stop());

  it('exchanges the credentials for a token and builds the login URL for the region', async () => {
    const url = new URL(await consoleSignInUrl(CREDENTIALS, { arn: ARN, region: 'eu-west-1', federationUrl: endpoint, sessionDurationSeconds: 3600 }));
    assert.equal(standIn.requests.length, 1);
    assert.equal(standIn.requests[0].searchParams.get('SessionDuration'), '3600');
    assert.equal(url.origin + url.pathname, endpoint);
    assert.equal(url.searchParams.get('SigninToken'), 'token-from-stand-in');
    assert.equal(url.searchParams.get('Destination'), 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
  });

  it('reports a refusal with the HTTP status and no secret in the message', async () => {
    standIn.status = 400;
    await assert.rejects(
      requestSigninToken(signinTokenRequestUrl(endpoint, CREDENTIALS)),
      (e: unknown) => {
        assert.ok(e instanceof AwsAccessError);
        assert.equal(e.kind, 'access-denied');
        assert.match(e.message, /HTTP 400/);
        for (const secret of [CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken!, CREDENTIALS.accessKeyId]) {
          assert.ok(!e.message.includes(secret) && !e.action.includes(secret) && !(e.stack ?? '').includes(secret));
        }
        return true;
      },
    );
  });

  it('reports a 5xx as a service error, and an answer without a token as not an AWS answer', async () => {
    standIn.status = 503;
    await assert.rejects(requestSigninToken(signinTokenRequestUrl(endpoint, CREDENTIALS)), (e: unknown) => e instanceof AwsAccessError && e.kind === 'service' && /HTTP 503/.test(e.message));
    standIn.status = 200;
    standIn.body = JSON.stringify({ Something: 'else' });
    await assert.rejects(requestSigninToken(signinTokenRequestUrl(endpoint, CREDENTIALS)), (e: unknown) => e instanceof AwsAccessError && e.kind === 'not-aws' && /answered the federation endpoint with JSON without a sign-in token \(HTTP 200\), not as AWS does$/.test(e.message));
  });

  it('reports an unreachable endpoint as a network error without the URL query', async () => {
    await standIn.stop();
    await assert.rejects(requestSigninToken(signinTokenRequestUrl(endpoint, CREDENTIALS)), (e: unknown) => {
      assert.ok(e instanceof AwsAccessError);
      assert.equal(e.kind, 'network');
      assert.ok(!e.message.includes('Session') && !e.message.includes(CREDENTIALS.accessKeyId));
      return true;
    });
    standIn = new FederationStandIn(); // afterEach stops a running one
    await standIn.start();
  });

  it('is cancelled by the caller\'s signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(requestSigninToken(signinTokenRequestUrl(endpoint, CREDENTIALS), { signal: controller.signal }), (e: unknown) => e instanceof AwsAccessError && e.kind === 'cancelled');
  });

  it('never asks for a token with expired credentials', async () => {
    const expired = { ...CREDENTIALS, expiration: new Date(Date.now() - 1000) };
    await assert.rejects(consoleSignInUrl(expired, { arn: ARN, region: 'us-east-1', federationUrl: endpoint }), (e: unknown) => e instanceof AwsAccessError && e.kind === 'expired-token');
    assert.equal(standIn.requests.length, 0);
  });
});
