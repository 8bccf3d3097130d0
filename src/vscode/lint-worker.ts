/**
 * Lints very large templates off the extension host's thread, so typing in a 20 MB file stays responsive
 * and a stale lint can be stopped by terminating the worker. Pure core code; no `vscode` here.
 */
import { parentPort } from 'node:worker_threads';
import type { LintConfig } from '../core/lint/config';
import { lintText } from '../core/lint/lint';
import { toSnapshot } from './snapshot';

export interface WorkerRequest {
  readonly text: string;
  readonly uri: string;
  readonly config: LintConfig;
}

parentPort?.on('message', (request: WorkerRequest) => {
  const result = lintText(request.text, request.uri, request.config);
  parentPort?.postMessage(result.kind === 'cancelled' ? { kind: 'not-cloudformation' } : toSnapshot(result));
});
