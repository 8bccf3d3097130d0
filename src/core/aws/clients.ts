/**
 * AWS SDK v3 clients, created on demand. Each service's SDK module is loaded with a dynamic `import()`
 * the first time a client for it is made, so nothing of the SDK is evaluated before the first AWS call
 * (the bundler keeps the modules in the bundle but defers their evaluation).
 *
 * Every client refuses to send credentials over plain HTTP to another machine, takes no HTML page for
 * an answer, and records where a failed call went (`call-guards.ts`), so errors name the host.
 *
 * Endpoint overrides (`sopLens.endpoints`, `--endpoint-url`) apply to every client. S3 is switched to
 * path-style addressing and S3 Control gets an endpoint provider that returns the override as is: its
 * default endpoint rules put the account id in front of the host name, which is no URL at all when the
 * host is an IP address such as a local emulator's.
 *
 * Each SDK client reads its settings (FIPS and dual-stack endpoints, retry mode, app id, checksum modes,
 * `endpoint_url`, ...) from the environment and the shared config files itself, once per client: with a
 * client per account, service and region, that reading was the largest cost of a call after the network.
 * `SdkSettings` reads them through the SDK's own loaders with the first client of a service and hands
 * the values to the next clients of that service, which then read nothing.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { type CallMiddleware, endpointGuard, htmlAnswerCheck } from './call-guards';
import type { AwsCredentials, CredentialSource } from './credentials';
import { mayCarryCredentials } from './errors';
import type { ServiceId } from './services';

/**
 * Endpoint overrides: one URL per service id, or `default` for every service without its own, and how
 * the front end names the setting they come from (`--endpoint-url`, `sopLens.endpoints`), for messages.
 */
export type AwsEndpoints = Partial<Record<ServiceId | 'default', string>> & {
  readonly setting?: string;
  /**
   * Called before a client sends calls to an override of these endpoints: resolves to let them go,
   * rejects (an `AwsAccessError`) to refuse them. The extension asks the user here before credentials
   * go to a host the workspace's settings name.
   */
  readonly confirm?: (service: ServiceId | 'signin' | 'terminal', url: string) => Promise<void>;
};

/**
 * The endpoint override for `service`: the explicit setting first, then AWS's own environment
 * convention (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`), which the SDK would honour anyway but
 * without the S3 and S3 Control adjustments below.
 */
export function endpointFor(service: ServiceId, endpoints: AwsEndpoints | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return endpointChoice(service, endpoints, env)?.url;
}

/**
 * The endpoint override for `service` and the setting that chose it, as a message names it: the front
 * end's own (`endpoints.setting`, '' when it gave none) or the environment variable.
 */
export function endpointChoice(service: ServiceId, endpoints: AwsEndpoints | undefined, env: NodeJS.ProcessEnv = process.env): { url: string; setting: string; fromEndpoints: boolean } | undefined {
  const own = endpoints?.[service] ?? endpoints?.default;
  if (own) return { url: own, setting: endpoints?.setting ?? '', fromEndpoints: true };
  for (const name of [`AWS_ENDPOINT_URL_${ENV_NAMES[service]}`, 'AWS_ENDPOINT_URL']) {
    const url = env[name];
    if (url) return { url, setting: name, fromEndpoints: false };
  }
  return undefined;
}

/** The service part of AWS's `AWS_ENDPOINT_URL_<SERVICE>` variables. */
const ENV_NAMES: Record<ServiceId, string> = {
  sts: 'STS', sso: 'SSO', 'sso-oidc': 'SSO_OIDC', iam: 'IAM', cloudtrail: 'CLOUDTRAIL', cloudwatch: 'CLOUDWATCH', sns: 'SNS',
  config: 'CONFIG_SERVICE', guardduty: 'GUARDDUTY', s3: 'S3', s3control: 'S3_CONTROL', account: 'ACCOUNT', dynamodb: 'DYNAMODB',
  cloudformation: 'CLOUDFORMATION', organizations: 'ORGANIZATIONS', ec2: 'EC2',
};

