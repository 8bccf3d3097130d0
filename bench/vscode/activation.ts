// Measurement "suite" for the bench, run by VS Code's extension host as extensionTestsPath (see
// bench/lib/vscode-bench.mjs, which bundles this file with esbuild and opens the workbench on
// examples/). No mocha: run() measures, writes one JSON object to SOP_LENS_TEST_RESULT, and resolves.
//
//  - activation: the wall time of `getExtension('sop-lens.sop-lens').activate()` seen from here (module
//    load plus activate()), and `activationMs` if the extension's API reports its own figure;
//  - first diagnostics: from openTextDocument of SOP_LENS_BENCH_OPEN (relative to the workspace folder)
//    until SOP Lens has published diagnostics for it.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sop-lens.sop-lens';
const DIAGNOSTICS_TIMEOUT_MS = 30_000;

interface BenchResult {
  startedAt: string;
  vscodeVersion: string;
  wasActiveBefore?: boolean;
  activateWallMs?: number;
  reportedActivationMs?: number;
  apiKeys?: string[];
  openedFile?: string;
  openDocumentMs?: number;
  firstDiagnosticsMs?: number;
  diagnostics?: number;
  /** From the command that reveals the Accounts view until its accounts are listed. */
  accountsViewMs?: number;
  accountsListed?: number;
  /** Whether the AWS SDK bundle was loaded by then (it must not be: no AWS call has been made). */
  sdkLoadedAfterAccountsView?: boolean;
  error?: string;
}

function sopDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'SOP Lens');
}

/** Resolves with performance.now() at the first moment SOP Lens diagnostics exist for `uri`. */
function whenDiagnostics(uri: vscode.Uri, timeoutMs: number): { done: Promise<number>; dispose: () => void } {
  let sub: vscode.Disposable | undefined;
  let poll: NodeJS.Timeout | undefined;
  let limit: NodeJS.Timeout | undefined;
  const dispose = (): void => {
    sub?.dispose();
    if (poll) clearInterval(poll);
    if (limit) clearTimeout(limit);
  };
  const done = new Promise<number>((resolve, reject) => {
    const check = (): void => {
      if (sopDiagnostics(uri).length > 0) {
        const at = performance.now();
        dispose();
        resolve(at);
      }
    };
    // The event gives the exact moment; the poll is a safety net.
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    poll = setInterval(check, 20);
    limit = setTimeout(() => {
      dispose();
      reject(new Error(`no SOP Lens diagnostics for ${uri.toString()} within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  done.catch(() => undefined); // awaited later; do not let an early timeout count as unhandled
  return { done, dispose };
}

function writeResult(result: BenchResult): void {
  const file = process.env.SOP_LENS_TEST_RESULT;
  if (!file) throw new Error('SOP_LENS_TEST_RESULT is not set');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(result, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export async function run(): Promise<void> {
  const result: BenchResult = { startedAt: new Date().toISOString(), vscodeVersion: vscode.version };
  try {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
    result.wasActiveBefore = ext.isActive;
    const t0 = performance.now();
    const api: unknown = await ext.activate();
    result.activateWallMs = performance.now() - t0;
    if (api && typeof api === 'object') {
      result.apiKeys = Object.keys(api);
      const reported = (api as { activationMs?: unknown }).activationMs;
      if (typeof reported === 'number') result.reportedActivationMs = reported;
    }

    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('no workspace folder is open');
    const relative = process.env.SOP_LENS_BENCH_OPEN || 'app/api.yaml';
    const uri = vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
    result.openedFile = relative;
    const t1 = performance.now();
    const waiting = whenDiagnostics(uri, DIAGNOSTICS_TIMEOUT_MS);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      result.openDocumentMs = performance.now() - t1;
      await vscode.window.showTextDocument(document);
      result.firstDiagnosticsMs = (await waiting.done) - t1;
      result.diagnostics = sopDiagnostics(uri).length;
    } finally {
      waiting.dispose();
    }

    // The Accounts view: open it and list its accounts, as a user clicking the activity bar icon would.
    const accounts = (api as { accounts?: { tree: { getChildren(): Promise<unknown[]> | unknown[] } } } | undefined)?.accounts;
    if (accounts) {
      const t2 = performance.now();
      await vscode.commands.executeCommand('workbench.view.extension.sopLens');
      const nodes = await accounts.tree.getChildren();
      result.accountsViewMs = performance.now() - t2;
      result.accountsListed = nodes.length;
      // The extension host's require cache is shared: the SDK bundle appears there once anything loads it.
      result.sdkLoadedAfterAccountsView = Object.keys(require.cache).some((file) => file.endsWith(`${path.sep}aws-sdk.js`));
    }
  } catch (err) {
    result.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  writeResult(result);
}
