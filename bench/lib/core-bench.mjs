// Sections 1 and 2 of the bench: parseTemplate vs lintText per template, and the editor's re-lint of a
// ~5,000-line template; section 1b: adversarial inputs beside plain templates of the same size. Each
// template is timed in a child process (core-timings.mjs) with a time budget and a hard limit, so that a
// pathological case is reported as such instead of stalling the bench.

import { readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateTemplate } from '../generate-templates.mjs';
import { run } from './proc.mjs';
import { median, summarize } from './stats.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TIMINGS = path.join(HERE, 'core-timings.mjs');

/** The production build's esbuild options (scripts/build.mjs --production), for the core alone. */
export async function buildCoreBundle(root, outfile, { forProfiling = false } = {}) {
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'bench', 'core-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // A profile needs readable function names and the `// src/...` module markers.
    minify: !forProfiling,
    sourcemap: false,
    logLevel: 'warning',
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  });
  return outfile;
}

export function listExamples(examplesDir) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.name.startsWith('.')) continue; // .github/, .vscode/: not part of the infrastructure
      if (e.isDirectory()) walk(full);
      else if (/\.(ya?ml|json|template)$/i.test(e.name)) out.push(full);
    }
  };
  walk(examplesDir);
  return out;
}

const lineCount = (text) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** The generated template whose line count is closest to `lines` (bisection on the resource count). */
export function templateOfLines(lines, seed) {
  let lo = 1;
  let hi = 64;
  while (lineCount(generateTemplate(hi, seed)) < lines) hi *= 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (lineCount(generateTemplate(mid, seed)) < lines) lo = mid;
    else hi = mid;
  }
  const [a, b] = [generateTemplate(lo, seed), generateTemplate(hi, seed)];
  return Math.abs(lineCount(a) - lines) <= Math.abs(lineCount(b) - lines) ? { resources: lo, text: a } : { resources: hi, text: b };
}

/**
 * Times one template in a child process.
 * @returns {Promise<object>} what was measured; `stopped` when the hard limit ended the run
 */
export async function timeTemplate(bundle, c, log) {
  const events = [];
  const r = await run(
    process.execPath,
    [TIMINGS, bundle, c.file, c.mode, String(c.warmup), String(c.iterations), String(c.budgetMs), String(c.warmupMs ?? 0), String(c.timedMs ?? 0)],
    { timeoutMs: c.limitMs, measureCpu: false, onLine: (l) => {
      try {
        events.push(JSON.parse(l));
      } catch {
        /* not ours */
      }
    } },
  );
  const info = events.find((e) => e.type === 'info') ?? {};
  const findings = events.find((e) => e.type === 'findings');
  const samples = (type, warm, key = 'ms') => events.filter((e) => e.type === type && e.warm === warm).map((e) => e[key]);
  const pick = (type) => {
    const measured = samples(type, false);
    if (measured.length) return { ...summarize(measured), samples: measured, cpu: summarize(samples(type, false, 'cpuMs')), cold: samples(type, true)[0] };
    const warm = samples(type, true);
    // Only warm-up runs finished (a very slow case): report those, flagged.
    return warm.length ? { ...summarize(warm), samples: warm, cpu: summarize(samples(type, true, 'cpuMs')), cold: warm[0], onlyWarmup: true } : undefined;
  };
  // A fresh process's first runs after the very first (which also compiles): the 2nd to the 6th.
  const early = (type) => {
    const first = samples(type, true).slice(1, 6);
    return first.length ? { median: median(first), runs: first.length } : undefined;
  };
  const done = events.some((e) => e.type === 'done');
  const out = {
    name: c.name,
    file: c.file,
    mode: c.mode,
    kind: info.kind,
    resources: info.resources,
    lines: info.lines,
    bytes: info.bytes,
    rules: info.rules,
    findings: findings?.count,
    parseProblems: findings?.parse,
    parse: c.mode === 'parse-lint' ? pick('parse') : undefined,
    lint: pick('lint'),
    complete: done,
    stopped: r.timedOut ? `stopped at the ${Math.round(c.limitMs / 1000)} s limit` : undefined,
    error: !done && !r.timedOut ? (r.stderr.trim().split('\n').slice(-5).join(' | ') || `exit code ${r.code}`) : undefined,
  };
  if (out.parse && out.lint) {
    out.ratio = out.lint.median / out.parse.median;
    out.cpuRatio = out.lint.cpu.median / out.parse.cpu.median;
    const [parseEarly, lintEarly] = [early('parse'), early('lint')];
    if (parseEarly && lintEarly) out.early = { parse: parseEarly, lint: lintEarly, ratio: lintEarly.median / parseEarly.median };
  }
  // Killed inside the first lint: it had run at least the limit minus everything that finished before
  // it, minus a second for process start-up and loading the bundle.
  if (out.stopped && !out.lint) out.lintAtLeastMs = Math.max(0, c.limitMs - events.reduce((n, e) => n + (e.ms ?? 0), 0) - 1000);
  log?.(`  ${c.name}: ${describeCase(out)}`);
  return out;
}

