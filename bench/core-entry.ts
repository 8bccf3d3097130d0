// What the benchmark imports from the core. scripts/bench.mjs bundles this file with esbuild, with the
// options of the production build, into bench/generated/core.cjs, so the bench times the code the CLI ships.
export { parseTemplate } from '../src/core/template/parse';
export { lintText } from '../src/core/lint/lint';
export { IncrementalLinter } from '../src/core/lint/incremental';
export { RULES } from '../src/core/rules/registry';
