/** SdkAwsApi over fake SDK clients: memory, in-flight sharing, limits, timeouts, cancellation, errors. */
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type { ApiCallRecord } from '../../../src/core/aws/api';
import { type ClientOptions, type SdkClient, SdkSettings } from '../../../src/core/aws/clients';
import type { AwsCredentials } from '../../../src/core/aws/credentials';
import { AwsAccessError } from '../../../src/core/aws/errors';
import { Limiter } from '../../../src/core/aws/limiter';
import { SdkAwsApi, type SdkAwsApiOptions, memoKey, stableJson } from '../../../src/core/aws/sdk-api';
import type { ServiceId } from '../../../src/core/aws/services';

interface FakeCommand {
  readonly service: ServiceId;
  readonly operation: string;
  readonly input: object;
}

interface Sent extends FakeCommand {
  readonly region: string;
}

/** Answers each command with `answer`, which may wait on the abort signal or throw. */
type Answer = (sent: Sent, signal: AbortSignal | undefined, options: ClientOptions) => Promise<unknown>;

function fakeSdk(answer: Answer) {
  const sent: Sent[] = [];
  const created: { service: ServiceId; options: ClientOptions }[] = [];
  let destroyed = 0;
  const clients: NonNullable<SdkAwsApiOptions['clients']> = {
    create: (service: ServiceId, options: ClientOptions): Promise<SdkClient> => {
      created.push({ service, options });
      return Promise.resolve({
        send: (command: unknown, sendOptions?: { abortSignal?: AbortSignal }) => {
          const c = { ...(command as FakeCommand), region: options.region };
          sent.push(c);
          return answer(c, sendOptions?.abortSignal, options);
        },
        destroy: () => void destroyed++,
      });
    },
    command: (service: ServiceId, operation: string, input: object) => Promise.resolve({ service, operation, input } satisfies FakeCommand),
  };
  return { clients, sent, created, destroyed: () => destroyed };
}

const KEYS: AwsCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date('2030-01-01T00:00:00Z') };

function api(answer: Answer, options: Partial<SdkAwsApiOptions> = {}) {
  const sdk = fakeSdk(answer);
  const calls: ApiCallRecord[] = [];
  const instance = new SdkAwsApi({ accountId: '111111111111', credentials: KEYS, clients: sdk.clients, onCall: (r) => calls.push(r), ...options });
  return { api: instance, sdk, calls };
}

const echo: Answer = (sent) => Promise.resolve({ echoed: sent.operation, region: sent.region });

/** Never answers until aborted, then fails as the SDK does. */
const hang: Answer = (_sent, signal) =>
  new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' })), { once: true });
  });

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