function describeCase(o) {
  const ms = (x) => (x === undefined ? 'n/a' : `${x.toFixed(1)} ms`);
  if (o.error) return `error: ${o.error}`;
  const parts = [];
  if (o.parse) parts.push(`parse ${ms(o.parse.median)} (${o.parse.runs} runs)`);
  if (o.lint) parts.push(`lint ${ms(o.lint.median)} (${o.lint.runs} runs${o.lint.onlyWarmup ? ', warm-up only' : ''})`);
  else if (o.stopped) parts.push(`lint did not finish`);
  if (o.ratio) parts.push(`ratio ${o.ratio.toFixed(2)} (CPU ${o.cpuRatio.toFixed(2)}${o.early ? `; first runs ${o.early.ratio.toFixed(2)}` : ''})`);
  else if (o.lint?.cpu) parts.push(`CPU ${ms(o.lint.cpu.median)}`);
  if (o.stopped) parts.push(o.stopped);
  return parts.join(', ');
}

/**
 * Section 1 times the steady state: the editor's extension host and the CLI over a folder lint many
 * times in one process, so what a lint costs there is what it costs once V8 has optimised the rules.
 * A fresh process's first runs are reported beside it (`early`).
 */
export const STEADY_STATE_WARMUP_MS = 3000;
/** The least time spent in timed runs per template (see core-timings.mjs): many runs, spread over seconds. */
export const TIMED_MS = 3000;

/**
 * @param {{ root: string, bundle: string, workDir: string, sizes: number[], seed: number, relintLines: number, log: (s: string) => void, quick?: boolean }} o
 */
