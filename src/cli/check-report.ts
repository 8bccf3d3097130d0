/**
 * The report of `sop-lens check`, in the shape the JSON output writes: per account, per check, per
 * region, what was decided, why, on which evidence and when. The text output renders the same object.
 */
import type { AccessUsed } from '../core/aws/credentials';
import type { Evidence, ControlStatus } from '../core/controls/check';
import type { AccountResults } from '../core/controls/run';
import { describeError } from '../core/aws/errors';

export interface CheckReportRegion {
  readonly region: string;
  readonly status: ControlStatus;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

export interface CheckReportCheck {
  readonly id: string;
  readonly title: string;
  readonly controls: readonly string[];
  readonly status: ControlStatus;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
  readonly decidedAt: string;
  /** Per-region results of a regional check; empty for account-wide checks. */
  readonly regions: readonly CheckReportRegion[];
}

export interface CheckReportAccount {
  readonly id: string;
  readonly name: string;
  /** The access every check of the account ran with: the role ARN STS reported and how it was reached. */
  readonly access?: AccessUsed;
  /** Why the account could not be signed in to; its checks are then all `error`. */
  readonly signInError?: string;
  readonly checks: readonly CheckReportCheck[];
}

export type StatusCounts = Record<ControlStatus, number>;

export interface CheckReport {
  readonly version: string;
  readonly checkedAt: string;
  readonly accounts: readonly CheckReportAccount[];
  readonly summary: StatusCounts & { readonly accounts: number; readonly checks: number };
}

/** What the report needs to know of each check besides its result. */
export interface CheckInfo {
  readonly title: string;
  readonly controls: readonly string[];
}

export function buildCheckReport(version: string, checkedAt: Date, runs: readonly AccountResults[], checks: ReadonlyMap<string, CheckInfo>): CheckReport {
  const accounts = runs.map(
    (run): CheckReportAccount => ({
      id: run.account.id,
      name: run.account.name,
      ...(run.access ? { access: run.access } : {}),
      ...(run.signInError === undefined ? {} : { signInError: describeError(run.signInError) }),
      checks: run.results.map((r) => ({
        id: r.checkId,
        title: checks.get(r.checkId)?.title ?? r.checkId,
        controls: checks.get(r.checkId)?.controls ?? [],
        status: r.status,
        reason: r.reason,
        evidence: r.evidence,
        decidedAt: r.decidedAt,
        regions: (r.regions ?? []).map((g) => ({ region: g.region, status: g.status, reason: g.reason, evidence: g.evidence })),
      })),
    }),
  );
  const all = accounts.flatMap((a) => a.checks);
  return { version, checkedAt: checkedAt.toISOString(), accounts, summary: { accounts: accounts.length, checks: all.length, ...countStatuses(all.map((c) => c.status)) } };
}

export function countStatuses(statuses: Iterable<ControlStatus>): StatusCounts {
  const counts: StatusCounts = { pass: 0, fail: 0, unknown: 0, error: 0 };
  for (const s of statuses) counts[s]++;
  return counts;
}
