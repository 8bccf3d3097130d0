/**
 * The Accounts view in the real VS Code, against moto and the proxy (test/aws-backend) seeded with
 * test/aws-backend/fixtures/accounts.yaml. What the harness provides (test/vscode-host/run-integration.mjs):
 * - env SOP_LENS_TEST_AWS_ENDPOINT: the proxy's URL, already seeded;
 * - env AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE: test/aws-backend/fixtures/aws-config and aws-credentials;
 * - env AWS_ENDPOINT_URL: the proxy, as the user's own environment (the demo's way too);
 * - the workspace copy holds `.sop/accounts.yaml` (test/aws-backend/fixtures/accounts-file.yaml).
 * The tests drive the view through its provider and its commands, as the UI does.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/core/accounts/model';
import type { CheckResult } from '../../src/core/controls/check';
import type { AccountNode, AccountsNode, CheckNode, ControlNode, GroupNode, RegionNode } from '../../src/vscode/accounts/accountsTree';
import type { CheckNowSummary } from '../../src/vscode/accounts/checkNow';
import { ResultsStore } from '../../src/vscode/accounts/resultsStore';
import type { DiscoverySummary } from '../../src/vscode/accounts/organizations';
import type { SopLensApi } from '../../src/vscode/extension';
import type { SignInOutcome } from '../../src/vscode/session';
import { connectAwsBackend } from '../aws-backend/harness';
import { revertAndClose, waitFor, workspaceRoot } from './support';

/** The fixture's accounts (test/aws-backend/fixtures/accounts.yaml). */
const PRODUCTION = { id: '111111111111', name: 'Acme production' };
const STAGING = { id: '222222222222', name: 'Acme staging' };
const GLOBEX = { id: '333333333333', name: 'Globex locked-down' };
const PRODUCTION_SSO = { id: '111111111111', name: 'Acme production (Identity Center)' };

/** What the fixture seeds into Acme staging (no MFA on its role): these gaps must fail. */
const STAGING_FAILS = ['cloudtrail-all-regions', 'cloudtrail-log-encryption', 'root-mfa', 'guardduty-all-regions', 'federated-access-only', 'dynamodb-pitr', 'stack-termination-protection'];

async function activate(): Promise<SopLensApi> {
  const ext = vscode.extensions.getExtension<SopLensApi>('sop-lens.sop-lens');
  assert.ok(ext, 'the extension is not loaded');
  return ext.activate();
}

function backendEndpoint(): string {
  const endpoint = process.env.SOP_LENS_TEST_AWS_ENDPOINT;
  assert.ok(
    endpoint,
    'SOP_LENS_TEST_AWS_ENDPOINT is not set: these tests need the moto + proxy backend (test/aws-backend), which test/vscode-host/run-integration.mjs starts and seeds before VS Code',
  );
  return endpoint;
}

