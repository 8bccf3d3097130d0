/**
 * The human format, shaped like compiler output so terminals, editors and CI logs turn each line into a
 * link: `path:line:column: severity rule-id message`, grouped by file, then one summary line.
 * Suppressed findings are counted in the summary, not listed.
 */
import type { Severity } from '../core/rules/rule';
import { type LintReport, type Summary, summarize } from './report';

export interface TextOptions {
  readonly color: boolean;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', cyan: '\u001b[36m', green: '\u001b[32m' };
const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.cyan };

export function formatText(report: LintReport, options: TextOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const out: string[] = [];
  let currentFile: string | undefined;
  for (const f of report.findings) {
    if (f.suppressed) continue;
    if (currentFile !== undefined && f.file !== currentFile) out.push('');
    currentFile = f.file;
    const location = paint(ANSI.bold, `${f.file}:${f.line}:${f.column}:`);
    out.push(`${location} ${paint(SEVERITY_COLOR[f.severity], f.severity)} ${paint(ANSI.dim, f.ruleId)} ${oneLine(f.message)}`);
  }
  if (out.length > 0) out.push('');
  const summary = summarize(report);
  const failing = summary.error + summary.warning > 0;
  out.push(paint(failing ? ANSI.bold : ANSI.green, summaryLine(summary)));
  return out.join('\n') + '\n';
}

export function summaryLine(s: Summary): string {
  const counts = [plural(s.error, 'error'), plural(s.warning, 'warning'), `${s.info} info`];
  if (s.suppressed > 0) counts.push(`${s.suppressed} suppressed`);
  const files = [`${plural(s.filesScanned, 'file')} scanned`];
  if (s.filesSkipped > 0) files.push(`${s.filesSkipped} skipped (not CloudFormation)`);
  if (s.filesFailed > 0) files.push(`${s.filesFailed} could not be linted`);
  return `${counts.join(', ')} in ${files.join(', ')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
