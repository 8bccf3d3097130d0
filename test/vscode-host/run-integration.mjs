#!/usr/bin/env node
// Runs the compiled integration suite inside a real VS Code (the VS Code server from the code-server
// npm package, opened by headless chromium). See /work/shared/notes/vscode-host.md.
//
//   node test/vscode-host/run-integration.mjs [--extension <dir>] [--suite <index without .js>]
//       [--workspace <dir>] [--timeout <seconds|90s|8m>] [--screenshot <file.png>] [--grep <pattern>] [--keep] [--verbose]
//
// Exits 0 when every test passed, 1 on any failure, on the time limit, or on a harness error.
// The last line of stdout is always `N passed, N failed`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureHost, reportInstallFailure, REPO_ROOT, CHROMIUM } from './install.mjs';
import { startServer } from './server.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

const FAILURE_SCREENSHOT = path.join(REPO_ROOT, 'test-results', 'integration-failure.png');

function usage() {
  return `Usage: node test/vscode-host/run-integration.mjs [options]
  --extension <dir>     extension under test (default: ${REPO_ROOT})
  --suite <path>        compiled suite index, without .js (default: <repo>/out/test/integration/index,
                        then <repo>/out/test/integration-untrusted/index in a workspace VS Code does not trust)
  --workspace <dir>     folder to open (default: <repo>/test/fixtures/workspace)
  --timeout <t>         time limit for the whole suite: seconds, or 90s / 8m (default: 8m)
  --screenshot <file>   save a screenshot of the workbench after the run
  --grep <pattern>      run only the tests whose full title matches (mocha's --grep)
  --keep                keep the server's temp folder (logs) even on success
  --verbose             echo the browser console and the server log path`;
}

export function parseDuration(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(text).trim());
  if (!m) throw new Error(`invalid duration '${text}' (use e.g. 480, 90s or 8m)`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

function parseArgs(argv) {
  const o = {
    extension: REPO_ROOT,
    suite: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index'),
    workspace: path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'),
    timeoutMs: 8 * 60_000,
    suiteGiven: false,
    screenshot: undefined,
    keep: false,
    verbose: false,
    grep: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--extension': o.extension = path.resolve(value()); break;
      case '--suite': o.suite = path.resolve(value()).replace(/\.js$/, ''); o.suiteGiven = true; break;
      case '--workspace': o.workspace = path.resolve(value()); break;
      case '--timeout': o.timeoutMs = parseDuration(value()); break;
      case '--screenshot': o.screenshot = path.resolve(value()); break;
      case '--grep': o.grep = value(); break;
      case '--keep': o.keep = true; break;
      case '--verbose': o.verbose = true; break;
      case '-h': case '--help': process.stdout.write(usage() + '\n'); process.exit(0); break;
      default: throw new Error(`unknown option ${a}\n${usage()}`);
    }
  }
  return o;
}

