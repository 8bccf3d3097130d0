// Starts VS Code's own server (lib/vscode/out/server-main.js from the code-server npm package) with
// Node 24, headless, for the integration tests (mode 'test') and the demo (mode 'user'). Install it
// first with install.mjs.
//
//   import { startServer, workbenchUrl } from './server.mjs';
//   const server = await startServer({ workspaceFolder: '/abs/folder', env: { FOO: '1' } });
//   const url = server.url({ extensionDevelopmentPath: '/abs/ext', extensionTestsPath: '/abs/out/test/integration/index' });
//   ...
//   await server.stop();

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { NODE_BIN, SERVER_MAIN } from './install.mjs';

export const HOST = '127.0.0.1';

/**
 * User settings for the integration tests only: they keep a fresh, offline VS Code quiet and
 * predictable (no workspace trust prompt, no welcome page, no chat side bar). The demo gets none of them.
 */
export const TEST_USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: HOST, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function anyFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Returns `preferred` if it is free on 127.0.0.1, otherwise any free port. */
export async function pickPort(preferred) {
  if (preferred && (await portIsFree(preferred))) return preferred;
  return anyFreePort();
}

/** `vscode-remote://127.0.0.1:<port><absolute path>`, path segments percent-encoded. */
export function remoteUri(port, absPath) {
  const p = path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${HOST}:${port}${p}`;
}

/**
 * The workbench URL: http://127.0.0.1:<port>/?folder=<folder>&payload=<url-encoded JSON list of pairs>.
 * The payload (extension development + tests) is honoured only with --enable-smoke-test-driver (mode `test`).
 * @param {{ port: number, folder?: string, extensionDevelopmentPath?: string, extensionTestsPath?: string, openFile?: string }} o
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath, openFile }) {
  const pairs = [];
  if (extensionDevelopmentPath) pairs.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]);
  if (extensionTestsPath) pairs.push(['extensionTestsPath', remoteUri(port, extensionTestsPath.replace(/\.js$/, ''))]);
  if (openFile) pairs.push(['openFile', remoteUri(port, openFile)]);
  const query = [];
  if (folder) query.push(`folder=${encodeURIComponent(path.resolve(folder)).replace(/%2F/g, '/')}`);
  if (pairs.length) query.push(`payload=${encodeURIComponent(JSON.stringify(pairs))}`);
  return `http://${HOST}:${port}/${query.length ? `?${query.join('&')}` : ''}`;
}

function httpAnswers(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path: '/version', timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Serves `/proxy/<port>/<path>` by forwarding the request to `http://127.0.0.1:<port>/<path>`: the route the
 * code-server wrapper offers for the workbench's port forwarding (hand-written: the bare server has no
 * such route, and a proxy library would be a dependency for 20 lines). Loopback only, HTTP only.
 */
