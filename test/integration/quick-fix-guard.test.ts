/**
 * Quick fixes go through the same guard as `sop-lens lint --fix`: a fix that would change another resource
 * (here through a YAML alias) is not offered; the provider returns it disabled, with the reason, and no edit.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SopCodeActionProvider } from '../../src/vscode/codeActions';
import type { SopLensApi } from '../../src/vscode/extension';
import { codeOf, open, revertAndClose, waitForDiagnostics } from './support';

describe('SOP Lens quick fixes and the fix guard', function () {
  this.timeout(30000);
  let api: SopLensApi;
  before(async () => {
    const ext = vscode.extensions.getExtension<SopLensApi>('sop-lens.sop-lens');
    assert.ok(ext);
    api = await ext.activate();
  });
  afterEach(revertAndClose);

  it('does not offer a fix that would also change an aliased resource, and gives the reason', async () => {
    const editor = await open('templates/trail.yaml');
    const uri = editor.document.uri;
    const text = editor.document.getText();
    // AuditTrail's Properties become an anchor that a second trail aliases.
    const edited = text.replace('    Properties:\n', '    Properties: &audit\n') + '  MirrorTrail:\n    Type: AWS::CloudTrail::Trail\n    Properties: *audit\n';
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(text.length)), edited));
    const ds = await waitForDiagnostics(uri, (x) => x.some((d) => codeOf(d) === 'cloudtrail-multi-region') && editor.document.getText().includes('MirrorTrail'));
    const d = ds.find((x) => codeOf(x) === 'cloudtrail-multi-region')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    assert.deepEqual(actions.map((a) => a.title), ['Suppress cloudtrail-multi-region for AuditTrail with a reason…'], 'no fix offered, only the suppression');
    // VS Code's command leaves disabled actions out: ask the extension's provider itself for the reason.
    const provider = new SopCodeActionProvider(api.linter);
    const context: vscode.CodeActionContext = { diagnostics: [d], only: undefined, triggerKind: vscode.CodeActionTriggerKind.Invoke };
    const own = await provider.provideCodeActions(editor.document, d.range, context, new vscode.CancellationTokenSource().token);
    const fix = own.find((a) => a.title === 'Set IsMultiRegionTrail: true (cloudtrail-multi-region)');
    assert.ok(fix, `no fix action among: ${own.map((a) => a.title).join(', ')}`);
    assert.equal(fix.edit, undefined);
    assert.equal(fix.disabled?.reason, 'SOP Lens does not apply this fix: it would also change resource MirrorTrail (a YAML alias shares the value it edits). Fix it by hand; the rule\'s page says how.');
  });
});
