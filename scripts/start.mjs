// `npm start`: install if needed, build, start the demo AWS backend (moto + our proxy, seeded with the
// demo accounts), and open the examples/ workspace with SOP Lens loaded: in the desktop VS Code when
// `code` is on the PATH, otherwise (or with --browser) in VS Code in the browser.
//
//   npm start [-- --browser] [-- --no-aws] [-- --port <n>]
//
// --no-aws skips the demo backend: the Accounts view then uses your own AWS profiles and accounts file.
// --no-build skips the build (the tests, which build first, start the demo this way).
// The demo's VS Code runs with a user profile of its own, whose only setting points Open Console at the
// demo backend's federation endpoint; the other AWS endpoints come from AWS_ENDPOINT_URL.
import { spawnSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const workspace = path.join(root, 'examples');
const args = process.argv.slice(2);
/** Where the running demo backend's endpoint is noted for `npm run demo:mfa-code` (no secrets). */
const DEMO_STATE = path.join(root, '.aws-backend', 'demo.json');
/** The desktop demo's own VS Code profile (user settings, state), so your own settings neither change nor redirect the demo. */
const DESKTOP_USER_DATA = path.join(root, '.vscode-test', 'demo-desktop');
const OWN_FLAGS = ['--browser', '--no-aws', '--no-build'];
ensureDependencies(root);

if (!args.includes('--no-build')) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env };
let backend;
/** The demo VS Code's user settings: Open Console goes to the demo backend's federation endpoint. */
const userSettings = {};
if (!args.includes('--no-aws')) {
  const demo = await startDemoBackend();
  backend = demo.child;
  Object.assign(env, demo.env);
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
  userSettings['sopLens.endpoints'] = { signin: `${demo.endpoint}/federation` };
}
const stopBackend = () => {
  if (backend && backend.exitCode === null) backend.kill('SIGTERM');
  rmSync(DEMO_STATE, { force: true });
};

const browser = args.includes('--browser');
const hasCode = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' }).status === 0;
const desktop = hasCode && !browser;
const passOn = args.filter((a) => !OWN_FLAGS.includes(a));
let child;
if (desktop) {
  console.log(`Opening ${workspace} in VS Code with SOP Lens loaded from ${root} (demo profile ${path.relative(root, DESKTOP_USER_DATA)})`);
  writeDesktopSettings(userSettings);
  child = spawn('code', ['--new-window', `--user-data-dir=${DESKTOP_USER_DATA}`, `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', env });
} else {
  console.log(
    browser
      ? 'Starting VS Code in the browser (--browser): the VS Code server from the npm package code-server, installed once into .vscode-test/host/.'
      : 'No `code` command on the PATH: starting VS Code in the browser instead (the VS Code server from the npm package code-server, installed once into .vscode-test/host/).',
  );
  const sandbox = [path.join(root, 'test', 'vscode-host', 'sandbox.mjs'), '--workspace', workspace, '--user-settings', JSON.stringify(userSettings), ...passOn];
  child = spawn(process.execPath, sandbox, { stdio: 'inherit', env });
}
const stop = () => child.kill('SIGINT');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => {
  // The desktop `code` command returns at once; keep the backend until Ctrl-C then.
  if (desktop && backend) {
    console.log('The demo AWS backend keeps running for VS Code; press Ctrl-C here to stop it.');
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    const end = () => {
      stopBackend();
      process.exit(0);
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
    return;
  }
  stopBackend();
  process.exit(code ?? 0);
});

/** Writes the demo's user settings into the desktop demo profile, keeping anything else set there. */
function writeDesktopSettings(settings) {
  const file = path.join(DESKTOP_USER_DATA, 'User', 'settings.json');
  let current = {};
  try {
    if (existsSync(file)) current = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.log(`${path.relative(root, file)} is not plain JSON; replacing it with the demo's settings`);
  }
  const next = { ...current, ...settings };
  if (!settings['sopLens.endpoints']) delete next['sopLens.endpoints'];
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(next, null, 2) + '\n');
}

async function startDemoBackend() {
  const { build: esbuild } = await import('esbuild');
  const entry = path.join(root, 'out', 'demo', 'aws-backend.js');
  await esbuild({ entryPoints: [path.join(root, 'test', 'aws-backend', 'cli.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: entry, logLevel: 'warning' });
  console.log('Starting the demo AWS backend (moto + proxy on 127.0.0.1) with the demo accounts…');
  const child = spawn(process.execPath, [entry, 'serve', '--fixture', 'demo'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const first = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the demo AWS backend exited (${code}) before it was ready; run with --no-aws to skip it`)));
  }).catch((err) => {
    console.error(`npm start: ${err.message}`);
    process.exit(1);
  });
  const { endpoint } = JSON.parse(first);
  mkdirSync(path.dirname(DEMO_STATE), { recursive: true });
  writeFileSync(DEMO_STATE, JSON.stringify({ endpoint, pid: child.pid }) + '\n');
  const fixtures = path.join(root, 'test', 'aws-backend', 'fixtures');
  console.log(`Demo AWS backend on ${endpoint} (console sign-in: ${endpoint}/federation). MFA code of the demo device: npm run demo:mfa-code`);
  return {
    child,
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      SOP_LENS_AWS_ENDPOINT: endpoint,
      AWS_CONFIG_FILE: path.join(fixtures, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(fixtures, 'aws-credentials'),
      AWS_REGION: 'us-east-1',
    },
  };
}