describe('SdkAwsApi', () => {
  it('remembers read-only answers for the run: one request for the same call, keys in any order', async () => {
    const { api: a, sdk, calls } = api(echo);
    const first = await a.call('cloudtrail', 'eu-west-1', 'DescribeTrails', { includeShadowTrails: true, trailNameList: [] });
    const again = await a.call('cloudtrail', 'eu-west-1', 'DescribeTrails', { trailNameList: [], includeShadowTrails: true });
    assert.deepEqual(first, { echoed: 'DescribeTrails', region: 'eu-west-1' });
    assert.equal(again, first);
    assert.equal(sdk.sent.length, 1);
    assert.deepEqual(calls.map((c) => c.cached), [false, true]);
    await a.call('cloudtrail', 'eu-west-2', 'DescribeTrails', { includeShadowTrails: true, trailNameList: [] });
    await a.call('cloudtrail', 'eu-west-1', 'DescribeTrails', { includeShadowTrails: false });
    assert.equal(sdk.sent.length, 3, 'another region or input is another request');
  });

  it('shares one in-flight request between concurrent identical calls', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { api: a, sdk } = api(async (sent) => {
      await held;
      return { n: sent.operation };
    });
    const both = Promise.all([a.call('iam', 'us-east-1', 'GetAccountSummary'), a.call('iam', 'us-east-1', 'GetAccountSummary')]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const [x, y] = await both;
    assert.equal(x, y);
    assert.equal(sdk.sent.length, 1);
  });

  it('treats global services as one region in its memory', async () => {
    const { api: a, sdk } = api(echo);
    await a.call('iam', 'us-east-1', 'GetAccountSummary');
    await a.call('iam', 'eu-west-1', 'GetAccountSummary');
    assert.equal(sdk.sent.length, 1);
    assert.equal(memoKey('iam', 'eu-west-1', 'ListUsers', {}), memoKey('iam', 'us-east-1', 'ListUsers', {}));
    assert.notEqual(memoKey('config', 'eu-west-1', 'DescribeConfigurationRecorders', {}), memoKey('config', 'us-east-1', 'DescribeConfigurationRecorders', {}));
  });

  it('never remembers calls that change things, nor failures', async () => {
    let failures = 1;
    const { api: a, sdk } = api((sent) => (sent.operation === 'GetTrailStatus' && failures-- > 0 ? Promise.reject(awsError('ThrottlingException')) : echo(sent, undefined, {} as ClientOptions)));
    await a.call('cloudformation', 'us-east-1', 'UpdateTerminationProtection', { StackName: 's' });
    await a.call('cloudformation', 'us-east-1', 'UpdateTerminationProtection', { StackName: 's' });
    await assert.rejects(a.call('cloudtrail', 'us-east-1', 'GetTrailStatus', { Name: 't' }), (e: AwsAccessError) => e.kind === 'throttled');
    assert.deepEqual(await a.call('cloudtrail', 'us-east-1', 'GetTrailStatus', { Name: 't' }), { echoed: 'GetTrailStatus', region: 'us-east-1' });
    assert.equal(sdk.sent.length, 4);
  });

  it('makes one client per service and region, with the endpoints, attempts and timeout', async () => {
    const { api: a, sdk } = api(echo, { endpoints: { default: 'http://127.0.0.1:5000' }, maxAttempts: 5, callTimeoutMs: 7000 });
    await a.call('config', 'eu-west-1', 'DescribeConfigurationRecorders');
    await a.call('config', 'eu-west-1', 'DescribeConfigurationRecorderStatus');
    await a.call('config', 'eu-west-2', 'DescribeConfigurationRecorders');
    await a.call('guardduty', 'eu-west-1', 'ListDetectors');
    assert.deepEqual(sdk.created.map((c) => `${c.service}|${c.options.region}`), ['config|eu-west-1', 'config|eu-west-2', 'guardduty|eu-west-1']);
    const options = sdk.created[0].options;
    assert.deepEqual({ ...options, credentials: undefined, settings: undefined }, { region: 'eu-west-1', credentials: undefined, endpoints: { default: 'http://127.0.0.1:5000' }, maxAttempts: 5, requestTimeoutMs: 7000, settings: undefined });
    assert.equal(options.credentials, KEYS);
    // The SDK settings are read once for the api's clients, and again by another api (another run).
    assert.ok(options.settings instanceof SdkSettings);
    assert.ok(sdk.created.every((c) => c.options.settings === options.settings));
    const other = api(echo);
    await other.api.call('config', 'eu-west-1', 'DescribeConfigurationRecorders');
    assert.ok(other.sdk.created[0].options.settings instanceof SdkSettings);
    assert.notEqual(other.sdk.created[0].options.settings, options.settings);
    a.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sdk.destroyed(), 3);
    await assert.rejects(a.call('config', 'eu-west-1', 'DescribeConfigurationRecorders'), (e: AwsAccessError) => e.kind === 'cancelled');
  });

  it('classifies errors with the region: denied, throttled, and an unrecognised client only in opt-in regions', async () => {
    const { api: a, calls } = api((sent) => Promise.reject(awsError(sent.operation)));
    const kind = (service: ServiceId, region: string, code: string) =>
      a.call(service, region, code).then(
        () => 'resolved',
        (e: unknown) => (e instanceof AwsAccessError ? `${e.kind}@${e.details.region}` : 'not typed'),
      );
    assert.equal(await kind('cloudtrail', 'eu-west-1', 'AccessDeniedException'), 'access-denied@eu-west-1');
    assert.equal(await kind('ec2', 'eu-west-1', 'UnauthorizedOperation'), 'access-denied@eu-west-1');
    assert.equal(await kind('cloudwatch', 'us-east-2', 'Throttling'), 'throttled@us-east-2');
    assert.equal(await kind('guardduty', 'me-south-1', 'UnrecognizedClientException'), 'region-disabled@me-south-1');
    assert.equal(await kind('guardduty', 'eu-west-1', 'UnrecognizedClientException'), 'service@eu-west-1');
    assert.equal(await kind('sts', 'us-east-1', 'ExpiredToken'), 'expired-token@us-east-1');
    assert.equal(await kind('s3', 'us-east-1', 'InternalError'), 'service@us-east-1');
    assert.deepEqual(calls.map((c) => c.error), ['AccessDeniedException', 'UnauthorizedOperation', 'Throttling', 'UnrecognizedClientException', 'UnrecognizedClientException', 'ExpiredToken', 'InternalError']);
    for (const c of calls) assert.equal(c.accountId, '111111111111');
  });

  it('refuses expired credentials before any request', async () => {
    const expired = { ...KEYS, expiration: new Date(Date.now() + 30_000) };
    const { api: a, sdk } = api(echo, { credentials: expired });
    await assert.rejects(a.call('iam', 'us-east-1', 'GetAccountSummary'), (e: AwsAccessError) => e.kind === 'expired-token' && !e.message.includes(KEYS.accessKeyId));
    assert.equal(sdk.sent.length, 0);
    assert.equal(sdk.created.length, 0);
  });

  it('checks what a credential provider yields for expiry before the SDK signs with it', async () => {
    let expiration = new Date(Date.now() + 3_600_000);
    const signing: Answer = async (sent, _signal, options) => {
      await (options.credentials as () => Promise<AwsCredentials>)();
      return echo(sent, undefined, options);
    };
    const { api: a } = api(signing, { credentials: () => Promise.resolve({ ...KEYS, expiration }) });
    await a.call('iam', 'us-east-1', 'ListUsers');
    expiration = new Date(Date.now() - 1);
    await assert.rejects(a.call('iam', 'us-east-1', 'ListRoles'), (e: AwsAccessError) => e.kind === 'expired-token');
  });

  it('gives up on a call after its timeout, as a timeout', async () => {
    const { api: a, calls } = api(hang, { callTimeoutMs: 30 });
    const started = Date.now();
    await assert.rejects(a.call('cloudtrail', 'eu-west-1', 'DescribeTrails'), (e: AwsAccessError) => e.kind === 'timeout' && /eu-west-1/.test(e.message));
    assert.ok(Date.now() - started < 2000);
    assert.equal(calls[0].error, 'TimeoutError');
  });

  it('releases a call\'s deadline when the call ends: no timer left to abort it, no listener left on the run\'s signal', async () => {
    const run = new AbortController();
    const signals: AbortSignal[] = [];
    const { api: a } = api(
      (sent, signal) => {
        signals.push(signal!);
        return sent.operation === 'GetTrailStatus' ? Promise.reject(awsError('TrailNotFoundException')) : echo(sent, signal, {} as ClientOptions);
      },
      { callTimeoutMs: 20, signal: run.signal },
    );
    await a.call('cloudtrail', 'eu-west-1', 'DescribeTrails');
    await assert.rejects(a.call('cloudtrail', 'eu-west-1', 'GetTrailStatus', { Name: 't' }));
    assert.equal(getEventListeners(run.signal, 'abort').length, 0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(signals.length, 2);
    assert.ok(signals.every((s) => !s.aborted), 'the timeout of a finished call never fires');
  });

  it('bounds concurrent requests by both limiters, and starts the timeout only when the call leaves the queue', async () => {
    let active = 0;
    let peak = 0;
    const slow: Answer = async (sent) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 50));
      active--;
      return { ok: sent.input };
    };
    const overall = new Limiter(3);
    const one = api(slow, { limits: { overall, account: new Limiter(2) }, callTimeoutMs: 120 });
    const two = api(slow, { limits: { overall, account: new Limiter(2) }, callTimeoutMs: 120 });
    const calls = [];
    for (let i = 0; i < 6; i++) {
      calls.push(one.api.call('s3', 'us-east-1', 'GetBucketVersioning', { Bucket: `a${i}` }));
      calls.push(two.api.call('s3', 'us-east-1', 'GetBucketVersioning', { Bucket: `b${i}` }));
    }
    const answers = await Promise.all(calls);
    assert.equal(answers.length, 12);
    assert.equal(peak, 3);
  });

  it('ends pending and queued calls as cancelled when the run is aborted, and starts no new ones', async () => {
    const controller = new AbortController();
    const { api: a, sdk } = api(hang, { signal: controller.signal, limits: { overall: new Limiter(1), account: new Limiter(1) } });
    const running = a.call('cloudtrail', 'us-east-1', 'DescribeTrails');
    const queued = a.call('cloudtrail', 'us-west-2', 'DescribeTrails');
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    for (const p of [running, queued]) await assert.rejects(p, (e: AwsAccessError) => e.kind === 'cancelled');
    await assert.rejects(a.call('iam', 'us-east-1', 'ListUsers'), (e: AwsAccessError) => e.kind === 'cancelled');
    assert.equal(sdk.sent.length, 1);
  });

  it('writes stable JSON', () => {
    assert.equal(stableJson({ b: [1, { d: 1, c: undefined, a: null }], a: 'x' }), '{"a":"x","b":[1,{"a":null,"d":1}]}');
    assert.equal(stableJson({ t: new Date('2024-01-01T00:00:00Z') }), '{"t":"2024-01-01T00:00:00.000Z"}');
  });
});
