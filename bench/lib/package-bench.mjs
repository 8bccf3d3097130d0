// Section 5 of the bench: `npm run package` (production bundles + vsce package), the .vsix size and
// the sizes of the bundles in dist/. Runs first, so that the CLI and the extension the later sections
// time are the production build that ships.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { run } from './proc.mjs';

function fileSize(file) {
  if (!existsSync(file)) return undefined;
  return { bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
}

/** Entries of a zip (the .vsix) from its end-of-central-directory record. */
function zipEntries(file) {
  try {
    const buf = readFileSync(file);
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
      if (buf.readUInt32LE(i) === 0x06054b50) return buf.readUInt16LE(i + 10);
    }
  } catch {
    /* not readable */
  }
  return undefined;
}

/** npm settings an enclosing `npm run bench` exports; the nested `npm run package` sets its own. */
function cleanNpmEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_(package_|lifecycle_)/i.test(k)) delete env[k];
  return env;
}

export async function runPackageSection({ root, workDir, log }) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  const logFile = path.join(workDir, 'package.log');
  log(`section 5: npm run package (log: ${path.relative(root, logFile)})`);
  const r = await run('npm', ['run', 'package'], { cwd: root, env: cleanNpmEnv(), timeoutMs: 5 * 60_000, captureStdout: true, measureCpu: false });
  writeFileSync(logFile, `$ npm run package\n${r.stdout}\n${r.stderr}`);
  const result = { command: 'npm run package', wallMs: r.wallMs };
  const builtNow = (f) => existsSync(f) && statSync(f).mtimeMs >= Date.now() - r.wallMs - 1000;
  if (r.timedOut || r.code !== 0) {
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).filter((l) => l && !/^npm warn /.test(l));
    const why = lines.find((l) => /\bERROR\b/.test(l)) ?? lines.at(-1) ?? 'no output';
    result.error = r.timedOut ? 'npm run package did not finish within 5 minutes' : `npm run package exited with ${r.code}: ${why.replace(/^\s*ERROR\s*/, '')}`;
    log(`  ${result.error}`);
    // The later sections still need a production build in dist/.
    const b = await run(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, timeoutMs: 3 * 60_000, captureStdout: true, measureCpu: false });
    result.fallbackBuild = b.code === 0 ? 'node scripts/build.mjs --production' : `node scripts/build.mjs --production failed too (exit ${b.code})`;
  } else if (!builtNow(vsix)) {
    result.error = `npm run package succeeded but ${path.basename(vsix)} was not (re)written`;
  } else {
    result.vsix = { file: path.basename(vsix), bytes: statSync(vsix).size, entries: zipEntries(vsix) };
    log(`  ${path.basename(vsix)}: ${(result.vsix.bytes / 1024).toFixed(1)} KiB, ${result.vsix.entries} files`);
  }
  result.bundles = {};
  for (const name of ['extension.js', 'lint-worker.js', 'cli.js']) {
    const f = path.join(root, 'dist', name);
    const size = fileSize(f);
    if (size) result.bundles[`dist/${name}`] = { ...size, builtByThisRun: builtNow(f) };
  }
  return result;
}
