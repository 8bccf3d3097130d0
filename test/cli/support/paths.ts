/** Where the repository, the CLI fixtures and the bundle are, from the compiled test's location in out/. */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    const isRepo = fs.existsSync(manifest) && fs.existsSync(path.join(dir, 'scripts', 'build.mjs'));
    if (isRepo && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'sop-lens') return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the sop-lens repository above ${start}`);
  }
}

export const REPO = findRepoRoot(__dirname);
export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cli');
/** Fixture paths as the CLI prints them when run from the repository root. */
export const FIXTURES_REL = 'test/fixtures/cli';
export const BIN = path.join(REPO, 'bin', 'sop-lens.js');
export const BUNDLE = path.join(REPO, 'dist', 'cli.js');
