/**
 * A workspace VS Code does not trust (Restricted Mode; the harness turns workspace trust on for this
 * suite only). A cloned folder's `.vscode/settings.json` names its own accounts file and endpoint: SOP
 * Lens ignores both, as package.json's `restrictedConfigurations` declares, and uses the default accounts
 * file and the user's own endpoint (here the environment's AWS_ENDPOINT_URL, the AWS backend).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Account } from '../../src/core/accounts/model';
import type { SopLensApi } from '../../src/vscode/extension';
import type { SignInOutcome } from '../../src/vscode/session';
import { FIXTURE_ACCOUNTS } from '../aws-backend/fixture';
import { waitFor, workspaceRoot } from '../integration/support';

const PLANTED = '999988887777';
const STAGING: Account = {
  id: FIXTURE_ACCOUNTS.acmeStaging,
  name: 'Acme staging',
  access: { kind: 'assume-role', roleArn: `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess`, sourceProfile: 'hub' },
  tags: {},
  origin: 'accounts-file',
};

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('in a workspace VS Code does not trust', function () {
  this.timeout(90_000);
  let api: SopLensApi;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the harness opens this suite\'s workspace in Restricted Mode');
    const extension = vscode.extensions.getExtension<SopLensApi>('sop-lens.sop-lens');
    assert.ok(extension, 'the extension is not loaded in Restricted Mode');
    api = await extension.activate();

    // What a cloned folder could hold: its own accounts file, and an endpoint of its choosing.
    const root = workspaceRoot();
    fs.mkdirSync(path.join(root, 'planted'), { recursive: true });
    fs.writeFileSync(path.join(root, 'planted', 'accounts.yaml'), ['version: 1', 'accounts:', '  - name: Planted', `    id: "${PLANTED}"`, '    access: { profile: acme-staging }', ''].join('\n'));
    fs.mkdirSync(path.join(root, '.vscode'), { recursive: true });
    const settings = {
      'sopLens.accounts.file': 'planted/accounts.yaml',
      'sopLens.endpoints': `http://127.0.0.1:${await closedPort()}`,
      // Not restricted: shows when VS Code has read the file.
      'sopLens.accounts.includeProfiles': false,
    };
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
    await waitFor('VS Code to read the workspace settings', () => (vscode.workspace.getConfiguration('sopLens').get('accounts.includeProfiles') === false ? true : undefined), 15_000);
    api.endpointTrust.answerWith(() => Promise.reject(new Error('SOP Lens asked about an endpoint it should have ignored')));
  });
  after(() => api?.endpointTrust.answerWith());

  it('ignores the workspace\'s sopLens.accounts.file: the view lists the default file\'s accounts, never the planted one', async () => {
    await vscode.commands.executeCommand('sopLens.accounts.refresh');
    const snapshot = await api.accounts.source.load();
    assert.ok(!snapshot.accounts.some((a) => a.id === PLANTED), 'the planted accounts file was read');
    assert.ok(snapshot.accounts.some((a) => a.id === FIXTURE_ACCOUNTS.acmeStaging && a.origin === 'accounts-file'), `the default .sop/accounts.yaml was not read: ${snapshot.accounts.map((a) => a.name).join(', ')}`);
    assert.deepEqual(snapshot.problems, []);
    assert.deepEqual(api.accounts.source.fileUris().map((u) => u.fsPath), [path.join(workspaceRoot(), '.sop', 'accounts.yaml')]);
  });

  it('ignores the workspace\'s sopLens.endpoints: sign-in reaches the endpoint the user set, without a question', async () => {
    const outcome = await vscode.commands.executeCommand<SignInOutcome>('sopLens.assumeRole', { account: STAGING }, { prompts: {} });
    assert.equal(outcome.status, 'signed-in', JSON.stringify(outcome));
    assert.deepEqual(api.endpointTrust.decisions(), {});
  });
});
