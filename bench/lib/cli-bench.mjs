// Section 3 of the bench: the CLI over a folder of generated templates, against cfn-guard 3.x with the
// AWS Control Tower proactive rules on the same folder, and cfn-lint on a small sample for context.
//
// cfn-guard takes about half a CPU second per 30-resource template here, so one run over 1,000
// templates takes longer than the whole bench may. By default it runs (median of 3) on the first 10
// and the first 50 templates of the same folder, the CLI runs on the same subsets and on the full
// folder, and cfn-guard's 1,000-template time is estimated from a linear fit of its two subset
// times (labelled as an estimate everywhere). `--full` runs cfn-guard on the full folder instead.

import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeTemplateFolder } from '../generate-templates.mjs';
import { ensureCfnGuard, findCfnLint } from './peers.mjs';
import { run, shellLine } from './proc.mjs';
import { summarize } from './stats.mjs';

/**
 * Runs a command `warmup + runs` times; the timed runs give the medians.
 * @returns {Promise<object>} { command, wall, cpu, runs, exitCodes } or { command, error }
 */
export async function measureCommand(o) {
  const { root, cmd, args, runs = 3, warmup = 0, okCodes = (c) => c === 0, timeoutMs = 5 * 60_000, stdoutFile, log, label } = o;
  const command = shellLine(cmd, args);
  const results = [];
  for (let i = 0; i < warmup + runs; i++) {
    const r = await run(cmd, args, { cwd: root, timeoutMs, stdoutFile });
    if (r.timedOut) return { command, error: `stopped at the ${Math.round(timeoutMs / 1000)} s limit`, runs: results.length };
    if (r.error || !okCodes(r.code)) {
      const tail = (r.error ?? r.stderr).trim().split('\n').slice(-4).join(' | ');
      return { command, error: `exit code ${r.code}${tail ? `: ${tail}` : ''}`, runs: results.length };
    }
    if (i >= warmup) results.push(r);
    log?.(`    ${label ?? path.basename(cmd)} ${i < warmup ? 'warm-up' : `run ${i - warmup + 1}/${runs}`}: ${(r.wallMs / 1000).toFixed(2)} s wall${r.cpuMs !== undefined ? `, ${(r.cpuMs / 1000).toFixed(2)} s CPU` : ''}`);
  }
  const cpu = results.every((r) => r.cpuMs !== undefined) ? summarize(results.map((r) => r.cpuMs)) : undefined;
  return {
    command,
    wall: summarize(results.map((r) => r.wallMs)),
    cpu,
    maxRssKiB: Math.max(...results.map((r) => r.maxRssKiB ?? 0)) || undefined,
    exitCodes: [...new Set(results.map((r) => r.code))],
    warmup,
  };
}

function subsetFolder(src, dest, count) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const files = readdirSync(src).filter((f) => f.endsWith('.yaml')).sort().slice(0, count);
  for (const f of files) {
    try {
      linkSync(path.join(src, f), path.join(dest, f));
    } catch {
      copyFileSync(path.join(src, f), path.join(dest, f));
    }
  }
  return files.map((f) => path.join(dest, f));
}

function folderStats(dir) {
  let bytes = 0;
  let lines = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').length - 1;
  }
  return { templates: files.length, bytes, lines };
}

function readCliSummary(file) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    return { files: r.summary?.filesScanned ?? r.files, ...r.summary, findings: r.findings?.length };
  } catch (err) {
    return { readError: `could not read the JSON report: ${err.message}` };
  }
}

function readGuardSummary(file) {
  const bytes = statSync(file).size;
  // All 1,000 templates give over 500 MB of JSON: more than a JavaScript string can hold.
  if (bytes > 256 * 2 ** 20) return { bytes };
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    const list = Array.isArray(r) ? r : [r];
    return {
      files: list.length,
      failing: list.filter((x) => x.status === 'FAIL').length,
      nonCompliant: list.reduce((n, x) => n + (x.not_compliant?.length ?? 0), 0),
      bytes,
    };
  } catch (err) {
    return { bytes, error: `could not read the JSON output: ${err.message}` };
  }
}

