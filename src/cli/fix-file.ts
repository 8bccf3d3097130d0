/** `--fix` and `--fix-dry-run` for one file: the fixes applied in memory, the diff, what was not fixed. */
import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';
import { fixText } from '../core/fix/apply';
import type { LintConfig } from '../core/lint/config';
import { type FileFix, type FileOutcome, compareFindings, toReportFinding } from './report';

export function fixSource(text: string, file: string, config: LintConfig, mode: 'write' | 'dry-run', read: FileFix['read']): FileOutcome {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const source = bom ? text.slice(1) : text;
  const run = withoutStackTraces(() => fixText(source, file, config));
  if (!run || run.result.kind !== 'linted') return { file, status: 'not-cloudformation' };
  const fixedText = bom + run.text;
  const changed = fixedText !== text;
  const fix: FileFix = {
    fixed: run.fixed,
    notFixed: run.notFixed.map((n) => ({ finding: toReportFinding(n.finding, file), reason: n.reason })).sort((a, b) => compareFindings(a.finding, b.finding)),
    read,
    ...(changed && mode === 'write' ? { text: fixedText } : {}),
    // git's a/ and b/ prefixes, so `git apply` (or `patch -p1`) takes the output as it is.
    ...(changed && mode === 'dry-run' ? { patch: createTwoFilesPatch(`a/${file}`, `b/${file}`, text, fixedText, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }) } : {}),
  };
  return { file, status: 'linted', findings: run.result.findings.map((f) => toReportFinding(f, file)), fix };
}

/**
 * The YAML parser records a warning, an Error with a captured stack, for every `!Ref`-style tag it does not
 * know. Nobody reads those stacks; not capturing them saves 10-15% of the lint time.
 */
export function withoutStackTraces<T>(run: () => T): T {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
