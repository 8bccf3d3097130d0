/**
 * `sop-lens check` output. Text: per account a header and the identity it was checked as, per check
 * one line (status, id, controls, reason) and, under checks that did not pass, their evidence and the
 * regions that did not pass. JSON: the report as it is.
 */
import type { ControlStatus, Evidence } from '../core/controls/check';
import type { CheckReport, CheckReportAccount, CheckReportCheck } from './check-report';
import { countStatuses } from './check-report';

export function formatCheckJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const SYMBOL: Record<ControlStatus, string> = { pass: '✓', fail: '✗', unknown: '?', error: '!' };
const COLOUR: Record<ControlStatus, string> = { pass: '32', fail: '31', unknown: '33', error: '35' };

export interface CheckTextOptions {
  readonly color: boolean;
}

export function formatCheckText(report: CheckReport, options: CheckTextOptions): string {
  const paint = (status: ControlStatus, text: string): string => (options.color ? `\u001b[${COLOUR[status]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const account of report.accounts) {
    lines.push(accountHeader(account));
    if (account.access) lines.push(`  as ${account.access.arn}: ${account.access.description}`);
    if (account.signInError) lines.push(`  ${paint('error', SYMBOL.error)} could not sign in: ${account.signInError}`);
    const idWidth = Math.max(0, ...account.checks.map((c) => c.id.length));
    const controlWidth = Math.max(0, ...account.checks.map((c) => c.controls.join(',').length));
    for (const check of account.checks) {
      // After a failed sign-in every check repeats the same reason: the header line already says it.
      const reason = account.signInError ? 'not checked' : check.reason;
      lines.push(`  ${paint(check.status, SYMBOL[check.status])} ${check.id.padEnd(idWidth)}  ${check.controls.join(',').padEnd(controlWidth)}  ${reason}`);
      if (check.status !== 'pass' && !account.signInError) lines.push(...details(check, paint));
    }
    lines.push('');
  }
  const s = report.summary;
  lines.push(`${s.accounts} account${s.accounts === 1 ? '' : 's'}, ${s.checks} check${s.checks === 1 ? '' : 's'}: ${s.pass} pass, ${s.fail} fail, ${s.unknown} unknown, ${s.error} error`);
  return `${lines.join('\n')}\n`;
}

function accountHeader(account: CheckReportAccount): string {
  const counts = countStatuses(account.checks.map((c) => c.status));
  const parts = [counts.fail && `${counts.fail} failing`, counts.unknown + counts.error && `${counts.unknown + counts.error} undecided`, counts.pass && `${counts.pass} passing`].filter(Boolean);
  return `${account.name} (${account.id}): ${parts.join(' · ') || 'no checks'}`;
}

function details(check: CheckReportCheck, paint: (status: ControlStatus, text: string) => string): string[] {
  const lines = check.evidence.map((e) => `      ${evidenceLine(e, paint)}`);
  const notPassing = check.regions.filter((r) => r.status !== 'pass');
  for (const region of notPassing) {
    lines.push(`      ${paint(region.status, SYMBOL[region.status])} ${region.region}: ${region.reason}`);
    for (const e of region.evidence) lines.push(`          ${evidenceLine(e, paint)}`);
  }
  const passing = check.regions.length - notPassing.length;
  if (notPassing.length > 0 && passing > 0) lines.push(`      ${paint('pass', SYMBOL.pass)} ${passing} other region${passing === 1 ? '' : 's'} pass`);
  return lines;
}

function evidenceLine(evidence: Evidence, paint: (status: ControlStatus, text: string) => string): string {
  const mark = evidence.status ? `${paint(evidence.status, SYMBOL[evidence.status])} ` : '- ';
  const where = evidence.region ? ` [${evidence.region}]` : '';
  const what = evidence.resource ? ` (${evidence.resource})` : '';
  return `${mark}${evidence.text}${what}${where}`;
}
