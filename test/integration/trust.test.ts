/**
 * Trust and credentials in the real VS Code (a trusted workspace: the harness turns workspace trust
 * off; the untrusted case runs in test/integration-untrusted/):
 * - `sopLens.accounts.file` from the workspace's settings is read only inside the workspace folder: a
 *   path out through `..`, an absolute path or a symbolic link out is refused, with a message saying why;
 *   the user's own settings may name any file.
 * - when the workspace's `sopLens.endpoints` sends a credential-carrying call (here STS) to a host, SOP
 *   Lens asks once per workspace, naming the host, remembers the answer in the workspace state, and
 *   refuses the call if declined; the same endpoint in the user's own settings asks nothing.
 *
 * The human part of the question is answered through `endpointTrust.answerWith`, as the session tests
 * answer the MFA prompt: the command, the sign-in and the real SDK calls run as for a user.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Account } from '../../src/core/accounts/model';
import type { AccountsSnapshot } from '../../src/vscode/accounts/accountSource';
import type { EndpointQuestion } from '../../src/vscode/endpointTrust';
import type { SopLensApi } from '../../src/vscode/extension';
import type { SignInOutcome, TerminalOutcome } from '../../src/vscode/session';
import { connectAwsBackend, type AwsBackendControl } from '../aws-backend/harness';
import { FIXTURE_ACCOUNTS } from '../aws-backend/fixture';
import { workspaceRoot } from './support';

const STAGING: Account = {
  id: FIXTURE_ACCOUNTS.acmeStaging,
  name: 'Acme staging',
  access: { kind: 'assume-role', roleArn: `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess`, sourceProfile: 'hub' },
  tags: {},
  origin: 'accounts-file',
};

const OUTSIDE_ACCOUNT = '444455556666';
const outsideFile = (name: string) => ['version: 1', 'accounts:', `  - name: ${name}`, `    id: "${OUTSIDE_ACCOUNT}"`, '    access: { profile: acme-staging }', ''].join('\n');

async function activate(): Promise<SopLensApi> {
  const extension = vscode.extensions.getExtension<SopLensApi>('sop-lens.sop-lens');
  assert.ok(extension, 'the extension is not loaded');
  return extension.activate();
}

describe('trust and credentials in a trusted workspace', function () {
  this.timeout(90_000);
  let api: SopLensApi;
  const settings = () => vscode.workspace.getConfiguration('sopLens');

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, true, 'this suite runs in a trusted workspace');
    api = await activate();
  });

  describe('sopLens.accounts.file', () => {
    let outside: string;
    const link = () => path.join(workspaceRoot(), 'linked-out');

    before(() => {
      // The folder that holds the workspace copy: outside the workspace, and the test's own.
      outside = path.join(path.dirname(workspaceRoot()), 'outside-the-workspace');
      fs.mkdirSync(outside, { recursive: true });
      fs.writeFileSync(path.join(outside, 'accounts.yaml'), outsideFile('Planted outside'));
      fs.symlinkSync(outside, link(), 'dir');
    });
    after(async () => {
      await settings().update('accounts.file', undefined, vscode.ConfigurationTarget.Workspace);
      await settings().update('accounts.file', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(link(), { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
      await vscode.commands.executeCommand('sopLens.accounts.refresh');
    });

    async function loadWith(file: string, target: vscode.ConfigurationTarget): Promise<AccountsSnapshot> {
      await settings().update('accounts.file', file, target);
      await vscode.commands.executeCommand('sopLens.accounts.refresh');
      return api.accounts.source.load();
    }

    const folder = () => vscode.workspace.workspaceFolders![0].name;
    const refusal = (file: string, why: string) =>
      `sopLens.accounts.file (${file}) in the workspace settings ${why}, and SOP Lens reads a workspace's accounts file only inside the workspace folder ${folder()}. ` +
      `Move the file into ${folder()}, or name it in your user settings (sopLens.accounts.file).`;

    it('refuses a workspace value that leads out through .., an absolute path or a symbolic link, saying why, and reads nothing of it', async () => {
      const cases: [string, string][] = [
        ['../outside-the-workspace/accounts.yaml', 'leads out of the workspace folder through ..'],
        [path.join(outside, 'accounts.yaml'), 'is an absolute path'],
        ['linked-out/accounts.yaml', `leads out of the workspace folder through a symbolic link (to ${fs.realpathSync(path.join(outside, 'accounts.yaml'))})`],
      ];
      for (const [file, why] of cases) {
        const snapshot = await loadWith(file, vscode.ConfigurationTarget.Workspace);
        assert.deepEqual(snapshot.problems.map((p) => [p.text, p.detail]), [['Accounts file not read', refusal(file, why)]], file);
        assert.ok(!snapshot.accounts.some((a) => a.id === OUTSIDE_ACCOUNT), `${file}: the file outside was read`);
        const top = await api.accounts.tree.getChildren();
        assert.ok(top.some((n) => n.kind === 'message'), `${file}: the view shows no problem on top`);
      }
      // Nothing may be written there either: the starter file goes nowhere.
      assert.deepEqual(api.accounts.source.fileUris(), []);
    });

    it('reads a workspace value inside the folder, and any file the user\'s own settings name', async () => {
      fs.mkdirSync(path.join(workspaceRoot(), 'inside'), { recursive: true });
      fs.writeFileSync(path.join(workspaceRoot(), 'inside', 'accounts.yaml'), outsideFile('Kept inside'));
      try {
        const inside = await loadWith('inside/../inside/accounts.yaml', vscode.ConfigurationTarget.Workspace);
        assert.deepEqual(inside.problems, []);
        assert.ok(inside.accounts.some((a) => a.name === 'Kept inside'));
      } finally {
        fs.rmSync(path.join(workspaceRoot(), 'inside'), { recursive: true, force: true });
      }
      await settings().update('accounts.file', undefined, vscode.ConfigurationTarget.Workspace);
      const own = await loadWith(path.join(outside, 'accounts.yaml'), vscode.ConfigurationTarget.Global);
      assert.deepEqual(own.problems, []);
      assert.ok(own.accounts.some((a) => a.name === 'Planted outside'), 'the user\'s own setting names that file');
    });
  });

  describe('an endpoint the workspace names for credential-carrying calls', () => {
    let backend: AwsBackendControl;
    let redirected: string;
    let host: string;
    const asked: EndpointQuestion[] = [];
    const assumeRole = () => vscode.commands.executeCommand<SignInOutcome>('sopLens.assumeRole', { account: STAGING }, { prompts: {} });
    const stsCalls = async () => Object.entries((await backend.stats()).byCall).filter(([call]) => call.startsWith('sts:')).reduce((n, [, count]) => n + count, 0);

    before(async () => {
      const endpoint = process.env.SOP_LENS_TEST_AWS_ENDPOINT;
      assert.ok(endpoint, 'SOP_LENS_TEST_AWS_ENDPOINT is not set: the harness starts the AWS backend');
      backend = connectAwsBackend(endpoint);
      // The backend under another name of this machine: the question names the host as the setting wrote it.
      host = `localhost:${new URL(endpoint).port}`;
      redirected = `http://${host}`;
      await api.endpointTrust.forget();
    });
    afterEach(() => api.endpointTrust.answerWith());
    after(async () => {
      await settings().update('endpoints', undefined, vscode.ConfigurationTarget.Workspace);
      await settings().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
      await api.endpointTrust.forget();
    });

    it('asks once, naming the host; declined, sends nothing and says why and what to do', async () => {
      asked.length = 0;
      api.endpointTrust.answerWith((question) => {
        asked.push(question);
        return Promise.resolve(false);
      });
      await settings().update('endpoints', { sts: redirected }, vscode.ConfigurationTarget.Workspace);
      await backend.resetStats();

      for (let attempt = 1; attempt <= 2; attempt++) {
        const outcome = await assumeRole();
        assert.deepEqual(outcome, {
          status: 'failed',
          accountId: STAGING.id,
          kind: 'endpoint-declined',
          message: `SOP Lens did not send the sts call to ${host}: you declined to let this workspace's sopLens.endpoints send your credentials there`,
          action: 'Remove sopLens.endpoints from the workspace settings (.vscode/settings.json) to reach AWS, or set it in your user settings if you trust that host.',
        });
      }
      assert.deepEqual(asked, [{ host, service: 'sts' }], 'asked once for the workspace, naming the host');
      assert.equal(await stsCalls(), 0, 'no STS call left');
      // Remembered in the workspace state, not in the settings.
      assert.deepEqual(api.endpointTrust.decisions(), { [host]: 'declined' });
      const settingsFile = fs.readFileSync(path.join(workspaceRoot(), '.vscode', 'settings.json'), 'utf8');
      assert.ok(!settingsFile.includes('declined') && !settingsFile.includes('allowed'), settingsFile);
    });

    it('allowed, signs in through that host without asking again', async () => {
      await api.endpointTrust.forget();
      asked.length = 0;
      api.endpointTrust.answerWith((question) => {
        asked.push(question);
        return Promise.resolve(true);
      });
      await settings().update('endpoints', { sts: redirected }, vscode.ConfigurationTarget.Workspace);
      await backend.resetStats();
      for (let attempt = 1; attempt <= 2; attempt++) {
        const outcome = await assumeRole();
        assert.equal(outcome.status, 'signed-in', JSON.stringify(outcome));
      }
      assert.deepEqual(asked, [{ host, service: 'sts' }]);
      assert.ok((await stsCalls()) > 0, 'the sign-in went through the allowed host');
      assert.deepEqual(api.endpointTrust.decisions(), { [host]: 'allowed' });
    });

    it('asks before a terminal with the session\'s credentials points its AWS CLI at that host', async () => {
      await api.endpointTrust.forget();
      await settings().update('endpoints', undefined, vscode.ConfigurationTarget.Workspace);
      api.endpointTrust.answerWith(() => Promise.resolve(true));
      assert.equal((await assumeRole()).status, 'signed-in');
      await api.endpointTrust.forget();
      asked.length = 0;
      api.endpointTrust.answerWith((question) => {
        asked.push(question);
        return Promise.resolve(false);
      });
      await settings().update('endpoints', { default: redirected }, vscode.ConfigurationTarget.Workspace);
      const before = vscode.window.terminals.length;
      const outcome = await vscode.commands.executeCommand<TerminalOutcome>('sopLens.openTerminalWithCredentials', { account: STAGING });
      assert.deepEqual(outcome, {
        status: 'failed',
        kind: 'endpoint-declined',
        message: `SOP Lens did not open a terminal whose AWS calls go to ${host}: you declined to let this workspace's sopLens.endpoints send your credentials there`,
      });
      assert.deepEqual(asked, [{ host, service: 'terminal' }]);
      assert.equal(vscode.window.terminals.length, before, 'no terminal holds the credentials');
    });

    it('asks nothing when the endpoint is in the user\'s own settings', async () => {
      await api.endpointTrust.forget();
      api.endpointTrust.answerWith(() => Promise.reject(new Error('SOP Lens asked about an endpoint the user set')));
      await settings().update('endpoints', undefined, vscode.ConfigurationTarget.Workspace);
      await settings().update('endpoints', { sts: redirected }, vscode.ConfigurationTarget.Global);
      const outcome = await assumeRole();
      assert.equal(outcome.status, 'signed-in', JSON.stringify(outcome));
      assert.deepEqual(api.endpointTrust.decisions(), {});
    });
  });
});
