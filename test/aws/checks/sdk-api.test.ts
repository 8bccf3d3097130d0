/**
 * SdkAwsApi through the real SDK v3 clients against moto and the proxy: endpoint overrides for every
 * client (S3 Control included), the run's memory seen by the proxy's call counter, and each injected
 * fault arriving as its typed error in the region it was injected in.
 */
import * as assert from 'node:assert/strict';
import type { ApiCallRecord } from '../../../src/core/aws/api';
import { AwsAccessError } from '../../../src/core/aws/errors';
import { Limiter } from '../../../src/core/aws/limiter';
import { enabledRegions } from '../../../src/core/aws/regions';
import { SdkAwsApi, type SdkAwsApiOptions } from '../../../src/core/aws/sdk-api';
import { regionPartition } from '../../../src/core/aws/services';
import { type AwsBackend, awsBackend } from '../support/backend';

/** Keys no fixture knows: moto acts in its default account with them. */
const KEYS = { accessKeyId: 'SOPLENSTESTSDKAPI001', secretAccessKey: 'h4-test-secret' };

describe('SdkAwsApi against moto and the proxy', function () {
  this.timeout(60_000);
  let backend: AwsBackend;

  before(async function () {
    this.timeout(180_000);
    backend = await awsBackend();
    await backend.reset();
  });
  afterEach(() => backend.clearFaults());

  function api(options: Partial<SdkAwsApiOptions> = {}) {
    const calls: ApiCallRecord[] = [];
    const instance = new SdkAwsApi({ accountId: '123456789012', credentials: KEYS, endpoints: { default: backend.endpoint }, maxAttempts: 2, onCall: (r) => calls.push(r), ...options });
    return { api: instance, calls };
  }

  const kindOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'answered',
      (e: unknown) => (e instanceof AwsAccessError ? `${e.kind}@${e.details.region}` : `untyped ${String(e)}`),
    );

  it('lists the enabled regions of the home region\'s partition only', async () => {
    const { api: a } = api();
    try {
      const regions = await enabledRegions(a, 'us-east-1');
      assert.ok(regions.includes('us-east-1') && regions.includes('eu-west-1'), regions.join(','));
      assert.deepEqual(regions.filter((r) => regionPartition(r) !== 'aws'), []);
      assert.deepEqual(regions, [...regions].sort());
    } finally {
      a.destroy();
    }
  });

  it('asks the network once for repeated and concurrent read-only calls', async () => {
    const { api: a, calls } = api();
    try {
      await backend.resetStats();
      await Promise.all([a.call('cloudtrail', 'us-east-1', 'DescribeTrails', { includeShadowTrails: true }), a.call('cloudtrail', 'us-east-1', 'DescribeTrails', { includeShadowTrails: true })]);
      await a.call('cloudtrail', 'us-east-1', 'DescribeTrails', { includeShadowTrails: true });
      const stats = await backend.stats();
      const describeTrails = Object.entries(stats.byCall).filter(([k]) => k.includes('DescribeTrails'));
      assert.deepEqual(describeTrails.map(([, n]) => n), [1], JSON.stringify(stats.byCall));
      assert.deepEqual(calls.map((c) => c.cached).sort(), [false, true, true], 'one request, two answers from memory');
    } finally {
      a.destroy();
    }
  });

  it('reaches S3 Control and S3 through the endpoint override', async () => {
    const { api: a } = api();
    try {
      // No account-level block in a fresh moto: S3 Control answers with its own error, which proves the
      // request reached it (an unresolvable account-prefixed host would be a network error).
      const pab = await kindOf(a.call('s3control', 'us-east-1', 'GetPublicAccessBlock', { AccountId: '123456789012' }));
      assert.ok(pab === 'answered' || pab === 'service@us-east-1', pab);
      const buckets = await a.call<{ Buckets?: unknown[] }>('s3', 'us-east-1', 'ListBuckets');
      assert.ok(Array.isArray(buckets.Buckets ?? []));
    } finally {
      a.destroy();
    }
  });

  it('turns each fault into its kind in the faulted region only', async () => {
    await backend.addFaults([
      { kind: 'access-denied', service: 'guardduty', region: 'eu-west-1' },
      { kind: 'throttle', service: 'config', region: 'eu-west-1' },
      { kind: 'opted-out', region: 'eu-south-1' },
      { kind: 'server-error', service: 'cloudwatch', region: 'eu-west-1' },
      { kind: 'expired-token', service: 'dynamodb', region: 'eu-west-1' },
    ]);
    const { api: a, calls } = api();
    try {
      assert.equal(await kindOf(a.call('guardduty', 'eu-west-1', 'ListDetectors')), 'access-denied@eu-west-1');
      assert.equal(await kindOf(a.call('guardduty', 'us-east-1', 'ListDetectors')), 'answered');
      assert.equal(await kindOf(a.call('config', 'eu-west-1', 'DescribeConfigurationRecorders')), 'throttled@eu-west-1');
      assert.equal(await kindOf(a.call('config', 'us-east-1', 'DescribeConfigurationRecorders')), 'answered');
      assert.equal(await kindOf(a.call('guardduty', 'eu-south-1', 'ListDetectors')), 'region-disabled@eu-south-1');
      assert.equal(await kindOf(a.call('cloudwatch', 'eu-west-1', 'DescribeAlarms')), 'service@eu-west-1');
      assert.equal(await kindOf(a.call('dynamodb', 'eu-west-1', 'ListTables')), 'expired-token@eu-west-1');
      assert.ok(calls.every((c) => c.accountId === '123456789012'));
    } finally {
      a.destroy();
    }
  });

  it('times a slow call out, and ends calls at once when the run is cancelled', async () => {
    await backend.addFaults({ kind: 'latency', latencyMs: 3000, service: 'sns' });
    const { api: slow } = api({ callTimeoutMs: 300, maxAttempts: 1 });
    const controller = new AbortController();
    const { api: cancelled } = api({ signal: controller.signal, limits: { overall: new Limiter(1), account: new Limiter(1) } });
    try {
      assert.equal(await kindOf(slow.call('sns', 'us-east-1', 'ListTopics')), 'timeout@us-east-1');
      const running = kindOf(cancelled.call('sns', 'us-east-1', 'ListTopics'));
      const queued = kindOf(cancelled.call('sns', 'eu-west-1', 'ListTopics'));
      setTimeout(() => controller.abort(), 100);
      // Both end as cancelled, not answered: the 3 s of latency never ran out.
      assert.deepEqual(await Promise.all([running, queued]), ['cancelled@us-east-1', 'cancelled@eu-west-1']);
    } finally {
      slow.destroy();
      cancelled.destroy();
    }
  });
});
