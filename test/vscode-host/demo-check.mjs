#!/usr/bin/env node
// Checks the demo as a newcomer meets it: starts `npm start -- --browser` (scripts/start.mjs, without its
// build step, which the tests ran before), opens the URL it prints in headless Chromium and clicks
// through it with Playwright, as a user would:
//   - the launcher says why it starts VS Code in the browser;
//   - the workbench is a user's VS Code: workspace trust is on (Restricted Mode), notification toasts show
//     (the Identity Center user code), nothing of the test harness's driver or settings;
//   - Assume Role through Identity Center, approved with the code from the toast, names the session in
//     the status bar; Open Console opens a browser tab that lands on the demo backend's console page
//     naming the role and the session;
//   - the rule link in the Problems panel opens the rule's rendered page.
//
//   node test/vscode-host/demo-check.mjs [--keep-screenshots]
//
// Prints one line per check and ends with `N passed, N failed`; exits 1 on any failure. Screenshots of
// each step go to test-results/demo-*.png.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import readline from 'node:readline';
import { CHROMIUM, REPO_ROOT } from './install.mjs';
import { CHROMIUM_ARGS } from './run-integration.mjs';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results');
const STEP_TIMEOUT_MS = 90_000;
const log = (line) => process.stderr.write(`[demo-check] ${line}\n`);

