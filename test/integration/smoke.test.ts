import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sop-lens.sop-lens';

/** The workspace the harness opened: SOP_LENS_TEST_WORKSPACE, else <repo>/test/fixtures/workspace. */
function expectedWorkspace(): string {
  // compiled to <repo>/out/test/integration/smoke.test.js
  return process.env.SOP_LENS_TEST_WORKSPACE || path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace');
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

describe('smoke', () => {
  it('the SOP Lens extension is present, activates, and the fixture workspace is open', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in the test host`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true, `extension ${EXTENSION_ID} did not activate`);

    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.deepStrictEqual(
      folders.map((f) => real(f.uri.fsPath)),
      [real(expectedWorkspace())],
      'the test host should have exactly the fixture workspace open',
    );
  });
});
