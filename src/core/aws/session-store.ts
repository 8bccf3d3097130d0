/**
 * The sessions SOP Lens is signed in with, one per account, in memory only. Expired credentials are
 * never handed out: `get` and `all` drop a session once it is within `EXPIRY_MARGIN_MS` of its end, and
 * listeners hear about it (a timer fires at that moment, so the status bar updates without polling).
 */
import { EXPIRY_MARGIN_MS, isExpired, remainingMs, type AwsSession } from './credentials';

export type SessionChangeListener = (change: { readonly accountId: string; readonly session: AwsSession | undefined; readonly reason: 'set' | 'delete' | 'expired' }) => void;

/** setTimeout cannot wait longer than this (about 24.8 days); longer sessions re-check on access. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class SessionStore {
  private readonly sessions = new Map<string, AwsSession>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<SessionChangeListener>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The unexpired session for the account, if any. */
  get(accountId: string): AwsSession | undefined {
    const session = this.sessions.get(accountId);
    if (!session) return undefined;
    if (isExpired(session.credentials, this.now())) {
      this.remove(accountId, 'expired');
      return undefined;
    }
    return session;
  }

  /** Keeps the session for its account (`session.accountId`), replacing any earlier one. */
  set(session: AwsSession): void {
    if (isExpired(session.credentials, this.now())) {
      // Refused rather than stored: an expired session must never reach an AWS call.
      throw new Error(`The session for ${session.accountId} has already expired; sign in again.`);
    }
    this.clearTimer(session.accountId);
    this.sessions.set(session.accountId, session);
    this.scheduleExpiry(session);
    this.emit({ accountId: session.accountId, session, reason: 'set' });
  }

  /** Forgets the account's session; true when there was one. */
  delete(accountId: string): boolean {
    return this.remove(accountId, 'delete');
  }

  /** Every unexpired session. */
  all(): AwsSession[] {
    return [...this.sessions.keys()].map((id) => this.get(id)).filter((s): s is AwsSession => s !== undefined);
  }

  /** Milliseconds left before the account's session is treated as expired; 0 when there is none. */
  timeLeftMs(accountId: string): number {
    const session = this.get(accountId);
    return session ? Math.max(0, remainingMs(session.credentials, this.now()) - EXPIRY_MARGIN_MS) : 0;
  }

  onDidChange(listener: SessionChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every session and stops the timers (extension deactivation). */
  clear(): void {
    for (const id of [...this.sessions.keys()]) this.remove(id, 'delete');
  }

  private remove(accountId: string, reason: 'delete' | 'expired'): boolean {
    this.clearTimer(accountId);
    if (!this.sessions.delete(accountId)) return false;
    this.emit({ accountId, session: undefined, reason });
    return true;
  }

  private scheduleExpiry(session: AwsSession): void {
    const ms = remainingMs(session.credentials, this.now()) - EXPIRY_MARGIN_MS;
    if (!Number.isFinite(ms) || ms > MAX_TIMER_MS) return;
    const timer = setTimeout(() => {
      if (this.sessions.get(session.accountId) === session) this.remove(session.accountId, 'expired');
    }, Math.max(0, ms));
    timer.unref();
    this.timers.set(session.accountId, timer);
  }

  private clearTimer(accountId: string): void {
    const timer = this.timers.get(accountId);
    if (timer) clearTimeout(timer);
    this.timers.delete(accountId);
  }

  private emit(change: Parameters<SessionChangeListener>[0]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // One failing listener must not keep the others from hearing about the change.
      }
    }
  }
}
