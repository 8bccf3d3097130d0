/**
 * The sign-in prompts in VS Code: an MFA input box and the IAM Identity Center device code. Each sign-in
 * gets its own prompts, bound to its progress notification so the device-code wait shows there.
 *
 * `PromptOverrides` replace only the human part (typing a code, approving in a browser); everything
 * else (the command, the progress, the real sign-in and the store) runs as for a user. The integration
 * tests pass them as the commands' second argument.
 */
import * as vscode from 'vscode';
import { isValidMfaCode, type SignInPrompts } from '../../core/aws/sign-in';

export type PromptOverrides = Partial<SignInPrompts>;

type MfaRequest = Parameters<SignInPrompts['mfaCode']>[0];
type DeviceCodeRequest = Parameters<SignInPrompts['showDeviceCode']>[0];

export interface PromptContext {
  readonly progress: vscode.Progress<{ message?: string }>;
  readonly token: vscode.CancellationToken;
  readonly log: vscode.LogOutputChannel;
  readonly overrides?: PromptOverrides;
}

export function createSignInPrompts(context: PromptContext): SignInPrompts {
  return {
    mfaCode: (request) => (context.overrides?.mfaCode ? context.overrides.mfaCode(request) : askMfaCode(request, context.token)),
    showDeviceCode: async (request) => {
      // The user code is shown to the user, not written to the log: it is half of a sign-in.
      context.log.info(`Waiting for IAM Identity Center sign-in for ${request.account.name} in the browser (code expires ${request.expiresAt.toISOString()})`);
      context.progress.report({ message: `enter code ${request.userCode} in the browser…` });
      if (context.overrides?.showDeviceCode) return context.overrides.showDeviceCode(request);
      offerDeviceCode(request);
    },
  };
}

/** The message shown under the MFA box: what to enter, and why again after a refused code. */
export function mfaPrompt(request: MfaRequest): string {
  const ask = `Enter the current 6-digit code of ${request.serial}.`;
  return request.lastError ? `${request.lastError} ${ask}` : ask;
}

export function validateMfaInput(value: string): string | undefined {
  return isValidMfaCode(value.trim()) ? undefined : 'The code is the 6 digits your authenticator app shows now.';
}

async function askMfaCode(request: MfaRequest, token?: vscode.CancellationToken): Promise<string | undefined> {
  const code = await vscode.window.showInputBox(
    {
      title: `MFA code for ${request.account.name} (${request.account.id}) · device ${request.serial.split('/').pop() ?? request.serial}${request.attempt > 1 ? ` · attempt ${request.attempt}` : ''}`,
      prompt: mfaPrompt(request),
      placeHolder: '123456',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateMfaInput,
    },
    token,
  );
  return code?.trim();
}

/**
 * Shows the user code with a button that copies it and opens the verification page. Not awaited: the
 * sign-in polls meanwhile, and the progress notification (cancellable) says what it waits for.
 */
function offerDeviceCode(request: DeviceCodeRequest): void {
  const open = 'Copy Code & Open Browser';
  void vscode.window
    .showInformationMessage(
      `Sign in to IAM Identity Center for ${request.account.name}: confirm that the browser shows the code ${request.userCode}.`,
      open,
    )
    .then(async (choice) => {
      if (choice !== open) return;
      await vscode.env.clipboard.writeText(request.userCode);
      await openExternalUrl(request.verificationUriComplete ?? request.verificationUri);
    });
}

/**
 * Opens a URL exactly as written. `env.openExternal` re-encodes a `Uri`'s query, which breaks
 * percent-encoded parameters; VS Code's extension host also accepts the string itself and then keeps it.
 */
export function openExternalUrl(url: string): Thenable<boolean> {
  const openExternal = vscode.env.openExternal as (target: vscode.Uri | string) => Thenable<boolean>;
  return openExternal(url);
}
