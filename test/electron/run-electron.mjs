#!/usr/bin/env node
// Runs the compiled integration suite (out/test/integration/index.js) in a desktop VS Code that
// @vscode/test-electron downloads into .vscode-test/. For machines that can reach
// update.code.visualstudio.com (a developer's laptop, public CI). Machines limited to the npm
// registry and Debian use test/vscode-host/run-integration.mjs instead (same suite, same result file).
//
//   node test/electron/run-electron.mjs [--version stable|insiders|1.x.y] [--workspace <dir>]
//
// On Linux without a display, run it under xvfb-run. Exits with the test run's exit code.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import testElectron from '@vscode/test-electron';
import { formatReport, prepareAwsWorkspace, startSeededBackend } from '../vscode-host/run-integration.mjs';

const { downloadAndUnzipVSCode, runTests } = testElectron;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArgs(argv) {
  const o = {
    version: process.env.VSCODE_TEST_VERSION || 'stable',
    workspace: path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--version') o.version = argv[++i];
    else if (a === '--workspace') o.workspace = path.resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('Usage: node test/electron/run-electron.mjs [--version stable|insiders|1.x.y] [--workspace <dir>]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const extensionDevelopmentPath = REPO_ROOT;
  const extensionTestsPath = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index');
  if (!fs.existsSync(`${extensionTestsPath}.js`)) {
    process.stderr.write(`[electron] ${extensionTestsPath}.js does not exist: compile the tests first (npx tsc -p .)\n`);
    return 1;
  }

  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: opts.version,
      cachePath: path.join(REPO_ROOT, '.vscode-test'),
      extensionDevelopmentPath,
      timeout: 60_000,
    });
  } catch (err) {
    process.stderr.write(
      `\n[electron] Could not download VS Code (${opts.version}) for @vscode/test-electron: ${err?.message ?? err}\n` +
        `[electron] This runner needs https://update.code.visualstudio.com to be reachable.\n` +
        `[electron] Without it, run the same suite in the headless VS Code server instead:\n` +
        `[electron]     node test/vscode-host/run-integration.mjs\n`,
    );
    return 1;
  }

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-electron-'));
  const resultFile = path.join(runDir, 'result.json');
  // As in the VS Code server harness: a copy of the workspace (the tests write to it), and the AWS
  // backend (moto + proxy) started and seeded before VS Code.
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(opts.workspace, workspace, { recursive: true });
  const backend = await startSeededBackend();
  const awsEnv = prepareAwsWorkspace(workspace, backend.endpoint);
  let code;
  try {
    code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath,
      extensionTestsEnv: { SOP_LENS_TEST_RESULT: resultFile, SOP_LENS_TEST_WORKSPACE: workspace, ...awsEnv },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (err) {
    code = typeof err?.code === 'number' ? err.code : 1;
    if (!fs.existsSync(resultFile)) {
      process.stderr.write(`[electron] The test run failed before the suite wrote its result: ${err?.message ?? err}\n`);
      if (process.platform === 'linux' && !process.env.DISPLAY) process.stderr.write('[electron] No DISPLAY is set: run this under xvfb-run -a.\n');
    }
  }
  if (fs.existsSync(resultFile)) {
    const { text, failed } = formatReport(JSON.parse(fs.readFileSync(resultFile, 'utf8')));
    process.stdout.write(text);
    if (failed > 0 && code === 0) code = 1;
  } else {
    process.stdout.write('0 passed, 1 failed\n');
    if (code === 0) code = 1;
  }
  await backend.stop().catch(() => {});
  fs.rmSync(runDir, { recursive: true, force: true });
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[electron] ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
