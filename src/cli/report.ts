/**
 * The CLI's view of a lint run: plain data shared by the formatters, the exit policy and the worker
 * threads. Paths are relative to the current directory, with forward slashes.
 */
import type { Finding } from '../core/lint/finding';
import type { Rule, Severity } from '../core/rules/rule';

/** One finding as the CLI reports it (the JSON format writes exactly these fields, in this order). */
export interface ReportFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly control: string | null;
  readonly severity: Severity;
  readonly resource: string | null;
  readonly path: string | null;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  readonly kind: Finding['kind'];
  readonly suppressed: { readonly reason: string } | null;
}

/** What `--fix` or `--fix-dry-run` did to one file. */
export interface FileFix {
  /** Findings whose fix was applied. */
  readonly fixed: number;
  /** Findings left (unsuppressed, "cannot decide" ones aside) and why each was not fixed. */
  readonly notFixed: readonly { readonly finding: ReportFinding; readonly reason: string }[];
  /** With --fix, the fixed text when it differs from the file: the main thread writes it. */
  readonly text?: string;
  /** With --fix-dry-run, the unified diff from the file to the fixed text, when they differ. */
  readonly patch?: string;
  /** The file as it was read, to notice a change made meanwhile before writing over it. */
  readonly read: { readonly size: number; readonly mtimeMs: number };
}

/** What happened to one file. */
export type FileOutcome =
  | { readonly file: string; readonly status: 'linted'; readonly findings: readonly ReportFinding[]; readonly fix?: FileFix }
  | { readonly file: string; readonly status: 'not-cloudformation' }
  /** Could not be read, or linting it failed: the run is incomplete. */
  | { readonly file: string; readonly status: 'error'; readonly error: string };

export interface ActiveRule {
  readonly rule: Rule;
  /** The severity the rule reports at in this run. */
  readonly severity: Severity;
}

export interface LintReport {
  readonly version: string;
  /** The rules that ran, in registry order. */
  readonly rules: readonly ActiveRule[];
  /** Every file looked at, sorted by path. */
  readonly outcomes: readonly FileOutcome[];
  /** Every finding of every linted file, sorted by file, then position. */
  readonly findings: readonly ReportFinding[];
}

export interface Summary {
  /** Unsuppressed findings per severity. */
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly suppressed: number;
  /** CloudFormation templates linted (including ones that failed to parse). */
  readonly filesScanned: number;
  /** Files that are not CloudFormation, skipped. */
  readonly filesSkipped: number;
  /** Files that could not be read or linted. */
  readonly filesFailed: number;
}

export function toReportFinding(f: Finding, file: string): ReportFinding {
  return {
    file,
    ruleId: f.ruleId,
    control: f.control ?? null,
    severity: f.severity,
    resource: f.resource ?? null,
    path: f.path ?? null,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    kind: f.kind,
    suppressed: f.suppressed ? { reason: f.suppressed.reason } : null,
  };
}

/** Sorts by plain code-unit order, so the output is the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

export function buildReport(version: string, rules: readonly ActiveRule[], outcomes: readonly FileOutcome[]): LintReport {
  const sorted = [...outcomes].sort((a, b) => compareStrings(a.file, b.file));
  const findings = sorted.flatMap((o) => (o.status === 'linted' ? o.findings : [])).sort(compareFindings);
  return { version, rules, outcomes: sorted, findings };
}

export function summarize(report: LintReport): Summary {
  const counts = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const f of report.findings) {
    if (f.suppressed) counts.suppressed++;
    else counts[f.severity]++;
  }
  let filesScanned = 0;
  let filesSkipped = 0;
  let filesFailed = 0;
  for (const o of report.outcomes) {
    if (o.status === 'linted') filesScanned++;
    else if (o.status === 'not-cloudformation') filesSkipped++;
    else filesFailed++;
  }
  return { ...counts, filesScanned, filesSkipped, filesFailed };
}
