// Runs a command for the bench: wall time (from spawn to exit), CPU time and peak memory (through
// GNU time, when the machine has it), an optional time limit that stops the whole process group.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
export const HAVE_GNU_TIME = existsSync(GNU_TIME);

/** The command as one shell-quoted line, for printing. */
export function shellLine(cmd, args) {
  const q = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${String(s).replace(/'/g, `'\\''`)}'`);
  return [cmd, ...args].map(q).join(' ');
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: object, timeoutMs?: number, stdoutFile?: string, captureStdout?: boolean, onLine?: (line: string) => void, measureCpu?: boolean }} [o]
 * @returns {Promise<{ code: number|null, signal: string|null, wallMs: number, userMs?: number, sysMs?: number, cpuMs?: number, maxRssKiB?: number, timedOut: boolean, stdout: string, stderr: string, error?: string }>}
 */
export function run(cmd, args, o = {}) {
  return new Promise((resolve) => {
    const useTime = o.measureCpu !== false && HAVE_GNU_TIME;
    const tmp = mkdtempSync(path.join(tmpdir(), 'sop-lens-bench-'));
    const timeFile = path.join(tmp, 'time');
    const [file, argv] = useTime ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, cmd, ...args]] : [cmd, args];
    const outFd = o.stdoutFile ? openSync(o.stdoutFile, 'w') : undefined;
    const stdout = [];
    const stderr = [];
    let pending = '';
    let child;
    const t0 = performance.now();
    try {
      child = spawn(file, argv, {
        cwd: o.cwd,
        env: o.env ?? process.env,
        detached: true,
        stdio: ['ignore', outFd ?? (o.captureStdout || o.onLine ? 'pipe' : 'ignore'), 'pipe'],
      });
    } catch (err) {
      if (outFd !== undefined) closeSync(outFd);
      rmSync(tmp, { recursive: true, force: true });
      resolve({ code: null, signal: null, wallMs: 0, timedOut: false, stdout: '', stderr: '', error: err.message });
      return;
    }
    if (outFd !== undefined) closeSync(outFd);
    child.stdout?.on('data', (d) => {
      if (o.captureStdout) stdout.push(d);
      if (o.onLine) {
        pending += d.toString();
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const l of lines) if (l) o.onLine(l);
      }
    });
    child.stderr.on('data', (d) => {
      if (stderr.reduce((n, b) => n + b.length, 0) < 1 << 20) stderr.push(d);
    });
    let timedOut = false;
    const timer = o.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, o.timeoutMs)
      : undefined;
    let spawnError;
    child.on('error', (err) => (spawnError = err.message));
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - t0;
      if (timer) clearTimeout(timer);
      if (pending && o.onLine) o.onLine(pending);
      const result = { code, signal, wallMs, timedOut, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
      if (spawnError) result.error = spawnError;
      if (useTime) {
        // GNU time prints "Command exited with non-zero status N" first, then the format line; it
        // reports the command's own exit code as its own.
        const lines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : [];
        const m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(lines.at(-1) ?? '');
        if (m) Object.assign(result, { userMs: Number(m[1]) * 1000, sysMs: Number(m[2]) * 1000, cpuMs: (Number(m[1]) + Number(m[2])) * 1000, maxRssKiB: Number(m[3]) });
        if (lines.some((l) => /Command terminated by signal|No such file/.test(l)) || (code === 127 && !m)) result.error = lines.join(' ');
      }
      rmSync(tmp, { recursive: true, force: true });
      resolve(result);
    });
  });
}
