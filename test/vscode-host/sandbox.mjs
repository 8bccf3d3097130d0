#!/usr/bin/env node
// The browser VS Code of `npm start -- --browser` (and of `npm start` without a desktop `code`): starts the
// VS Code server as a user's VS Code runs (no test driver, no test settings), with this repo installed
// as an extension, and prints the URL to open.
//
//   node test/vscode-host/sandbox.mjs [--workspace <dir>] [--port <n>] [--extension <dir>] [--open <file>]
//       [--user-settings <json>]
//   node test/vscode-host/sandbox.mjs --smoke [--screenshot <file.png>]   (headless check, then exit)
//
// Keeps running until Ctrl-C, then stops the server (its whole process group).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureHost, reportInstallFailure, REPO_ROOT, CHROMIUM } from './install.mjs';
import { startServer } from './server.mjs';
import { CHROMIUM_ARGS, parseDuration } from './run-integration.mjs';

function usage() {
  return `Usage: node test/vscode-host/sandbox.mjs [options]
  --workspace <dir>     folder to open (default: <repo>/examples)
  --port <n>            port to use if free (default: 8765; otherwise any free port)
  --extension <dir>     extension to install, linked so a rebuild and a reload pick it up (default: ${REPO_ROOT})
  --open <file>         file to open at start
  --user-settings <json>  the user settings of this VS Code (a JSON object), e.g. the demo's endpoints
  --smoke               open the workbench in headless chromium, wait until it is loaded, screenshot, exit
  --screenshot <file>   screenshot path for --smoke (default: <repo>/test-results/sandbox.png)
  --timeout <t>         --smoke time limit (default 120s)`;
}

function parseArgs(argv) {
  const o = {
    workspace: undefined,
    port: 8765,
    extension: REPO_ROOT,
    open: undefined,
    userSettings: {},
    smoke: false,
    screenshot: path.join(REPO_ROOT, 'test-results', 'sandbox.png'),
    timeoutMs: 120_000,
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
      case '--workspace': o.workspace = path.resolve(value()); break;
      case '--port': o.port = Number(value()); break;
      case '--extension': o.extension = path.resolve(value()); break;
      case '--open': o.open = path.resolve(value()); break;
      case '--user-settings': {
        const settings = JSON.parse(value());
        if (!settings || typeof settings !== 'object' || Array.isArray(settings)) throw new Error('--user-settings must be a JSON object');
        o.userSettings = settings;
        break;
      }
      case '--smoke': o.smoke = true; break;
      case '--screenshot': o.screenshot = path.resolve(value()); break;
      case '--timeout': o.timeoutMs = parseDuration(value()); break;
      case '-h': case '--help': process.stdout.write(usage() + '\n'); process.exit(0); break;
      default: throw new Error(`unknown option ${a}\n${usage()}`);
    }
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error('--port must be a port number');
  return o;
}

const log = (line) => process.stderr.write(`[sandbox] ${line}\n`);

async function smoke(server, url, opts) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: opts.timeoutMs });
    // Loaded = the workbench parts are laid out and the explorer shows the workspace folder.
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: opts.timeoutMs });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: opts.timeoutMs });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'visible', timeout: opts.timeoutMs }).catch(() => log('explorer not visible (continuing)'));
    await page.waitForTimeout(3000); // let extensions activate and views settle
    if (opts.open) {
      // With a template open, a smoke run also proves SOP Lens works: its code lens must appear.
      await page.locator('.codelens-decoration').first().waitFor({ state: 'visible', timeout: 30000 })
        .then(() => log('SOP Lens code lenses are showing'))
        .catch(() => log('no code lens appeared within 30 s'));
      await page.keyboard.press('Control+Shift+M').catch(() => {}); // the Problems panel
      await page.waitForTimeout(1500);
    }
    fs.mkdirSync(path.dirname(opts.screenshot), { recursive: true });
    await page.screenshot({ path: opts.screenshot });
    log(`workbench loaded; screenshot: ${opts.screenshot}`);
    return 0;
  } catch (err) {
    log(`the workbench did not load: ${err.message}`);
    for (const e of [...new Set(errors)].slice(0, 30)) process.stderr.write(`  | ${e}\n`);
    log(`server log: ${server.logFile}`);
    return 1;
  } finally {
    await browser.close().catch(() => {});
  }
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    log(err.message);
    return 1;
  }
  if (!opts.workspace) {
    opts.workspace = path.join(REPO_ROOT, 'examples');
    if (!fs.existsSync(opts.workspace)) {
      log(`${opts.workspace} does not exist; opening the repository root instead`);
      opts.workspace = REPO_ROOT;
    }
  } else if (!fs.existsSync(opts.workspace)) {
    log(`--workspace ${opts.workspace} does not exist`);
    return 1;
  }
  if (!fs.existsSync(path.join(opts.extension, 'package.json'))) {
    log(`--extension ${opts.extension} has no package.json`);
    return 1;
  }
  const main = JSON.parse(fs.readFileSync(path.join(opts.extension, 'package.json'), 'utf8')).main;
  if (main && !fs.existsSync(path.resolve(opts.extension, main)) && !fs.existsSync(path.resolve(opts.extension, `${main}.js`))) {
    log(`warning: the extension's main (${main}) does not exist yet; build it first (npm run build) or the extension will not load`);
  }

  try {
    await ensureHost();
  } catch (err) {
    reportInstallFailure(err);
    return 1;
  }

  log(`starting the VS Code server (workspace ${opts.workspace})`);
  const server = await startServer({ mode: 'user', extensions: [opts.extension], userSettings: opts.userSettings, workspaceFolder: opts.workspace, port: opts.port });
  let stopping;
  const stop = () => (stopping ??= server.stop());
  const url = server.url({ openFile: opts.open });

  if (opts.smoke) {
    const code = await smoke(server, url, opts);
    await stop();
    return code;
  }

  if (opts.port && server.port !== opts.port) log(`port ${opts.port} is taken; using ${server.port}`);
  const bar = '='.repeat(78);
  process.stdout.write(
    `\n${bar}\n  VS Code in the browser, with SOP Lens installed from ${opts.extension}\n\n  Open this URL in a browser:\n\n  ${url}\n\n` +
      `  (from another machine, forward the ports first: ssh -L ${server.port}:127.0.0.1:${server.port} -L ${server.forwarderPort}:127.0.0.1:${server.forwarderPort} <this host>;\n` +
      `  the second carries the local pages SOP Lens opens, such as the demo's console)\n` +
      `  Reload the browser tab after rebuilding the extension. Ctrl-C stops the server.\n${bar}\n\n`,
  );
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGHUP', resolve);
  });
  log('stopping the server');
  await stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(err.stack ?? String(err));
    process.exit(1);
  },
);
