// Installs the project's npm dependencies when they are missing, so `npm start` and `npm test` work on a fresh clone.
// Builtins only: this runs before node_modules exists.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function ensureDependencies(root) {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && existsSync(path.join(root, 'node_modules', 'yaml'))) return;
  console.log('Installing npm dependencies (first run)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, [existsSync(path.join(root, 'package-lock.json')) ? 'ci' : 'install'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm install failed: check that the npm registry is reachable, then run `npm ci` by hand.');
    process.exit(result.status ?? 1);
  }
}