/** The SDK module of each service and the name of its client class. */
const MODULES: Record<ServiceId, { load: () => Promise<Record<string, unknown>>; client: string }> = {
  sts: { load: () => import('@aws-sdk/client-sts'), client: 'STSClient' },
  sso: { load: () => import('@aws-sdk/client-sso'), client: 'SSOClient' },
  'sso-oidc': { load: () => import('@aws-sdk/client-sso-oidc'), client: 'SSOOIDCClient' },
  iam: { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient' },
  cloudtrail: { load: () => import('@aws-sdk/client-cloudtrail'), client: 'CloudTrailClient' },
  cloudwatch: { load: () => import('@aws-sdk/client-cloudwatch'), client: 'CloudWatchClient' },
  sns: { load: () => import('@aws-sdk/client-sns'), client: 'SNSClient' },
  config: { load: () => import('@aws-sdk/client-config-service'), client: 'ConfigServiceClient' },
  guardduty: { load: () => import('@aws-sdk/client-guardduty'), client: 'GuardDutyClient' },
  s3: { load: () => import('@aws-sdk/client-s3'), client: 'S3Client' },
  s3control: { load: () => import('@aws-sdk/client-s3-control'), client: 'S3ControlClient' },
  account: { load: () => import('@aws-sdk/client-account'), client: 'AccountClient' },
  dynamodb: { load: () => import('@aws-sdk/client-dynamodb'), client: 'DynamoDBClient' },
  cloudformation: { load: () => import('@aws-sdk/client-cloudformation'), client: 'CloudFormationClient' },
  organizations: { load: () => import('@aws-sdk/client-organizations'), client: 'OrganizationsClient' },
  ec2: { load: () => import('@aws-sdk/client-ec2'), client: 'EC2Client' },
};

let sdkLoaded = false;
/** Whether any AWS SDK module has been loaded yet (the benchmark and a test check activation leaves it unloaded). */
export function isSdkLoaded(): boolean {
  return sdkLoaded;
}

/**
 * Each service's module, loaded once: a bundled dynamic `import()` copies every export of the module
 * into a fresh namespace object on each call (hundreds of commands), which cost milliseconds per API
 * call before this cache.
 */
const loadedModules = new Map<ServiceId, Promise<Record<string, unknown>>>();

export function loadServiceModule(service: ServiceId): Promise<Record<string, unknown>> {
  sdkLoaded = true;
  let loading = loadedModules.get(service);
  if (!loading) {
    loading = MODULES[service].load();
    loadedModules.set(service, loading);
    // A failed load (a broken install) is not remembered: the next call tries again and reports it.
    loading.catch(() => loadedModules.delete(service));
  }
  return loading;
}

export interface ClientOptions {
  readonly region: string;
  /** Absent for unsigned calls (SSO-OIDC, the SSO portal). */
  readonly credentials?: AwsCredentials | CredentialSource;
  readonly endpoints?: AwsEndpoints;
  /** Attempts per call including the first; the SDK backs off between them on throttling and 5xx. */
  readonly maxAttempts?: number;
  /** Socket timeout per request. */
  readonly requestTimeoutMs?: number;
  /** Settings read by an earlier client, shared with this one (see `SdkSettings`); absent, the client reads its own. */
  readonly settings?: SdkSettings;
}

/** A minimal view of an SDK v3 client: `send` a command, `destroy` the sockets. */
export interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy(): void;
}

interface MiddlewareStack {
  add(middleware: CallMiddleware, options: { step: 'build' | 'deserialize'; priority: 'high' | 'low'; name: string }): void;
}

type Constructor = new (input: unknown) => unknown;

let agents: { httpAgent: http.Agent; httpsAgent: https.Agent } | undefined;
/**
 * One keep-alive connection pool for every client. A check run makes a client per account, service and
 * region, most of which send one or two requests: with a pool each, every call paid for a new
 * connection (a TLS handshake against AWS); shared, connections to the same endpoint are reused.
 */