describe('Accounts view', function () {
  this.timeout(120_000);
  let api: SopLensApi;
  const tree = (): SopLensApi['accounts']['tree'] => api.accounts.tree;

  async function roots(): Promise<AccountsNode[]> {
    return tree().getChildren();
  }
  async function accountNode(name: string): Promise<AccountNode> {
    const all = await roots();
    const flat = (await Promise.all(all.map(async (n) => (n.kind === 'group' ? tree().getChildren(n) : [n])))).flat();
    const node = flat.find((n): n is AccountNode => n.kind === 'account' && n.account.name === name);
    assert.ok(node, `no account node "${name}" among ${flat.map((n) => labelOf(tree().getTreeItem(n))).join(', ')}`);
    return node;
  }
  async function controlNodes(account: AccountNode): Promise<ControlNode[]> {
    return (await tree().getChildren(account)).filter((n): n is ControlNode => n.kind === 'control');
  }
  async function checkNodes(account: AccountNode): Promise<CheckNode[]> {
    const controls = await controlNodes(account);
    return (await Promise.all(controls.map((c) => tree().getChildren(c)))).flat().filter((n): n is CheckNode => n.kind === 'check');
  }
  /** The account entry the view lists under this name (what the results are kept by). */
  async function entryOf(account: { readonly name: string }): Promise<Account> {
    return (await accountNode(account.name)).account;
  }
  const item = (node: AccountsNode): vscode.TreeItem => tree().getTreeItem(node);
  const iconId = (node: AccountsNode): string | undefined => (item(node).iconPath as vscode.ThemeIcon | undefined)?.id;

  before(async () => {
    api = await activate();
  });
  afterEach(revertAndClose);
  // Later suites (the session tests) start without the sessions these tests signed in with, and
  // without their Identity Center portal sign-in (Sign Out forgets it).
  after(async () => {
    for (const { account } of api?.session.sessions.all() ?? []) await vscode.commands.executeCommand('sopLens.signOut', { account });
  });

  it('lists the accounts of .sop/accounts.yaml, each expanding into SOP controls and their checks, without loading the AWS SDK', async () => {
    const names = (await roots()).map((n) => labelOf(item(n)));
    for (const expected of [PRODUCTION, STAGING, GLOBEX]) assert.ok(names.includes(expected.name), `${expected.name} missing from ${names.join(', ')}`);

    const staging = await accountNode(STAGING.name);
    assert.equal(item(staging).contextValue, 'account');
    assert.equal(item(staging).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const controls = (await controlNodes(staging)).map((c) => c.controlId);
    for (const id of ['ACCT-001', 'ACCT-002', 'OPE-001', 'SEC-S3', 'SEC-DDB', 'SEC-CFN']) assert.ok(controls.includes(id as ControlNode['controlId']), `control ${id} missing: ${controls.join(', ')}`);
    const acct001 = (await controlNodes(staging)).find((c) => c.controlId === 'ACCT-001')!;
    const checks = (await tree().getChildren(acct001)).map((n) => (n as CheckNode).check.id);
    for (const id of ['cloudtrail-all-regions', 'root-mfa', 'guardduty-all-regions']) assert.ok(checks.includes(id), `check ${id} missing under ACCT-001: ${checks.join(', ')}`);
    assert.equal(tree().getParent(acct001), staging);

    // Listing accounts reads files only: the SDK loads on the first AWS call, not before.
    assert.equal(api.isSdkLoaded(), false, 'an AWS SDK module was loaded before any AWS call');
  });

  it('Check Now on Acme staging (no MFA) signs in through the profile and decides every check against the backend', async () => {
    backendEndpoint();
    const staging = await accountNode(STAGING.name);
    const summary = await vscode.commands.executeCommand<CheckNowSummary>('sopLens.accounts.checkNow', staging);
    assert.ok(summary, 'Check Now returned nothing');
    assert.deepEqual(summary.failures, [], 'the account could not be checked');
    assert.equal(summary.cancelled, false);
    assert.ok(summary.calls > 0, 'no AWS call was made');
    const byId = new Map(summary.results.map((r) => [r.checkId, r]));
    const checkIds = (await checkNodes(staging)).map((n) => n.check.id);
    for (const id of new Set(checkIds)) assert.ok(byId.has(id), `no result for ${id}`);
    for (const id of STAGING_FAILS) assert.equal(byId.get(id)?.status, 'fail', `${id}: ${byId.get(id)?.status} (${byId.get(id)?.reason})`);
    // Nothing passes without evidence of passing: every result says why.
    for (const r of summary.results) assert.ok(r.reason.length > 0, `${r.checkId} has no reason`);

    // GuardDuty is missing in eu-west-1 only: the per-region results say so.
    const guardDuty = byId.get('guardduty-all-regions')!;
    assert.equal(guardDuty.regions?.find((r) => r.region === 'eu-west-1')?.status, 'fail');
    assert.equal(guardDuty.regions?.find((r) => r.region === 'us-east-1')?.status, 'pass');

    // The tree shows it: the account's icon and summary, the check's per-region children.
    const refreshed = await accountNode(STAGING.name);
    assert.equal(iconId(refreshed), 'error');
    const failing = summary.results.filter((r) => r.status === 'fail').length;
    assert.match(String(item(refreshed).description), new RegExp(`^${failing} failing( · \\d+ (errors?|undecided))* · checked just now$`));
    const node = (await checkNodes(refreshed)).find((n) => n.check.id === 'guardduty-all-regions')!;
    assert.equal(item(node).contextValue, 'check.result');
    assert.equal(iconId(node), 'error');
    const regions = new Map((await tree().getChildren(node)).filter((n): n is RegionNode => n.kind === 'region').map((r) => [r.result.region, r.result.status]));
    assert.equal(regions.get('eu-west-1'), 'fail');
    assert.equal(regions.get('us-east-1'), 'pass');
    assert.equal(api.accounts.results.result(await entryOf(STAGING), 'root-mfa')?.status, 'fail');
  });

  it('runs a single check from its node, reusing the session, and reveals it in the view', async () => {
    backendEndpoint();
    const staging = await accountNode(STAGING.name);
    const node = (await checkNodes(staging)).find((n) => n.check.id === 'root-mfa')!;
    const before = api.accounts.results.result(await entryOf(STAGING), 'root-mfa');
    const summary = await vscode.commands.executeCommand<CheckNowSummary>('sopLens.accounts.checkOne', node);
    assert.deepEqual(summary.results.map((r) => [r.checkId, r.status]), [['root-mfa', 'fail']]);
    assert.ok(summary.calls <= 2, `one check made ${summary.calls} calls`);
    const after = api.accounts.results.result(await entryOf(STAGING), 'root-mfa');
    assert.ok(after && before && after.decidedAt >= before.decidedAt, 'the result was not replaced by the new one');
    assert.equal(api.accounts.results.result(await entryOf(STAGING), 'guardduty-all-regions')?.status, 'fail', 'a single check dropped the other results');

    // The view can reveal any node: every node knows its parent.
    await vscode.commands.executeCommand('sopLens.accounts.focus');
    // The selection comes back from the workbench a moment after reveal resolves; a refresh of the tree
    // still in flight from the check can drop it, so reveal again until it sticks.
    const selected = (): true | undefined => (api.accounts.view.selection.some((n) => n.id === node.id) ? true : undefined);
    await waitFor(
      'the revealed check to be selected',
      async () => {
        if (selected()) return true;
        await api.accounts.view.reveal(node, { select: true, focus: false, expand: true });
        await new Promise((resolve) => setTimeout(resolve, 250));
        return selected();
      },
      20_000,
    );
  });

  it('Check Now on Globex asks for the MFA code, and AccessDenied in eu-west-1 leaves only that region undecided', async () => {
    const endpoint = backendEndpoint();
    const asked: string[] = [];
    const mfaCode = async (request: { serial: string }): Promise<string> => {
      asked.push(request.serial);
      const response = await fetch(`${endpoint}/__proxy/mfa-code?serial=${encodeURIComponent(request.serial)}`);
      return ((await response.json()) as { code: string }).code;
    };
    const globex = await accountNode(GLOBEX.name);
    const summary = await vscode.commands.executeCommand<CheckNowSummary>('sopLens.accounts.checkNow', globex, { prompts: { mfaCode } });
    assert.deepEqual(summary.failures, []);
    assert.deepEqual(asked, ['arn:aws:iam::999999999999:mfa/alice'], 'the MFA prompt was not asked exactly once');
    const byId = new Map(summary.results.map((r) => [r.checkId, r]));
    for (const id of ['guardduty-all-regions', 'config-all-regions']) {
      const r = byId.get(id);
      assert.equal(r?.status, 'unknown', `${id}: ${r?.status} (${r?.reason})`);
      assert.equal(r?.regions?.find((x) => x.region === 'us-east-1')?.status, 'pass', `${id} in us-east-1`);
      const denied = r?.regions?.find((x) => x.region === 'eu-west-1');
      assert.equal(denied?.status, 'unknown', `${id} in eu-west-1`);
      assert.match(denied?.reason ?? '', /denied|AccessDenied/i);
    }
    assert.equal(byId.get('root-mfa')?.status, 'pass', 'a global check must still decide');
  });

  it('cancelling Check Now stops the AWS calls and keeps the earlier results, marked stale', async () => {
    const endpoint = backendEndpoint();
    const before = api.accounts.results.result(await entryOf(STAGING), 'guardduty-all-regions');
    assert.ok(before, 'run the Check Now test first');
    const control = async (method: string, path: string, body?: unknown): Promise<{ calls?: number }> => {
      const response = await fetch(`${endpoint}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      assert.ok(response.ok, `${method} ${path}: HTTP ${response.status}`);
      return (await response.json()) as { calls?: number };
    };
    await control('POST', '/__proxy/latency', { ms: 400 });
    await control('DELETE', '/__proxy/stats');
    try {
      const controller = new AbortController();
      const staging = await accountNode(STAGING.name);
      const running = vscode.commands.executeCommand<CheckNowSummary>('sopLens.accounts.checkNow', staging, { signal: controller.signal });
      await waitFor('the run to make AWS calls', async () => (((await control('GET', '/__proxy/stats')).calls ?? 0) > 0 ? true : undefined));
      controller.abort();
      const summary = await running;
      assert.equal(summary.cancelled, true);
      assert.ok(summary.results.length < 16, `a cancelled run still reported ${summary.results.length} results`);

      // No call starts after the cancel: the proxy's count stands still.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const settled = (await control('GET', '/__proxy/stats')).calls;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal((await control('GET', '/__proxy/stats')).calls, settled, 'AWS calls went on after the run was cancelled');

      const state = api.accounts.results.get(await entryOf(STAGING));
      assert.equal(state?.checking.size, 0);
      assert.match(state?.stale?.reason ?? '', /cancelled/i);
      const after = api.accounts.results.result(await entryOf(STAGING), 'guardduty-all-regions');
      assert.equal(after?.status, before.status, 'a cancelled check replaced the earlier result');
      assert.match(String(item(await accountNode(STAGING.name)).description), /^stale · /);
    } finally {
      await control('POST', '/__proxy/latency', { ms: 0 });
    }
  });

  it('keeps results with their time in workspace storage, shows their age after a reload, and marks a failed refresh stale', async () => {
    const results = api.accounts.results;
    const production = await accountNode(PRODUCTION.name);
    const checkIds = [...new Set((await checkNodes(production)).map((n) => n.check.id))];
    const fourMinutesAgo = new Date(Date.now() - 4 * 60_000 - 5_000).toISOString();
    results.startRun(production.account, checkIds);
    for (const checkId of checkIds) results.record(production.account, result(PRODUCTION.id, checkId, fourMinutesAgo));
    await results.finishRun(production.account);

    results.reload(); // drops what is in memory and reads the workspace storage, as a window reload does
    assert.equal(results.result(await entryOf(PRODUCTION), checkIds[0])?.decidedAt, fourMinutesAgo);
    assert.equal(item(await accountNode(PRODUCTION.name)).description, `all ${checkIds.length} pass · checked 4 min ago`);
    assert.equal(iconId(await accountNode(PRODUCTION.name)), 'pass');
    // The other entry of the same account id was not checked, and is not shown checked.
    assert.equal(item(await accountNode(PRODUCTION_SSO.name)).description, 'not checked yet');

    await results.finishRun(production.account, { failure: 'sts:AssumeRole was denied (AccessDenied).' });
    results.reload();
    assert.equal(item(await accountNode(PRODUCTION.name)).description, `stale · all ${checkIds.length} pass · checked 4 min ago`);
    const tooltip = item(await accountNode(PRODUCTION.name)).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /did not complete: sts:AssumeRole was denied/);
  });

  it('drops the results an older version kept by account id: nothing says which entry of the account produced them', async () => {
    const older = 'sopLens.accounts.results.v1';
    const storage = new Map<string, unknown>([[older, { accounts: { [PRODUCTION.id]: { results: [result(PRODUCTION.id, 'root-mfa', new Date().toISOString())] } } }]]);
    const memento = {
      get: <T>(key: string): T | undefined => storage.get(key) as T | undefined,
      update: (key: string, value: unknown): Promise<void> => Promise.resolve(void (value === undefined ? storage.delete(key) : storage.set(key, value))),
    };
    const upgraded = new ResultsStore(memento);
    try {
      for (const name of [PRODUCTION.name, PRODUCTION_SSO.name]) assert.equal(upgraded.get(await entryOf({ name })), undefined, `${name} shows results of the older version`);
      assert.equal(storage.has(older), false, 'the older results stay in the workspace storage');
    } finally {
      upgraded.dispose();
    }
  });

  it('shows only failing checks when filtered, and groups accounts by customer', async () => {
    backendEndpoint();
    await vscode.commands.executeCommand('sopLens.accounts.showOnlyFailing');
    try {
      assert.equal(tree().showOnlyFailing, true);
      const staging = await accountNode(STAGING.name);
      const checks = await checkNodes(staging);
      assert.ok(checks.length > 0, 'the filter hid every check of a failing account');
      for (const n of checks) assert.equal(api.accounts.results.result(await entryOf(STAGING), n.check.id)?.status, 'fail', `${n.check.id} is shown but does not fail`);
      const production = await accountNode(PRODUCTION.name);
      const placeholder = await tree().getChildren(production);
      assert.deepEqual(placeholder.map((n) => n.kind), ['message'], 'an account with nothing failing shows one message node');
    } finally {
      await vscode.commands.executeCommand('sopLens.accounts.showAllChecks');
    }
    assert.equal(tree().showOnlyFailing, false);

    await vscode.commands.executeCommand('sopLens.accounts.groupBy', 'customer');
    try {
      const groups = (await roots()).filter((n): n is GroupNode => n.kind === 'group');
      const labels = groups.map((g) => labelOf(item(g)));
      assert.ok(labels.includes('Acme') && labels.includes('Globex'), `groups: ${labels.join(', ')}`);
      const acme = groups.find((g) => g.value === 'Acme')!;
      const members = (await tree().getChildren(acme)).map((n) => (n as AccountNode).account.name);
      assert.ok(members.includes(PRODUCTION.name) && members.includes(STAGING.name) && !members.includes(GLOBEX.name), `Acme: ${members.join(', ')}`);
      assert.match(String(item(acme).description), /\d+ accounts · 1 failing/);
    } finally {
      await vscode.commands.executeCommand('sopLens.accounts.groupBy', 'none');
    }
    assert.ok((await roots()).every((n) => n.kind !== 'group'));
  });

  it('Show Evidence opens a read-only Markdown document with the check, controls, status, reason and regions', async () => {
    backendEndpoint();
    const decided = api.accounts.results.result(await entryOf(STAGING), 'guardduty-all-regions');
    assert.ok(decided, 'run the Check Now test first: there is no result to show');
    const staging = await accountNode(STAGING.name);
    const node = (await checkNodes(staging)).find((n) => n.check.id === 'guardduty-all-regions')!;
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('sopLens.accounts.showEvidence', node);
    // A content provider's scheme: VS Code opens such documents read-only.
    assert.equal(document.uri.scheme, 'sop-lens-evidence');
    assert.equal(document.languageId, 'markdown');
    const text = document.getText();
    assert.match(text, /^# /);
    assert.ok(text.includes(`${STAGING.name} (\`${STAGING.id}\`)`), text);
    assert.ok(text.includes('`guardduty-all-regions`'), text);
    assert.match(text, /\| Controls \| ACCT-001 /);
    assert.ok(text.includes('| Status | **fail** |'), text);
    assert.ok(text.includes(`| Decided | ${decided.decidedAt} |`), text);
    assert.ok(text.includes(decided.reason), 'the reason is missing');
    assert.match(text, /\| eu-west-1 \| fail \|/);
    assert.match(text, /\| us-east-1 \| pass \|/);
    assert.match(text, /## What to do/);
    // It is shown rendered: the Markdown preview of that document.
    await waitFor('the rendered evidence to be shown', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('markdown.preview') && tab.label.includes('guardduty-all-regions.md')),
    );

    // The same document by account and check id, as a link or the palette would ask for it.
    const again = await vscode.commands.executeCommand<vscode.TextDocument>('sopLens.accounts.showEvidence', { accountId: STAGING.id, checkId: 'guardduty-all-regions' });
    assert.equal(again.uri.toString(), document.uri.toString());

  });

  it('Copy Account Id puts the account id on the clipboard', async () => {
    await vscode.env.clipboard.writeText('nothing yet');
    const globex = await accountNode(GLOBEX.name);
    const copied = await vscode.commands.executeCommand<string>('sopLens.accounts.copyAccountId', globex);
    assert.equal(copied, GLOBEX.id);
    assert.equal(await vscode.env.clipboard.readText(), GLOBEX.id);
  });

  it('creates an accounts file from the AWS profiles, without credentials, and never overwrites one', async () => {
    const settings = vscode.workspace.getConfiguration('sopLens');
    const relative = '.sop/from-profiles.yaml';
    const uri = vscode.Uri.joinPath(vscode.Uri.file(workspaceRoot()), relative);
    await settings.update('accounts.file', relative, vscode.ConfigurationTarget.Workspace);
    await settings.update('accounts.includeProfiles', false, vscode.ConfigurationTarget.Workspace);
    try {
      // No file and no profiles: the view has no children, so VS Code shows its welcome content.
      await vscode.commands.executeCommand('sopLens.accounts.refresh');
      assert.deepEqual(await roots(), []);

      const created = await vscode.commands.executeCommand<vscode.Uri>('sopLens.accounts.createFile');
      assert.equal(created?.toString(), uri.toString());
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      // The fixture's aws-config reaches these accounts through role_arn / sso_account_id profiles.
      for (const id of [PRODUCTION.id, STAGING.id]) assert.ok(text.includes(id), `${id} missing from the generated file:\n${text}`);
      assert.doesNotMatch(text, /aws_secret_access_key|aws_access_key_id|AKIA[0-9A-Z]{16}|SOPLENSTESTHUBALICE1|sop-lens-test-secret/i, 'the generated file holds credentials');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the new file is not opened');

      // The view now lists the accounts of the new file.
      await waitForAccounts((accounts) => accounts.some((a) => a.id === STAGING.id && a.origin === 'accounts-file'));

      const edited = `# kept by the user\n${text}`;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(edited));
      await vscode.commands.executeCommand('sopLens.accounts.createFile');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), edited, 'an existing accounts file was overwritten');
    } finally {
      await settings.update('accounts.file', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('accounts.includeProfiles', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    }
  });

  it('reports problems of the accounts file as diagnostics on it and as a node on top of the view, and keeps the good entries', async () => {
    const settings = vscode.workspace.getConfiguration('sopLens');
    const relative = '.sop/broken.yaml';
    const uri = vscode.Uri.joinPath(vscode.Uri.file(workspaceRoot()), relative);
    const text = [
      'version: 1',
      'accounts:',
      '  - name: Good one',
      '    id: "444444444444"',
      '    access: { profile: acme-staging }',
      '  - name: Bad id',
      '    id: "12345"',
      '    access: { profile: acme-staging }',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await settings.update('accounts.file', relative, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('sopLens.accounts.refresh');
      const top = await roots();
      const problem = top.find((n) => n.kind === 'message');
      assert.ok(problem, `no problem node among ${top.map((n) => labelOf(item(n))).join(', ')}`);
      assert.match(labelOf(item(problem)), /broken\.yaml: 1 problem/);
      assert.equal(item(problem).command?.command, 'vscode.open');
      assert.ok(top.some((n) => n.kind === 'account' && n.account.name === 'Good one'), 'the good entry is missing');
      assert.ok(!top.some((n) => n.kind === 'account' && n.account.name === 'Bad id'), 'the bad entry is listed');

      const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'SOP Lens');
      assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('; '));
      assert.equal(diagnostics[0].code, 'bad-account-id');
      assert.equal(diagnostics[0].range.start.line, 6, 'the diagnostic is not on the id');
      assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    } finally {
      await settings.update('accounts.file', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      await vscode.commands.executeCommand('sopLens.accounts.refresh');
    }
    await waitFor('the diagnostics of the old file to go', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
  });

  it('discovers the accounts of an AWS organization through the management profile, lists the active ones, and forgets them on request', async () => {
    backendEndpoint();
    // The fixture's hub (profile hub) manages an organization with one active and one closed member.
    const summary = await vscode.commands.executeCommand<DiscoverySummary | undefined>('sopLens.accounts.discoverOrganization', { profile: 'hub' });
    assert.ok(summary, 'the discovery did not finish');
    assert.equal(summary.managementAccountId, '999999999999');
    const names = summary.accounts.map((a) => a.name);
    assert.ok(names.includes('Initech sandbox'), names.join(', '));
    assert.ok(!names.includes('Initech retired'), 'a closed account was listed');
    const sandbox = await waitFor('the discovered account in the view', async () => {
      const all = await roots();
      const flat = (await Promise.all(all.map(async (n) => (n.kind === 'group' ? tree().getChildren(n) : [n])))).flat();
      return flat.find((n): n is AccountNode => n.kind === 'account' && n.account.name === 'Initech sandbox');
    });
    assert.equal(sandbox.account.origin, 'organizations');
    assert.equal(sandbox.account.access.kind === 'assume-role' && sandbox.account.access.roleArn, `arn:aws:iam::${sandbox.account.id}:role/OrganizationAccountAccessRole`);
    // Remembered without credentials.
    assert.ok(!JSON.stringify(summary.accounts).includes('sop-lens-test-secret'));

    const forgotten = await vscode.commands.executeCommand<number>('sopLens.accounts.forgetOrganization');
    assert.ok(forgotten >= 1);
    await waitForAccounts((accounts) => !accounts.some((a) => a.origin === 'organizations'));
  });

  it('checks two entries of one account id apart: each on its own session, each shown with the access it used', async () => {
    const backend = connectAwsBackend(backendEndpoint());
    api.session.sessions.clear();
    const deviceCodes: string[] = [];
    const prompts = {
      mfaCode: (request: { serial: string }) => backend.mfaCode(request.serial),
      showDeviceCode: async (request: { userCode: string }) => {
        deviceCodes.push(request.userCode);
        await backend.approveDeviceCode(request.userCode);
      },
    };
    const noPrompt = {
      mfaCode: () => Promise.reject(new Error('Check Now asked for an MFA code although the entry is signed in')),
      showDeviceCode: () => Promise.reject(new Error('Check Now asked for a device code although the entry is signed in')),
    };
    const production = await accountNode(PRODUCTION.name);
    const identityCenter = await accountNode(PRODUCTION_SSO.name);
    // Identity Center first, then the MFA role: the later sign-in must not replace the earlier one.
    const sso = await vscode.commands.executeCommand<SignInOutcome>('sopLens.assumeRole', identityCenter, { prompts });
    const mfa = await vscode.commands.executeCommand<SignInOutcome>('sopLens.assumeRole', production, { prompts });
    assert.ok(sso.status === 'signed-in' && mfa.status === 'signed-in', JSON.stringify([sso, mfa]));
    assert.match(mfa.arn, /:assumed-role\/OperatorAccess\//);
    assert.match(sso.arn, /:assumed-role\/[^/]*AuditRole[^/]*\//);

    // Checking the MFA entry runs on its own session, and leaves the Identity Center entry unchecked.
    const checked = await vscode.commands.executeCommand<CheckNowSummary>('sopLens.accounts.checkNow', production, { prompts: noPrompt });
    assert.deepEqual(checked.failures, []);
    assert.ok(checked.results.length >= 16, `${checked.results.length} results`);
    assert.equal(item(await accountNode(PRODUCTION_SSO.name)).description, 'not checked yet');
    assert.equal(iconId(await accountNode(PRODUCTION_SSO.name)), 'circle-large-outline');
    const rootMfaOf = async (name: string): Promise<CheckNode> => (await checkNodes(await accountNode(name))).find((n) => n.check.id === 'root-mfa')!;
    assert.equal(item(await rootMfaOf(PRODUCTION_SSO.name)).contextValue, 'check', 'a check never run in the entry has a result');

    // The evidence and the account's tooltip name the access that was used: the MFA role's session.
    const evidenceOf = async (name: string): Promise<string> => (await vscode.commands.executeCommand<vscode.TextDocument>('sopLens.accounts.showEvidence', await rootMfaOf(name))).getText();
    const tooltipOf = async (name: string): Promise<string> => unescapeMarkdown((item(await accountNode(name)).tooltip as vscode.MarkdownString).value);
    let evidence = await evidenceOf(PRODUCTION.name);
    assert.ok(evidence.includes(mfa.arn), `the evidence does not name ${mfa.arn}:\n${evidence}`);
    assert.match(evidence, /MFA/);
    assert.ok(!evidence.includes(sso.arn), 'the evidence names the other entry\'s session');
    assert.ok((await tooltipOf(PRODUCTION.name)).includes(mfa.arn), await tooltipOf(PRODUCTION.name));

    // The Identity Center entry is checked on its own session (still there: no device code asked).
    const second = await vscode.commands.executeCommand<CheckNowSummary>('sopLens.accounts.checkOne', await rootMfaOf(PRODUCTION_SSO.name), { prompts: noPrompt });
    assert.deepEqual(second.failures, []);
    evidence = await evidenceOf(PRODUCTION_SSO.name);
    assert.ok(evidence.includes(sso.arn), `the evidence does not name ${sso.arn}:\n${evidence}`);
    assert.match(evidence, /Identity Center/);
    assert.ok(!evidence.includes(mfa.arn));
    assert.ok((await evidenceOf(PRODUCTION.name)).includes(mfa.arn), 'checking one entry changed the evidence of the other');
    assert.match(String(item(await accountNode(PRODUCTION_SSO.name)).description), /^all 1 pass · checked just now$/);

    // Signed out of the Identity Center entry, Check Now on it signs in to it again (a device code),
    // never on the MFA entry's session; the MFA entry stays signed in.
    const codesBefore = deviceCodes.length;
    await vscode.commands.executeCommand('sopLens.signOut', identityCenter);
    const third = await vscode.commands.executeCommand<CheckNowSummary>('sopLens.accounts.checkOne', await rootMfaOf(PRODUCTION_SSO.name), { prompts });
    assert.deepEqual(third.failures, []);
    assert.equal(deviceCodes.length, codesBefore + 1, 'Check Now on a signed-out entry did not sign in to it');
    const fourth = await vscode.commands.executeCommand<CheckNowSummary>('sopLens.accounts.checkOne', await rootMfaOf(PRODUCTION.name), { prompts: noPrompt });
    assert.deepEqual(fourth.failures, []);
  });

  async function waitForAccounts(ready: (accounts: readonly Account[]) => boolean): Promise<readonly Account[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { accounts } = await api.accounts.source.load();
      if (ready(accounts)) return accounts;
      if (Date.now() > deadline) throw new Error(`the view did not pick up the new accounts file: ${accounts.map((a) => a.name).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});

function labelOf(treeItem: vscode.TreeItem): string {
  return typeof treeItem.label === 'string' ? treeItem.label : (treeItem.label?.label ?? '');
}

/** A tooltip's text with Markdown's backslash escapes removed. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function result(accountId: string, checkId: string, decidedAt: string): CheckResult {
  return { accountId, checkId, status: 'pass', reason: 'Recorded by the test.', evidence: [{ text: 'seeded by the test' }], decidedAt };
}
