/**
 * An `AwsApi` that answers from recorded, SDK-shaped outputs keyed by service, region, operation and
 * (optionally) input, and throws `AwsAccessError` for recorded errors, as the real api does. A call
 * nobody recorded fails the test loudly, so a check cannot quietly pass on missing answers.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Account } from '../../../../src/core/accounts/model';
import type { AwsApi } from '../../../../src/core/aws/api';
import { AwsAccessError, type AwsErrorKind } from '../../../../src/core/aws/errors';
import type { ServiceId } from '../../../../src/core/aws/services';
import type { Check, CheckContext, Outcome } from '../../../../src/core/controls/check';

export const ACCOUNT_ID = '111111111111';
export const HOME = 'us-east-1';

interface Recording {
  readonly service: ServiceId;
  readonly region: string;
  readonly operation: string;
  readonly input?: object;
  readonly answer: { readonly output: unknown } | { readonly error: { readonly kind: AwsErrorKind; readonly code: string } };
}

export interface RecordedCall {
  readonly service: ServiceId;
  readonly region: string;
  readonly operation: string;
  readonly input: object;
}

export class RecordedApi implements AwsApi {
  readonly calls: RecordedCall[] = [];
  private readonly recordings: Recording[] = [];
  /** Faults injected over the recordings: they win over any recorded answer. */
  private readonly faults: Recording[] = [];

  constructor(readonly accountId: string = ACCOUNT_ID) {}

  /** Answers `operation` with `output`; with `input`, only calls with exactly that input. */
  on(service: ServiceId, region: string, operation: string, output: unknown, input?: object): this {
    this.recordings.push({ service, region, operation, input, answer: { output } });
    return this;
  }

  /** Fails `operation` with an AWS error of `kind` and `code`, as the SDK api classifies it. */
  fails(service: ServiceId, region: string, operation: string, code: string, kind: AwsErrorKind = 'service', input?: object): this {
    this.recordings.push({ service, region, operation, input, answer: { error: { kind, code } } });
    return this;
  }

  denies(service: ServiceId, region: string, operation: string, input?: object): this {
    return this.fails(service, region, operation, 'AccessDenied', 'access-denied', input);
  }

  /**
   * Denies `operation` in `region` (only the call with exactly `input`, when given) whatever is recorded
   * for it: AccessDenied injected into a recorded account state.
   */
  injectDenial(service: ServiceId, region: string, operation: string, input?: object): this {
    this.faults.push({ service, region, operation, input, answer: { error: { kind: 'access-denied', code: 'AccessDenied' } } });
    return this;
  }

  call<Output>(service: ServiceId, region: string, operation: string, input: object = {}): Promise<Output> {
    // A throw inside the executor becomes the rejection, as an SDK failure would be.
    return new Promise<Output>((resolve) => resolve(this.answer<Output>(service, region, operation, input)));
  }

  private answer<Output>(service: ServiceId, region: string, operation: string, input: object): Output {
    this.calls.push({ service, region, operation, input });
    const matches = (r: Recording): boolean => r.service === service && r.region === region && r.operation === operation;
    const fault = this.faults.find((r) => matches(r) && (r.input === undefined || isDeepStrictEqual(r.input, input)));
    // The latest recording wins, so a test can override one answer of a shared set-up.
    const candidates = this.recordings.filter(matches).reverse();
    const found = fault ?? candidates.find((r) => r.input !== undefined && isDeepStrictEqual(r.input, input)) ?? candidates.find((r) => r.input === undefined);
    if (!found) throw new Error(`Unrecorded call ${service}:${operation} in ${region} with ${JSON.stringify(input)}`);
    if ('error' in found.answer) {
      const { kind, code } = found.answer.error;
      throw new AwsAccessError(kind, `${service}:${operation} in ${region} failed (${code})`, 'test', { service, operation, region, code });
    }
    return structuredClone(found.answer.output) as Output;
  }

  count(operation: string): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }
}

export function account(overrides: Partial<Account> = {}): Account {
  return {
    id: ACCOUNT_ID,
    name: 'acme-prod',
    access: { kind: 'profile', profile: 'acme' },
    tags: {},
    origin: 'accounts-file',
    ...overrides,
  };
}

export const NOW = new Date('2025-06-01T12:00:00Z');

export function contextFor(api: AwsApi, overrides: Partial<CheckContext> = {}): CheckContext {
  return { account: account(), api, regions: [HOME], homeRegion: HOME, now: NOW, signal: new AbortController().signal, ...overrides };
}

/** Runs an account check, or a regional one in `region` (default: the home region). */
export function decide(check: Check, ctx: CheckContext, region = HOME): Promise<Outcome> {
  return check.scope === 'account' ? check.run(ctx) : check.runRegion(ctx, region);
}

/** The evidence lines with a given status, as text, for compact assertions. */
export function evidenceWith(outcome: Outcome, status: Outcome['status']): string[] {
  return outcome.evidence.filter((e) => e.status === status).map((e) => e.text);
}
