/**
 * The status bar item for the active session: `$(key) Acme production · 52 min`. It turns to the warning
 * colour and offers to renew `sopLens.aws.expiryWarningMinutes` before the end, and disappears when the
 * last session ends. The store drops expired sessions (and tells us); this item only shows what is live.
 */
import * as vscode from 'vscode';
import type { LiveSession, SessionChange } from '../../core/aws/session-store';
import { formatExpiry, formatTimeLeft } from './describe';
import type { SessionManager } from './sessions';

export const SHOW_SESSIONS_COMMAND = 'sopLens.showSessions';
export const RENEW_COMMAND = 'sopLens.renewSession';
export const HAS_SESSION_CONTEXT = 'sopLens.hasSession';

/** What the item shows, for the tests (the status bar itself cannot be read back through the API). */
export interface StatusBarState {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
  readonly warning: boolean;
  readonly activeAccountId?: string;
  /** The name and key of the account entry shown (two entries may share an account id). */
  readonly activeName?: string;
  readonly activeKey?: string;
}

const MINUTE_MS = 60_000;

export class SessionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sopLens.session', vscode.StatusBarAlignment.Left, 20);
  /** Entry keys in the order they were signed in to; the last live one is shown unless the user picked another. */
  private readonly order: string[] = [];
  private pinned: string | undefined;
  /** `entry key@expiration` of the sessions already warned about, so each is warned about once. */
  private readonly warned = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private current: StatusBarState = { visible: false, text: '', tooltip: '', warning: false };
  private readonly unsubscribe: () => void;
  private hasSession: boolean | undefined;

  constructor(
    private readonly manager: SessionManager,
    private readonly warningMinutes: () => number,
  ) {
    this.item.name = 'SOP Lens session';
    this.item.command = SHOW_SESSIONS_COMMAND;
    this.unsubscribe = manager.sessions.onDidChange((change) => {
      const seen = this.order.indexOf(change.key);
      if (seen >= 0) this.order.splice(seen, 1);
      if (change.session) this.order.push(change.key);
      if (change.reason === 'expired') this.onExpired(change);
      this.refresh();
    });
    this.refresh();
  }

  get state(): StatusBarState {
    return this.current;
  }

  /** Shows this entry's session in the item. */
  pin(key: string): void {
    this.pinned = key;
    this.refresh();
  }

  refresh(): void {
    clearTimeout(this.timer);
    const live = this.manager.sessions.all();
    this.setHasSession(live.length > 0);
    const active = this.activeSession(live);
    if (!active) {
      this.current = { visible: false, text: '', tooltip: '', warning: false };
      this.item.hide();
      return;
    }
    const warnMs = Math.max(0, this.warningMinutes()) * MINUTE_MS;
    const left = (s: LiveSession): number => this.manager.sessions.timeLeftMs(s.account);
    const expiring = live.filter((s) => warnMs > 0 && left(s) <= warnMs);
    for (const session of expiring) this.warnOnce(session, left(session));

    const others = live.length - 1;
    const time = formatTimeLeft(left(active));
    const text = `$(key) ${active.account.name}${time ? ` · ${time}` : ''}${others > 0 ? ` (+${others})` : ''}`;
    // One line per entry: two ways into one account are two sessions, each with the role it acts as.
    const tooltip = live.map(({ account, session }) => `${account.name} (${account.id}): ${session.arn}, expires ${formatExpiry(session)}${session.access.mfa ? ', MFA' : ''}`).join('\n');
    const warning = expiring.some((s) => s.key === active.key);
    this.item.text = text;
    this.item.tooltip = `${tooltip}\n\nClick to switch, renew or sign out.`;
    this.item.backgroundColor = warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    this.current = { visible: true, text, tooltip, warning, activeAccountId: active.account.id, activeName: active.account.name, activeKey: active.key };
    this.scheduleNextUpdate(live.map(left), warnMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unsubscribe();
    this.item.dispose();
  }

  /** The `sopLens.hasSession` context key: Renew and Sign Out show in the palette only with a session. */
  private setHasSession(value: boolean): void {
    if (value === this.hasSession) return;
    this.hasSession = value;
    void vscode.commands.executeCommand('setContext', HAS_SESSION_CONTEXT, value);
  }

  private activeSession(live: readonly LiveSession[]): LiveSession | undefined {
    const byKey = new Map(live.map((s) => [s.key, s]));
    if (this.pinned && byKey.has(this.pinned)) return byKey.get(this.pinned);
    const latest = [...this.order].reverse().find((key) => byKey.has(key));
    return latest ? byKey.get(latest) : live[0];
  }

  /** Wakes up when the minutes shown change or a session crosses the warning line (expiry itself comes from the store). */
  private scheduleNextUpdate(lefts: readonly number[], warnMs: number): void {
    const finite = lefts.filter(Number.isFinite);
    if (finite.length === 0) return;
    const waits = finite.flatMap((ms) => [(ms % MINUTE_MS) + 50, ms > warnMs ? ms - warnMs + 50 : Infinity]);
    const wait = Math.min(MINUTE_MS, Math.max(1_000, Math.min(...waits)));
    this.timer = setTimeout(() => this.refresh(), wait);
    this.timer.unref?.();
  }

  private warnOnce({ key, account, session }: LiveSession, leftMs: number): void {
    const warning = `${key}@${session.credentials.expiration?.getTime() ?? 'never'}`;
    if (this.warned.has(warning)) return;
    this.warned.add(warning);
    this.manager.deps.log.info(`The session for ${account.name} (${account.id}) expires in ${formatTimeLeft(leftMs)}`);
    void vscode.window.showWarningMessage(`SOP Lens: the session for ${account.name} expires in ${formatTimeLeft(leftMs)}.`, 'Renew').then((choice) => {
      // The entry itself, not its account id: another entry of the same account must not be renewed instead.
      if (choice === 'Renew') void vscode.commands.executeCommand(RENEW_COMMAND, { account });
    });
  }

  private onExpired(change: SessionChange): void {
    if (this.pinned === change.key) this.pinned = undefined;
    this.manager.deps.log.info(`The session for ${change.account.name} (${change.account.id}) expired: its credentials are dropped`);
  }
}
