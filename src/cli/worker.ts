/**
 * The worker-thread side of `run.ts`. The CLI bundle starts copies of itself with `WORKER_MARKER` in
 * their workerData; `main.ts` sends those here instead of into the command line.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { LintConfig } from '../core/lint/config';
import { type FixMode, lintFile, mapLimit } from './lint-file';
import type { FileOutcome } from './report';

export const WORKER_MARKER = 'sopLensLintWorker';

export interface WorkerTask {
  readonly index: number;
  readonly absolutePath: string;
  readonly file: string;
}

export type WorkerRequest = { readonly batch: readonly WorkerTask[] } | { readonly done: true };

export interface WorkerReply {
  readonly results: readonly { readonly index: number; readonly outcome: FileOutcome }[];
}

export function isLintWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_MARKER] === true;
}

export function runLintWorker(): void {
  const port = parentPort;
  if (!port) return;
  const { config, fix } = workerData as { config: LintConfig; fix: FixMode };
  port.on('message', (request: WorkerRequest) => {
    if ('done' in request) {
      port.close();
      return;
    }
    void mapLimit(request.batch, 8, (task) => lintFile(task.absolutePath, task.file, config, fix)).then((outcomes) => {
      port.postMessage({ results: request.batch.map((task, i) => ({ index: task.index, outcome: outcomes[i] })) } satisfies WorkerReply);
    });
  });
}
