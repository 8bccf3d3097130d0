// `npm run package`: a production esbuild bundle, then a .vsix with @vscode/vsce. Prints the size.
// The project has no public repository yet, so README links stay relative (--no-rewrite-relative-links).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureDependencies(root);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const pkg = (await import(path.join(root, 'package.json'), { with: { type: 'json' } })).default;
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
run(process.execPath, ['scripts/build.mjs', '--production']);
run(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out]);
console.log(`${path.basename(out)}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
