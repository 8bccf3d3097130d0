/**
 * Signing in from VS Code: the real `signIn` under a cancellable progress notification, the session
 * kept in the in-memory store under its account entry (one session per entry, so two ways into one
 * account never share one), one log line without secrets.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { AwsEndpoints } from '../../core/aws/clients';
import type { AwsSession } from '../../core/aws/credentials';
import { AwsAccessError } from '../../core/aws/errors';
import { entryKey, type SessionStore } from '../../core/aws/session-store';
import { signIn } from '../../core/aws/sign-in';
import { signedInLine, signInTitle } from './describe';
import { createSignInPrompts, type PromptOverrides } from './prompts';
import { forgetSsoSignIn } from '../../core/aws/sso';
import { withAbortSignal } from '../cancellation';

export interface SessionSettings {
  readonly endpoints: AwsEndpoints;
  readonly sessionDurationMinutes: number;
}

export interface SessionDeps {
  readonly log: vscode.LogOutputChannel;
  readonly sessions: SessionStore;
  readonly accounts: () => Promise<readonly Account[]> | readonly Account[];
  readonly settings: () => SessionSettings;
}

export interface SignInRequest {
  /** Replace the human part of the prompts (tests). */
  readonly prompts?: PromptOverrides;
  /** Cancels the sign-in together with the notification's Cancel button. */
  readonly signal?: AbortSignal;
}

export class SessionManager {
  private readonly pending = new Map<string, Promise<AwsSession>>();

  constructor(readonly deps: SessionDeps) {}

  get sessions(): SessionStore {
    return this.deps.sessions;
  }

  /** The entry's live session (never another entry's of the same account); expired ones are never returned. */
  live(account: Account): AwsSession | undefined {
    return this.deps.sessions.get(account);
  }

  /**
   * Signs in (always anew) and stores the session for this entry. A second request for the same entry
   * while one runs joins it, so two callers never ask for two MFA codes. Throws `AwsAccessError`, kind
   * `cancelled` when cancelled.
   */
  signIn(account: Account, request: SignInRequest = {}): Promise<AwsSession> {
    const key = entryKey(account);
    const running = this.pending.get(key);
    if (running) return running;
    const started = this.runSignIn(account, request).finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }

  private async runSignIn(account: Account, request: SignInRequest): Promise<AwsSession> {
    const { log } = this.deps;
    const settings = this.deps.settings();
    const session = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: signInTitle(account), cancellable: true },
      (progress, token) =>
        withAbortSignal(token, request.signal, async (signal) => {
          try {
            return await signIn(account, {
              endpoints: settings.endpoints,
              durationSeconds: Math.round(settings.sessionDurationMinutes * 60),
              prompts: createSignInPrompts({ progress, token, log, overrides: request.prompts }),
              signal,
              log: (line) => log.info(line),
            });
          } catch (error) {
            throw signal.aborted && !(error instanceof AwsAccessError && error.kind === 'cancelled')
              ? new AwsAccessError('cancelled', `Signing in to ${account.name} was cancelled`, 'Assume the role again when ready.')
              : error;
          }
        }),
    );
    this.deps.sessions.set(account, session);
    log.info(signedInLine(account, session));
    return session;
  }

  /** The entry's live session, or a new one after signing in to that entry. */
  async ensure(account: Account, request: SignInRequest = {}): Promise<AwsSession> {
    return this.live(account) ?? this.signIn(account, request);
  }

  /** Forgets the entry's session; the other entries of the same account keep theirs. */
  signOut(account: Account): boolean {
    const live = this.deps.sessions.all().find((s) => s.key === entryKey(account));
    const had = this.deps.sessions.delete(account);
    const signedInWith = live?.account ?? account;
    // The portal's sign-in goes too: its refresh token would otherwise sign in again, silently, for days.
    const portal = signedInWith.access.kind === 'sso' && forgetSsoSignIn(signedInWith.access.startUrl) ? ` and the IAM Identity Center sign-in to ${signedInWith.access.startUrl}` : '';
    if (had) this.deps.log.info(`Signed out of ${signedInWith.name} (${signedInWith.id}): its credentials${portal} are forgotten`);
    return had;
  }
}
