/**
 * Fault injection: a list of rules, each matching calls by service, action, account and region (absent
 * = any), that make the proxy answer with an error in the service's wire shape, delay the call, or
 * answer as something other than AWS would (an HTML page, a server error whose body is no AWS error).
 */
import type { ServiceId } from '../../src/core/aws/services';
import { SERVICE_IDS } from '../../src/core/aws/services';
import type { FailureKind } from './wire-errors';

export type FaultKind = FailureKind | 'latency';

export interface Fault {
  readonly kind: FaultKind;
  readonly service?: ServiceId;
  readonly action?: string;
  readonly account?: string;
  readonly region?: string;
  /** For `latency`: milliseconds added before the call goes on. */
  readonly latencyMs?: number;
  /** Apply to this many matching calls, then stop (absent: every call until cleared). */
  readonly times?: number;
}

const KINDS: ReadonlySet<string> = new Set(['throttle', 'server-error', 'access-denied', 'expired-token', 'opted-out', 'html-page', 'unshaped-server-error', 'latency']);

/** Validates a fault from JSON; throws with what is wrong. */
export function parseFault(value: unknown): Fault {
  if (typeof value !== 'object' || value === null) throw new Error('a fault must be an object');
  const fault = value as Record<string, unknown>;
  if (typeof fault.kind !== 'string' || !KINDS.has(fault.kind)) throw new Error(`fault kind must be one of ${[...KINDS].join(', ')}`);
  if (fault.service !== undefined && !(SERVICE_IDS as readonly unknown[]).includes(fault.service)) throw new Error(`unknown service ${JSON.stringify(fault.service)}`);
  for (const key of ['action', 'account', 'region'] as const) {
    if (fault[key] !== undefined && typeof fault[key] !== 'string') throw new Error(`fault ${key} must be a string`);
  }
  if (fault.kind === 'latency' && typeof fault.latencyMs !== 'number') throw new Error('a latency fault needs latencyMs');
  return fault as unknown as Fault;
}

export interface CallSite {
  readonly service: ServiceId;
  readonly action: string;
  readonly account: string | undefined;
  readonly region: string;
}

export class FaultList {
  private faults: { fault: Fault; remaining: number; fromFixture: boolean }[] = [];

  /** `fromFixture`: part of the seeded accounts' state (a locked-down region), kept by `clearInjected`. */
  add(faults: readonly Fault[], fromFixture = false): void {
    for (const fault of faults) this.faults.push({ fault, remaining: fault.times ?? Infinity, fromFixture });
  }

  clear(): void {
    this.faults = [];
  }

  /** Removes the faults tests injected; the fixture's own stay, as the seeded state does. */
  clearInjected(): void {
    this.faults = this.faults.filter((entry) => entry.fromFixture);
  }

  list(): Fault[] {
    return this.faults.filter((entry) => entry.remaining > 0).map((entry) => entry.fault);
  }

  /** Total added latency and the first failure that applies to this call (consuming one use of each). */
  match(call: CallSite): { latencyMs: number; failure?: FailureKind } {
    let latencyMs = 0;
    let failure: FailureKind | undefined;
    for (const entry of this.faults) {
      const { fault } = entry;
      if (entry.remaining <= 0) continue;
      if (fault.service !== undefined && fault.service !== call.service) continue;
      if (fault.action !== undefined && fault.action !== call.action) continue;
      if (fault.account !== undefined && fault.account !== call.account) continue;
      if (fault.region !== undefined && fault.region !== call.region) continue;
      if (fault.kind === 'latency') {
        latencyMs += fault.latencyMs ?? 0;
        entry.remaining -= 1;
      } else if (failure === undefined) {
        failure = fault.kind;
        entry.remaining -= 1;
      }
    }
    return { latencyMs, failure };
  }
}