function validate(o) {
  const problems = [];
  if (!fs.existsSync(path.join(o.extension, 'package.json'))) problems.push(`--extension ${o.extension} has no package.json`);
  if (!fs.existsSync(`${o.suite}.js`)) problems.push(`--suite ${o.suite}.js does not exist (compile the tests first: npx tsc -p .)`);
  if (!fs.existsSync(o.workspace) || !fs.statSync(o.workspace).isDirectory()) problems.push(`--workspace ${o.workspace} is not a folder`);
  if (problems.length) throw new Error(problems.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Report

const indentLines = (text, pad) => String(text).split('\n').map((l) => pad + l).join('\n');

/**
 * Formats the suite's JSON result (see test/integration/index.ts) mocha-style. The last line is
 * exactly `N passed, N failed`.
 */
export function formatReport(result) {
  const tests = result.tests ?? [];
  const lines = [''];
  const failures = [];
  let printedPath = [];
  for (const t of tests) {
    const suites = t.titlePath.slice(0, -1);
    let common = 0;
    while (common < suites.length && common < printedPath.length && suites[common] === printedPath[common]) common++;
    for (let d = common; d < suites.length; d++) lines.push(`${'  '.repeat(d + 1)}${suites[d]}`);
    printedPath = suites;
    const pad = '  '.repeat(suites.length + 1);
    const ms = typeof t.duration === 'number' ? ` (${t.duration}ms)` : '';
    if (t.state === 'passed') lines.push(`${pad}✔ ${t.title}${ms}`);
    else if (t.state === 'pending') lines.push(`${pad}- ${t.title} (pending)`);
    else {
      failures.push(t);
      lines.push(`${pad}${failures.length}) ${t.title}${ms}`);
    }
  }
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = failures.length;
  const pending = tests.filter((t) => t.state === 'pending').length;
  lines.push('');
  lines.push(`  ${passed} passing${typeof result.durationMs === 'number' ? ` (${result.durationMs}ms)` : ''}`);
  if (pending) lines.push(`  ${pending} pending`);
  if (failed) lines.push(`  ${failed} failing`);
  failures.forEach((t, i) => {
    lines.push('');
    const [last, ...rest] = [...t.titlePath].reverse();
    const head = rest.reverse();
    lines.push(`  ${i + 1}) ${head.length ? head.join('\n       ') + '\n       ' : ''}${last}:`);
    const err = t.error ?? { message: '(no error recorded)' };
    let stack = err.stack ?? '';
    // Stacks start with "Name: message"; print the message once.
    const msgLine = stack && stack.includes(err.message) ? stack.slice(0, stack.indexOf(err.message) + err.message.length) : err.message;
    stack = stack && stack.includes(err.message) ? stack.slice(stack.indexOf(err.message) + err.message.length) : stack;
    lines.push(indentLines(msgLine, '     '));
    // Node's assert messages already contain a diff; otherwise show both values.
    if ((err.expected !== undefined || err.actual !== undefined) && !/[+-] (actual|expected) [+-] (actual|expected)/.test(err.message)) {
      lines.push(indentLines(`expected: ${indentLines(err.expected, '          ').trimStart()}`, '     '));
      lines.push(indentLines(`actual:   ${indentLines(err.actual, '          ').trimStart()}`, '     '));
    }
    const frames = stack.split('\n').map((l) => l.trim()).filter(Boolean);
    if (frames.length) lines.push(indentLines(frames.join('\n'), '      '));
  });
  lines.push('');
  lines.push(`${passed} passed, ${failed} failed`);
  return { text: lines.join('\n') + '\n', passed, failed };
}

// ---------------------------------------------------------------------------------------------

/**
 * Waits for the suite's result file. Gives up early when the extension host has exited (VS Code ends
 * it after the suite's run() settles; when it exits without a result, the suite failed to load).
 */
async function waitForResult(file, timeoutMs, { isAborted, extHostExited }) {
  const deadline = Date.now() + timeoutMs;
  let exitedAt;
  let lastExitCheck = 0;
  while (Date.now() < deadline) {
    if (isAborted()) return { aborted: true };
    if (fs.existsSync(file)) {
      try {
        return { result: JSON.parse(fs.readFileSync(file, 'utf8')) };
      } catch {
        /* written atomically by the suite; a parse error means a partial foreign write: retry */
      }
    }
    if (exitedAt === undefined && Date.now() - lastExitCheck > 1000) {
      lastExitCheck = Date.now();
      if (extHostExited()) exitedAt = Date.now();
    }
    if (exitedAt !== undefined && Date.now() - exitedAt > 3000) return { extHostExited: true };
    await new Promise((r) => setTimeout(r, 250));
  }
  return { timedOut: true };
}

/** Known, harmless noise of an offline VS Code server in a headless browser. */
const HARMLESS_CONSOLE = [
  /open-vsx\.org/, // marketplace unreachable offline
  /serviceWorker\.js|Service ?Worker/i, // code-server's build does not ship the web service worker
  /^A bad HTTP response code \(404\) was received when fetching the script\.$/,
  /^Failed to load resource: net::ERR_NAME_NOT_RESOLVED/,
  /^Failed to load resource: the server responded with a status of 404 \(Not Found\) \(.*\/(vsda|_static\/out\/browser\/serviceWorker)/,
  /^(ERR )?Canceled: Canceled$/,
  /^Failed to load resource: the server responded with a status of 404 \(Not Found\) \(.*\/(_static\/src\/browser\/media\/favicon[^/]*|update\/check)\)$/,
];

function consoleText(msg) {
  // VS Code logs with '%c LEVEL' + a CSS argument; drop the styling.
  let text = msg.text().replace(/^%c\s*([A-Z]+)\s+color:\s*#[0-9a-fA-F]{3,6}\s*/, '$1 ');
  const url = msg.location()?.url;
  if (/^Failed to load resource/.test(text) && url) text += ` (${url})`;
  return text;
}

// ---------------------------------------------------------------------------------------------
// The AWS backend: the account tests run against moto and our proxy (test/aws-backend), started here,
// before VS Code, so the extension host reaches it like any AWS endpoint.

const AWS_FIXTURES = path.join(REPO_ROOT, 'test', 'aws-backend', 'fixtures');

export async function startSeededBackend() {
  // The seeding runs the SDK under this Node; its notice about Node 22 is noise in a test log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const harness = path.join(REPO_ROOT, 'out', 'test', 'aws-backend', 'harness.js');
  if (!fs.existsSync(harness)) throw new Error(`${harness} does not exist (compile the tests first: npx tsc -p .)`);
  const { startAwsBackend } = await import(pathToFileURL(harness).href);
  const backend = await startAwsBackend();
  try {
    await backend.seed('accounts');
  } catch (err) {
    await backend.stop().catch(() => {});
    throw err;
  }
  return backend;
}

/**
 * Puts the fixture's `.sop/accounts.yaml` into the workspace copy, and returns the environment that
 * points the extension host at the AWS backend (`AWS_ENDPOINT_URL`, the user's own environment, as the
 * demo does: an endpoint in the workspace's settings would make SOP Lens ask before every sign-in) and
 * at the fixture's AWS profiles, and hides the developer's own AWS set-up.
 */
export function prepareAwsWorkspace(workspace, endpoint) {
  fs.mkdirSync(path.join(workspace, '.sop'), { recursive: true });
  fs.copyFileSync(path.join(AWS_FIXTURES, 'accounts-file.yaml'), path.join(workspace, '.sop', 'accounts.yaml'));
  return {
    SOP_LENS_TEST_AWS_ENDPOINT: endpoint,
    AWS_CONFIG_FILE: path.join(AWS_FIXTURES, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(AWS_FIXTURES, 'aws-credentials'),
    // Hide the developer's own AWS environment from the extension host.
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
  };
}

/** The suite that runs in a workspace VS Code does not trust (Restricted Mode), after the main one. */
const UNTRUSTED_SUITE = path.join(REPO_ROOT, 'out', 'test', 'integration-untrusted', 'index');

/**
 * User settings that turn workspace trust on without its start-up dialog: a folder opened for the first
 * time is then in Restricted Mode.
 */
export const UNTRUSTED_USER_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

function fmt(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

async function main() {
  const t0 = Date.now();
  const log = (line) => process.stderr.write(`[integration] ${line}\n`);
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    validate(opts);
  } catch (err) {
    process.stderr.write(`[integration] ${err.message}\n`);
    process.stdout.write('0 passed, 0 failed\n');
    return 1;
  }

  try {
    await ensureHost();
  } catch (err) {
    reportInstallFailure(err);
    process.stdout.write('0 passed, 0 failed\n');
    return 1;
  }
  const tInstalled = Date.now();

  const { chromium } = await import('playwright-core');
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-integration-'));
  let server;
  let backend;
  let browser;
  let page;
  let aborted = false;
  const consoleErrors = [];
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    browser = undefined;
    if (server) await server.stop().catch(() => {});
    server = undefined;
    if (backend) await backend.stop().catch(() => {});
    backend = undefined;
  };
  const onSignal = (sig) => {
    aborted = true;
    log(`${sig}: stopping browser and server`);
    cleanup().finally(() => {
      fs.rmSync(runDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let exitCode = 1;
  let failureReason;

  /**
   * One VS Code server and one workbench page on a copy of the workspace, running one compiled suite;
   * resolves to the suite's result, or to a failure reason. The server stops afterwards; the page stays
   * for the screenshots.
   */
  const runPass = async ({ name, suite, workspace, userSettings, env }) => {
    const resultFile = path.join(runDir, `${name}-result.json`);
    log(`${name}: starting the VS Code server (workspace: a copy of ${opts.workspace}; AWS backend ${backend.endpoint})`);
    const tStart = Date.now();
    server = await startServer({
      mode: 'test', // the test driver runs the suite from the URL's payload; it also hides notification toasts
      workspaceFolder: workspace,
      dataDir: path.join(runDir, `vscode-${name}`),
      userSettings,
      env: { SOP_LENS_TEST_RESULT: resultFile, SOP_LENS_TEST_WORKSPACE: workspace, SOP_LENS_TEST_GREP: opts.grep, ...env },
    });
    const url = server.url({ extensionDevelopmentPath: opts.extension, extensionTestsPath: suite });
    log(`${name}: server on port ${server.port} after ${fmt(Date.now() - tStart)}; opening the workbench in headless chromium`);
    if (opts.verbose) log(`URL: ${url}`);
    await page?.close().catch(() => {});
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (msg) => {
      const type = msg.type();
      const text = consoleText(msg);
      if (type === 'error') consoleErrors.push(text);
      if (opts.verbose) process.stderr.write(`[browser ${type}] ${text}\n`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.stack ?? err.message}`));
    page.on('crash', () => consoleErrors.push('the browser page crashed'));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    const logFile = server.logFile;
    const outcome = await waitForResult(resultFile, opts.timeoutMs, {
      isAborted: () => aborted,
      extHostExited: () => {
        try {
          // exited, and not relaunched since
          const text = fs.readFileSync(logFile, 'utf8');
          const exited = text.lastIndexOf('Extension Host Process exited');
          return exited >= 0 && exited > text.lastIndexOf('Launched Extension Host Process');
        } catch {
          return false;
        }
      },
    });
    if (outcome.result || outcome.aborted) {
      await server.stop().catch(() => {});
      server = undefined;
    }
    if (outcome.aborted) return { aborted: true };
    if (outcome.result) return { result: outcome.result };
    return {
      failureReason: outcome.extHostExited
        ? `${name}: the extension host exited without the suite writing its result: the suite (${suite}.js) or the extension failed to load or crashed; see the console errors below`
        : `${name}: timed out after ${fmt(opts.timeoutMs)} waiting for the suite's result file (${resultFile})`,
    };
  };

  try {
    log('starting the AWS backend (moto + proxy) and seeding the test accounts');
    backend = await startSeededBackend();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    // Tests edit files and settings: each pass gets a copy of the workspace, never the fixtures themselves.
    const copy = (name) => {
      const workspace = path.join(runDir, name);
      fs.cpSync(opts.workspace, workspace, { recursive: true });
      return { workspace, env: prepareAwsWorkspace(workspace, backend.endpoint) };
    };
    const passes = [{ name: 'workspace', suite: opts.suite, userSettings: {}, ...copy('workspace') }];
    // The untrusted suite runs with the default suite only (a suite given with --suite runs alone).
    if (!opts.suiteGiven && fs.existsSync(`${UNTRUSTED_SUITE}.js`)) passes.push({ name: 'untrusted', suite: UNTRUSTED_SUITE, userSettings: UNTRUSTED_USER_SETTINGS, ...copy('untrusted-workspace') });
    const tests = [];
    let durationMs = 0;
    for (const pass of passes) {
      const outcome = await runPass(pass);
      if (outcome.aborted) return 130;
      if (!outcome.result) {
        failureReason = outcome.failureReason;
        break;
      }
      tests.push(...(outcome.result.tests ?? []));
      durationMs += outcome.result.durationMs ?? 0;
    }
    const { text, failed } = formatReport({ tests, durationMs });
    process.stdout.write(failureReason ? text.replace(/\d+ passed, \d+ failed\n$/, '') : text);
    if (failureReason) {
      process.stdout.write(`\n${failureReason}\n${tests.filter((t) => t.state === 'passed').length} passed, ${failed + 1} failed\n`);
      exitCode = 1;
    } else {
      exitCode = failed > 0 ? 1 : 0;
      if (failed > 0) failureReason = `${failed} test(s) failed`;
    }
    if (opts.screenshot && page) {
      fs.mkdirSync(path.dirname(opts.screenshot), { recursive: true });
      await page.screenshot({ path: opts.screenshot }).then(
        () => log(`screenshot: ${opts.screenshot}`),
        (err) => log(`could not save the screenshot ${opts.screenshot}: ${err.message}`),
      );
    }
  } catch (err) {
    failureReason = `harness error: ${err.stack ?? err.message}`;
    process.stderr.write(`[integration] ${failureReason}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    exitCode = 1;
  }

  if (exitCode !== 0 && !aborted) {
    if (page) {
      fs.mkdirSync(path.dirname(FAILURE_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: FAILURE_SCREENSHOT }).then(
        () => log(`failure screenshot: ${path.relative(process.cwd(), FAILURE_SCREENSHOT) || FAILURE_SCREENSHOT}`),
        (err) => log(`could not save the failure screenshot: ${err.message}`),
      );
    }
    const unique = [...new Set(consoleErrors)];
    const shown = unique.filter((e) => !HARMLESS_CONSOLE.some((re) => re.test(e)));
    if (shown.length) {
      const hidden = unique.length - shown.length;
      log(`browser console errors (${shown.length}${shown.length > 40 ? ', first 40' : ''}${hidden ? `; ${hidden} known-harmless ones hidden, --verbose shows all` : ''}):`);
      for (const e of shown.slice(0, 40)) process.stderr.write(indentLines(e.length > 2000 ? `${e.slice(0, 2000)}…` : e, '  | ') + '\n');
    }
    if (server) log(`server log: ${server.logFile} (extension host logs under ${path.join(server.dataDir, 'user', 'logs')})`);
  }
  const keep = opts.keep || exitCode !== 0;
  await cleanup();
  if (keep) log(`kept the run folder ${runDir}`);
  else fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  log(`${exitCode === 0 ? 'done' : `FAILED (${failureReason})`} in ${fmt(Date.now() - t0)} (install check ${fmt(tInstalled - t0)})`);
  return exitCode;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`[integration] unexpected error: ${err.stack ?? err}\n`);
      process.stdout.write('0 passed, 1 failed\n');
      process.exit(1);
    },
  );
}