export async function runCoreSection(o) {
  const dir = path.join(o.workDir, 'templates');
  mkdirSync(dir, { recursive: true });
  const plan = [];
  const q = o.quick ? 0.3 : 1;
  const it = (n) => Math.max(3, Math.round(n * q));
  for (const size of o.sizes) {
    const file = path.join(dir, `generated-${size}.yaml`);
    writeFileSync(file, generateTemplate(size, o.seed));
    const big = size >= 10_000;
    const mid = size >= 1_000;
    plan.push({
      name: `generated, ${size.toLocaleString('en-US')} resources`,
      group: 'generated',
      file,
      mode: 'parse-lint',
      warmup: big ? 1 : mid ? 3 : 5,
      warmupMs: STEADY_STATE_WARMUP_MS * q,
      // A call on the 10,000-resource template lasts about half a second and a few of them take a major
      // collection: 3 s would be five runs, too few for a median.
      timedMs: (big ? 4 : 1) * TIMED_MS * q,
      iterations: big ? it(5) : mid ? it(15) : it(30),
      budgetMs: big ? 40_000 : mid ? 20_000 : 10_000,
      limitMs: big ? 90_000 : 75_000,
    });
  }
  for (const file of listExamples(path.join(o.root, 'examples'))) {
    plan.push({ name: path.relative(o.root, file), group: 'examples', file, mode: 'parse-lint', warmup: 5, warmupMs: STEADY_STATE_WARMUP_MS * q, timedMs: TIMED_MS * q, iterations: it(30), budgetMs: 10_000, limitMs: 60_000 });
  }
  o.log(`section 1: parse vs lint, ${plan.length} templates (median of the timed runs after warm-up; each template in its own process)`);
  const cases = [];
  for (const c of plan) cases.push({ group: c.group, ...(await timeTemplate(o.bundle, c, o.log)) });

  const { resources, text } = templateOfLines(o.relintLines, o.seed + 1);
  const relintFile = path.join(dir, `relint-${resources}.yaml`);
  writeFileSync(relintFile, text);
  o.log(`section 2: re-lint of a ~${o.relintLines.toLocaleString('en-US')}-line template (${resources} resources, ${lineCount(text)} lines)`);
  const relint = await timeTemplate(o.bundle, { name: 'relint', file: relintFile, mode: 'relint', warmup: 5, timedMs: TIMED_MS * q, iterations: it(30), budgetMs: 20_000, limitMs: 90_000 }, o.log);
  // The editor re-lints through an IncrementalLinter per document (src/vscode/linter.ts): same edits, same text.
  const relintIncremental = await timeTemplate(o.bundle, { name: 'relint, incremental', file: relintFile, mode: 'relint-incremental', warmup: 5, timedMs: TIMED_MS * q, iterations: it(30), budgetMs: 20_000, limitMs: 90_000 }, o.log);
  return { cases, warmupMs: STEADY_STATE_WARMUP_MS * q, timedMs: TIMED_MS * q, relint, relintIncremental, relintTargetLines: o.relintLines, bundle: path.relative(o.root, o.bundle), bundleBytes: statSync(o.bundle).size };
}

/**
 * CPU-profiles lintText on `file` (non-minified bundle) in steady state: warm-up runs first, then the
 * V8 profiler (the one behind `node --cpu-prof`, driven through node:inspector) records lint runs
 * for about `profileMs`. Returns the .cpuprofile path.
 */
export async function profileLint(bundle, file, outDir, { warmup = 5, profileMs = 3000, minRuns = 10, limitMs = 180_000, name = 'lint' } = {}) {
  mkdirSync(outDir, { recursive: true });
  const prof = path.join(outDir, `${name}.cpuprofile`);
  const script = `
    const { Session } = require('node:inspector');
    const fs = require('node:fs');
    const core = require(${JSON.stringify(bundle)});
    const file = ${JSON.stringify(file)};
    const text = fs.readFileSync(file, 'utf8');
    let n = 0;
    const lint = () => core.lintText(text + '# edit ' + n++ + '\\n', 'file://' + file);
    for (let i = 0; i < ${warmup}; i++) lint();
    const session = new Session();
    session.connect();
    const post = (m, p) => new Promise((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
    (async () => {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 100 });
      await post('Profiler.start');
      const t0 = Date.now();
      let runs = 0;
      while (runs < ${minRuns} || Date.now() - t0 < ${profileMs}) { lint(); runs++; }
      const { profile } = await post('Profiler.stop');
      fs.writeFileSync(${JSON.stringify(prof)}, JSON.stringify(profile));
      process.stdout.write(JSON.stringify({ runs, ms: Date.now() - t0 }));
    })();
  `;
  const r = await run(process.execPath, ['-e', script], { timeoutMs: limitMs, measureCpu: false, captureStdout: true });
  if (r.timedOut) return { error: `did not finish within ${limitMs / 1000} s` };
  if (r.code !== 0) return { error: r.stderr.trim().split('\n').slice(-3).join(' | ') };
  let info = {};
  try {
    info = JSON.parse(r.stdout);
  } catch {
    /* no summary line */
  }
  return { profile: prof, runs: info.runs, ms: info.ms };
}

export { median };

