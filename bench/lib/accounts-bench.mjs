// Section 6 of `npm run bench`: the live checks over many accounts against moto + the proxy with latency
// injected per call (bench/accounts/check-accounts.ts, bundled here with esbuild and run in its own
// process; it starts the backend, also bundled here, in a process of its own).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export async function runAccountsSection({ root, workDir, accounts = 50, latencyMs = 20, log }) {
  const { build } = await import('esbuild');
  const bundle = path.join(workDir, 'accounts-bench.cjs');
  await build({ entryPoints: [path.join(root, 'bench', 'accounts', 'check-accounts.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: bundle, logLevel: 'warning' });
  const backendBundle = path.join(workDir, 'aws-backend-cli.cjs');
  await build({ entryPoints: [path.join(root, 'test', 'aws-backend', 'cli.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: backendBundle, logLevel: 'warning' });
  const output = path.join(workDir, 'accounts-bench.json');
  log(`live checks: ${accounts} accounts × 17 regions, ${latencyMs} ms per call, against moto + proxy`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, '--accounts', String(accounts), '--latency', String(latencyMs), '--json', output, '--backend', backendBundle], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`the accounts benchmark exited with ${code}`);
  return JSON.parse(readFileSync(output, 'utf8'));
}
