/** The machine format: every finding with its file, rule, SOP control and 1-based range. */
import type { LintReport, ReportFinding, Summary } from './report';
import { summarize } from './report';

export interface JsonReport {
  readonly version: string;
  /** CloudFormation templates linted. */
  readonly files: number;
  readonly findings: readonly ReportFinding[];
  readonly summary: Summary;
}

export function toJsonReport(report: LintReport): JsonReport {
  const summary = summarize(report);
  return { version: report.version, files: summary.filesScanned, findings: report.findings, summary };
}

export function formatJson(report: LintReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
