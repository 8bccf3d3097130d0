/**
 * Exit codes, the CLI's contract with CI:
 *   0  no unsuppressed finding at or above the threshold,
 *   1  at least one (parse errors are errors; suppressed findings and 'info' never count),
 *   2  usage or I/O error: the run is incomplete, whatever it found;
 *   3  (`sop-lens check` only) nothing failed, but something could not be decided.
 */
import type { LintReport, ReportFinding } from './report';

export type FailOn = 'error' | 'warning';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_IO = 2;

export function failsBuild(finding: ReportFinding, failOn: FailOn): boolean {
  if (finding.suppressed) return false;
  if (finding.severity === 'error') return true;
  return finding.severity === 'warning' && failOn === 'warning';
}

export function exitCodeFor(report: LintReport, failOn: FailOn): number {
  if (report.outcomes.some((o) => o.status === 'error')) return EXIT_USAGE_OR_IO;
  return report.findings.some((f) => failsBuild(f, failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `sop-lens check` adds one code: 3, nothing failed but something could not be decided. A run where an
 * account could not be signed in to is incomplete (2), whatever the other accounts showed.
 */
export const EXIT_UNDECIDED = 3;

export function exitCodeForChecks(run: { readonly signInFailed: boolean; readonly statuses: Iterable<'pass' | 'fail' | 'unknown' | 'error'> }): number {
  if (run.signInFailed) return EXIT_USAGE_OR_IO;
  let undecided = false;
  for (const status of run.statuses) {
    if (status === 'fail') return EXIT_FINDINGS;
    if (status !== 'pass') undecided = true;
  }
  return undecided ? EXIT_UNDECIDED : EXIT_OK;
}
