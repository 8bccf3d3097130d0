/**
 * Real SDK clients (no request is sent): endpoint overrides and their precedence, and the SDK settings
 * (environment, shared config file) that `SdkSettings` reads with the first client of a service and
 * hands to the next ones, which must end up configured exactly as if they had read them themselves.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ClientOptions, SdkSettings, createClient, endpointFor } from '../../../src/core/aws/clients';
import { SERVICE_IDS, type ServiceId } from '../../../src/core/aws/services';

type Resolved = Record<string, unknown> & { endpoint?: () => Promise<{ hostname: string; port?: number; path: string }> };

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** Every setting the clients read from the environment or the shared config, and `endpoint_url`. */
const SETTING_KEYS = [
  'useFipsEndpoint', 'useDualstackEndpoint', 'retryMode', 'userAgentAppId', 'authSchemePreference', 'sigv4aSigningRegionSet',
  'requestChecksumCalculation', 'responseChecksumValidation', 'useArnRegion', 'disableS3ExpressSessionAuth',
  'disableRequestCompression', 'requestMinCompressionSizeBytes', 'accountIdEndpointMode', 'endpointDiscoveryEnabled',
  'serviceConfiguredEndpoint', 'defaultsMode',
];

async function configOf(service: ServiceId, options: Omit<ClientOptions, 'credentials'>): Promise<Resolved> {
  const client = (await createClient(service, { credentials: KEYS, ...options })) as unknown as { config: Resolved };
  return client.config;
}

/** What a client's settings resolve to: each value, or the loader's error message. */
async function settingsOf(config: Resolved): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const v = config[key];
    if (typeof v !== 'function') continue;
    try {
      out[key] = await (v as () => Promise<unknown>)();
    } catch (error) {
      out[key] = `error: ${(error as Error).message}`;
    }
  }
  return out;
}

/** Sets environment variables (undefined deletes) for the test and restores them afterwards. */
function withEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

