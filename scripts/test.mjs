// `npm test`: everything, in order — install, type check, ESLint, build, unit and CLI tests (mocha, plain Node),
// then the integration suite inside a real VS Code and the demo clicked through in the browser. Ends with one
// "N passed, N failed" line counting tests (a failed step that is not a test run, such as the type check,
// counts as one failure).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);
ensureDependencies(root);

let passed = 0;
let failed = 0;
const failures = [];

function run(name, command, args, { counts } = {}) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: counts ? ['inherit', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, FORCE_COLOR: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  if (counts) process.stdout.write(result.stdout ?? '');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let stepPassed = 0;
  let stepFailed = 0;
  if (counts) ({ passed: stepPassed, failed: stepFailed } = counts(result.stdout ?? ''));
  if (result.status !== 0 && stepFailed === 0) stepFailed = 1;
  passed += stepPassed;
  failed += stepFailed;
  if (result.status !== 0) failures.push(name);
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${seconds} s`);
}

const mochaCounts = (out) => ({
  passed: Number(/(\d+) passing/.exec(out)?.[1] ?? 0),
  failed: Number(/(\d+) failing/.exec(out)?.[1] ?? 0),
});
const harnessCounts = (out) => {
  const m = /^(\d+) passed, (\d+) failed$/m.exec(out);
  return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? 0) };
};
const node = process.execPath;
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

run('typecheck', bin('tsc'), ['-p', '.']);
run('eslint', bin('eslint'), ['.']);
run('build', node, ['scripts/build.mjs']);
run('unit', bin('mocha'), [], { counts: mochaCounts });
run('integration', node, ['test/vscode-host/run-integration.mjs'], { counts: harnessCounts });
// The demo as a newcomer clicks through it (npm start -- --browser), in a user's VS Code rather than the test driver's.
run('integration', node, ['test/vscode-host/demo-check.mjs'], { counts: harnessCounts });

console.log(`\n${failures.length ? `Failed steps: ${failures.join(', ')}` : 'All steps passed.'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