function sharedAgents(): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  agents ??= { httpAgent: new SharedHttpAgent({ keepAlive: true }), httpsAgent: new SharedHttpsAgent({ keepAlive: true }) };
  return agents;
}

// `client.destroy()` destroys its request handler's agents; a shared pool must outlive any one client.
// Idle keep-alive sockets are unreferenced by Node, so the pool does not keep a process alive.
class SharedHttpAgent extends http.Agent {
  override destroy(): void {}
}
class SharedHttpsAgent extends https.Agent {
  override destroy(): void {}
}

export async function createClient(service: ServiceId, options: ClientOptions): Promise<SdkClient> {
  const mod = await loadServiceModule(service);
  const Client = mod[MODULES[service].client] as Constructor;
  const choice = endpointChoice(service, options.endpoints);
  const endpoint = choice?.url;
  // An endpoint refused anyway (plain HTTP to another machine, see call-guards.ts) is not worth a question.
  if (choice?.fromEndpoints && mayCarryCredentials(choice.url)) await options.endpoints?.confirm?.(service, choice.url);
  const claim = options.settings?.claim(service, options.region);
  const shared = await claim?.shared;
  const config: Record<string, unknown> = {
    ...shared?.config,
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 15_000,
      connectionTimeout: Math.min(options.requestTimeoutMs ?? 15_000, 5_000),
      ...sharedAgents(),
    },
  };
  if (options.credentials) config.credentials = options.credentials;
  if (endpoint) {
    config.endpoint = endpoint;
    if (service === 's3') config.forcePathStyle = true;
    if (service === 's3control') config.endpointProvider = () => ({ url: new URL(endpoint) });
  }
  let client: SdkClient & { config: ResolvedSettings; middlewareStack: MiddlewareStack };
  try {
    client = new Client(config) as SdkClient & { config: ResolvedSettings; middlewareStack: MiddlewareStack };
  } catch (error) {
    claim?.share?.();
    throw error;
  }
  client.middlewareStack.add(endpointGuard(service, options.region, choice?.setting), { step: 'build', priority: 'high', name: 'sopLensEndpointGuard' });
  client.middlewareStack.add(htmlAnswerCheck(), { step: 'deserialize', priority: 'low', name: 'sopLensHtmlAnswerCheck' });
  // The SDK sets this provider up in the constructor, so it cannot be passed in: replaced afterwards.
  if (shared?.serviceConfiguredEndpoint) client.config.serviceConfiguredEndpoint = shared.serviceConfiguredEndpoint;
  claim?.share?.(client.config);
  return client;
}

/**
 * The settings the SDK's clients read from the environment and the shared config files (`[default]` or
 * `AWS_PROFILE`), by the name of their client config key. Each client evaluates them at most once; they
 * do not depend on the account, and only `useFipsEndpoint` on the region (a `fips-` pseudo-region turns
 * it on, which every client works out for itself from its own region).
 *
 * Left out: `region` and `maxAttempts` (ours), `defaultsMode` (only read for the defaults of
 * `retryMode`, shared here, and of the request handler, which is ours; in `auto` mode it depends on the
 * region) and `endpointDiscoveryEnabled` (setting it turns endpoint discovery from optional to required).
 */
const COMMON_SETTINGS = ['useFipsEndpoint', 'useDualstackEndpoint', 'retryMode', 'userAgentAppId', 'authSchemePreference'] as const;
const SETTINGS = [
  // Every client has these, read from the same variables and config keys whatever the service
  ...COMMON_SETTINGS,
  // STS and S3
  'sigv4aSigningRegionSet',
  // S3 and S3 Control
  'requestChecksumCalculation', 'responseChecksumValidation', 'useArnRegion', 'disableS3ExpressSessionAuth',
  // CloudWatch
  'disableRequestCompression', 'requestMinCompressionSizeBytes',
  // DynamoDB
  'accountIdEndpointMode', 'endpointDiscoveryEnabledProvider',
] as const;