function startPortForwarder() {
  const server = http.createServer((request, response) => {
    const match = /^\/proxy\/(\d{1,5})(\/[^]*)?$/.exec(request.url ?? '');
    if (!match) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Not a /proxy/<port>/ path\n');
    const upstream = http.request({ host: HOST, port: Number(match[1]), method: request.method, path: match[2] ?? '/', headers: { ...request.headers, host: `${HOST}:${match[1]}` } }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', (err) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`Nothing answers on ${HOST}:${match[1]} (${err.code ?? err.message})\n`);
    });
    request.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      server.unref();
      resolve({
        url: `http://${HOST}:${server.address().port}`,
        stop: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

function tailFile(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** Links each extension folder into the server's extensions folder, as an installed extension (`<publisher>.<name>-<version>`). */
function linkExtensions(extensionsDir, folders) {
  for (const folder of folders) {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    const link = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(path.resolve(folder), link, 'dir');
  }
}

/**
 * Starts the VS Code server, in one of two modes:
 * - `test` (the default): with `--enable-smoke-test-driver`, which the workbench needs to honour the URL's
 *   extension development and tests payload, and which also hides every notification toast and skips
 *   dialogs; with TEST_USER_SETTINGS under `userSettings`.
 * - `user` (the demo): as a user's VS Code runs, without the test driver or test settings; the
 *   `extensions` folders are installed by linking them into the extensions folder (a URL payload is ignored).
 * @param {object} options
 * @param {'test' | 'user'} [options.mode]
 * @param {string[]} [options.extensions] extension folders to install (`user` mode)
 * @param {string} [options.workspaceFolder] folder the default URL opens
 * @param {Record<string, unknown>} [options.userSettings] the user's settings.json (merged over TEST_USER_SETTINGS in `test` mode)
 * @param {Record<string, string | undefined>} [options.env] extra environment for the server (the extension host inherits it); undefined removes a variable
 * @param {number} [options.port] preferred port; another free one is used if it is taken
 * @param {string} [options.dataDir] where server/user/extensions dirs go (default: a new temp dir, removed by stop())
 * @param {number} [options.startTimeoutMs] default 60 s
 * @returns {Promise<{ port: number, pid: number, dataDir: string, logFile: string, url: (payload?: object) => string, workbenchUrl: (o: object) => string, stop: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const { workspaceFolder, userSettings = {}, env = {}, port: preferredPort, startTimeoutMs = 60_000, mode = 'test', extensions = [] } = options;
  if (mode !== 'test' && mode !== 'user') throw new Error(`startServer: mode must be 'test' or 'user', not ${mode}`);
  for (const [what, file] of [['Node 24', NODE_BIN], ['VS Code server', SERVER_MAIN]]) {
    if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}. Run: node test/vscode-host/install.mjs`);
  }
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-vscode-'));
  const dirs = { server: path.join(dataDir, 'server'), user: path.join(dataDir, 'user'), extensions: path.join(dataDir, 'extensions') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const settingsDir = path.join(dirs.user, 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  const settings = mode === 'test' ? { ...TEST_USER_SETTINGS, ...userSettings } : userSettings;
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  linkExtensions(dirs.extensions, extensions);

  const childEnv = { ...process.env };
  // Variables of an enclosing VS Code / Electron would confuse the server.
  for (const k of Object.keys(childEnv)) {
    if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$)/.test(k)) delete childEnv[k];
  }
  // An `undefined` value removes the variable.
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  childEnv.PATH = `${path.dirname(NODE_BIN)}${path.delimiter}${childEnv.PATH ?? ''}`;
  // The workbench turns a localhost URL an extension opens (`env.openExternal`) into `VSCODE_PROXY_URI`
  // with the port filled in, by default `/proxy/<port>/` of the code-server wrapper, which this bare server
  // lacks: a forwarder of our own serves that route.
  const forwarder = await startPortForwarder();
  childEnv.VSCODE_PROXY_URI ??= `${forwarder.url}/proxy/{{port}}/`;

  const logFile = path.join(dataDir, 'server.log');
  let lastError;
  // A port picked as free can be taken before the server binds it; retry a few times.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await pickPort(attempt === 1 ? preferredPort : undefined);
    const args = [
      SERVER_MAIN,
      '--host', HOST,
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      ...(mode === 'test' ? ['--enable-smoke-test-driver'] : []),
      '--server-data-dir', dirs.server,
      '--user-data-dir', dirs.user,
      '--extensions-dir', dirs.extensions,
    ];
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `\n$ ${NODE_BIN} ${args.join(' ')}\n`);
    const child = spawn(NODE_BIN, args, { cwd: dataDir, env: childEnv, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const pgid = child.pid;
    let exited = null;
    child.on('exit', (code, signal) => (exited = { code, signal }));
    child.on('error', (err) => (exited = { code: null, signal: null, err }));
    // Safety net: never leave a server behind if the caller crashes or forgets stop().
    const onExit = () => killGroup(pgid, 'SIGKILL');
    process.on('exit', onExit);

    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      if (pgid) {
        killGroup(pgid, 'SIGTERM');
        const deadline = Date.now() + 5000;
        while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (groupAlive(pgid)) {
          killGroup(pgid, 'SIGKILL');
          const deadline2 = Date.now() + 2000;
          while (groupAlive(pgid) && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 50));
        }
      }
      if (ownDataDir && !options.keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    };

    const deadline = Date.now() + startTimeoutMs;
    let up = false;
    while (!exited && Date.now() < deadline) {
      if (await httpAnswers(port)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (up && !exited) {
      return {
        port,
        /** Port of the forwarder that serves the localhost pages extensions open (`/proxy/<port>/`). */
        forwarderPort: Number(new URL(forwarder.url).port),
        pid: pgid,
        dataDir,
        logFile,
        settingsFile: path.join(settingsDir, 'settings.json'),
        /** URL opening `workspaceFolder` with an optional payload ({extensionDevelopmentPath, extensionTestsPath, openFile}). */
        url: (payload = {}) => workbenchUrl({ port, folder: workspaceFolder, ...payload }),
        workbenchUrl: (o) => workbenchUrl({ port, ...o }),
        stop: async () => {
          await stop();
          await forwarder.stop();
        },
      };
    }
    const log = tailFile(logFile);
    const keep = options.keepDataDir;
    options.keepDataDir = true; // keep the log for the error message
    await stop();
    options.keepDataDir = keep;
    const portTaken = /EADDRINUSE/.test(log);
    lastError = new Error(
      exited
        ? `The VS Code server exited during start-up (${exited.err ? exited.err.message : `code ${exited.code}, signal ${exited.signal}`}). Server log ${logFile}:\n${log}`
        : `The VS Code server did not answer on http://${HOST}:${port} within ${startTimeoutMs / 1000} s. Server log ${logFile}:\n${log}`,
    );
    if (!portTaken) break;
  }
  await forwarder.stop();
  throw lastError;
}
