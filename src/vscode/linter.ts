/**
 * Decides which documents are templates to lint, and lints them off the typing path: debounced,
 * one lint per document version, cancelled when a newer version arrives, in a worker for very large files.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintConfig } from '../core/lint/config';
import { IncrementalLinter } from '../core/lint/incremental';
import { lintText } from '../core/lint/lint';
import type { Settings } from './settings';
import { type LintSnapshot, toSnapshot } from './snapshot';
import type { WorkerRequest } from './lint-worker';

/** Above this size a template is linted in a worker thread. */
const WORKER_THRESHOLD_CHARS = 512 * 1024;
const LINTABLE_LANGUAGES = new Set(['yaml', 'json', 'jsonc', 'cloudformation', 'yaml-cloudformation']);
const LINTABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);

export interface DocumentLint {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly snapshot: LintSnapshot;
}

export class TemplateLinter implements vscode.Disposable {
  private readonly results = new Map<string, DocumentLint>();
  private readonly scheduled = new Map<string, { timer: NodeJS.Timeout; cancel: vscode.CancellationTokenSource }>();
  private readonly inFlight = new Map<string, { version: number; promise: Promise<DocumentLint | undefined> }>();
  /** Per open document: re-lints after an edit replay the checks of the resources it did not touch. */
  private readonly incremental = new Map<string, IncrementalLinter>();
  private readonly emitter = new vscode.EventEmitter<DocumentLint>();
  private worker: Worker | undefined;
  readonly onDidLint = this.emitter.event;

  constructor(
    private readonly extensionPath: string,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** A document SOP Lens should look at: the right language and scheme, inside the include globs, not excluded. */
  isCandidate(document: vscode.TextDocument): boolean {
    const s = this.settings();
    if (!s.enable || !LINTABLE_SCHEMES.has(document.uri.scheme)) return false;
    const byLanguage = LINTABLE_LANGUAGES.has(document.languageId) || document.fileName.endsWith('.template');
    if (!byLanguage) return false;
    if (document.uri.scheme === 'untitled') return true;
    const matches = (glob: string): boolean => vscode.languages.match({ pattern: glob }, document) > 0;
    return s.include.some(matches) && !s.exclude.some(matches);
  }

  /** The last lint of this exact document version, if there is one. */
  current(document: vscode.TextDocument): DocumentLint | undefined {
    const r = this.results.get(document.uri.toString());
    return r && r.version === document.version ? r : undefined;
  }

  schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!this.isCandidate(document)) {
      this.forget(document.uri);
      return;
    }
    const key = document.uri.toString();
    this.cancelScheduled(key);
    const cancel = new vscode.CancellationTokenSource();
    const timer = setTimeout(() => {
      this.scheduled.delete(key);
      void this.lint(document, cancel.token);
    }, delayMs);
    this.scheduled.set(key, { timer, cancel });
  }

  /** Lints now (or joins the lint already running for this version). */
  lint(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<DocumentLint | undefined> {
    const key = document.uri.toString();
    const cached = this.current(document);
    if (cached) return Promise.resolve(cached);
    const running = this.inFlight.get(key);
    if (running && running.version === document.version) return running.promise;
    const version = document.version;
    const text = document.getText();
    let incremental = this.incremental.get(key);
    if (!incremental) this.incremental.set(key, (incremental = new IncrementalLinter()));
    const promise = this.run(key, text, this.settings().lint, token, incremental)
      .then((snapshot) => {
        if (!snapshot || token?.isCancellationRequested || document.version !== version) return undefined;
        const lint = { uri: document.uri, version, snapshot };
        this.results.set(key, lint);
        this.emitter.fire(lint);
        return lint;
      })
      .catch((error: unknown) => {
        this.log.error(`Linting ${document.uri.fsPath} failed`, error);
        return undefined;
      })
      .finally(() => {
        if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
      });
    this.inFlight.set(key, { version, promise });
    return promise;
  }

  /** Lints text that is not open in an editor (workspace scan). */
  lintFileText(uri: vscode.Uri, text: string, token?: vscode.CancellationToken): Promise<LintSnapshot | undefined> {
    return this.run(uri.toString(), text, this.settings().lint, token);
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancelScheduled(key);
    this.results.delete(key);
    this.incremental.delete(key);
  }

  relintAll(): void {
    this.results.clear();
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  dispose(): void {
    for (const key of [...this.scheduled.keys()]) this.cancelScheduled(key);
    void this.worker?.terminate();
    this.emitter.dispose();
  }

  private cancelScheduled(key: string): void {
    const s = this.scheduled.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    s.cancel.cancel();
    s.cancel.dispose();
    this.scheduled.delete(key);
  }

  private async run(uri: string, text: string, config: LintConfig, token?: vscode.CancellationToken, incremental?: IncrementalLinter): Promise<LintSnapshot | undefined> {
    const started = performance.now();
    let snapshot: LintSnapshot | undefined;
    if (text.length > WORKER_THRESHOLD_CHARS) {
      snapshot = await this.runInWorker({ text, uri, config }, token);
    } else {
      const result = incremental ? incremental.lint(text, uri, config, token) : lintText(text, uri, config, token);
      snapshot = result.kind === 'cancelled' ? undefined : toSnapshot(result);
    }
    this.log.trace(`Linted ${uri} in ${(performance.now() - started).toFixed(1)} ms`);
    return snapshot;
  }

  private runInWorker(request: WorkerRequest, token?: vscode.CancellationToken): Promise<LintSnapshot | undefined> {
    // One worker at a time: a newer request for a large file replaces (terminates) an older one.
    void this.worker?.terminate();
    const worker = new Worker(path.join(this.extensionPath, 'dist', 'lint-worker.js'));
    this.worker = worker;
    return new Promise((resolve) => {
      const finish = (value: LintSnapshot | undefined): void => {
        subscription?.dispose();
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        resolve(value);
      };
      const subscription = token?.onCancellationRequested(() => finish(undefined));
      worker.once('message', (snapshot: LintSnapshot) => finish(snapshot));
      worker.once('error', (error) => {
        this.log.error('The lint worker failed', error);
        finish(undefined);
      });
      worker.once('exit', () => finish(undefined));
      worker.postMessage(request);
    });
  }
}