type Provider = () => Promise<unknown>;
type ResolvedSettings = Partial<Record<(typeof SETTINGS)[number] | 'serviceConfiguredEndpoint', unknown>> & { isCustomEndpoint?: boolean };

interface ServiceSettings {
  /** Client config input: each setting as a provider of the value an earlier client read. */
  readonly config: Record<string, Provider>;
  /** The service's `endpoint_url` from the environment or the shared config, when no override is set. */
  readonly serviceConfiguredEndpoint?: Provider;
}

/** A FIPS pseudo-region (`fips-us-east-1`, `us-east-1-fips`), whose clients read `useFipsEndpoint` as true whatever the setting. */
const isFipsRegion = (region: string): boolean => region.startsWith('fips-') || region.endsWith('-fips');

/**
 * The SDK's settings, read once per service by the first client and shared with the later ones (those
 * every service has, once for all services), for the lifetime of this object (one account's check run:
 * a new run reads them again). Clients made while the
 * first one reads wait for it. A setting whose loader fails (say, a malformed value in the environment)
 * is not shared: each client reads it and fails as it always did, on the call that needs it.
 */
export class SdkSettings {
  private readonly read = new Map<ServiceId, Promise<ServiceSettings>>();
  /** The settings common to every service, as the first service's first client read them. */
  private common?: Promise<ServiceSettings>;

  /**
   * For a new client of `service`: the settings an earlier client read (`shared`), or, for the first
   * client of the service, the common ones if another service read them, and `share`, which it must call
   * with its resolved config (or with nothing if it failed).
   */
  claim(service: ServiceId, region: string): { readonly shared?: Promise<ServiceSettings>; readonly share?: (config?: ResolvedSettings) => void } {
    if (isFipsRegion(region)) return {};
    const shared = this.read.get(service);
    if (shared) return { shared };
    const common = this.common;
    let share!: (config?: ResolvedSettings) => void;
    const read = new Promise<ServiceSettings>((resolve) => {
      share = (config) => {
        if (config) return resolve(readSettings(config));
        this.read.delete(service); // the next client reads them itself
        resolve({ config: {} });
      };
    });
    this.read.set(service, read);
    this.common ??= read.then((settings) => ({ config: pick(settings.config, COMMON_SETTINGS) }));
    return { share, ...(common ? { shared: common } : {}) };
  }
}

function pick(config: Record<string, Provider>, keys: readonly string[]): Record<string, Provider> {
  return Object.fromEntries(keys.filter((k) => k in config).map((k) => [k, config[k]]));
}

async function readSettings(config: ResolvedSettings): Promise<ServiceSettings> {
  const value = async (provider: unknown): Promise<{ ok: true; value: unknown } | { ok: false }> => {
    if (typeof provider !== 'function') return { ok: false };
    try {
      return { ok: true, value: await (provider as Provider)() };
    } catch {
      return { ok: false };
    }
  };
  const constant = (v: unknown): Provider => () => Promise.resolve(v);
  const read: Record<string, Provider> = {};
  await Promise.all(
    SETTINGS.map(async (key) => {
      const result = await value(config[key]);
      if (result.ok) read[key] = constant(result.value);
    }),
  );
  // With an override the SDK never looks for `endpoint_url`; without one each client would.
  const endpoint = config.isCustomEndpoint ? { ok: false as const } : await value(config.serviceConfiguredEndpoint);
  return { config: read, ...(endpoint.ok ? { serviceConfiguredEndpoint: constant(endpoint.value) } : {}) };
}

/** Builds the SDK command object for `operation` (e.g. `DescribeTrails`) of `service`. */
export async function createCommand(service: ServiceId, operation: string, input: object): Promise<unknown> {
  const mod = await loadServiceModule(service);
  const Command = mod[`${operation}Command`] as Constructor | undefined;
  if (typeof Command !== 'function') throw new Error(`The ${service} SDK has no ${operation} operation`);
  return new Command(input);
}