describe('SDK clients', () => {
  let dir: string;
  const restores: (() => void)[] = [];
  const env = (vars: Record<string, string | undefined>): void => void restores.push(withEnv(vars));
  /** A shared config file of its own per test (the SDK caches each file it read by path). */
  let fileNo = 0;
  const configFile = (text: string): string => {
    const file = path.join(dir, `config-${++fileNo}`);
    writeFileSync(file, text);
    return file;
  };

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sop-lens-clients-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    // No setting of the machine running the tests may leak in.
    env({
      AWS_PROFILE: undefined, AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_S3: undefined, AWS_ENDPOINT_URL_CLOUDTRAIL: undefined,
      AWS_USE_FIPS_ENDPOINT: undefined, AWS_USE_DUALSTACK_ENDPOINT: undefined, AWS_RETRY_MODE: undefined, AWS_SDK_UA_APP_ID: undefined,
      AWS_DEFAULTS_MODE: undefined, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'), AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    });
  });
  afterEach(() => {
    while (restores.length) restores.pop()!();
  });

  describe('endpoint overrides', () => {
    it('takes the setting, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL', () => {
      const env = { AWS_ENDPOINT_URL_S3: 'http://s3.local', AWS_ENDPOINT_URL: 'http://all.local' };
      assert.equal(endpointFor('s3', { s3: 'http://setting.local', default: 'http://default.local' }, env), 'http://setting.local');
      assert.equal(endpointFor('s3', { default: 'http://default.local' }, env), 'http://default.local');
      assert.equal(endpointFor('s3', undefined, env), 'http://s3.local');
      assert.equal(endpointFor('cloudtrail', undefined, env), 'http://all.local');
      assert.equal(endpointFor('s3control', undefined, { AWS_ENDPOINT_URL_S3_CONTROL: 'http://control.local' }), 'http://control.local');
      assert.equal(endpointFor('s3', undefined, {}), undefined);
    });

    it('gives every client of a run the override, S3 path-style and S3 Control the URL as is, with settings shared', async () => {
      const settings = new SdkSettings();
      const endpoints = { default: 'http://127.0.0.1:4566' };
      for (const region of ['us-east-1', 'eu-west-1']) {
        const s3 = await configOf('s3', { region, endpoints, settings });
        assert.equal(s3.forcePathStyle, true);
        assert.equal(s3.isCustomEndpoint, true);
        assert.equal((await s3.endpoint!()).hostname, '127.0.0.1');
        const control = await configOf('s3control', { region, endpoints, settings });
        const provider = control.endpointProvider as (params: object) => { url: URL };
        assert.equal(provider({ AccountId: '111111111111' }).url.href, 'http://127.0.0.1:4566/');
        const trail = await configOf('cloudtrail', { region, endpoints, settings });
        assert.equal(trail.isCustomEndpoint, true);
        assert.equal(await (trail.region as () => Promise<string>)(), region);
      }
    });
  });

  describe('SdkSettings', () => {
    it('gives later clients of every service exactly the settings they would have read themselves', async () => {
      env({
          AWS_USE_FIPS_ENDPOINT: 'true', AWS_RETRY_MODE: 'adaptive', AWS_SDK_UA_APP_ID: 'sop-lens-test',
          AWS_CONFIG_FILE: configFile('[default]\nuse_dualstack_endpoint = true\nrequest_checksum_calculation = WHEN_REQUIRED\n' +
            's3_use_arn_region = true\naccount_id_endpoint_mode = required\ndisable_request_compression = true\n'),
        });
      const settings = new SdkSettings();
      for (const service of SERVICE_IDS) {
        const first = await settingsOf(await configOf(service, { region: 'us-east-1', settings }));
        const later = await settingsOf(await configOf(service, { region: 'eu-west-1', settings }));
        const alone = await settingsOf(await configOf(service, { region: 'eu-west-1' }));
        assert.deepEqual(later, alone, service);
        assert.deepEqual(first, alone, service);
        assert.equal(later.useFipsEndpoint, true, service);
        assert.equal(later.useDualstackEndpoint, true, service);
        assert.equal(later.retryMode, 'adaptive', service);
        assert.equal(later.userAgentAppId, 'sop-lens-test', service);
      }
    });

    it('reads the settings once per SdkSettings (those of every service once for all): later clients keep them, a new run reads them again', async () => {
      const settings = new SdkSettings();
      assert.equal((await settingsOf(await configOf('sns', { region: 'us-east-1', settings }))).useDualstackEndpoint, false);
      env({ AWS_USE_DUALSTACK_ENDPOINT: 'true' });
      assert.equal((await settingsOf(await configOf('sns', { region: 'eu-west-1', settings }))).useDualstackEndpoint, false, 'read by the first client');
      assert.equal((await settingsOf(await configOf('sns', { region: 'eu-west-1', settings: new SdkSettings() }))).useDualstackEndpoint, true);
      assert.equal((await settingsOf(await configOf('iam', { region: 'us-east-1', settings }))).useDualstackEndpoint, false, 'common to every service');
      env({ AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED' });
      const s3 = await settingsOf(await configOf('s3', { region: 'us-east-1', settings }));
      assert.equal(s3.requestChecksumCalculation, 'WHEN_REQUIRED', 'the first S3 client reads what only S3 has');
      assert.equal(s3.useDualstackEndpoint, false);
    });

    it('shares with clients made while the first one is being made', async () => {
      const settings = new SdkSettings();
      env({ AWS_RETRY_MODE: 'adaptive' });
      const made = await Promise.all(['us-east-1', 'eu-west-1', 'eu-west-2'].map((region) => configOf('guardduty', { region, settings })));
      // A client that had not been given the setting would read it now, on its first use.
      delete process.env.AWS_RETRY_MODE;
      const modes = await Promise.all(made.map(async (c) => (c.retryMode as () => Promise<string>)()));
      assert.deepEqual(modes, ['adaptive', 'adaptive', 'adaptive']);
      const alone = await configOf('guardduty', { region: 'eu-west-1' });
      assert.equal(await (alone.retryMode as () => Promise<string>)(), 'standard');
    });

    it('keeps the endpoint_url of the shared config for every client when no override is set', async () => {
      env({ AWS_CONFIG_FILE: configFile('[default]\nendpoint_url = http://from-config.local:9000\n') });
      const settings = new SdkSettings();
      const configured = async (region: string, with_: SdkSettings): Promise<string> => {
        const config = await configOf('cloudtrail', { region, settings: with_ });
        assert.equal(config.isCustomEndpoint, false, 'no override: the SDK finds the URL itself');
        return (config.serviceConfiguredEndpoint as () => Promise<string>)();
      };
      assert.equal(await configured('us-east-1', settings), 'http://from-config.local:9000');
      env({ AWS_CONFIG_FILE: configFile('[default]\nendpoint_url = http://edited.local:9000\n') });
      assert.equal(await configured('eu-west-1', settings), 'http://from-config.local:9000', 'as the first client read it');
      assert.equal(await configured('eu-west-1', new SdkSettings()), 'http://edited.local:9000');
    });

    it('does not share a setting whose loader fails: each client fails on it as before', async () => {
      env({ AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES: '-5' }); // out of the SDK's range: its provider rejects
      const settings = new SdkSettings();
      const first = await settingsOf(await configOf('cloudwatch', { region: 'us-east-1', settings }));
      const later = await settingsOf(await configOf('cloudwatch', { region: 'eu-west-1', settings }));
      assert.match(String(first.requestMinCompressionSizeBytes), /^error: .*requestMinCompressionSizeBytes/);
      assert.equal(later.requestMinCompressionSizeBytes, first.requestMinCompressionSizeBytes);
      assert.equal(later.retryMode, 'standard', 'the other settings are shared');
    });

    it('leaves a FIPS pseudo-region out: it neither reads for others nor takes what others read', async () => {
      const settings = new SdkSettings();
      const fips = await settingsOf(await configOf('sts', { region: 'fips-us-east-1', settings }));
      assert.equal(fips.useFipsEndpoint, true);
      const plain = await settingsOf(await configOf('sts', { region: 'us-east-1', settings }));
      assert.equal(plain.useFipsEndpoint, false);
      const fipsAgain = await settingsOf(await configOf('sts', { region: 'us-east-1-fips', settings }));
      assert.equal(fipsAgain.useFipsEndpoint, true);
    });
  });
});
