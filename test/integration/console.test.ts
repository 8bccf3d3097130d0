/**
 * Open Console as the demo runs it, end to end: the federation endpoint is the AWS backend's (set in the
 * user's settings, as `npm start` does), the login URL goes through the real `vscode.env.openExternal`
 * (the workbench opens it in a browser tab of the harness's Chromium), and the tab lands on the
 * backend's console page, which must name the session's role.
 *
 * Needs from the harness: SOP_LENS_TEST_AWS_ENDPOINT (the proxy, seeded), AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE from test/aws-backend/fixtures.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/core/accounts/model';
import type { ConsoleOutcome, SignInOutcome } from '../../src/vscode/session';
import { connectAwsBackend, type AwsBackendControl, type FederationRecord } from '../aws-backend/harness';
import { FIXTURE_ACCOUNTS } from '../aws-backend/fixture';
import { waitFor } from './support';

const ACME_STAGING: Account = {
  id: FIXTURE_ACCOUNTS.acmeStaging,
  name: 'Acme staging',
  access: { kind: 'assume-role', roleArn: `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess`, sourceProfile: 'hub' },
  tags: { customer: 'Acme', environment: 'staging' },
  origin: 'accounts-file',
};

describe('Open Console against the demo backend\'s federation endpoint, through the real openExternal', function () {
  this.timeout(90_000);
  let backend: AwsBackendControl;
  let endpoint: string;
  const configuration = () => vscode.workspace.getConfiguration('sopLens');
  let saved: { global: unknown; workspace: unknown };

  before(async function () {
    this.timeout(180_000);
    const fromHarness = process.env.SOP_LENS_TEST_AWS_ENDPOINT;
    assert.ok(fromHarness, 'SOP_LENS_TEST_AWS_ENDPOINT is not set: the integration harness must start the AWS backend (moto + proxy) first');
    endpoint = fromHarness;
    backend = connectAwsBackend(endpoint);
    const seeded = (await (await fetch(`${endpoint}/__proxy/seed`)).json()) as { fixture?: string };
    if (seeded.fixture !== 'accounts') await backend.seed('accounts');
    await vscode.extensions.getExtension('sop-lens.sop-lens')!.activate();
    // The demo's set-up: the endpoints in the user's settings, none in the workspace's.
    const inspected = configuration().inspect('endpoints');
    saved = { global: inspected?.globalValue, workspace: inspected?.workspaceValue };
    await configuration().update('endpoints', undefined, vscode.ConfigurationTarget.Workspace);
    await configuration().update('endpoints', { default: endpoint, signin: `${endpoint}/federation` }, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await configuration().update('endpoints', saved.global, vscode.ConfigurationTarget.Global);
    await configuration().update('endpoints', saved.workspace, vscode.ConfigurationTarget.Workspace);
  });

  it('opens the login URL in a browser, which lands on a console page naming the role and the session', async () => {
    const signIn = await vscode.commands.executeCommand<SignInOutcome>('sopLens.assumeRole', { account: ACME_STAGING }, { prompts: { mfaCode: () => Promise.reject(new Error('this role needs no MFA code')) } });
    assert.equal(signIn.status, 'signed-in', JSON.stringify(signIn));
    assert.ok(signIn.status === 'signed-in');
    const before = (await backend.federation()).consoleSessions.length;

    const outcome = await vscode.commands.executeCommand<ConsoleOutcome>('sopLens.openConsole', { account: ACME_STAGING });
    assert.deepEqual(outcome, { status: 'opened', accountId: ACME_STAGING.id, region: 'us-east-1' });

    // The browser follows the login URL on its own time: wait for the backend to have served it.
    const opened = await waitFor(
      'the browser to follow the login URL to the console page',
      async () => {
        const record: FederationRecord = await backend.federation();
        return record.consoleSessions.slice(before).find((session) => session.arn === signIn.arn);
      },
      30_000,
    );
    assert.ok(opened.userAgent && !/^(node|undici)\b/.test(opened.userAgent), `followed by a browser, not by the extension host (${opened.userAgent})`);
    assert.equal(opened.issuer, 'SOP Lens');
    // The workbench's forwarding of a localhost URL re-encodes its query, so only the start is compared.
    assert.ok(opened.destination.startsWith('https://us-east-1.console.aws.amazon.com/console/home'), opened.destination);

    const page = await fetch(`${endpoint}${opened.page}`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.ok(html.includes(`arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess`), 'the page names the role');
    const sessionName = signIn.arn.split('/').pop()!;
    assert.ok(html.includes(`session <strong>${sessionName}</strong>`), `the page names the session ${sessionName}`);
  });
});
