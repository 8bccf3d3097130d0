/**
 * The calls sign-in makes (STS, SSO-OIDC, the SSO portal), behind one small function type so the retry,
 * prompt and chaining logic can be tested with a fake, and the real one goes through `createClient`
 * (endpoint overrides included).
 */
import type { Account } from '../accounts/model';
import { createClient, createCommand, type AwsEndpoints } from './clients';
import type { AwsCredentials } from './credentials';
import type { ServiceId } from './services';
import type { SignInPrompts } from './sign-in';

export interface AwsCallRequest {
  readonly service: ServiceId;
  readonly region: string;
  /** The SDK command name without `Command`, e.g. `AssumeRole`. */
  readonly operation: string;
  readonly input: object;
  /** Absent for the unsigned SSO-OIDC and portal calls. */
  readonly credentials?: AwsCredentials;
}

/** Makes one call and resolves to the command's output; rejects with the SDK's error as it is. */
export type AwsCaller = (request: AwsCallRequest) => Promise<Record<string, unknown>>;

/** The real caller: a short-lived SDK client per call (sign-in makes a handful). */
export function sdkCaller(endpoints: AwsEndpoints | undefined, signal?: AbortSignal): AwsCaller {
  return async ({ service, region, operation, input, credentials }) => {
    const client = await createClient(service, { region, endpoints, credentials });
    try {
      const command = await createCommand(service, operation, input);
      return (await client.send(command, signal ? { abortSignal: signal } : undefined)) as Record<string, unknown>;
    } finally {
      client.destroy();
    }
  };
}

/** Everything one sign-in carries through its steps. */
export interface SignInContext {
  readonly account: Account;
  readonly call: AwsCaller;
  readonly prompts: SignInPrompts;
  readonly env: NodeJS.ProcessEnv;
  /** Region for STS calls. */
  readonly region: string;
  readonly durationSeconds?: number;
  readonly signal?: AbortSignal;
  readonly now: () => Date;
  readonly log: (line: string) => void;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Mutable across the steps: set once a role's trust policy refused `sts:SetSourceIdentity`. */
  sourceIdentityRefused?: boolean;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  const error = new Error('The sign-in was cancelled');
  error.name = 'AbortError';
  return error;
}

/** SDK credential shapes (`Credentials` of STS, `roleCredentials` of SSO) to ours. */
export function toCredentials(raw: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date | string | number }): AwsCredentials {
  if (!raw.AccessKeyId || !raw.SecretAccessKey) throw new Error('The response held no credentials');
  return {
    accessKeyId: raw.AccessKeyId,
    secretAccessKey: raw.SecretAccessKey,
    sessionToken: raw.SessionToken,
    expiration: raw.Expiration === undefined ? undefined : new Date(raw.Expiration),
  };
}
