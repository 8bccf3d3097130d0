/**
 * The sessions SOP Lens is signed in with, one per account entry, in memory only. Expired credentials
 * are never handed out: `get` and `all` drop a session once it is within `EXPIRY_MARGIN_MS` of its end,
 * and listeners hear about it (a timer fires at that moment, so the status bar updates without polling).
 */
import { accountKey } from '../accounts/accounts-file';
import type { Account } from '../accounts/model';
import { EXPIRY_MARGIN_MS, isExpired, remainingMs, type AwsSession } from './credentials';

/** What names an entry: its account id and how it is reached. */
export type EntryRef = Pick<Account, 'id' | 'access'>;

/**
 * The key of an account entry: its account id and its way in (roles, portal and role, or profile), not
 * its name, so a renamed entry keeps its session and results while two ways into one account, or an
 * entry whose way in was edited, never share them; the accounts file refuses two entries with one key.
 */
export function entryKey(entry: EntryRef): string {
  return accountKey(entry);
}

/** A live session with the account entry it was signed in with. */
export interface LiveSession {
  readonly key: string;
  readonly account: Account;
  readonly session: AwsSession;
}

export interface SessionChange {
  readonly key: string;
  readonly account: Account;
  readonly session: AwsSession | undefined;
  readonly reason: 'set' | 'delete' | 'expired';
}

export type SessionChangeListener = (change: SessionChange) => void;

/** setTimeout cannot wait longer than this (about 24.8 days); longer sessions re-check on access. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class SessionStore {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<SessionChangeListener>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The entry's unexpired session, if any (never another entry's, even of the same account id). */
  get(entry: EntryRef): AwsSession | undefined {
    return this.live(entryKey(entry))?.session;
  }

  /** Keeps the session for the entry it was signed in with, replacing that entry's earlier one only. */
  set(account: Account, session: AwsSession): void {
    if (session.accountId !== account.id) {
      throw new Error(`A session in account ${session.accountId} cannot be kept for ${account.name} (${account.id}).`);
    }
    if (isExpired(session.credentials, this.now())) {
      // Refused rather than stored: an expired session must never reach an AWS call.
      throw new Error(`The session for ${account.name} (${account.id}) has already expired; sign in again.`);
    }
    const key = entryKey(account);
    this.clearTimer(key);
    const live: LiveSession = { key, account, session };
    this.sessions.set(key, live);
    this.scheduleExpiry(live);
    this.emit({ key, account, session, reason: 'set' });
  }

  /** Forgets the entry's session; true when there was one. */
  delete(entry: EntryRef): boolean {
    return this.remove(entryKey(entry), 'delete');
  }

  /** Every unexpired session, in the order they were signed in to. */
  all(): LiveSession[] {
    return [...this.sessions.keys()].map((key) => this.live(key)).filter((s): s is LiveSession => s !== undefined);
  }

  /** Milliseconds left before the entry's session is treated as expired; 0 when there is none. */
  timeLeftMs(entry: EntryRef): number {
    const session = this.get(entry);
    return session ? Math.max(0, remainingMs(session.credentials, this.now()) - EXPIRY_MARGIN_MS) : 0;
  }

  onDidChange(listener: SessionChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every session and stops the timers (extension deactivation). */
  clear(): void {
    for (const key of [...this.sessions.keys()]) this.remove(key, 'delete');
  }

  private live(key: string): LiveSession | undefined {
    const live = this.sessions.get(key);
    if (!live) return undefined;
    if (isExpired(live.session.credentials, this.now())) {
      this.remove(key, 'expired');
      return undefined;
    }
    return live;
  }

  private remove(key: string, reason: 'delete' | 'expired'): boolean {
    this.clearTimer(key);
    const live = this.sessions.get(key);
    if (!live) return false;
    this.sessions.delete(key);
    this.emit({ key, account: live.account, session: undefined, reason });
    return true;
  }

  private scheduleExpiry(live: LiveSession): void {
    const ms = remainingMs(live.session.credentials, this.now()) - EXPIRY_MARGIN_MS;
    if (!Number.isFinite(ms) || ms > MAX_TIMER_MS) return;
    const timer = setTimeout(() => {
      if (this.sessions.get(live.key) === live) this.remove(live.key, 'expired');
    }, Math.max(0, ms));
    timer.unref();
    this.timers.set(live.key, timer);
  }

  private clearTimer(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private emit(change: SessionChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // One failing listener must not keep the others from hearing about the change.
      }
    }
  }
}