/** Starts the demo launcher in its own process group; resolves once it printed the workbench URL. */
function startDemo() {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs'), '--browser', '--no-build', '--port', '0'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const output = [];
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    const found = {};
    const onLine = (line) => {
      output.push(line);
      found.endpoint ??= /Demo AWS backend on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      found.url ??= /^\s*(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)\s*$/.exec(line)?.[1];
      if (found.endpoint && found.url) resolve(found);
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it printed the URL:\n${output.join('\n')}`)));
    setTimeout(() => reject(new Error(`npm start printed no URL within 5 minutes:\n${output.join('\n')}`)), 300_000).unref();
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    // As Ctrl-C in a terminal: the signal goes to the launcher's whole process group.
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      return;
    }
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
    if ((await Promise.race([stopped, timeout])) === 'timeout') {
      log('npm start did not stop within 30 s of Ctrl-C; killing its process group');
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  return { ready, output, stop, stopped };
}

async function main() {
  const results = [];
  const check = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      process.stdout.write(`  ✔ ${name} (${Date.now() - started}ms)\n`);
    } catch (err) {
      results.push({ name, ok: false, err });
      process.stdout.write(`  ✘ ${name}\n${String(err?.stack ?? err).split('\n').map((l) => `      ${l}`).join('\n')}\n`);
    }
  };
  const screenshot = async (page, name) => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `demo-${name}.png`) }).catch(() => {});
  };

  log('starting the demo: node scripts/start.mjs --browser --no-build --port 0');
  const demo = startDemo();
  const { chromium } = await import('playwright-core');
  let browser;
  process.once('SIGINT', () => void demo.stop().finally(() => process.exit(130)));
  process.stdout.write('\n  npm start -- --browser, clicked through\n');
  try {
    const { endpoint, url } = await demo.ready;
    log(`backend ${endpoint}; workbench ${url}`);

    await check('the launcher says it starts VS Code in the browser because of --browser, not for want of a `code` command', () => {
      const reason = demo.output.find((line) => /VS Code in the browser/.test(line));
      if (!reason || !/\(--browser\)/.test(reason) || /No `code` command/.test(reason)) throw new Error(`the launcher said: ${reason ?? '(nothing)'}`);
    });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const sopLens = page.locator('.activitybar [aria-label^="SOP Lens"]').first();

    await check('the workbench loads with SOP Lens installed and workspace trust on (Restricted Mode, as for a folder not yet trusted)', async () => {
      await sopLens.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await sopLens.click();
      await page.locator('.pane-body .monaco-list-row', { hasText: 'Acme production (Identity Center)' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await screenshot(page, '1-accounts');
    });

    let userCode;
    await check('Assume Role through Identity Center shows the user code in a notification toast', async () => {
      await runCommand(page, 'SOP Lens: Assume Role');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Identity Center' }).first().click({ timeout: STEP_TIMEOUT_MS });
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'confirm that the browser shows the code' }).first();
      await toast.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await screenshot(page, '2-user-code-toast');
      userCode = /code ([A-Z]{4}-[A-Z]{4})/.exec(await toast.innerText())?.[1];
      if (!userCode) throw new Error(`no user code in the toast: ${await toast.innerText()}`);
    });

    await check('approving the code signs in: the status bar names the session', async () => {
      if (!userCode) throw new Error('no user code to approve (previous check failed)');
      const approve = await fetch(`${endpoint}/__proxy/sso/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userCode }) });
      if (!approve.ok) throw new Error(`approving ${userCode}: HTTP ${approve.status} ${await approve.text()}`);
      await page.locator('.statusbar-item', { hasText: 'Acme production (Identity Center) ·' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await screenshot(page, '3-signed-in');
    });

    await check('Open Console opens a browser tab on the demo console page naming the role and the session', async () => {
      const opened = context.waitForEvent('page', { predicate: (p) => p !== page, timeout: STEP_TIMEOUT_MS });
      await runCommand(page, 'SOP Lens: Open Console');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Identity Center' }).first().click({ timeout: STEP_TIMEOUT_MS });
      const tab = await opened;
      await tab.waitForURL(/\/console\?session=/, { timeout: STEP_TIMEOUT_MS });
      const text = await tab.locator('body').innerText();
      await tab.screenshot({ path: path.join(SCREENSHOTS, 'demo-4-console.png') }).catch(() => {});
      if (!/arn:aws:iam::111111111111:role\/AWSReservedSSO_AuditRole_[0-9a-f]+/.test(text)) throw new Error(`the page does not name the role:\n${text}`);
      if (!/session sso-user/.test(text)) throw new Error(`the page does not name the session:\n${text}`);
      const record = await (await fetch(`${endpoint}/__proxy/federation`)).json();
      const session = record.consoleSessions.find((s) => s.roleArn?.includes('AWSReservedSSO_AuditRole'));
      if (!session || !/HeadlessChrome/.test(session.userAgent ?? '')) throw new Error(`the browser did not follow the login URL: ${JSON.stringify(record.consoleSessions)}`);
      await tab.close();
    });

    await check('the rule link in the Problems panel opens the rule page rendered, in a preview tab', async () => {
      await runCommand(page, 'View: Close All Editors');
      await page.keyboard.press('Control+P');
      await page.keyboard.type('governance/cloudtrail.yaml');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'cloudtrail.yaml' }).first().click({ timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Control+Shift+M');
      const link = page.locator('.markers-panel .monaco-link', { hasText: /^[a-z0-9-]+$/ }).first();
      await link.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const rule = (await link.innerText()).trim();
      await link.click();
      await page.locator('.tabs-container .tab', { hasText: `Preview ${rule}.md` }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await waitForRenderedHeading(page, rule);
      await screenshot(page, '5-rule-page');
      if ((await page.locator('.tabs-container .tab', { hasText: new RegExp(`^${rule}\\.md`) }).count()) > 0) throw new Error(`the Markdown source of ${rule}.md opened as well`);
    });
  } catch (err) {
    results.push({ name: 'the demo starts', ok: false, err });
    process.stdout.write(`  ✘ the demo starts\n      ${String(err?.stack ?? err)}\n`);
  } finally {
    await browser?.close().catch(() => {});
    await demo.stop();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (failed) log(`screenshots of the steps: ${path.relative(process.cwd(), SCREENSHOTS) || SCREENSHOTS}/demo-*.png`);
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

/** Waits until a webview frame (the Markdown preview) shows `text` as its first-level heading. */
async function waitForRenderedHeading(page, text) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const headings = await frame.locator('h1').allInnerTexts().catch(() => []);
      if (headings.some((h) => h.trim() === text)) return;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows the heading ${text}`);
}

/** Runs a command from the Command Palette, as a user types it. */
async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().click({ timeout: STEP_TIMEOUT_MS });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[demo-check] unexpected error: ${err?.stack ?? err}\n0 passed, 1 failed\n`);
    process.exit(1);
  },
);
