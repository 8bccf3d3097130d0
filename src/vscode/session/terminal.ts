/**
 * Open Terminal With Credentials: an integrated terminal whose environment holds the session's temporary
 * credentials, the account's region and the endpoint overrides, so `aws` and the SDKs act as the
 * assumed role. The terminal is transient: VS Code does not persist or revive it (its environment holds
 * secrets, and they expire).
 */
import * as vscode from 'vscode';
import type { Account } from '../../core/accounts/model';
import type { AwsEndpoints } from '../../core/aws/clients';
import type { AwsSession } from '../../core/aws/credentials';
import type { ServiceId } from '../../core/aws/services';
import { AwsAccessError } from '../../core/aws/errors';
import { errorNotice, formatExpiry } from './describe';
import type { SessionManager } from './sessions';
import { resolveAccount } from './target';

/** The AWS CLI's and SDKs' per-service endpoint variables (`AWS_ENDPOINT_URL_<service id>`). */
const ENDPOINT_VARIABLES: Record<ServiceId, string> = {
  sts: 'AWS_ENDPOINT_URL_STS',
  sso: 'AWS_ENDPOINT_URL_SSO',
  'sso-oidc': 'AWS_ENDPOINT_URL_SSO_OIDC',
  iam: 'AWS_ENDPOINT_URL_IAM',
  cloudtrail: 'AWS_ENDPOINT_URL_CLOUDTRAIL',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
  sns: 'AWS_ENDPOINT_URL_SNS',
  config: 'AWS_ENDPOINT_URL_CONFIG_SERVICE',
  guardduty: 'AWS_ENDPOINT_URL_GUARDDUTY',
  s3: 'AWS_ENDPOINT_URL_S3',
  s3control: 'AWS_ENDPOINT_URL_S3_CONTROL',
  account: 'AWS_ENDPOINT_URL_ACCOUNT',
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  cloudformation: 'AWS_ENDPOINT_URL_CLOUDFORMATION',
  organizations: 'AWS_ENDPOINT_URL_ORGANIZATIONS',
  ec2: 'AWS_ENDPOINT_URL_EC2',
};

/** The region the terminal starts in: the account's home region, else its first checked region. */
export function terminalRegion(account: Account): string {
  return account.homeRegion ?? account.regions?.[0] ?? 'us-east-1';
}

/**
 * The environment for the terminal. `null` removes an inherited variable: a profile or older keys in the
 * window's environment would otherwise win over (or mix with) the session's credentials.
 */
export function credentialEnvironment(session: AwsSession, region: string, endpoints: AwsEndpoints): Record<string, string | null> {
  const { credentials } = session;
  const env: Record<string, string | null> = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken ?? null,
    AWS_SECURITY_TOKEN: null,
    AWS_CREDENTIAL_EXPIRATION: credentials.expiration?.toISOString() ?? null,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_PROFILE: null,
    AWS_DEFAULT_PROFILE: null,
  };
  if (endpoints.default) env.AWS_ENDPOINT_URL = endpoints.default;
  for (const [service, variable] of Object.entries(ENDPOINT_VARIABLES) as [ServiceId, string][]) {
    const url = endpoints[service];
    if (url) env[variable] = url;
  }
  return env;
}

export type TerminalOutcome =
  | { readonly status: 'opened'; readonly terminal: vscode.Terminal }
  | { readonly status: 'no-session'; readonly accountId: string }
  | { readonly status: 'failed'; readonly kind: string; readonly message: string }
  | { readonly status: 'cancelled' };

export async function openTerminalCommand(manager: SessionManager, target: unknown): Promise<TerminalOutcome> {
  const account = await resolveAccount(target, manager, 'Account to open a terminal for');
  if (!account) return { status: 'cancelled' };
  const session = manager.live(account);
  if (!session) {
    offerSignIn(account, 'sopLens.openTerminalWithCredentials');
    return { status: 'no-session', accountId: account.id };
  }
  const region = terminalRegion(account);
  const { endpoints } = manager.deps.settings();
  const env = credentialEnvironment(session, region, endpoints);
  try {
    // Every call made in the terminal carries the session: a host the workspace chose is asked about first.
    const urls = new Set(Object.entries(env).filter(([name, value]) => name.startsWith('AWS_ENDPOINT_URL') && value).map(([, value]) => value as string));
    for (const url of urls) await endpoints.confirm?.('terminal', url);
  } catch (error) {
    if (!(error instanceof AwsAccessError)) throw error;
    manager.deps.log.warn(`Did not open a terminal for ${account.name}: ${error.message}`);
    void vscode.window.showErrorMessage(errorNotice(error));
    return { status: 'failed', kind: error.kind, message: error.message };
  }
  const terminal = vscode.window.createTerminal({
    name: `AWS ${account.name}`,
    iconPath: new vscode.ThemeIcon('key'),
    env,
    strictEnv: false,
    isTransient: true,
    message: `SOP Lens: temporary credentials of ${session.arn} in ${region}, valid until ${formatExpiry(session)}. They are not renewed in this terminal.`,
  });
  terminal.show();
  manager.deps.log.info(`Opened a terminal with the credentials of ${session.arn} (${account.name}, ${region})`);
  return { status: 'opened', terminal };
}

/**
 * Without a live session, offers to sign in and then to run the command again. Not awaited: an
 * unanswered notification must not hold the command (or a test) open.
 */
export function offerSignIn(account: Account, thenCommand: string): void {
  const assume = 'Assume Role';
  void vscode.window.showInformationMessage(`SOP Lens: no active session for ${account.name}. Assume the role first?`, assume).then(async (choice) => {
    if (choice !== assume) return;
    const outcome = await vscode.commands.executeCommand<{ status: string } | undefined>('sopLens.assumeRole', { account });
    if (outcome?.status === 'signed-in') await vscode.commands.executeCommand(thenCommand, { account });
  });
}