/** t(n) = a + b·n through two measured points; the estimate at `n`. */
function linearEstimate(p1, p2, n) {
  const b = (p2.ms - p1.ms) / (p2.n - p1.n);
  if (!(b > 0)) return { ms: (p2.ms / p2.n) * n, method: `proportional to the ${p2.n}-template run` };
  const a = p1.ms - b * p1.n;
  return { ms: a + b * n, fixedMs: a, perTemplateMs: b, method: `linear fit of the ${p1.n}- and ${p2.n}-template runs` };
}

/**
 * @param {{ root: string, workDir: string, seed: number, count: number, perTemplate: number, guardSamples: number[], full: boolean, runs: number, cfnLintGenerated: number, exampleTemplates: string[], log: (s: string) => void }} o
 */
export async function runCliSection(o) {
  const { root, log } = o;
  const rel = (p) => path.relative(root, p);
  const outDir = path.join(o.workDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const folder = path.join(o.workDir, `cli-${o.count}x${o.perTemplate}`);
  rmSync(folder, { recursive: true, force: true });
  writeTemplateFolder(folder, o.count, o.perTemplate, o.seed);
  const result = { folder: { dir: rel(folder), resourcesPerTemplate: o.perTemplate, seed: o.seed, ...folderStats(folder) } };
  log(`section 3: CLI vs cfn-guard over ${rel(folder)} (${o.count} templates × ${o.perTemplate} resources)`);

  const cli = (dir, extra = []) => [process.execPath, [path.join('bin', 'sop-lens.js'), 'lint', rel(dir), '--format', 'json', ...extra]];
  const cliOk = (c) => c === 0 || c === 1; // 1: findings at or above --fail-on

  // The CLI on the full folder: one warm-up run (file cache), then the timed runs.
  {
    const [cmd, args] = cli(folder);
    const stdoutFile = path.join(outDir, 'sop-lens-full.json');
    result.sopLens = await measureCommand({ root, cmd, args, runs: o.runs, warmup: 1, okCodes: cliOk, stdoutFile, log, label: 'sop-lens' });
    result.sopLens.command = result.sopLens.command.replace(process.execPath, 'node');
    if (!result.sopLens.error) result.sopLens.report = readCliSummary(stdoutFile);
  }

  // cfn-guard
  let guard;
  try {
    guard = await ensureCfnGuard(root, log);
    result.cfnGuard = { version: guard.version, package: guard.package, ruleFiles: guard.ruleFiles, rulesDir: rel(guard.rules) };
  } catch (err) {
    result.cfnGuard = { unavailable: err.message };
    log(`  cfn-guard unavailable: ${err.message}`);
  }
  const guardOk = (c) => c === 0 || c === 19; // 19: findings
  const guardArgs = (dir) => ['validate', '-r', rel(guard.rules), '-d', rel(dir), '-o', 'json', '-z', '-S', 'none'];
  if (guard) {
    result.samples = [];
    for (const n of o.guardSamples) {
      const dir = path.join(o.workDir, `cli-${o.count}x${o.perTemplate}-first-${n}`);
      subsetFolder(folder, dir, n);
      const [cmd, args] = cli(dir);
      const s = { templates: n, dir: rel(dir) };
      s.sopLens = await measureCommand({ root, cmd, args, runs: o.runs, warmup: 1, okCodes: cliOk, stdoutFile: path.join(outDir, `sop-lens-${n}.json`), log, label: `sop-lens (${n})` });
      s.sopLens.command = s.sopLens.command.replace(process.execPath, 'node');
      if (!s.sopLens.error) s.sopLens.report = readCliSummary(path.join(outDir, `sop-lens-${n}.json`));
      const guardOut = path.join(outDir, `cfn-guard-${n}.json`);
      s.cfnGuard = await measureCommand({ root, cmd: rel(guard.bin), args: guardArgs(dir), runs: o.runs, okCodes: guardOk, stdoutFile: guardOut, log, label: `cfn-guard (${n})` });
      s.cfnGuard.command = s.cfnGuard.command.replace(/^(?!\/)/, './');
      if (!s.cfnGuard.error) s.cfnGuard.report = readGuardSummary(guardOut);
      rmSync(guardOut, { force: true }); // tens of MB
      result.samples.push(s);
    }
    if (o.full) {
      const guardOut = path.join(outDir, 'cfn-guard-full.json');
      result.cfnGuard.full = await measureCommand({ root, cmd: rel(guard.bin), args: guardArgs(folder), runs: o.runs, okCodes: guardOk, stdoutFile: guardOut, timeoutMs: 60 * 60_000, log, label: `cfn-guard (${o.count})` });
      result.cfnGuard.full.command = result.cfnGuard.full.command.replace(/^(?!\/)/, './');
      if (!result.cfnGuard.full.error) result.cfnGuard.full.report = readGuardSummary(guardOut);
      rmSync(guardOut, { force: true });
    } else {
      result.cfnGuard.fullCommand = `./${shellLine(rel(guard.bin), guardArgs(folder))}`;
    }
    const pts = result.samples.filter((s) => s.cfnGuard.wall).map((s) => ({ n: s.templates, ms: s.cfnGuard.wall.median, cpu: s.cfnGuard.cpu?.median }));
    if (pts.length >= 2) {
      const [p1, p2] = [pts[0], pts.at(-1)];
      result.cfnGuard.estimate = {
        templates: o.count,
        wall: linearEstimate(p1, p2, o.count),
        cpu: p1.cpu !== undefined && p2.cpu !== undefined ? linearEstimate({ n: p1.n, ms: p1.cpu }, { n: p2.n, ms: p2.cpu }, o.count) : undefined,
      };
    }
  }

  // cfn-lint, for context: the example templates and the first few generated ones.
  try {
    const lint = findCfnLint();
    result.cfnLint = { version: lint.version, sets: [] };
    const lintOk = (c) => c !== null && c >= 0 && c < 16 && c % 2 === 0; // 2/4/8: errors/warnings/informational found
    const genDir = path.join(o.workDir, `cli-${o.count}x${o.perTemplate}-first-${o.cfnLintGenerated}`);
    const genFiles = subsetFolder(folder, genDir, o.cfnLintGenerated);
    const sets = [
      { name: `examples/ (${o.exampleTemplates.length} CloudFormation templates)`, files: o.exampleTemplates, runs: o.runs },
      { name: `${o.cfnLintGenerated} generated templates (${o.perTemplate} resources each)`, files: genFiles, runs: 1 },
    ];
    for (const set of sets) {
      const files = set.files.map(rel);
      const entry = { name: set.name, templates: files.length };
      entry.cfnLint = await measureCommand({ root, cmd: 'cfn-lint', args: files, runs: set.runs, okCodes: lintOk, timeoutMs: 5 * 60_000, log, label: 'cfn-lint' });
      if (files.length > 4) entry.cfnLint.command = `cfn-lint ${files.slice(0, 2).join(' ')} … (${files.length} files)`;
      const [cmd, args] = [process.execPath, [path.join('bin', 'sop-lens.js'), 'lint', ...files, '--format', 'json']];
      entry.sopLens = await measureCommand({ root, cmd, args, runs: set.runs, warmup: 1, okCodes: cliOk, log, label: 'sop-lens' });
      entry.sopLens.command = files.length > 4 ? `node bin/sop-lens.js lint ${files.slice(0, 2).join(' ')} … (${files.length} files) --format json` : entry.sopLens.command.replace(process.execPath, 'node');
      result.cfnLint.sets.push(entry);
    }
  } catch (err) {
    result.cfnLint = { unavailable: err.message };
    log(`  cfn-lint unavailable: ${err.message}`);
  }
  return result;
}
