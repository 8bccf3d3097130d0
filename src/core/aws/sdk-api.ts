/**
 * `AwsApi` over the AWS SDK v3 clients of one account for one run.
 *
 * - One client per service and region, created on the first call and reused. The SDK settings from the
 *   environment and the shared config files are read by the first client of each service and shared
 *   with the others (`SdkSettings`).
 * - Each call takes a slot of the account's limiter, then one of the overall limiter (always in that
 *   order, so a busy account waits on its own slots without holding overall ones).
 * - Each call gets an abort signal: the run's signal combined with a per-call timeout that starts when
 *   the call leaves the queue (time spent waiting for a slot is not the call's fault).
 * - Read-only answers (Describe*, Get*, List*, Lookup*) are remembered for the run, keyed by service,
 *   region, operation and input; identical calls in flight share one request. Failures are not kept, so
 *   a later check may try again.
 * - Every failure becomes an `AwsAccessError`. Throttling is retried by the SDK itself (`maxAttempts`).
 * - Expired credentials are never sent: the call fails with `expired-token` before any request.
 */
import { setMaxListeners } from 'node:events';
import type { ApiCallRecord, AwsApi } from './api';
import { type AwsEndpoints, type SdkClient, SdkSettings, createClient, createCommand } from './clients';
import { type AwsCredentials, type CredentialSource, isExpired } from './credentials';
import { AWS_DEFAULTS } from './defaults';
import { AwsAccessError, CALL_TIMEOUT_SETTINGS, classifyAwsError } from './errors';
import { Limiter } from './limiter';
import { GLOBAL_SERVICES, OPT_IN_REGIONS, type ServiceId } from './services';

export interface SdkAwsApiOptions {
  readonly accountId: string;
  /** Fixed credentials (checked for expiry before every call) or a provider the SDK calls. */
  readonly credentials: AwsCredentials | CredentialSource;
  readonly endpoints?: AwsEndpoints;
  /** Concurrency bounds; the overall limiter is shared by every account of a run. */
  readonly limits?: { readonly overall: Limiter; readonly account: Limiter };
  /** Time one call may take, retries included (default `AWS_DEFAULTS.callTimeoutSeconds`). */
  readonly callTimeoutMs?: number;
  /** Attempts per call including the first (default `AWS_DEFAULTS.maxAttempts`); the SDK backs off on throttling and 5xx. */
  readonly maxAttempts?: number;
  /** Aborts every pending and future call of this api (the run was cancelled). */
  readonly signal?: AbortSignal;
  onCall?(record: ApiCallRecord): void;
  readonly now?: () => Date;
  /** Seams for unit tests; default to the real SDK clients and commands. */
  readonly clients?: {
    create: typeof createClient;
    command: typeof createCommand;
  };
}

/** Operations whose answers cannot change because of our own calls, so a run may reuse them. */
const READ_ONLY = /^(Describe|Get|List|Lookup)/;

export class SdkAwsApi implements AwsApi {
  readonly accountId: string;
  private readonly clients = new Map<string, Promise<SdkClient>>();
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly settings = new SdkSettings();
  private readonly limits: { readonly overall: Limiter; readonly account: Limiter };
  private readonly now: () => Date;
  private destroyed = false;

  constructor(private readonly options: SdkAwsApiOptions) {
    this.accountId = options.accountId;
    this.limits = options.limits ?? { overall: new Limiter(AWS_DEFAULTS.concurrency.overall), account: new Limiter(AWS_DEFAULTS.concurrency.perAccount) };
    this.now = options.now ?? (() => new Date());
    // Every call in flight and every queued one listens to the run's signal: far more than Node's
    // default of 10 before it warns of a leak.
    if (options.signal) setMaxListeners(0, options.signal);
  }

  call<Output = Record<string, unknown>>(service: ServiceId, region: string, operation: string, input: object = {}): Promise<Output> {
    if (!READ_ONLY.test(operation)) return this.send(service, region, operation, input) as Promise<Output>;
    const key = memoKey(service, region, operation, input);
    const remembered = this.memo.get(key);
    if (remembered) {
      this.options.onCall?.({ accountId: this.accountId, service, region, operation, ms: 0, cached: true });
      return remembered as Promise<Output>;
    }
    const answer = this.send(service, region, operation, input);
    this.memo.set(key, answer);
    answer.catch(() => this.memo.delete(key));
    return answer as Promise<Output>;
  }

  /** Closes every client's sockets; later calls fail as cancelled. */
  destroy(): void {
    this.destroyed = true;
    for (const client of this.clients.values()) client.then((c) => c.destroy(), () => undefined);
    this.clients.clear();
    this.memo.clear();
  }

