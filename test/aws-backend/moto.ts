/**
 * Starts moto (the AWS emulator on the machine's Python) on a free port of 127.0.0.1 and stops it.
 *
 * moto runs detached as the leader of its own process group, so stopping it kills the whole group
 * (moto_server may fork a reloader child). MOTO_ACCOUNT_ID is never set: it would override the account
 * of every request, assumed roles included.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** The moto version the project tests against (installed into `.aws-backend/` where missing). */
export const MOTO_VERSION = '5.2.1';

/** The repository root, from `out/test/aws-backend/` or `test/aws-backend/`. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export class MotoMissingError extends Error {
  constructor(detail: string) {
    super(
      `moto_server is not installed and could not be installed (${detail}). Install it with ` +
        `\`pip install 'moto[server]==${MOTO_VERSION}'\` (Python 3.9+ with venv and pip) so that \`moto_server\` is on the PATH.`,
    );
    this.name = 'MotoMissingError';
  }
}

export interface MotoServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** `moto_server` from the PATH, else from the project's `.aws-backend/venv`, installing it there if needed. */
export function findMotoServer(install = true): string {
  const found = onPath('moto_server');
  if (found) return found;
  const venv = path.join(projectRoot(), '.aws-backend', 'venv');
  const local = path.join(venv, 'bin', 'moto_server');
  if (fs.existsSync(local)) return local;
  if (!install) throw new MotoMissingError('not on the PATH nor in .aws-backend/venv');
  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new MotoMissingError('no python3 on the PATH');
  const created = spawnSync(python, ['-m', 'venv', venv], { stdio: 'pipe', encoding: 'utf8' });
  if (created.status !== 0) throw new MotoMissingError(`python3 -m venv failed: ${created.stderr.trim().split('\n').pop()}`);
  const pip = spawnSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', `moto[server]==${MOTO_VERSION}`], { stdio: 'pipe', encoding: 'utf8', timeout: 600_000 });
  if (pip.status !== 0 || !fs.existsSync(local)) throw new MotoMissingError(`pip install failed: ${(pip.stderr ?? '').trim().split('\n').pop()}`);
  return local;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

export async function startMoto(options: { port?: number; timeoutMs?: number } = {}): Promise<MotoServer> {
  const executable = findMotoServer();
  const port = options.port ?? (await freePort());
  const env = { ...process.env };
  delete env.MOTO_ACCOUNT_ID;
  const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await answers(url))) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    if (Date.now() > deadline) {
      await stopGroup(child);
      throw new Error(`moto_server did not answer on ${url} within ${options.timeoutMs ?? 30_000} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Keep draining stderr (moto logs each request there) without holding the event loop open.
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  (child.stderr as unknown as { unref?: () => void })?.unref?.();
  child.unref();
  return { url, port, pid: child.pid!, stop: () => stopGroup(child) };
}
