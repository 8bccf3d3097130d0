/**
 * Signing in from VS Code: the real `signIn` under a cancellable progress notification, the session
 * kept in the in-memory store, one log line without secrets. Remembers which account entry each
 * session came from, so Renew signs in the same way again.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { AwsEndpoints } from '../../core/aws/clients';
import type { AwsSession } from '../../core/aws/credentials';
import { AwsAccessError } from '../../core/aws/errors';
import type { SessionStore } from '../../core/aws/session-store';
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
  /** The account entry each live session was signed in with, by account id. */
  private readonly signedInWith = new Map<string, Account>();
  private readonly pending = new Map<string, Promise<AwsSession>>();

  constructor(readonly deps: SessionDeps) {}

  get sessions(): SessionStore {
    return this.deps.sessions;
  }

  /** The live session for the account; expired ones are never returned (the store drops them). */
  live(account: Account): AwsSession | undefined {
    return this.deps.sessions.get(account.id);
  }

  /** The account entry a session was signed in with, else the first entry with its id. */
  async accountOf(accountId: string): Promise<Account | undefined> {
    return this.signedInWith.get(accountId) ?? (await this.deps.accounts()).find((a) => a.id === accountId);
  }

  nameOf(accountId: string): string {
    return this.signedInWith.get(accountId)?.name ?? accountId;
  }

  /**
   * Signs in (always anew) and stores the session. A second request for the same account and access
   * while one runs joins it, so two callers never ask for two MFA codes. Throws `AwsAccessError`, kind
   * `cancelled` when cancelled.
   */
  signIn(account: Account, request: SignInRequest = {}): Promise<AwsSession> {
    const key = `${account.id} ${JSON.stringify(account.access)}`;
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
    this.signedInWith.set(session.accountId, account);
    this.deps.sessions.set(session);
    log.info(signedInLine(account, session));
    return session;
  }

  /** The live session, or a new one after signing in. */
  async ensure(account: Account, request: SignInRequest = {}): Promise<AwsSession> {
    return this.live(account) ?? this.signIn(account, request);
  }

  signOut(accountId: string): boolean {
    const had = this.deps.sessions.delete(accountId);
    const account = this.signedInWith.get(accountId);
    // The portal's sign-in goes too: its refresh token would otherwise sign in again, silently, for days.
    const portal = account?.access.kind === 'sso' && forgetSsoSignIn(account.access.startUrl) ? ` and the IAM Identity Center sign-in to ${account.access.startUrl}` : '';
    if (had) this.deps.log.info(`Signed out of ${this.nameOf(accountId)} (${accountId}): its credentials${portal} are forgotten`);
    this.signedInWith.delete(accountId);
    return had;
  }
}
