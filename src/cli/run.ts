/**
 * Lints the discovered files: on this thread with bounded read concurrency, or, for large folders on a
 * multi-core machine, across worker threads that each read and lint batches of files. Outcomes come
 * back in the order of the input, whichever thread produced them.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LintConfig } from '../core/lint/config';
import type { DiscoveredFile } from './discover';
import { type FixMode, lintFile, mapLimit } from './lint-file';
import type { FileOutcome } from './report';
import { WORKER_MARKER, type WorkerReply, type WorkerRequest, type WorkerTask } from './worker';

/** Below this many files, starting threads costs more than it saves. */
export const WORKER_THRESHOLD = 50;
export const MAX_WORKERS = 4;
/** Files read at once on one thread. */
export const READ_CONCURRENCY = 16;

export interface RunOptions {
  readonly config: LintConfig;
  /** Worker threads to use; 0 lints on this thread. */
  readonly workers: number;
  /** The script a worker runs: the CLI bundle itself (it recognises `WORKER_MARKER` in its workerData). */
  readonly workerScript?: string;
  /** `--fix` or `--fix-dry-run`: each file's fixes are worked out where it is linted. */
  readonly fix?: FixMode;
}

/**
 * How many worker threads `--jobs auto` uses for `fileCount` files: none for small runs (starting a
 * worker costs about 0.25 s), otherwise one per idle core, at most four. Cores other processes keep
 * busy do not count: on a saturated machine threads only add their overhead (about 15% more CPU time).
 * `load` is the one-minute load average (always 0 on Windows, where every core counts as idle).
 */
export function autoWorkerCount(fileCount: number, parallelism: number = os.availableParallelism(), load: number = os.loadavg()[0]): number {
  if (fileCount <= WORKER_THRESHOLD || parallelism < 2) return 0;
  const idle = Math.round(parallelism - load);
  const count = Math.min(idle, MAX_WORKERS, Math.ceil(fileCount / WORKER_THRESHOLD));
  return count >= 2 ? count : 0;
}

export async function lintFiles(files: readonly DiscoveredFile[], options: RunOptions): Promise<FileOutcome[]> {
  if (options.workers > 0 && options.workerScript && files.length > 1) {
    return lintInWorkers(files, Math.min(options.workers, files.length), options.workerScript, options.config, options.fix);
  }
  return mapLimit(files, READ_CONCURRENCY, (f) => lintFile(f.absolutePath, f.file, options.config, options.fix));
}

async function lintInWorkers(files: readonly DiscoveredFile[], count: number, script: string, config: LintConfig, fix: FixMode): Promise<FileOutcome[]> {
  const outcomes = new Array<FileOutcome>(files.length);
  // Small batches balance the load; two in flight per worker hide the round trip.
  const batchSize = Math.max(4, Math.min(32, Math.ceil(files.length / (count * 8))));
  let next = 0;
  const takeBatch = (): WorkerTask[] => {
    const batch: WorkerTask[] = [];
    for (; next < files.length && batch.length < batchSize; next++) batch.push({ index: next, absolutePath: files[next].absolutePath, file: files[next].file });
    return batch;
  };
  const workers: Worker[] = [];
  const runOne = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script, { workerData: { [WORKER_MARKER]: true, config, fix } });
      workers.push(worker);
      let inFlight = 0;
      let finished = false;
      const send = (): void => {
        const batch = takeBatch();
        if (batch.length === 0) return;
        inFlight++;
        worker.postMessage({ batch } satisfies WorkerRequest);
      };
      worker.on('message', (reply: WorkerReply) => {
        for (const r of reply.results) outcomes[r.index] = r.outcome;
        inFlight--;
        send();
        if (inFlight === 0) {
          finished = true;
          worker.postMessage({ done: true } satisfies WorkerRequest);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (finished ? resolve() : reject(new Error(`a lint worker stopped early (exit code ${code})`))));
      send();
      send();
      // More workers than batches: this one got none, and ends at once instead of waiting forever.
      if (inFlight === 0) {
        finished = true;
        worker.postMessage({ done: true } satisfies WorkerRequest);
      }
    });
  try {
    await Promise.all(Array.from({ length: count }, runOne));
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  return outcomes;
}
