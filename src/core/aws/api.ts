/**
 * The one door through which checks reach AWS. A check names the service, region, operation and input;
 * the implementation (`SdkAwsApi` in `sdk-api.ts`) picks the lazily loaded SDK v3 client, applies the
 * endpoint override, the per-call timeout, the concurrency limits and cancellation, remembers read-only
 * answers for the duration of one run (so two checks that need `DescribeTrails` cause one call), and
 * turns every failure into an `AwsAccessError`. Unit tests give checks a recorded implementation.
 */
import type { ServiceId } from './services';

export interface AwsApi {
  /** The account these calls act in. */
  readonly accountId: string;
  /**
   * Calls `operation` (the SDK command name without `Command`, e.g. `DescribeTrails`) and resolves to the
   * command's output. Throws `AwsAccessError`.
   */
  call<Output = Record<string, unknown>>(service: ServiceId, region: string, operation: string, input?: object): Promise<Output>;
}

/** One call as it happened, for the log, the evidence and the benchmark's call count. */
export interface ApiCallRecord {
  readonly accountId: string;
  readonly service: ServiceId;
  readonly region: string;
  readonly operation: string;
  readonly ms: number;
  /** Error code, when it failed. */
  readonly error?: string;
  /** True when the answer came from this run's memory, not the network. */
  readonly cached: boolean;
}
