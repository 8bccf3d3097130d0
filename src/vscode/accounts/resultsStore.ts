/**
 * The live check results of every account, as last decided, with their time. Kept in the workspace's
 * storage so a reload shows the last known state (and its age) before anything is checked again.
 * Holds results only, never credentials: what is persisted is rebuilt field by field from `CheckResult`.
 *
 * A run streams results in as checks decide. A run that fails (sign-in refused, network down) or is
 * cancelled keeps the earlier results and marks the account stale, with why.
 */
import * as vscode from 'vscode';
import type { CheckResult, ControlStatus, Evidence, RegionResult } from '../../core/controls/check';

/** Where the results live in `context.workspaceState`; bump the version when the shape changes. */
export const RESULTS_STORAGE_KEY = 'sopLens.accounts.results.v1';

export interface AccountState {
  readonly accountId: string;
  /** The latest result of each check, by check id. */
  readonly results: ReadonlyMap<string, CheckResult>;
  /** Checks of a run in progress that have not decided yet. */
  readonly checking: ReadonlySet<string>;
  /** Set when the last refresh did not complete: the results shown are older than the user asked for. */
  readonly stale?: { readonly reason: string; readonly at: string };
}

interface StoredAccount {
  readonly results: CheckResult[];
  readonly stale?: { readonly reason: string; readonly at: string };
}

interface StoredResults {
  readonly accounts: Record<string, StoredAccount>;
}

interface MutableState {
  readonly accountId: string;
  results: Map<string, CheckResult>;
  checking: Set<string>;
  stale?: { reason: string; at: string };
}

/** The storage the store needs: `context.workspaceState` in VS Code, a map in tests. */
export type ResultsStorage = Pick<vscode.Memento, 'get' | 'update'>;

export class ResultsStore implements vscode.Disposable {
  private readonly states = new Map<string, MutableState>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the account id whose state changed, or undefined when all may have. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: ResultsStorage) {
    this.reload();
  }

  /** Replaces what is in memory by what is in storage (activation; tests of persistence). */
  reload(): void {
    this.states.clear();
    const stored = this.storage.get<StoredResults>(RESULTS_STORAGE_KEY);
    for (const [accountId, account] of Object.entries(stored?.accounts ?? {})) {
      const results = new Map<string, CheckResult>();
      for (const result of account.results ?? []) {
        const clean = sanitize(result);
        if (clean) results.set(clean.checkId, clean);
      }
      this.states.set(accountId, { accountId, results, checking: new Set(), stale: account.stale });
    }
    this.changed.fire(undefined);
  }

  get(accountId: string): AccountState | undefined {
    return this.states.get(accountId);
  }

  result(accountId: string, checkId: string): CheckResult | undefined {
    return this.states.get(accountId)?.results.get(checkId);
  }

  /** Marks the checks of a run as in progress. */
  startRun(accountId: string, checkIds: readonly string[]): void {
    const state = this.stateOf(accountId);
    for (const id of checkIds) state.checking.add(id);
    this.changed.fire(accountId);
  }

  /** Takes one decided result (streamed as the run goes). */
  record(result: CheckResult): void {
    const clean = sanitize(result);
    if (!clean) return;
    const state = this.stateOf(clean.accountId);
    state.results.set(clean.checkId, clean);
    state.checking.delete(clean.checkId);
    this.changed.fire(clean.accountId);
  }

  /**
   * Ends a run. Without `failure` the account is fresh; with one (sign-in failed, cancelled) the results
   * of earlier runs stay and the account is marked stale with that reason.
   */
  async finishRun(accountId: string, outcome: { readonly failure?: string } = {}, now: Date = new Date()): Promise<void> {
    const state = this.stateOf(accountId);
    state.checking.clear();
    state.stale = outcome.failure ? { reason: outcome.failure, at: now.toISOString() } : undefined;
    this.changed.fire(accountId);
    await this.persist();
  }

  /** Forgets every result (in memory and in storage). */
  async clear(): Promise<void> {
    this.states.clear();
    this.changed.fire(undefined);
    await this.persist();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private stateOf(accountId: string): MutableState {
    let state = this.states.get(accountId);
    if (!state) {
      state = { accountId, results: new Map(), checking: new Set() };
      this.states.set(accountId, state);
    }
    return state;
  }

  private async persist(): Promise<void> {
    const accounts: Record<string, StoredAccount> = {};
    for (const [accountId, state] of this.states) {
      if (state.results.size === 0 && !state.stale) continue;
      accounts[accountId] = { results: [...state.results.values()], ...(state.stale ? { stale: state.stale } : {}) };
    }
    await this.storage.update(RESULTS_STORAGE_KEY, { accounts } satisfies StoredResults);
  }
}

const STATUSES: ReadonlySet<string> = new Set<ControlStatus>(['pass', 'fail', 'unknown', 'error']);

/**
 * A copy holding only the fields of a result, so nothing else a check or a future version might attach
 * reaches storage; undefined for anything that is not a result (storage written by another version).
 */
export function sanitize(result: CheckResult): CheckResult | undefined {
  if (!result || typeof result.checkId !== 'string' || typeof result.accountId !== 'string' || !STATUSES.has(result.status)) return undefined;
  const regions = Array.isArray(result.regions) ? (result.regions as readonly RegionResult[]).filter((r) => r && STATUSES.has(r.status)).map(sanitizeRegion) : undefined;
  return {
    checkId: result.checkId,
    accountId: result.accountId,
    status: result.status,
    reason: String(result.reason ?? ''),
    evidence: sanitizeEvidence(result.evidence),
    ...(regions ? { regions } : {}),
    decidedAt: typeof result.decidedAt === 'string' ? result.decidedAt : new Date(0).toISOString(),
  };
}

function sanitizeRegion(region: RegionResult): RegionResult {
  return { region: String(region.region), status: region.status, reason: String(region.reason ?? ''), evidence: sanitizeEvidence(region.evidence) };
}

function sanitizeEvidence(evidence: readonly Evidence[] | undefined): Evidence[] {
  if (!Array.isArray(evidence)) return [];
  return evidence.map((e: Evidence) => ({
    text: String(e.text ?? ''),
    ...(e.status && STATUSES.has(e.status) ? { status: e.status } : {}),
    ...(e.region ? { region: String(e.region) } : {}),
    ...(e.resource ? { resource: String(e.resource) } : {}),
  }));
}
