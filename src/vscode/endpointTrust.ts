/**
 * Asks before credentials go where a workspace says. When `sopLens.endpoints` in the workspace's
 * settings (not the user's own) redirects a call that carries credentials or tokens (STS, IAM Identity
 * Center's SSO and SSO-OIDC, the console's federation endpoint), SOP Lens asks once per workspace and
 * host, in a modal naming the host, and remembers the answer in the workspace state (never in settings):
 * a cloned folder cannot send the user's credentials to a host of its choosing without the user saying so.
 */
import * as vscode from 'vscode';
import { AwsAccessError } from '../core/aws/errors';
import type { ServiceId } from '../core/aws/services';

/** The calls that carry credentials, tokens or MFA codes to their endpoint. */
export const CREDENTIAL_SERVICES: ReadonlySet<string> = new Set<ServiceId | 'signin' | 'terminal'>(['sts', 'sso', 'sso-oidc', 'signin', 'terminal']);

export interface EndpointQuestion {
  /** `host[:port]` the workspace sends the calls to. */
  readonly host: string;
  /** The service whose call is about to go there (`sts`, `sso`, `sso-oidc`, `signin`), or `terminal` for Open Terminal With Credentials. */
  readonly service: string;
}

/** The human part of the question: true to allow. */
export type EndpointAnswer = (question: EndpointQuestion) => PromiseLike<boolean>;

type Decision = 'allowed' | 'declined';

const STATE_KEY = 'sopLens.workspaceEndpointDecisions';
const ALLOW = 'Allow';

export class WorkspaceEndpointTrust {
  /** Questions on screen, by host: calls made meanwhile wait for the same answer. */
  private readonly asking = new Map<string, Promise<Decision>>();
  private answer: EndpointAnswer = askInModal;

  constructor(private readonly state: vscode.Memento) {}

  /** Tests: replaces the human part of the question; without an argument, the modal again. */
  answerWith(answer?: EndpointAnswer): void {
    this.answer = answer ?? askInModal;
  }

  /** The answers given in this workspace, by host. */
  decisions(): Readonly<Record<string, Decision>> {
    return this.state.get<Record<string, Decision>>(STATE_KEY, {});
  }

  /** Forgets every answer: the next redirected call asks again. */
  async forget(): Promise<void> {
    await this.state.update(STATE_KEY, undefined);
  }

  /**
   * Resolves when `service`'s call may go to `url`, which the workspace's settings name; asks the first
   * time for each host. Rejects with `endpoint-declined` when the user said no, now or before.
   */
  async confirm(service: string, url: string): Promise<void> {
    if (!CREDENTIAL_SERVICES.has(service)) return;
    const host = hostOf(url);
    let decision = this.decisions()[host];
    if (!decision) {
      let asked = this.asking.get(host);
      if (!asked) {
        asked = this.ask({ host, service });
        this.asking.set(host, asked);
        void asked.finally(() => this.asking.delete(host));
      }
      decision = await asked;
    }
    if (decision === 'declined') {
      throw new AwsAccessError(
        'endpoint-declined',
        service === 'terminal'
          ? `SOP Lens did not open a terminal whose AWS calls go to ${host}: you declined to let this workspace's sopLens.endpoints send your credentials there`
          : `SOP Lens did not send the ${service} call to ${host}: you declined to let this workspace's sopLens.endpoints send your credentials there`,
        'Remove sopLens.endpoints from the workspace settings (.vscode/settings.json) to reach AWS, or set it in your user settings if you trust that host.',
        { service, code: 'EndpointDeclined' },
      );
    }
  }

  private async ask(question: EndpointQuestion): Promise<Decision> {
    const decision: Decision = (await this.answer(question)) ? 'allowed' : 'declined';
    await this.state.update(STATE_KEY, { ...this.decisions(), [question.host]: decision });
    return decision;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

async function askInModal(question: EndpointQuestion): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `This workspace sends your AWS sign-in to ${question.host}`,
    {
      modal: true,
      detail:
        (question.service === 'terminal'
          ? `The workspace's settings (sopLens.endpoints in .vscode/settings.json) would point the AWS CLI of the terminal SOP Lens opens with your session's credentials at ${question.host} instead of AWS. `
          : `The workspace's settings (sopLens.endpoints in .vscode/settings.json) send SOP Lens's ${question.service} calls to ${question.host} instead of AWS. `) +
        'Those calls carry your AWS credentials, MFA codes or IAM Identity Center tokens. Allow only if you know and trust this host (a local emulator, your company\'s endpoint). ' +
        'SOP Lens remembers your answer for this workspace.',
    },
    ALLOW,
  );
  return choice === ALLOW;
}
