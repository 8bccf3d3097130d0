// `npm start`: install if needed, build, and open the examples/ workspace with SOP Lens loaded:
// in the desktop VS Code when `code` is on the PATH, otherwise in the browser VS Code of the test harness.
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const workspace = path.join(root, 'examples');
ensureDependencies(root);

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const hasCode = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' }).status === 0 && !process.argv.includes('--browser');
if (hasCode) {
  console.log(`Opening ${workspace} in VS Code with SOP Lens loaded from ${root}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No `code` command on the PATH: starting the browser VS Code of the test harness instead.');
  const child = spawn(process.execPath, [path.join(root, 'test', 'vscode-host', 'sandbox.mjs'), '--workspace', workspace, ...process.argv.slice(2).filter((a) => a !== '--browser')], { stdio: 'inherit' });
  const stop = () => child.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
