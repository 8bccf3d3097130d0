/**
 * Injected faults reach the SDK as the error names AWS would give, for each protocol family, and the
 * fixture's own faults (an opted-out region, a locked-down region) hold. Also latency and the call counter.
 */
import * as assert from 'node:assert/strict';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { FIXTURE_ACCOUNTS, seededBackend, type AwsBackend } from '../support/backend';
import { assumeRole, clientConfig, errorOf, type TestCredentials } from '../support/clients';

describe('AWS backend: faults', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let production: TestCredentials;
  let staging: TestCredentials;
  let globex: TestCredentials;
  const productionId = FIXTURE_ACCOUNTS.acmeProduction;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    production = await assumeRole(backend, productionId, 'OperatorAccess', { mfa: true });
    staging = await assumeRole(backend, FIXTURE_ACCOUNTS.acmeStaging, 'OperatorAccess');
    globex = await assumeRole(backend, FIXTURE_ACCOUNTS.globex, 'OperatorAccess', { mfa: true });
  });

  // clearFaults keeps the fixture's own faults (staging's opted-out region, Globex's eu-west-1).
  afterEach(async () => {
    await backend.clearFaults();
    await backend.setLatency(0);
  });

  it('gives a JSON service (CloudTrail) AccessDeniedException and ThrottlingException', async () => {
    const cloudtrail = new CloudTrailClient(clientConfig(backend, production));
    await backend.addFaults({ kind: 'access-denied', service: 'cloudtrail', action: 'DescribeTrails', account: productionId, times: 1 });
    const denied = await errorOf(cloudtrail.send(new DescribeTrailsCommand({})));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /not authorized to perform: cloudtrail:DescribeTrails/);
    await backend.addFaults({ kind: 'throttle', service: 'cloudtrail', times: 1 });
    assert.equal((await errorOf(cloudtrail.send(new DescribeTrailsCommand({})))).name, 'ThrottlingException');
    assert.ok((await cloudtrail.send(new DescribeTrailsCommand({}))).trailList, 'the fault was used up');
  });

  it('gives a REST-JSON service (GuardDuty) its exceptions, and applies faults only in their region', async () => {
    await backend.addFaults({ kind: 'expired-token', service: 'guardduty', region: 'eu-west-1' });
    const ireland = new GuardDutyClient(clientConfig(backend, production, 'eu-west-1'));
    assert.equal((await errorOf(ireland.send(new ListDetectorsCommand({})))).name, 'ExpiredTokenException');
    const virginia = new GuardDutyClient(clientConfig(backend, production, 'us-east-1'));
    assert.equal((await virginia.send(new ListDetectorsCommand({}))).DetectorIds?.length, 1);
  });

  it('gives a query service (IAM) Throttling, AccessDenied, ExpiredToken and a 500', async () => {
    const iam = new IAMClient(clientConfig(backend, production));
    const cases: [string, string, number][] = [
      ['throttle', 'Throttling', 400],
      ['access-denied', 'AccessDenied', 403],
      ['expired-token', 'ExpiredToken', 403],
      ['server-error', 'InternalFailure', 500],
    ];
    for (const [kind, name, status] of cases) {
      await backend.addFaults({ kind: kind as 'throttle', service: 'iam', times: 1 });
      const error = await errorOf(iam.send(new ListUsersCommand({})));
      assert.equal(error.name, name, kind);
      assert.equal(error.$metadata?.httpStatusCode, status, kind);
    }
  });

  it('gives CloudWatch (JSON with query-compatible errors) the query error names', async () => {
    await backend.addFaults({ kind: 'access-denied', service: 'cloudwatch', times: 1 });
    const error = await errorOf(new CloudWatchClient(clientConfig(backend, production)).send(new DescribeAlarmsCommand({})));
    assert.equal(error.name, 'AccessDenied');
  });

  it('gives REST-XML services (S3 Control, S3) AccessDenied and SlowDown', async () => {
    await backend.addFaults({ kind: 'access-denied', service: 's3control', times: 1 });
    const control = new S3ControlClient({ ...clientConfig(backend, production), endpointProvider: () => ({ url: new URL(backend.endpoint) }) });
    const denied = await errorOf(control.send(new GetPublicAccessBlockCommand({ AccountId: productionId })));
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.$metadata?.httpStatusCode, 403);
    await backend.addFaults({ kind: 'throttle', service: 's3', action: 'GetBucketVersioning', times: 1 });
    const s3 = new S3Client({ ...clientConfig(backend, production), forcePathStyle: true });
    assert.equal((await errorOf(s3.send(new GetBucketVersioningCommand({ Bucket: 'acme-prod-cloudtrail-logs' })))).name, 'SlowDown');
  });

  it('refuses every call in a region the account has not enabled, as an invalid token', async () => {
    const optedOut = await errorOf(new CloudTrailClient(clientConfig(backend, staging, 'eu-south-1')).send(new DescribeTrailsCommand({})));
    assert.equal(optedOut.name, 'UnrecognizedClientException');
    assert.equal(optedOut.message, 'The security token included in the request is invalid.');
    const query = await errorOf(new CloudWatchClient(clientConfig(backend, staging, 'eu-south-1')).send(new DescribeAlarmsCommand({})));
    assert.equal(query.name, 'InvalidClientTokenId');
    assert.ok((await new CloudTrailClient(clientConfig(backend, staging, 'eu-west-1')).send(new DescribeTrailsCommand({}))).trailList);
  });

  it('denies everything in Globex eu-west-1 and nothing in us-east-1 (the fixture\'s locked-down region)', async () => {
    assert.equal((await errorOf(new GuardDutyClient(clientConfig(backend, globex, 'eu-west-1')).send(new ListDetectorsCommand({})))).name, 'AccessDeniedException');
    assert.equal((await new GuardDutyClient(clientConfig(backend, globex, 'us-east-1')).send(new ListDetectorsCommand({}))).DetectorIds?.length, 1);
  });

  it('adds latency per call and counts calls per operation and account', async () => {
    await backend.resetStats();
    await backend.setLatency(150);
    const cloudtrail = new CloudTrailClient(clientConfig(backend, production));
    const started = Date.now();
    await cloudtrail.send(new DescribeTrailsCommand({}));
    await cloudtrail.send(new DescribeTrailsCommand({}));
    assert.ok(Date.now() - started >= 300, `took ${Date.now() - started} ms`);
    const stats = await backend.stats();
    assert.equal(stats.byCall['cloudtrail:DescribeTrails'], 2);
    assert.equal(stats.byAccount[productionId], 2);
    assert.equal(stats.calls, 2);
  });

  it('rejects a malformed fault with a message', async () => {
    await assert.rejects(backend.addFaults({ kind: 'explode' } as never), /fault kind must be one of/);
  });
});