/**
 * Section 1b: the adversarial corpus (bench/adversarial.mjs) beside plain templates of the same size,
 * each in its own process like section 1. A plain YAML template is a generated one; a plain JSON one is
 * a generated template written as indented JSON. The ratio compares lint time per byte.
 * @param {{ root: string, bundle: string, workDir: string, bytes: number, seed: number, log: (s: string) => void, quick?: boolean }} o
 */
export async function runAdversarialSection(o) {
  const { adversarialTemplates } = await import('../adversarial.mjs');
  const dir = path.join(o.workDir, 'adversarial');
  mkdirSync(dir, { recursive: true });
  const core = createRequire(import.meta.url)(o.bundle);
  const controls = {
    yaml: templateOfBytes(o.bytes, (n) => generateTemplate(n, o.seed)),
    json: templateOfBytes(o.bytes, (n) => jsonOf(core, generateTemplate(n, o.seed))),
  };
  const q = o.quick ? 0.3 : 1;
  const timing = { mode: 'parse-lint', warmup: 3, warmupMs: 1500 * q, timedMs: 2000 * q, iterations: Math.max(3, Math.round(10 * q)), budgetMs: 20_000, limitMs: 60_000 };
  o.log(`section 1b: ${adversarialTemplates(o.bytes).length} adversarial inputs of about ${Math.round(o.bytes / 1000)} kB against plain templates of the same size (lint time per byte)`);
  const control = {};
  for (const [format, c] of Object.entries(controls)) {
    const file = path.join(dir, `control-${c.resources}-resources.${format}`);
    writeFileSync(file, c.text);
    control[format] = { ...(await timeTemplate(o.bundle, { name: `plain ${format.toUpperCase()} template, ${c.resources} resources`, file, ...timing }, o.log)), format };
  }
  const cases = [];
  for (const [i, t] of adversarialTemplates(o.bytes).entries()) {
    const file = path.join(dir, `${String(i + 1).padStart(2, '0')}-${t.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.${t.format}`);
    writeFileSync(file, t.text);
    const measured = await timeTemplate(o.bundle, { name: t.name, file, ...timing }, o.log);
    const c = control[t.format];
    const perByte = (m) => (m.lint ? m.lint.median / m.bytes : undefined);
    const cpuPerByte = (m) => (m.lint?.cpu ? m.lint.cpu.median / m.bytes : undefined);
    const ratio = perByte(measured) !== undefined && perByte(c) ? perByte(measured) / perByte(c) : undefined;
    const cpuRatio = cpuPerByte(measured) !== undefined && cpuPerByte(c) ? cpuPerByte(measured) / cpuPerByte(c) : undefined;
    cases.push({ ...measured, format: t.format, why: t.why, control: c.name, ratio, cpuRatio });
  }
  return { bytes: o.bytes, controls: control, cases };
}

/** The generated text (from `make(n)`, growing with n) whose length is closest to `bytes`. */
function templateOfBytes(bytes, make) {
  let lo = 1;
  let hi = 16;
  while (make(hi).length < bytes) hi *= 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (make(mid).length < bytes) lo = mid;
    else hi = mid;
  }
  const [a, b] = [make(lo), make(hi)];
  return Math.abs(a.length - bytes) <= Math.abs(b.length - bytes) ? { resources: lo, text: a } : { resources: hi, text: b };
}

/** A YAML template as the indented JSON a JSON author would write (intrinsics in long form). */
function jsonOf(core, yamlText) {
  const parsed = core.parseTemplate(yamlText, 'x.yaml');
  if (parsed.kind !== 'template') throw new Error(`the generated template does not parse: ${parsed.kind}`);
  const data = (node) => {
    switch (node.kind) {
      case 'scalar':
        return node.value;
      case 'seq':
        return node.items.map(data);
      case 'map':
        return Object.fromEntries(node.entries.map((e) => [e.key, data(e.value)]));
      default:
        return { [node.name]: data(node.argument) };
    }
  };
  return `${JSON.stringify(data(parsed.template.root), null, 2)}\n`;
}
