/**
 * Sessions in the real VS Code against moto and the proxy: Assume Role with the MFA prompt answered by
 * the test (as an authenticator app would: the proxy's current TOTP code), a wrong code, Identity
 * Center device sign-in approved through the proxy, expiry, the terminal's environment, and no secret
 * in any file the extension writes or in the settings.
 *
 * Only the human part of the prompts is replaced (the commands' second argument); the commands, the
 * progress, the real sign-in through the SDK clients and the session store run as for a user.
 *
 * Needs from the harness: SOP_LENS_TEST_AWS_ENDPOINT (the proxy), AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE from test/aws-backend/fixtures (profile `hub` with alice's keys), and
 * AWS_ENDPOINT_URL pointing at the proxy.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import * as vscode from 'vscode';
import type { Account } from '../../src/core/accounts/model';
import { MFA_ATTEMPTS } from '../../src/core/aws/assume-role';
import { EXPIRY_MARGIN_MS, type AwsSession } from '../../src/core/aws/credentials';
import type { ConsoleOutcome, SessionFeatures, SignInOutcome, TerminalOutcome } from '../../src/vscode/session';
import { connectAwsBackend, type AwsBackendControl } from '../aws-backend/harness';
import { FIXTURE_ACCOUNTS, FIXTURE_KEYS, HUB_MFA_SERIAL, SSO_START_URL } from '../aws-backend/fixture';
import { waitFor, workspaceRoot } from './support';

const EXTENSION_ID = 'sop-lens.sop-lens';

/** The fixture's accounts as the Accounts tree hands them to the commands (`{ account }` nodes). */
const ACME_PRODUCTION: Account = {
  id: FIXTURE_ACCOUNTS.acmeProduction,
  name: 'Acme production',
  access: { kind: 'assume-role', roleArn: `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeProduction}:role/OperatorAccess`, sourceProfile: 'hub', mfaSerial: HUB_MFA_SERIAL },
  regions: ['us-east-1', 'eu-west-1'],
  homeRegion: 'eu-west-1',
  tags: { customer: 'Acme', environment: 'production' },
  origin: 'accounts-file',
};
const ACME_STAGING: Account = {
  id: FIXTURE_ACCOUNTS.acmeStaging,
  name: 'Acme staging',
  access: { kind: 'assume-role', roleArn: `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess`, sourceProfile: 'hub' },
  tags: { customer: 'Acme', environment: 'staging' },
  origin: 'accounts-file',
};
const ACME_PRODUCTION_SSO: Account = {
  id: FIXTURE_ACCOUNTS.acmeProduction,
  name: 'Acme production (Identity Center)',
  access: { kind: 'sso', startUrl: SSO_START_URL, ssoRegion: 'us-east-1', roleName: 'AuditRole' },
  tags: { customer: 'Acme' },
  origin: 'accounts-file',
};

type MfaRequest = { serial: string; account: Account; attempt: number; lastError?: string };

/** Every secret the extension held during the tests: none may reach a file or the settings. */
const secrets = new Set<string>([FIXTURE_KEYS.secretAccessKey]);
function remember(session: AwsSession | undefined): void {
  if (!session) return;
  secrets.add(session.credentials.accessKeyId);
  secrets.add(session.credentials.secretAccessKey);
  if (session.credentials.sessionToken) secrets.add(session.credentials.sessionToken);
}

/** A well-formed code that is not the device's current one (nor, by construction, its neighbours in practice). */
function wrongCode(current: string): string {
  return String((Number(current) + 500_000) % 1_000_000).padStart(6, '0');
}

