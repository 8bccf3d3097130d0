/**
 * The live check results of every account entry, as last decided, with their time. Kept in the workspace's
 * storage so a reload shows the last known state (and its age) before anything is checked again.
 * Holds results only, never credentials: what is persisted is rebuilt field by field from `CheckResult`.
 *
 * A run streams results in as checks decide. A run that fails (sign-in refused, network down) or is
 * cancelled keeps the earlier results and marks the account stale, with why.
 */
import * as vscode from 'vscode';
import type { AccessUsed } from '../../core/aws/credentials';
import { entryKey, type EntryRef } from '../../core/aws/session-store';
import type { CheckResult, ControlStatus, Evidence, RegionResult } from '../../core/controls/check';

/** Where the results live in `context.workspaceState`; bump the version when the shape changes. */
export const RESULTS_STORAGE_KEY = 'sopLens.accounts.results.v2';
/**
 * Results of versions that kept them by account id: dropped, not migrated, since nothing says which of
 * two entries of one account (an MFA role, Identity Center) produced them.
 */
export const DROPPED_STORAGE_KEYS: readonly string[] = ['sopLens.accounts.results.v1'];

export interface AccountState {
  /** The entry's key (`entryKey`): account id and way in. */
  readonly key: string;
  readonly accountId: string;
  /** The latest result of each check, by check id. */
  readonly results: ReadonlyMap<string, CheckResult>;
  /** Checks of a run in progress that have not decided yet. */
  readonly checking: ReadonlySet<string>;
  /** Set when the last refresh did not complete: the results shown are older than the user asked for. */
  readonly stale?: { readonly reason: string; readonly at: string };
}

interface StoredEntry {
  readonly accountId: string;
  readonly results: CheckResult[];
  readonly stale?: { readonly reason: string; readonly at: string };
}

interface StoredResults {
  /** By entry key. */
  readonly entries: Record<string, StoredEntry>;
}

interface MutableState {
  readonly key: string;
  readonly accountId: string;
  results: Map<string, CheckResult>;
  checking: Set<string>;
  stale?: { reason: string; at: string };
}

/** The storage the store needs: `context.workspaceState` in VS Code, a map in tests. */
export type ResultsStorage = Pick<vscode.Memento, 'get' | 'update'>;

/**
 * Results per account entry (`entryKey`: the account id and the way in), never per account id: two
 * entries of one account are checked with different roles and may see different things.
 */
export class ResultsStore implements vscode.Disposable {
  private readonly states = new Map<string, MutableState>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the entry key whose state changed, or undefined when all may have. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: ResultsStorage) {
    this.reload();
  }

  /** Replaces what is in memory by what is in storage (activation; tests of persistence). */
  reload(): void {
    this.states.clear();
    for (const key of DROPPED_STORAGE_KEYS) if (this.storage.get(key) !== undefined) void this.storage.update(key, undefined);
    const stored = this.storage.get<StoredResults>(RESULTS_STORAGE_KEY);
    for (const [key, entry] of Object.entries(stored?.entries ?? {})) {
      if (typeof entry?.accountId !== 'string') continue;
      const results = new Map<string, CheckResult>();
      for (const result of entry.results ?? []) {
        const clean = sanitize(result);
        if (clean && clean.accountId === entry.accountId) results.set(clean.checkId, clean);
      }
      this.states.set(key, { key, accountId: entry.accountId, results, checking: new Set(), stale: entry.stale });
    }
    this.changed.fire(undefined);
  }

  get(entry: EntryRef): AccountState | undefined {
    return this.states.get(entryKey(entry));
  }

  /** The state of the entry with this key (the evidence documents name entries by key). */
  byKey(key: string): AccountState | undefined {
    return this.states.get(key);
  }

  result(entry: EntryRef, checkId: string): CheckResult | undefined {
    return this.get(entry)?.results.get(checkId);
  }

  /** Marks the checks of a run as in progress. */
  startRun(entry: EntryRef, checkIds: readonly string[]): void {
    const state = this.stateOf(entry);
    for (const id of checkIds) state.checking.add(id);
    this.changed.fire(state.key);
  }

  /** Takes one decided result of the entry (streamed as the run goes). */
  record(entry: EntryRef, result: CheckResult): void {
    const clean = sanitize(result);
    if (!clean || clean.accountId !== entry.id) return;
    const state = this.stateOf(entry);
    state.results.set(clean.checkId, clean);
    state.checking.delete(clean.checkId);
    this.changed.fire(state.key);
  }

  /**
   * Ends a run. Without `failure` the entry is fresh; with one (sign-in failed, cancelled) the results
   * of earlier runs stay and the entry is marked stale with that reason.
   */
  async finishRun(entry: EntryRef, outcome: { readonly failure?: string } = {}, now: Date = new Date()): Promise<void> {
    const state = this.stateOf(entry);
    state.checking.clear();
    state.stale = outcome.failure ? { reason: outcome.failure, at: now.toISOString() } : undefined;
    this.changed.fire(state.key);
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

  private stateOf(entry: EntryRef): MutableState {
    const key = entryKey(entry);
    let state = this.states.get(key);
    if (!state) {
      state = { key, accountId: entry.id, results: new Map(), checking: new Set() };
      this.states.set(key, state);
    }
    return state;
  }

  private async persist(): Promise<void> {
    const entries: Record<string, StoredEntry> = {};
    for (const [key, state] of this.states) {
      if (state.results.size === 0 && !state.stale) continue;
      entries[key] = { accountId: state.accountId, results: [...state.results.values()], ...(state.stale ? { stale: state.stale } : {}) };
    }
    await this.storage.update(RESULTS_STORAGE_KEY, { entries } satisfies StoredResults);
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
  const access = sanitizeAccess(result.access);
  return {
    checkId: result.checkId,
    accountId: result.accountId,
    status: result.status,
    reason: String(result.reason ?? ''),
    evidence: sanitizeEvidence(result.evidence),
    ...(regions ? { regions } : {}),
    decidedAt: typeof result.decidedAt === 'string' ? result.decidedAt : new Date(0).toISOString(),
    ...(access ? { access } : {}),
  };
}

const METHODS: ReadonlySet<string> = new Set<AccessUsed['method']>(['profile', 'assume-role', 'sso']);

/** The access record's own fields only, each a string (or the role list and the MFA flag). */
function sanitizeAccess(access: AccessUsed | undefined): AccessUsed | undefined {
  if (typeof access?.arn !== 'string' || !METHODS.has(access.method)) return undefined;
  const optional = { source: access.source, profile: access.profile, mfaSerial: access.mfaSerial, portal: access.portal, roleName: access.roleName };
  return {
    arn: access.arn,
    method: access.method,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => typeof value === 'string')),
    ...(Array.isArray(access.roles) ? { roles: access.roles.map(String) } : {}),
    mfa: access.mfa === true,
    description: String(access.description ?? ''),
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
