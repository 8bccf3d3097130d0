// Bundles the extension and the CLI with esbuild. Type checking is separate (`npm run typecheck`).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({ ...common, entryPoints: { extension: 'src/vscode/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  build({ ...common, entryPoints: { 'lint-worker': 'src/vscode/lint-worker.ts' }, outdir: 'dist', external: ['vscode'] }),
  build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' }),
]);
// Rule documentation pages are generated from the rule declarations (the diagnostics link to them).
await build({ ...common, sourcemap: false, entryPoints: ['scripts/gen-docs.ts'], outfile: 'out/gen-docs.js' });
const { execFileSync } = await import('node:child_process');
execFileSync(process.execPath, [path.join(root, 'out', 'gen-docs.js'), root], { stdio: 'inherit' });
console.log(`built dist/ (${production ? 'production' : 'development'})`);
