/**
 * Check Now: runs the live checks of one or more account entries under a cancellable progress
 * notification. Results stream into the results store (and so into the tree) as each check decides,
 * each recording the access of the entry's own session. An entry without a live session is signed in
 * first (one sign-in at a time, so MFA prompts never overlap); a sign-in that fails marks that entry
 * stale with the reason and the others go on. Cancelling aborts every pending call; the checks it cut
 * short keep their earlier results.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { ApiCallRecord } from '../../core/aws/api';
import type { AwsSession } from '../../core/aws/credentials';
import { AwsAccessError, describeError } from '../../core/aws/errors';
import { Limiter } from '../../core/aws/limiter';
import { SdkAwsApi } from '../../core/aws/sdk-api';
import { entryKey, type SessionStore } from '../../core/aws/session-store';
import type { Check, CheckResult } from '../../core/controls/check';
import { checkAccount } from '../../core/controls/run';
import type { PromptOverrides } from '../session';
import type { AccountSettings } from '../settings';
import type { ResultsStore } from './resultsStore';
import { withAbortSignal } from '../cancellation';

export interface CheckNowDeps {
  readonly results: ResultsStore;
  readonly sessions: SessionStore;
  readonly settings: () => AccountSettings;
  /**
   * Signs in to an account and stores the session: the session UI's sign-in (its progress, MFA and
   * Identity Center prompts), so Check Now asks exactly as Assume Role does.
   */
  readonly signIn: (account: Account, signal: AbortSignal, prompts?: PromptOverrides) => Promise<AwsSession>;
  readonly log: vscode.LogOutputChannel;
}

export interface CheckNowRequest {
  readonly accounts: readonly Account[];
  readonly checks: readonly Check[];
  /** Replace the human part of the sign-in prompts (the integration tests answer the MFA prompt). */
  readonly prompts?: PromptOverrides;
  /** Cancels the run like the notification's Cancel button (callers other than the user: tests, other commands). */
  readonly signal?: AbortSignal;
}

/** What a run did, for the command's caller (the tests) and the closing message. */
export interface CheckNowSummary {
  readonly cancelled: boolean;
  readonly results: readonly CheckResult[];
  /** Account entries that could not be checked, with why (sign-in refused, no credentials...). */
  readonly failures: readonly { readonly accountId: string; readonly name: string; readonly message: string }[];
  readonly calls: number;
}

export async function checkNow(request: CheckNowRequest, deps: CheckNowDeps): Promise<CheckNowSummary> {
  const { accounts } = request;
  const title = accounts.length === 1 ? `SOP Lens: checking ${accounts[0].name}` : `SOP Lens: checking ${accounts.length} accounts`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
    withAbortSignal(token, request.signal, (signal) => new Run(request, deps, signal, (done, total) => progress.report({ message: `${done}/${total} checks`, increment: 100 / total })).all()),
  );
}

class Run {
  private readonly settings: AccountSettings;
  private readonly overall: Limiter;
  /** Sign-ins one at a time: each may ask for an MFA code. */
  private readonly signIns = new Limiter(1);
  private readonly results: CheckResult[] = [];
  private readonly failures: { accountId: string; name: string; message: string }[] = [];
  private calls = 0;
  private done = 0;
  private readonly total: number;

  constructor(
    private readonly request: CheckNowRequest,
    private readonly deps: CheckNowDeps,
    private readonly signal: AbortSignal,
    private readonly onProgress: (done: number, total: number) => void,
  ) {
    this.settings = deps.settings();
    this.overall = new Limiter(this.settings.concurrency.overall);
    this.total = Math.max(1, this.accounts().length * request.checks.length);
  }

  /** Each account entry once: two ways into one account are two entries, each checked on its own session. */
  private accounts(): Account[] {
    const seen = new Set<string>();
    return this.request.accounts.filter((a) => !seen.has(entryKey(a)) && seen.add(entryKey(a)));
  }

  async all(): Promise<CheckNowSummary> {
    const started = performance.now();
    await Promise.all(this.accounts().map((account) => this.account(account)));
    const cancelled = this.signal.aborted;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    this.deps.log.info(`Check Now: ${this.results.length} results for ${this.request.accounts.length} account(s), ${this.calls} AWS calls in ${seconds} s${cancelled ? ' (cancelled)' : ''}`);
    return { cancelled, results: this.results, failures: this.failures, calls: this.calls };
  }

  private async account(account: Account): Promise<void> {
    const { results, log } = this.deps;
    results.startRun(account, this.request.checks.map((c) => c.id));
    let api: SdkAwsApi | undefined;
    try {
      const session = await this.session(account);
      api = new SdkAwsApi({
        accountId: account.id,
        credentials: session.credentials,
        endpoints: this.settings.endpoints,
        limits: { overall: this.overall, account: new Limiter(this.settings.concurrency.perAccount) },
        callTimeoutMs: this.settings.callTimeoutMs,
        maxAttempts: this.settings.maxAttempts,
        signal: this.signal,
        onCall: (call) => this.onCall(call),
      });
      await checkAccount(account, api, {
        checks: this.request.checks,
        regions: this.settings.regions.length ? this.settings.regions : undefined,
        signal: this.signal,
        access: session.access,
        onResult: (result) => this.onResult(account, result),
      });
      const cancelled = this.signal.aborted;
      await results.finishRun(account, cancelled ? { failure: 'The last check was cancelled before it finished.' } : {});
      log.info(`Checked ${account.name} (${account.id})${cancelled ? ': cancelled' : ''}`);
    } catch (error) {
      const message = failureOf(error);
      this.failures.push({ accountId: account.id, name: account.name, message });
      await results.finishRun(account, { failure: message });
      if (this.signal.aborted || (error instanceof AwsAccessError && error.kind === 'cancelled')) return;
      log.warn(`Could not check ${account.name} (${account.id}): ${message}`);
      void vscode.window.showErrorMessage(`SOP Lens could not check ${account.name} (${account.id}): ${message}`);
    } finally {
      api?.destroy();
    }
  }

  /** The entry's live session, or a new one signed in to that entry (stored for later runs and the session UI). */
  private async session(account: Account): Promise<AwsSession> {
    return this.signIns.run(async () => {
      const existing = this.deps.sessions.get(account);
      if (existing) return existing;
      return this.deps.signIn(account, this.signal, this.request.prompts);
    }, this.signal);
  }

  private onResult(account: Account, result: CheckResult): void {
    this.done++;
    this.onProgress(this.done, this.total);
    // A check cut short by cancelling decided nothing: the earlier result stays.
    if (this.signal.aborted) return;
    this.results.push(result);
    this.deps.results.record(account, result);
  }

  private onCall(call: ApiCallRecord): void {
    if (!call.cached) this.calls++;
    this.deps.log.trace(`${call.service}:${call.operation} ${call.region} in ${call.accountId}: ${call.cached ? 'cached' : `${call.ms} ms`}${call.error ? ` (${call.error})` : ''}`);
  }
}

/** The error's message and what to do; sign-in errors carry no secrets (see errors.ts). */
function failureOf(error: unknown): string {
  return error instanceof Error && error.name === 'AbortError' ? 'Cancelled.' : describeError(error);
}
