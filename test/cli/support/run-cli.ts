/** Runs the real CLI bundle (dist/cli.js through bin/sop-lens.js) as CI would, building it first when it is stale. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, BUNDLE, REPO } from './paths';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Shell commands run before the CLI in the same process (e.g. `ulimit -f 0`); needs `sh`. */
  readonly before?: string;
}

export function sopLens(args: readonly string[], options: RunOptions = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  const [command, argv] = options.before === undefined ? [process.execPath, [BIN, ...args]] : ['sh', ['-c', `${options.before} && exec "$0" "$@"`, process.execPath, BIN, ...args]];
  const r = spawnSync(command, argv, { cwd: options.cwd ?? REPO, env, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Newest modification time of the sources the CLI bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the bundle when a source under src/cli or src/core is newer than it. */
export function ensureBundle(): void {
  const stale = !fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < Math.max(newestSource(path.join(REPO, 'src', 'cli')), newestSource(path.join(REPO, 'src', 'core')));
  if (stale) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8', timeout: 170_000 });
    if (build.status !== 0) throw new Error(`building the CLI bundle (node scripts/build.mjs) failed:\n${build.stderr}${build.stdout}`);
  }
  assert.ok(fs.existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build`);
}
