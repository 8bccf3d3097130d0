/** Reads and lints one file. Used on the main thread and in the worker threads alike. */
import { promises as fs } from 'node:fs';
import type { LintConfig } from '../core/lint/config';
import { lintText } from '../core/lint/lint';
import { type FileOutcome, toReportFinding } from './report';

/**
 * Every CloudFormation template holds one of these words (a Resources section, the format version, or
 * a SAM transform); a file without any of them is not parsed at all. This keeps `lint .` fast in
 * repositories with large JSON files such as package-lock.json.
 */
const CLOUDFORMATION_MARKERS = ['Resources', 'AWSTemplateFormatVersion', 'AWS::Serverless'];

export function lintSource(text: string, file: string, config: LintConfig): FileOutcome {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!CLOUDFORMATION_MARKERS.some((m) => source.includes(m))) return { file, status: 'not-cloudformation' };
  // The YAML parser records a warning, an Error with a captured stack, for every `!Ref`-style tag it
  // does not know. Nobody reads those stacks; not capturing them saves 10-15% of the lint time.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let result;
  try {
    result = lintText(source, file, config);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (result.kind !== 'linted') return { file, status: 'not-cloudformation' };
  return { file, status: 'linted', findings: result.findings.map((f) => toReportFinding(f, file)) };
}

export async function lintFile(absolutePath: string, file: string, config: LintConfig): Promise<FileOutcome> {
  let text: string;
  try {
    text = await fs.readFile(absolutePath, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { file, status: 'error', error: `cannot read it (${e.code === 'EISDIR' ? 'it is a folder' : (e.code ?? e.message)})` };
  }
  try {
    return lintSource(text, file, config);
  } catch (error) {
    // A bug in a rule must not hide the other files' results, but the run is incomplete.
    return { file, status: 'error', error: `internal error while linting it: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the order of `items`. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
  return results;
}
