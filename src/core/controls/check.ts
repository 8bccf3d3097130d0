/**
 * A live check: one small declarative unit that decides one thing about an AWS account for one or more
 * SOP controls. It names the API calls it makes and how it decides; `run` (account-wide) or `runRegion`
 * (once per checked region) returns an `Outcome`. A check never passes by default: when it cannot
 * decide it says `unknown` and why. AWS errors it does not handle itself propagate as `AwsAccessError`,
 * and the runner turns them into `unknown` (denied, throttled, region disabled) or `error`.
 */
import type { Account } from '../accounts/model';
import type { AwsApi } from '../aws/api';
import type { AccessUsed } from '../aws/credentials';
import type { ApiCall } from '../aws/services';
import type { ControlId } from '../sop/catalog';

export type ControlStatus = 'pass' | 'fail' | 'unknown' | 'error';

/** One fact a check saw, shown under the check in the tree and written to JSON output. */
export interface Evidence {
  readonly text: string;
  /** The fact's own verdict, when it has one (a failing bucket among passing ones). */
  readonly status?: ControlStatus;
  readonly region?: string;
  /** ARN or name of the resource the fact is about. */
  readonly resource?: string;
}

export interface Outcome {
  readonly status: ControlStatus;
  /** One sentence: why this status. For `unknown` and `error`, what stopped the decision. */
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

export interface RegionResult extends Outcome {
  readonly region: string;
}

/** The decided result of one check in one account, as stored and shown. */
export interface CheckResult extends Outcome {
  readonly checkId: string;
  readonly accountId: string;
  /** Per-region results, for regional checks. */
  readonly regions?: readonly RegionResult[];
  /** ISO time the result was decided. */
  readonly decidedAt: string;
  /** The access the check ran with (role ARN and how it was reached); absent when no session was reached. */
  readonly access?: AccessUsed;
}

export interface CheckContext {
  readonly account: Account;
  readonly api: AwsApi;
  /** The regions being checked (the account's, narrowed by the user's selection), enabled ones only. */
  readonly regions: readonly string[];
  /** Where global calls go (IAM, STS, the trail lookup). */
  readonly homeRegion: string;
  readonly now: Date;
  readonly signal: AbortSignal;
}

interface CheckDeclaration {
  /** Kebab-case id, e.g. `cloudtrail-all-regions`; used on the command line and in stored results. */
  readonly id: string;
  readonly title: string;
  readonly controls: readonly ControlId[];
  /** Why the SOP wants this, in our words. */
  readonly rationale: string;
  /** Every API call the check may make. */
  readonly calls: readonly ApiCall[];
  /** How it decides, one or two sentences (shown in the tree's tooltip and the docs). */
  readonly decides: string;
  /** What to do when it fails. */
  readonly remediation: string;
}

export interface AccountCheck extends CheckDeclaration {
  readonly scope: 'account';
  /**
   * It reads every checked region (`ctx.regions`) and claims something of all of them, so it cannot
   * decide when the account's regions cannot be told, as a regional check cannot.
   */
  readonly acrossRegions?: boolean;
  run(ctx: CheckContext): Promise<Outcome>;
}

export interface RegionalCheck extends CheckDeclaration {
  readonly scope: 'regional';
  runRegion(ctx: CheckContext, region: string): Promise<Outcome>;
}

export type Check = AccountCheck | RegionalCheck;

export function pass(reason: string, evidence: readonly Evidence[] = []): Outcome {
  return { status: 'pass', reason, evidence };
}
export function fail(reason: string, evidence: readonly Evidence[] = []): Outcome {
  return { status: 'fail', reason, evidence };
}
export function unknown(reason: string, evidence: readonly Evidence[] = []): Outcome {
  return { status: 'unknown', reason, evidence };
}

/** Worst first: a failure anywhere outweighs an undecided region, which outweighs passes. */
const SEVERITY: Record<ControlStatus, number> = { fail: 3, error: 2, unknown: 1, pass: 0 };

export function worstStatus(statuses: Iterable<ControlStatus>): ControlStatus | undefined {
  let worst: ControlStatus | undefined;
  for (const s of statuses) if (worst === undefined || SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

/**
 * A regional check's overall outcome: it fails if any region fails; it passes only if every region
 * passed; otherwise it is undecided (`unknown`, or `error` when every undecided region errored), and
 * the reason names the regions that could not be decided.
 */
export function combineRegions(regions: readonly RegionResult[]): Outcome {
  if (regions.length === 0) return unknown('No regions to check.');
  const failing = regions.filter((r) => r.status === 'fail');
  if (failing.length > 0) {
    return fail(`Fails in ${failing.map((r) => r.region).join(', ')}${undecidedNote(regions)}.`, []);
  }
  const undecided = regions.filter((r) => r.status === 'unknown' || r.status === 'error');
  if (undecided.length === 0) return pass(`Passes in all ${regions.length} checked regions.`);
  const status: ControlStatus = undecided.every((r) => r.status === 'error') ? 'error' : 'unknown';
  return {
    status,
    reason: `Could not decide in ${undecided.map((r) => `${r.region} (${r.reason})`).join('; ')}; ${regions.length - undecided.length} of ${regions.length} regions pass.`,
    evidence: [],
  };
}

function undecidedNote(regions: readonly RegionResult[]): string {
  const undecided = regions.filter((r) => r.status === 'unknown' || r.status === 'error');
  return undecided.length ? `; could not decide in ${undecided.map((r) => r.region).join(', ')}` : '';
}
