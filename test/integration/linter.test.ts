/** The linter through VS Code's own APIs: diagnostics, code lenses, quick fixes, suppressions, settings, scan. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SopLensApi } from '../../src/vscode/extension';
import { codeOf, fixtureUri, open, revertAndClose, sopDiagnostics, waitFor, waitForDiagnostics } from './support';

/**
 * Follows a diagnostic's code link as the Problems panel and the hover do: a `command:` link runs the
 * command with the JSON arguments of its query, any other link is opened.
 */
async function followLink(target: vscode.Uri): Promise<void> {
  if (target.scheme === 'command') {
    const args: unknown = target.query ? JSON.parse(decodeURIComponent(target.query)) : [];
    await vscode.commands.executeCommand(target.path, ...(Array.isArray(args) ? (args as unknown[]) : [args]));
  } else {
    await vscode.commands.executeCommand('vscode.open', target);
  }
}

async function api(): Promise<SopLensApi> {
  const ext = vscode.extensions.getExtension<SopLensApi>('sop-lens.sop-lens');
  assert.ok(ext);
  return ext.activate();
}

describe('SOP Lens linter in VS Code', function () {
  this.timeout(30000);
  before(api);
  afterEach(revertAndClose);

  it('puts a diagnostic on the exact value at fault, with the rule id linked to its documentation', async () => {
    const editor = await open('templates/trail.yaml');
    const ds = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'cloudtrail-multi-region'));
    const d = ds.find((x) => codeOf(x) === 'cloudtrail-multi-region')!;
    assert.equal(d.message, 'ACCT-001: CloudTrail trail is not multi-region');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [12, 26, 12, 31]);
    assert.equal(editor.document.getText(d.range), 'false');
  });

  it('links the rule id to its rendered page: following the link opens the Markdown preview, not the source', async () => {
    const editor = await open('templates/trail.yaml');
    const ds = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'cloudtrail-multi-region'));
    const d = ds.find((x) => codeOf(x) === 'cloudtrail-multi-region')!;
    const target = typeof d.code === 'object' ? d.code.target : undefined;
    assert.ok(target, 'the rule id is a link');
    const extension = vscode.extensions.getExtension('sop-lens.sop-lens')!;
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules', 'cloudtrail-multi-region.md')); // the page ships with the extension

    await followLink(target);
    const preview = await waitFor('a Markdown preview tab of the rule page', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType) && tab.label.includes('cloudtrail-multi-region')),
    );
    assert.ok(preview.isActive, `the preview is the active tab (${preview.label})`);
    const sources = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.path.endsWith('.md'));
    assert.deepEqual(sources.map((tab) => tab.label), [], 'no text editor of the Markdown source');
  });

  it('shows a code lens above the resource and one summarising the file', async () => {
    const editor = await open('templates/trail.yaml');
    await waitForDiagnostics(editor.document.uri, (d) => d.length > 0);
    const lenses = await waitFor('code lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      return found.length >= 2 ? found : undefined;
    });
    const top = lenses.find((l) => l.range.start.line === 0);
    const resource = lenses.find((l) => l.range.start.line === 4);
    assert.match(top?.command?.title ?? '', /SOP Lens: \d+ findings?: ACCT-001 ×\d+/);
    assert.match(resource?.command?.title ?? '', /^\$\(warning\) \d+ SOP findings?: ACCT-001$/);
    assert.equal(resource?.command?.command, 'sopLens.showFindings');
    assert.deepEqual(resource?.command?.arguments?.[1], 'AuditTrail');
  });

  it('applies a quick fix in place, keeping the comment, and the diagnostic goes away', async () => {
    const editor = await open('templates/trail.yaml');
    const uri = editor.document.uri;
    const [d] = (await waitForDiagnostics(uri, (ds) => ds.some((x) => codeOf(x) === 'cloudtrail-multi-region'))).filter((x) => codeOf(x) === 'cloudtrail-multi-region');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    const fix = actions.find((a) => a.edit && a.title.endsWith('(cloudtrail-multi-region)'));
    assert.ok(fix, `no quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(editor.document.getText(), /\n {6}IsMultiRegionTrail: true # only eu-west-1 for now\n/);
    await waitForDiagnostics(uri, (ds) => !ds.some((x) => codeOf(x) === 'cloudtrail-multi-region'), 'the diagnostic to go away');
  });

  it('quick-fixes a JSON template as JSON', async () => {
    const editor = await open('templates/queue.json');
    const uri = editor.document.uri;
    const ds = await waitForDiagnostics(uri, (x) => x.some((d) => codeOf(d) === 'sqs-encryption'));
    const d = ds.find((x) => codeOf(x) === 'sqs-encryption')!;
    assert.equal(editor.document.getText(d.range), 'false');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    const fix = actions.find((a) => a.edit && a.title.endsWith('(sqs-encryption)'));
    assert.ok(fix, 'expected a quick fix for sqs-encryption');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const parsed = JSON.parse(editor.document.getText()) as { Resources: { Jobs: { Properties: Record<string, unknown> } } };
    assert.equal(parsed.Resources.Jobs.Properties.SqsManagedSseEnabled, true);
    await waitForDiagnostics(uri, (x) => !x.some((d2) => codeOf(d2) === 'sqs-encryption'), 'the sqs-encryption diagnostic to go away');
  });

  it('lints as the user types (debounced)', async () => {
    const editor = await open('templates/table.yaml');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'dynamodb-deletion-protection'));
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('DeletionProtectionEnabled: true'));
    const range = editor.document.lineAt(line).range;
    await editor.edit((b) => b.replace(range, '      DeletionProtectionEnabled: false'));
    const ds = await waitForDiagnostics(uri, (x) => x.some((d) => codeOf(d) === 'dynamodb-deletion-protection'));
    const d = ds.find((x) => codeOf(x) === 'dynamodb-deletion-protection')!;
    assert.equal(d.range.start.line, line);
    assert.equal(editor.document.getText(d.range), 'false');
  });

  it('reports malformed YAML once, at the error, and nothing else', async () => {
    const editor = await open('templates/broken.yaml');
    const ds = await waitForDiagnostics(editor.document.uri, (x) => x.length > 0);
    assert.equal(ds.length, 1);
    assert.equal(codeOf(ds[0]), 'parse-error');
    assert.match(ds[0].message, /^YAML syntax error/);
    assert.ok(ds[0].range.start.line >= 5, `error at line ${ds[0].range.start.line + 1}`);
  });

  it('leaves Kubernetes manifests alone: no diagnostics, no lenses', async () => {
    const { linter } = await api();
    const editor = await open('k8s/deployment.yaml');
    const lint = await linter.lint(editor.document);
    assert.equal(lint?.snapshot.kind, 'not-cloudformation');
    assert.deepEqual(sopDiagnostics(editor.document.uri), []);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    assert.deepEqual(lenses.filter((l) => l.command?.command.startsWith('sopLens')), []);
  });

  it('writes a reviewed suppression into the resource metadata, which silences the finding', async () => {
    const editor = await open('templates/trail.yaml');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'cloudtrail-multi-region'));
    const applied = await vscode.commands.executeCommand<boolean>('sopLens.suppressFinding', uri, 'AuditTrail', 'cloudtrail-multi-region', 'Single-region sandbox account, approved by security review SR-12');
    assert.equal(applied, true);
    assert.match(editor.document.getText(), /Metadata:\n\s+sop-lens:\n\s+suppress:\n\s+- rule: cloudtrail-multi-region\n\s+reason: Single-region sandbox account, approved by security review SR-12/);
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'cloudtrail-multi-region'), 'the suppressed finding to go away');
  });

  it('honours settings: a rule turned off disappears, a severity override applies', async () => {
    const config = vscode.workspace.getConfiguration('sopLens');
    const editor = await open('templates/trail.yaml');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'cloudtrail-multi-region'));
    try {
      await config.update('rules', { 'cloudtrail-multi-region': 'warning' }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'cloudtrail-multi-region' && d.severity === vscode.DiagnosticSeverity.Warning), 'the severity override');
      await config.update('rules', { 'cloudtrail-multi-region': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'cloudtrail-multi-region'), 'the rule to be turned off');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'cloudtrail-multi-region'), 'the rule to come back');
  });

  it('scans the workspace, filling the Problems panel for files that are not open', async () => {
    const uri = fixtureUri('scan/unopened.yaml');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
    const summary = await vscode.commands.executeCommand<{ templates: number; findings: number; cancelled: boolean }>('sopLens.scanWorkspace');
    assert.equal(summary.cancelled, false);
    assert.ok(summary.templates >= 4, `templates scanned: ${summary.templates}`);
    const ds = sopDiagnostics(uri);
    const rotation = ds.find((d) => codeOf(d) === 'kms-key-rotation');
    assert.ok(rotation, `diagnostics: ${ds.map(codeOf).join(', ')}`);
    assert.equal(rotation.range.start.line, 7);
    assert.deepEqual(sopDiagnostics(fixtureUri('k8s/deployment.yaml')), []);
  });
});
