/**
 * The tool version, read from the package's own package.json: ../package.json from the bundle
 * (dist/cli.js), further up from compiled tests. Read at run time rather than imported, so the
 * TypeScript build does not copy package.json into out/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

function readVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'sop-lens' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // no package.json here: keep looking
    }
    if (path.dirname(dir) === dir) return '0.0.0-unknown';
  }
}

export const VERSION: string = readVersion();

/** The project's home: SARIF `informationUri` must be absolute. */
export const HOMEPAGE = 'https://github.com/sop-lens/sop-lens';
