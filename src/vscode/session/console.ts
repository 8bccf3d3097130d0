/**
 * Open Console: the AWS console in the browser, signed in as the session's role, through the federation
 * endpoint. The login URL carries a sign-in token that is as good as the credentials for a while: it is
 * opened, never logged or shown.
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { AwsEndpoints } from '../../core/aws/clients';
import { consoleSignInUrl } from '../../core/aws/console-sign-in';
import { AwsAccessError } from '../../core/aws/errors';
import { errorNotice } from './describe';
import { openExternalUrl } from './prompts';
import type { SessionManager } from './sessions';
import { optionsArgument, resolveAccount } from './target';
import { offerSignIn, terminalRegion } from './terminal';
import { withAbortSignal } from '../cancellation';

export type ConsoleOutcome =
  | { readonly status: 'opened'; readonly accountId: string; readonly region: string }
  | { readonly status: 'no-session'; readonly accountId: string }
  | { readonly status: 'failed'; readonly kind: string; readonly message: string }
  | { readonly status: 'cancelled' };

export interface ConsoleCommandOptions {
  /** Opens the login URL; `env.openExternal` by default (tests capture it instead). */
  readonly openUrl?: (url: string) => PromiseLike<boolean>;
}

/** `sopLens.endpoints.signin`: the federation endpoint, which the `default` override does not cover. */
export function signinEndpoint(endpoints: AwsEndpoints): string | undefined {
  const signin = (endpoints as { signin?: unknown }).signin;
  return typeof signin === 'string' && signin !== '' ? signin : undefined;
}

/** AWS refuses a console session duration for credentials from role chaining, and for Identity Center ones it follows the permission set. */
function consoleSessionSeconds(account: Account, sessionDurationMinutes: number): number | undefined {
  return account.access.kind === 'assume-role' && !account.access.via?.length ? sessionDurationMinutes * 60 : undefined;
}

export async function openConsoleCommand(manager: SessionManager, target: unknown, options: unknown): Promise<ConsoleOutcome> {
  const account = await resolveAccount(target, manager, 'Account to open the console of');
  if (!account) return { status: 'cancelled' };
  const session = manager.live(account);
  if (!session) {
    offerSignIn(account, 'sopLens.openConsole');
    return { status: 'no-session', accountId: account.id };
  }
  const settings = manager.deps.settings();
  const region = terminalRegion(account);
  const open = optionsArgument<ConsoleCommandOptions>(options)?.openUrl ?? openExternalUrl;
  try {
    const url = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Signing in to the console of ${account.name}`, cancellable: true },
      (_progress, token) =>
        withAbortSignal(token, undefined, (signal) =>
          consoleSignInUrl(session.credentials, {
            arn: session.arn,
            region,
            federationUrl: signinEndpoint(settings.endpoints),
            confirmEndpoint: settings.endpoints.confirm,
            sessionDurationSeconds: consoleSessionSeconds(account, settings.sessionDurationMinutes),
            signal,
          }),
        ),
    );
    await open(url);
    manager.deps.log.info(`Opened the console for ${session.arn} (${account.name}, ${region})`);
    return { status: 'opened', accountId: account.id, region };
  } catch (error) {
    const e = error instanceof AwsAccessError ? error : new AwsAccessError('service', `Opening the console failed (${error instanceof Error ? error.name : 'error'})`, 'Try again, or sign in to the console directly.');
    if (e.kind === 'cancelled') return { status: 'cancelled' };
    manager.deps.log.warn(`Opening the console for ${account.name} (${account.id}) failed (${e.kind}): ${e.message}`);
    void vscode.window.showErrorMessage(errorNotice(e));
    return { status: 'failed', kind: e.kind, message: e.message };
  }
}
