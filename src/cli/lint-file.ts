/** Reads and lints (or fixes) one file. Used on the main thread and in the worker threads alike. */
import { constants as fsConstants, promises as fs } from 'node:fs';
import type { LintConfig } from '../core/lint/config';
import { lintText } from '../core/lint/lint';
import { describeCode, describeSpecial } from './discover';
import { fixSource, withoutStackTraces } from './fix-file';
import { type FileOutcome, toReportFinding } from './report';

/** What `--fix` and `--fix-dry-run` ask of each file. */
export type FixMode = 'write' | 'dry-run' | undefined;

/** Every file is parsed: whether it is a template is decided from the parsed document, never from its raw text. */
export function lintSource(text: string, file: string, config: LintConfig): FileOutcome {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = withoutStackTraces(() => lintText(source, file, config));
  if (result.kind !== 'linted') return { file, status: 'not-cloudformation' };
  return { file, status: 'linted', findings: result.findings.map((f) => toReportFinding(f, file)) };
}

export async function lintFile(absolutePath: string, file: string, config: LintConfig, fix?: FixMode): Promise<FileOutcome> {
  let read: { text: string; size: number; mtimeMs: number };
  try {
    const outcome = await readRegularFile(absolutePath);
    if (typeof outcome === 'string') return { file, status: 'error', error: `cannot read it: it is ${outcome}, not a file` };
    read = outcome;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { file, status: 'error', error: `cannot read it (${describeCode(e.code ?? e.message)})` };
  }
  try {
    // Whether a file is a template is decided as `lint` decides it; only templates are fixed.
    const outcome = lintSource(read.text, file, config);
    if (!fix || outcome.status !== 'linted') return outcome;
    return fixSource(read.text, file, config, fix, { size: read.size, mtimeMs: read.mtimeMs });
  } catch (error) {
    // A bug in a rule must not hide the other files' results, but the run is incomplete.
    return { file, status: 'error', error: `internal error while linting it: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The file's text, or what it is when it is not a regular file. Opened without blocking and checked on the
 * open handle, so a FIFO without a writer or a device such as /dev/zero is never read, even if it took the
 * place of a file after the walk saw it.
 */
async function readRegularFile(absolutePath: string): Promise<{ text: string; size: number; mtimeMs: number } | string> {
  const handle = await fs.open(absolutePath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return stats.isDirectory() ? 'a folder' : (describeSpecial(stats) ?? 'neither a file nor a folder');
    return { text: await handle.readFile('utf8'), size: stats.size, mtimeMs: stats.mtimeMs };
  } finally {
    await handle.close();
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