function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('sessions: assume role, MFA, Identity Center, expiry, terminal', function () {
  this.timeout(90_000);
  let backend: AwsBackendControl;
  let features: SessionFeatures;

  const assumeRole = (account: Account, prompts: object): Thenable<SignInOutcome> => vscode.commands.executeCommand<SignInOutcome>('sopLens.assumeRole', { account }, { prompts });
  /** Who the credentials of the account's terminal act as, asked of STS (the backend) directly. */
  const callerInTerminalOf = async (account: Account): Promise<string | undefined> => {
    const outcome = await vscode.commands.executeCommand<TerminalOutcome>('sopLens.openTerminalWithCredentials', { account });
    assert.equal(outcome.status, 'opened', `no terminal for ${account.name}: ${JSON.stringify(outcome)}`);
    assert.ok(outcome.status === 'opened');
    const env = (outcome.terminal.creationOptions as vscode.TerminalOptions).env ?? {};
    outcome.terminal.dispose();
    secrets.add(String(env.AWS_SECRET_ACCESS_KEY));
    const sts = new STSClient({
      endpoint: backend.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: String(env.AWS_ACCESS_KEY_ID), secretAccessKey: String(env.AWS_SECRET_ACCESS_KEY), sessionToken: env.AWS_SESSION_TOKEN ?? undefined },
    });
    try {
      return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
    } finally {
      sts.destroy();
    }
  };
  const answerMfa = (asked: MfaRequest[]) => async (request: MfaRequest): Promise<string> => {
    asked.push(request);
    const code = await backend.mfaCode(request.serial);
    secrets.add(code);
    return code;
  };

  before(async function () {
    this.timeout(180_000);
    const endpoint = process.env.SOP_LENS_TEST_AWS_ENDPOINT;
    assert.ok(endpoint, 'SOP_LENS_TEST_AWS_ENDPOINT is not set: the integration harness must start the AWS backend (moto + proxy) first');
    assert.ok(process.env.AWS_CONFIG_FILE && process.env.AWS_SHARED_CREDENTIALS_FILE, 'the harness must point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at test/aws-backend/fixtures');
    backend = connectAwsBackend(endpoint);
    const seeded = (await (await fetch(`${endpoint}/__proxy/seed`)).json()) as { fixture?: string };
    if (seeded.fixture !== 'accounts') await backend.seed('accounts');
    const extension = vscode.extensions.getExtension<{ session?: SessionFeatures }>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const api = await extension.activate();
    assert.ok(api.session, 'activate() must return the value of registerSessionFeatures as `session` on its API');
    features = api.session;
    features.sessions.clear();
  });

  after(() => {
    features?.sessions.clear();
    for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('AWS ')) terminal.dispose();
  });

  it('assumes a role that requires MFA with the code the prompt is given, stores the session and shows it in the status bar', async () => {
    const asked: MfaRequest[] = [];
    const outcome = await assumeRole(ACME_PRODUCTION, { mfaCode: answerMfa(asked) });

    assert.equal(outcome.status, 'signed-in', JSON.stringify(outcome));
    assert.equal(asked.length, 1);
    assert.equal(asked[0].serial, HUB_MFA_SERIAL);
    assert.equal(asked[0].account.id, ACME_PRODUCTION.id);
    const session = features.sessions.get(ACME_PRODUCTION);
    assert.ok(session, 'the session is in the store');
    remember(session);
    assert.match(session.arn, /^arn:aws:sts::111111111111:assumed-role\/OperatorAccess\/.*alice/);
    assert.equal(outcome.status === 'signed-in' && outcome.arn, session.arn);
    assert.ok(session.access.mfa);

    const bar = await waitFor('the status bar to show the session', () => (features.statusBar.activeAccountId === ACME_PRODUCTION.id ? features.statusBar : undefined));
    assert.ok(bar.visible);
    assert.match(bar.text, /^\$\(key\) Acme production · (\d+ min|1 h \d\d min)$/);
    assert.ok(bar.tooltip.includes(session.arn));
    assert.equal(bar.warning, false);
  });

  it('renews the session named by its account id (from the palette or a link) with a fresh MFA code', async () => {
    const before = features.sessions.get(ACME_PRODUCTION);
    assert.ok(before, 'signed in by the previous test');
    const asked: MfaRequest[] = [];
    const outcome = await vscode.commands.executeCommand<SignInOutcome>('sopLens.renewSession', ACME_PRODUCTION.id, { prompts: { mfaCode: answerMfa(asked) } });

    assert.equal(outcome.status, 'signed-in', JSON.stringify(outcome));
    assert.equal(asked.length, 1, 'renewing an MFA role asks for a code again');
    const after = features.sessions.get(ACME_PRODUCTION);
    assert.ok(after);
    remember(after);
    assert.notEqual(after.credentials.accessKeyId, before.credentials.accessKeyId, 'new credentials replace the old ones');
    assert.equal(features.sessions.all().filter((s) => s.account.id === ACME_PRODUCTION.id).length, 1);
  });

  it('refuses a wrong MFA code with a specific message, says why on each retry, and stores no session', async () => {
    await vscode.commands.executeCommand('sopLens.signOut', ACME_PRODUCTION.id);
    assert.equal(features.sessions.get(ACME_PRODUCTION), undefined);
    const asked: MfaRequest[] = [];
    const outcome = await assumeRole(ACME_PRODUCTION, {
      mfaCode: async (request: MfaRequest) => {
        asked.push(request);
        const code = wrongCode(await backend.mfaCode(request.serial));
        secrets.add(code);
        return code;
      },
    });

    assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
    assert.ok(outcome.status === 'failed');
    assert.equal(outcome.kind, 'mfa-invalid');
    assert.match(outcome.message, /MFA/);
    assert.ok(outcome.action && outcome.action.length > 0, 'the message says what to do');
    assert.equal(asked.length, MFA_ATTEMPTS, 'the code is asked for again after each refusal');
    assert.equal(asked[0].lastError, undefined);
    assert.ok(asked[1].lastError, 'a retry tells the user why the last code failed');
    assert.equal(features.sessions.get(ACME_PRODUCTION), undefined);
    assert.equal(features.statusBar.visible, false, 'no session, no status bar item');
  });

  it('treats a dismissed MFA prompt as cancelled, not as an error', async () => {
    const outcome = await assumeRole(ACME_PRODUCTION, { mfaCode: () => Promise.resolve(undefined) });
    assert.deepEqual(outcome, { status: 'cancelled' });
    assert.equal(features.sessions.get(ACME_PRODUCTION), undefined);
  });

  it('signs in through IAM Identity Center with the device code approved as the user would in the browser', async () => {
    const shown: { userCode: string; verificationUri: string; verificationUriComplete?: string; account: Account }[] = [];
    const outcome = await assumeRole(ACME_PRODUCTION_SSO, {
      showDeviceCode: async (request: (typeof shown)[number]) => {
        shown.push(request);
        await backend.approveDeviceCode(request.userCode);
      },
      mfaCode: () => Promise.reject(new Error('Identity Center sign-in must not ask for an MFA code')),
    });

    assert.equal(outcome.status, 'signed-in', JSON.stringify(outcome));
    assert.equal(shown.length, 1);
    assert.match(shown[0].userCode, /\S{4,}/);
    assert.match(shown[0].verificationUri, /^https?:\/\//);
    const session = features.sessions.get(ACME_PRODUCTION_SSO);
    assert.ok(session, 'the session is kept for the Identity Center entry');
    remember(session);
    assert.equal(session.accountId, ACME_PRODUCTION.id);
    assert.match(session.arn, /^arn:aws:sts::111111111111:assumed-role\/.*AuditRole/);
    assert.equal(features.sessions.get(ACME_PRODUCTION), undefined, 'the MFA entry of the same account is not signed in by it');
    await waitFor('the status bar to name the Identity Center account', () => (features.statusBar.text.includes('Acme production (Identity Center)') ? true : undefined));

    // Sign Out forgets the portal's sign-in too: signing in again needs the browser again.
    await vscode.commands.executeCommand('sopLens.signOut', { account: ACME_PRODUCTION_SSO });
    const again = await assumeRole(ACME_PRODUCTION_SSO, {
      showDeviceCode: async (request: (typeof shown)[number]) => {
        shown.push(request);
        await backend.approveDeviceCode(request.userCode);
      },
    });
    assert.equal(again.status, 'signed-in', JSON.stringify(again));
    assert.equal(shown.length, 2, 'a new device code after Sign Out');
    const renewedSession = features.sessions.get(ACME_PRODUCTION_SSO);
    assert.ok(renewedSession);
    remember(renewedSession);
  });

  it('opens a terminal whose environment holds the session\'s credentials, region and endpoint', async () => {
    let session = features.sessions.get(ACME_PRODUCTION);
    if (!session) {
      assert.equal((await assumeRole(ACME_PRODUCTION, { mfaCode: answerMfa([]) })).status, 'signed-in');
      session = features.sessions.get(ACME_PRODUCTION);
    }
    assert.ok(session);
    remember(session);
    const outcome = await vscode.commands.executeCommand<TerminalOutcome>('sopLens.openTerminalWithCredentials', { account: ACME_PRODUCTION });

    assert.equal(outcome.status, 'opened');
    assert.ok(outcome.status === 'opened');
    const options = outcome.terminal.creationOptions as vscode.TerminalOptions;
    const env = options.env ?? {};
    assert.equal(env.AWS_ACCESS_KEY_ID, session.credentials.accessKeyId);
    assert.equal(env.AWS_SECRET_ACCESS_KEY, session.credentials.secretAccessKey);
    assert.equal(env.AWS_SESSION_TOKEN, session.credentials.sessionToken);
    assert.equal(env.AWS_REGION, 'eu-west-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'eu-west-1');
    assert.equal(env.AWS_PROFILE, null, 'an inherited profile must not win over the session');
    const endpoints = vscode.workspace.getConfiguration('sopLens').get<string | Record<string, string>>('endpoints');
    const defaultEndpoint = typeof endpoints === 'string' ? endpoints : endpoints?.default;
    if (defaultEndpoint) assert.equal(env.AWS_ENDPOINT_URL, defaultEndpoint);
    assert.equal(options.strictEnv, false);
    assert.equal(options.isTransient, true, 'a terminal holding credentials is never persisted or revived');
    outcome.terminal.dispose();
  });

  it('warns before expiry, drops the expired session, updates the status bar, and never uses it', async () => {
    const asked: MfaRequest[] = [];
    assert.equal((await assumeRole(ACME_STAGING, { mfaCode: answerMfa(asked) })).status, 'signed-in');
    assert.equal(asked.length, 0, 'a role without an MFA condition is assumed without a code');
    const real = features.sessions.get(ACME_STAGING);
    assert.ok(real);
    remember(real);
    // The same session, as it will look a few seconds before AWS stops honouring it.
    features.sessions.set(ACME_STAGING, { ...real, credentials: { ...real.credentials, expiration: new Date(Date.now() + EXPIRY_MARGIN_MS + 2_500) } });

    const warned = await waitFor('the status bar to warn', () => (features.statusBar.activeAccountId === ACME_STAGING.id && features.statusBar.warning ? features.statusBar : undefined));
    assert.match(warned.text, /^\$\(key\) Acme staging · < 1 min/);

    await waitFor('the session to expire', () => (features.sessions.get(ACME_STAGING) === undefined ? true : undefined), 10_000);
    assert.ok(!features.sessions.all().some((s) => s.account.id === ACME_STAGING.id));
    await waitFor('the status bar to drop the expired session', () => (features.statusBar.activeAccountId !== ACME_STAGING.id ? true : undefined));
    assert.ok(!features.statusBar.text.includes('Acme staging'));

    const terminalsBefore = vscode.window.terminals.length;
    const terminal = await vscode.commands.executeCommand<TerminalOutcome>('sopLens.openTerminalWithCredentials', { account: ACME_STAGING });
    assert.deepEqual(terminal, { status: 'no-session', accountId: ACME_STAGING.id });
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'no terminal gets expired credentials');
    const consoleOutcome = await vscode.commands.executeCommand<{ status: string }>('sopLens.openConsole', { account: ACME_STAGING });
    assert.equal(consoleOutcome.status, 'no-session');
  });

  it('opens the console through the federation endpoint with the session\'s credentials, without logging the token', async () => {
    let session = features.sessions.get(ACME_PRODUCTION);
    if (!session) {
      assert.equal((await assumeRole(ACME_PRODUCTION, { mfaCode: answerMfa([]) })).status, 'signed-in');
      session = features.sessions.get(ACME_PRODUCTION);
    }
    assert.ok(session);
    // A stand-in for AWS's federation endpoint: hands out a token for the session's credentials only.
    const token = `stand-in-token-${Date.now()}`;
    secrets.add(token);
    const seen: URL[] = [];
    const standIn = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      seen.push(url);
      const sent = JSON.parse(url.searchParams.get('Session') ?? '{}') as Record<string, string>;
      const valid = sent.sessionId === session.credentials.accessKeyId && sent.sessionKey === session.credentials.secretAccessKey && sent.sessionToken === session.credentials.sessionToken;
      res.writeHead(valid ? 200 : 400, { 'content-type': 'application/json' }).end(valid ? JSON.stringify({ SigninToken: token }) : '{}');
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    // In the user's own settings: from the workspace's, SOP Lens would first ask whether to send credentials there (trust.test.ts).
    const configuration = vscode.workspace.getConfiguration('sopLens');
    const before = configuration.inspect('endpoints')?.globalValue;
    const endpoint = typeof before === 'string' ? before : process.env.SOP_LENS_TEST_AWS_ENDPOINT;
    try {
      await configuration.update('endpoints', { default: endpoint, signin: `http://127.0.0.1:${(standIn.address() as AddressInfo).port}/federation` }, vscode.ConfigurationTarget.Global);
      const opened: string[] = [];
      const outcome = await vscode.commands.executeCommand<ConsoleOutcome>('sopLens.openConsole', { account: ACME_PRODUCTION }, { openUrl: (url: string) => Promise.resolve(opened.push(url) > 0) });

      assert.deepEqual(outcome, { status: 'opened', accountId: ACME_PRODUCTION.id, region: 'eu-west-1' });
      assert.equal(seen.length, 1);
      assert.equal(seen[0].searchParams.get('Action'), 'getSigninToken');
      assert.equal(opened.length, 1);
      const login = new URL(opened[0]);
      assert.equal(login.searchParams.get('Action'), 'login');
      assert.equal(login.searchParams.get('SigninToken'), token);
      assert.equal(login.searchParams.get('Destination'), 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    } finally {
      await configuration.update('endpoints', before, vscode.ConfigurationTarget.Global);
      standIn.closeAllConnections();
      await new Promise((resolve) => standIn.close(resolve));
    }
  });

  it('keeps one session per entry: signing in to the Identity Center entry of an account never replaces, uses or signs out its MFA entry', async () => {
    features.sessions.clear();
    const approve = async (request: { userCode: string }): Promise<void> => backend.approveDeviceCode(request.userCode);
    const mfa = await assumeRole(ACME_PRODUCTION, { mfaCode: answerMfa([]) });
    const sso = await assumeRole(ACME_PRODUCTION_SSO, { showDeviceCode: approve });
    assert.ok(mfa.status === 'signed-in' && sso.status === 'signed-in', JSON.stringify([mfa, sso]));
    assert.match(mfa.arn, /^arn:aws:sts::111111111111:assumed-role\/OperatorAccess\//);
    assert.match(sso.arn, /^arn:aws:sts::111111111111:assumed-role\/[^/]*AuditRole[^/]*\//);

    // Two sessions, two lines in the status bar's tooltip, the later one shown with "(+1)".
    assert.ok(features.statusBar.tooltip.includes(mfa.arn), `the MFA entry's session is gone: ${features.statusBar.tooltip}`);
    assert.ok(features.statusBar.tooltip.includes(sso.arn), features.statusBar.tooltip);
    assert.match(features.statusBar.text, /^\$\(key\) Acme production \(Identity Center\) · .* \(\+1\)$/);

    // Each entry's credentials act as its own role (asked of STS, not of SOP Lens).
    assert.equal(await callerInTerminalOf(ACME_PRODUCTION), mfa.arn);
    assert.equal(await callerInTerminalOf(ACME_PRODUCTION_SSO), sso.arn);

    // Signing out of the Identity Center entry leaves the MFA entry signed in.
    assert.equal(await vscode.commands.executeCommand('sopLens.signOut', { account: ACME_PRODUCTION_SSO }), true);
    assert.equal(await callerInTerminalOf(ACME_PRODUCTION), mfa.arn);
    assert.deepEqual(await vscode.commands.executeCommand('sopLens.openTerminalWithCredentials', { account: ACME_PRODUCTION_SSO }), { status: 'no-session', accountId: ACME_PRODUCTION.id });
    assert.ok(!features.statusBar.tooltip.includes(sso.arn));
    assert.match(features.statusBar.text, /^\$\(key\) Acme production · /);
  });

  it('writes no secret (keys, session tokens, MFA codes) into the log, the extension\'s storage or the settings', async () => {
    assert.ok(secrets.size > 4, 'the earlier tests collected the secrets they used');
    const { logUri, globalStorageUri, storageUri } = features.locations;
    // The log is written asynchronously: wait until it holds a line the tests caused, so it is the right file and complete.
    const logFiles = await waitFor(
      'the SOP Lens log file to show the sign-ins',
      () => {
        const files = filesUnder(logUri.fsPath);
        return files.some((f) => fs.readFileSync(f, 'utf8').includes('Assumed OperatorAccess in Acme staging')) ? files : undefined;
      },
      15_000,
    );
    // The extension's storage and the storage VS Code keeps for it (its state database sits one level up).
    const storageRoots = [globalStorageUri, storageUri].filter((u): u is vscode.Uri => u !== undefined).map((u) => path.dirname(u.fsPath));
    const files = [...logFiles, ...storageRoots.flatMap(filesUnder)].filter((f) => fs.statSync(f).size < 50_000_000);
    const settingsFile = path.join(workspaceRoot(), '.vscode', 'settings.json');
    if (fs.existsSync(settingsFile)) files.push(settingsFile);

    const leaks: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file).toString('latin1');
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${file} holds a secret of ${secret.length} characters`);
    }
    const configuration = vscode.workspace.getConfiguration('sopLens');
    const settingsText = JSON.stringify(Object.keys(configuration).map((key) => configuration.inspect(key)));
    for (const secret of secrets) if (settingsText.includes(secret)) leaks.push(`the sopLens settings hold a secret of ${secret.length} characters`);
    assert.deepEqual(leaks, []);
  });
});
