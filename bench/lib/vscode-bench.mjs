// Section 4 of the bench: the extension's activation inside a real VS Code (the VS Code server from the
// test harness, test/vscode-host/, opened by headless chromium). Each run opens a fresh workbench
// window on examples/ with bench/vscode/activation.ts as extensionTestsPath; that suite measures
// activate() and the time to the first diagnostics, and writes them to SOP_LENS_TEST_RESULT.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { ensureHost, CHROMIUM, CODE_SERVER_PACKAGE_DIR } from '../../test/vscode-host/install.mjs';
import { startServer } from '../../test/vscode-host/server.mjs';
import { CHROMIUM_ARGS } from '../../test/vscode-host/run-integration.mjs';
import { summarize } from './stats.mjs';

export async function buildActivationSuite(root, outDir) {
  const outfile = path.join(outDir, 'activation.js');
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'bench', 'vscode', 'activation.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}

async function waitForFile(file, timeoutMs, abortIf) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        /* being written */
      }
    }
    const why = abortIf?.();
    if (why) throw new Error(why);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no result within ${Math.round(timeoutMs / 1000)} s`);
}

/** Why VS Code activated the extension in each window, from the extension hosts' logs. */
function activationEvents(dir) {
  return logFiles(dir, 'remoteexthost.log').flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/_doActivateExtension sop-lens\.sop-lens, startup: (\w+), activationEvent: '([^']+)'/g)].map((m) => m[2]),
  );
}

function logFiles(dir, name) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && (name ? e.name === name : e.name.endsWith('.log')) && statSync(full).size < 8 << 20) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** What the extension itself logged ("SOP Lens activated in N ms"), in log order, from the server's data folder. */
function activationLogLines(dir) {
  const found = [];
  for (const file of logFiles(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^(\S+ \S+).*SOP Lens activated in ([\d.]+) ms/gm)) found.push({ at: m[1], ms: Number(m[2]) });
  }
  return found.sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * An extension host launched after `launchesBefore` has exited again (the check of
 * test/vscode-host/run-integration.mjs, made per window).
 */
function hostExited(logFile, launchesBefore) {
  try {
    const text = readFileSync(logFile, 'utf8');
    if (count(text, 'Launched Extension Host Process') <= launchesBefore) return false;
    return text.lastIndexOf('Extension Host Process exited') > text.lastIndexOf('Launched Extension Host Process');
  } catch {
    return false;
  }
}

const count = (text, what) => text.split(what).length - 1;

function countIn(logFile, what) {
  try {
    return count(readFileSync(logFile, 'utf8'), what);
  } catch {
    return 0;
  }
}

/**
 * @param {{ root: string, workDir: string, runs: number, openFile: string, log: (s: string) => void }} o
 */
export async function runVscodeSection(o) {
  const { root, log } = o;
  const workspace = path.join(root, 'examples');
  log(`section 4: activation in VS Code (workspace examples/, opening ${o.openFile}; ${o.runs} fresh windows)`);
  await ensureHost({ log: (l) => log(`  [vscode-host] ${l}`) });
  const product = JSON.parse(readFileSync(path.join(CODE_SERVER_PACKAGE_DIR, 'lib', 'vscode', 'product.json'), 'utf8'));
  const suite = await buildActivationSuite(root, path.join(o.workDir, 'vscode'));
  const runDir = mkdtempSync(path.join(tmpdir(), 'sop-lens-bench-vscode-'));
  const resultFile = path.join(runDir, 'result.json');
  const { chromium } = await import('playwright-core');
  let server;
  let browser;
  const runs = [];
  try {
    server = await startServer({
      workspaceFolder: workspace,
      dataDir: path.join(runDir, 'vscode'),
      env: { SOP_LENS_TEST_RESULT: resultFile, SOP_LENS_BENCH_OPEN: o.openFile },
    });
    const url = server.url({ extensionDevelopmentPath: root, extensionTestsPath: suite });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    for (let i = 0; i < o.runs; i++) {
      rmSync(resultFile, { force: true });
      const exitsBefore = countIn(server.logFile, 'Extension Host Process exited');
      const launchesBefore = countIn(server.logFile, 'Launched Extension Host Process');
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const pageErrors = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const t0 = performance.now();
      try {
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
        let exitedAt;
        const r = await waitForFile(resultFile, 90_000, () => {
          if (exitedAt === undefined && hostExited(server.logFile, launchesBefore)) exitedAt = Date.now();
          return exitedAt !== undefined && Date.now() - exitedAt > 3000 ? 'the extension host exited without a result (the suite or the extension failed to load)' : undefined;
        });
        r.windowToResultMs = performance.now() - t0;
        runs.push(r);
        log(`  run ${i + 1}/${o.runs}: ${r.error ? `error: ${r.error.split('\n')[0]}` : `activate() ${r.activateWallMs?.toFixed(1)} ms${r.wasActiveBefore ? ' (already active)' : ''}, first diagnostics ${r.firstDiagnosticsMs?.toFixed(0)} ms after opening (${r.diagnostics})`}`);
      } catch (err) {
        runs.push({ error: `${err.message}${pageErrors.length ? `; page errors: ${pageErrors.slice(0, 3).join(' | ')}` : ''}` });
        log(`  run ${i + 1}/${o.runs}: ${runs.at(-1).error}`);
      } finally {
        await page.close().catch(() => {});
      }
      // Let the window's extension host go before the next one starts.
      const until = Date.now() + 5000;
      while (countIn(server.logFile, 'Extension Host Process exited') <= exitsBefore && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    }
    const logged = activationLogLines(server.dataDir);
    const events = activationEvents(server.dataDir);
    const ok = runs.filter((r) => !r.error);
    // A window where something activated the extension before the suite ran has no activate() time to show.
    const cold = ok.filter((r) => !r.wasActiveBefore);
    return {
      vscodeVersion: product.version,
      host: `VS Code server ${product.version} (code-server npm package), headless chromium`,
      workspace: 'examples/',
      openedFile: o.openFile,
      runs,
      activateWall: cold.length ? summarize(cold.map((r) => r.activateWallMs)) : undefined,
      activationEvents: events,
      reportedByApi: ok.some((r) => typeof r.reportedActivationMs === 'number') ? summarize(ok.filter((r) => typeof r.reportedActivationMs === 'number').map((r) => r.reportedActivationMs)) : undefined,
      reportedInLog: logged.length ? summarize(logged.map((l) => l.ms)) : undefined,
      firstDiagnostics: ok.length ? summarize(ok.map((r) => r.firstDiagnosticsMs).filter((x) => x !== undefined)) : undefined,
      accountsView: ok.some((r) => typeof r.accountsViewMs === 'number') ? summarize(ok.map((r) => r.accountsViewMs).filter((x) => x !== undefined)) : undefined,
      accountsListed: ok.find((r) => typeof r.accountsListed === 'number')?.accountsListed,
      sdkLoadedBeforeFirstAwsCall: ok.some((r) => r.sdkLoadedAfterAccountsView === true),
      windowToResult: ok.length ? summarize(ok.map((r) => r.windowToResultMs)) : undefined,
      alreadyActiveWindows: ok.length - cold.length,
      apiKeys: ok[0]?.apiKeys,
      error: ok.length === 0 ? runs.map((r) => r.error).find(Boolean) : undefined,
    };
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
    if (process.env.SOP_LENS_BENCH_KEEP) log(`  kept ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