  private async send(service: ServiceId, region: string, operation: string, input: object): Promise<unknown> {
    const context = { service, operation, region, accountId: this.accountId, optInRegion: OPT_IN_REGIONS.has(region) };
    const runSignal = this.options.signal;
    const cancelled = (): AwsAccessError =>
      new AwsAccessError('cancelled', `${service}:${operation} in ${region} was cancelled`, 'Run the check again.', { service, operation, region, accountId: this.accountId });

    const queue = async <T>(limiter: Limiter, fn: () => Promise<T>): Promise<T> => {
      try {
        return await limiter.run(fn, runSignal);
      } catch (error) {
        if (runSignal?.aborted && !(error instanceof AwsAccessError)) throw cancelled();
        throw error;
      }
    };

    return queue(this.limits.account, () =>
      queue(this.limits.overall, async () => {
        if (runSignal?.aborted || this.destroyed) throw cancelled();
        this.refuseExpired(context);
        const timeoutMs = this.callTimeoutMs();
        const deadline = callDeadline(timeoutMs, runSignal);
        const abortSignal = deadline.signal;
        const started = performance.now();
        const record = (error?: string): void =>
          this.options.onCall?.({ accountId: this.accountId, service, region, operation, ms: Math.round(performance.now() - started), cached: false, ...(error ? { error } : {}) });
        try {
          const client = await this.client(service, region);
          const command = await (this.options.clients?.command ?? createCommand)(service, operation, input);
          const output = await client.send(command, { abortSignal });
          record();
          return output;
        } catch (error) {
          const failure = runSignal?.aborted
            ? cancelled()
            : deadline.timedOut()
              ? new AwsAccessError('timeout', `${service}:${operation} in ${region} took longer than ${Math.round(timeoutMs / 1000)} s`, `Check the network, or raise the call timeout (${CALL_TIMEOUT_SETTINGS}).`, {
                  service,
                  operation,
                  region,
                  code: 'TimeoutError',
                  accountId: this.accountId,
                })
              : classifyAwsError(error, context);
          record(failure.details.code ?? failure.kind);
          throw failure;
        } finally {
          deadline.end();
        }
      }),
    );
  }

  private callTimeoutMs(): number {
    return this.options.callTimeoutMs ?? AWS_DEFAULTS.callTimeoutSeconds * 1000;
  }

  private refuseExpired(context: { service: string; operation: string; region: string }): void {
    const credentials = this.options.credentials;
    if (typeof credentials !== 'function' && isExpired(credentials, this.now())) throw expiredError(this.accountId, context);
  }

  private client(service: ServiceId, region: string): Promise<SdkClient> {
    const key = `${service}|${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = (this.options.clients?.create ?? createClient)(service, {
        region,
        credentials: this.credentialsForSdk(service, region),
        endpoints: this.options.endpoints,
        maxAttempts: this.options.maxAttempts ?? AWS_DEFAULTS.maxAttempts,
        requestTimeoutMs: this.callTimeoutMs(),
        settings: this.settings,
      });
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }

  /** A provider is wrapped so that what it yields is checked for expiry too, before the SDK signs with it. */
  private credentialsForSdk(service: ServiceId, region: string): AwsCredentials | CredentialSource {
    const credentials = this.options.credentials;
    if (typeof credentials !== 'function') return credentials;
    return async () => {
      const current = await credentials();
      if (isExpired(current, this.now())) throw expiredError(this.accountId, { service, operation: 'sign-in', region });
      return current;
    };
  }
}

/**
 * One call's abort signal: aborted by the run's signal or after `timeoutMs`. One controller and one
 * timer, both released when the call ends (`end`): `AbortSignal.timeout` keeps its signal and timer for
 * the whole timeout after the call, and `AbortSignal.any` ties a composite signal to the run's, per call.
 */
function callDeadline(timeoutMs: number, runSignal: AbortSignal | undefined): { signal: AbortSignal; timedOut(): boolean; end(): void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`The call took longer than ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onRunAbort = (): void => controller.abort(runSignal?.reason);
  if (runSignal?.aborted) onRunAbort();
  else runSignal?.addEventListener('abort', onRunAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    end: () => {
      clearTimeout(timer);
      runSignal?.removeEventListener('abort', onRunAbort);
    },
  };
}

function expiredError(accountId: string, context: { service: string; operation: string; region: string }): AwsAccessError {
  return new AwsAccessError('expired-token', `The credentials for account ${accountId} have expired`, 'Assume the role again.', { ...context, code: 'ExpiredToken', accountId });
}

/**
 * The run's memory key. Global services answer the same in every region, so their region is left out:
 * a check asking IAM from eu-west-1 reuses the answer another got from us-east-1.
 */
export function memoKey(service: ServiceId, region: string, operation: string, input: object): string {
  return `${service}|${GLOBAL_SERVICES.has(service) ? '*' : region}|${operation}|${stableJson(input)}`;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same call. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
