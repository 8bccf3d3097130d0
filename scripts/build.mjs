// Bundles the extension and the CLI with esbuild. Type checking is separate (`npm run typecheck`).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync } from 'node:fs';

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
  // jsonc-parser's main build is UMD, whose inner requires esbuild cannot follow: bundle its ES module build.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

// The AWS SDK goes into a bundle of its own, `dist/aws-sdk.js`, which the extension and the CLI load on
// their first AWS call: activation and `sop-lens lint` never read its megabytes. Inside it each package
// is evaluated only when first asked for (a getter per package).
const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const sdkPackages = Object.keys(dependencies).filter((name) => name.startsWith('@aws-sdk/') || name.startsWith('@smithy/'));
const sdkEntry = sdkPackages.map((name) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => require(${JSON.stringify(name)}) });`).join('\n');

/** Resolves every SDK import of our code to the package's slot in `dist/aws-sdk.js`. */
const sdkOutOfLine = {
  name: 'aws-sdk-out-of-line',
  setup(b) {
    const filter = new RegExp(`^(${sdkPackages.map((n) => n.replace(/[/.-]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'aws-sdk-slot' }));
    b.onLoad({ filter: /.*/, namespace: 'aws-sdk-slot' }, (args) => ({
      contents: `module.exports = require('./aws-sdk.js')[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/aws-sdk\.js$/ }, () => ({ path: './aws-sdk.js', external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: { extension: 'src/vscode/extension.ts' }, outdir: 'dist', external: ['vscode'], plugins: [sdkOutOfLine] }),
  build({ ...common, entryPoints: { 'lint-worker': 'src/vscode/lint-worker.ts' }, outdir: 'dist', external: ['vscode'], plugins: [sdkOutOfLine] }),
  build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', plugins: [sdkOutOfLine] }),
  build({ ...common, stdin: { contents: sdkEntry, resolveDir: root, sourcefile: 'aws-sdk-entry.js' }, outfile: 'dist/aws-sdk.js', minify: true, sourcemap: false }),
]);
// Rule documentation pages are generated from the rule declarations (the diagnostics link to them).
await build({ ...common, sourcemap: false, entryPoints: ['scripts/gen-docs.ts'], outfile: 'out/gen-docs.js' });
const { execFileSync } = await import('node:child_process');
execFileSync(process.execPath, [path.join(root, 'out', 'gen-docs.js'), root], { stdio: 'inherit' });
console.log(`built dist/ (${production ? 'production' : 'development'})`);
