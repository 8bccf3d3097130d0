#!/usr/bin/env node
// `npm run bench`: measures SOP Lens in one run and prints a table; writes bench/results/latest.json
// and bench/results/latest.md (bench/results/ and bench/generated/ are gitignored).
//
//   1. parseTemplate vs lintText per template (generated 100 / 1,000 / 10,000 resources, examples/)
//   1b. adversarial inputs (bench/adversarial.mjs, ~400 kB each) vs a plain template of the same size
//   2. the editor's re-lint of a ~5,000-line template
//   3. the CLI over 1,000 generated templates vs cfn-guard 3.x with the Control Tower rules, and
//      cfn-lint on a small sample
//   4. the extension's activation and first diagnostics inside a real VS Code
//   5. the .vsix and bundle sizes (`npm run package`; runs first, so 3 and 4 time the production build)
//   6. the live account checks: 50 accounts × 17 regions against moto + proxy with 20 ms per call,
//      against the critical path of one account (and the calls made)
//
// Options:
//   --full            run cfn-guard on all 1,000 templates, 3 times (about half an hour)
//   --profile         CPU-profile lintText even when every goal is met (it is profiled, in steady
//                     state, on the cases that miss a goal anyway; --skip profile turns that off)
//   --quick           fewer iterations and runs (for working on the bench itself)
//   --skip <list>     comma-separated sections to skip: core, adversarial, cli, vscode, package, profile, accounts
//   --only <list>     run only these sections (same names), e.g. --only core,adversarial
//   --runs <n>        timed runs of each command in section 3 and windows in section 4 (default 3)
// Profiles (bench/results/profiles/*.cpuprofile) open in Chrome DevTools or VS Code.
// A section whose tool cannot run reports "unavailable: <reason>" and the bench goes on.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const WORK = path.join(ROOT, 'bench', 'generated');
const RESULTS = path.join(ROOT, 'bench', 'results');
const SEED = 1;
const SECTIONS = ['core', 'adversarial', 'cli', 'vscode', 'package', 'profile', 'accounts'];

const { values: opts } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    skip: { type: 'string', default: '' },
    only: { type: 'string', default: '' },
    runs: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opts.help) {
  const text = (await import('node:fs')).readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const header = text.split('\n').slice(1);
  const end = header.findIndex((l) => !l.startsWith('//'));
  process.stdout.write(`${header.slice(0, end).map((l) => l.slice(3)).join('\n')}\n`);
  process.exit(0);
}
const skip = new Set(opts.skip.split(',').map((x) => x.trim()).filter(Boolean));
const only = opts.only.split(',').map((x) => x.trim()).filter(Boolean);
for (const x of [...skip, ...only]) if (!SECTIONS.includes(x)) throw new Error(`--skip/--only: unknown section "${x}" (use ${SECTIONS.join(', ')})`);
if (only.length) for (const x of SECTIONS) if (!only.includes(x)) skip.add(x);
const runs = opts.runs ? Number(opts.runs) : opts.quick ? 1 : 3;

const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const { machineInfo, loadAverage } = await import('../bench/lib/machine.mjs');
const { buildCoreBundle, listExamples, profileLint, runAdversarialSection, runCoreSection } = await import('../bench/lib/core-bench.mjs');
const { runCliSection } = await import('../bench/lib/cli-bench.mjs');
const { runVscodeSection } = await import('../bench/lib/vscode-bench.mjs');
const { runPackageSection } = await import('../bench/lib/package-bench.mjs');
const { runAccountsSection } = await import('../bench/lib/accounts-bench.mjs');
const { formatProfileSummary, summarizeProfile } = await import('../bench/lib/profile-summary.mjs');
const { goals, renderMarkdown, renderText } = await import('../bench/lib/report.mjs');

/** Runs one section; a failure becomes `{ error }` in the results instead of ending the bench. */
async function section(name, fn) {
  if (skip.has(name)) return undefined;
  const t0 = performance.now();
  try {
    const r = await fn();
    log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    return r;
  } catch (err) {
    log(`${name} failed: ${err.stack ?? err.message}`);
    return { error: err.message.split('\n')[0] };
  }
}

const started = performance.now();
mkdirSync(WORK, { recursive: true });
mkdirSync(RESULTS, { recursive: true });
const results = { machine: machineInfo(ROOT), options: { full: opts.full, quick: opts.quick, runs, skip: [...skip], seed: SEED } };
const m = results.machine;
log(`${m.cpu}, ${m.cores} cores, Node ${m.node}, load average ${m.loadAverageAtStart.join(' ')}`);

// The core bundle is built first: if it does not build, sections 1 and 2 say why.
const bundle = path.join(WORK, 'core.cjs');
let bundleError;
if (!skip.has('core') || !skip.has('adversarial')) await buildCoreBundle(ROOT, bundle).catch((err) => (bundleError = err.message.split('\n')[0]));

// 5 first: it rebuilds dist/ in production mode, which sections 3 and 4 then time.
results.package = await section('package', () => runPackageSection({ root: ROOT, workDir: WORK, log }));

results.core = await section('core', async () => {
  if (bundleError) throw new Error(`bundling bench/core-entry.ts failed: ${bundleError}`);
  return runCoreSection({ root: ROOT, bundle, workDir: WORK, sizes: [100, 1_000, 10_000], seed: SEED, relintLines: 5_000, log, quick: opts.quick });
});

results.adversarial = await section('adversarial', async () => {
  if (bundleError) throw new Error(`bundling bench/core-entry.ts failed: ${bundleError}`);
  return runAdversarialSection({ root: ROOT, bundle, workDir: WORK, bytes: 400_000, seed: SEED, log, quick: opts.quick });
});

const exampleTemplates = results.core?.cases
  ? results.core.cases.filter((c) => c.group === 'examples' && c.kind === 'template').map((c) => c.file)
  : listExamples(path.join(ROOT, 'examples')).filter((f) => !f.includes(`${path.sep}k8s${path.sep}`));
results.cli = await section('cli', () =>
  runCliSection({
    root: ROOT,
    workDir: WORK,
    seed: SEED,
    count: 1_000,
    perTemplate: 30,
    guardSamples: opts.quick ? [5, 10] : [10, 50],
    full: opts.full,
    runs,
    cfnLintGenerated: 20,
    exampleTemplates,
    log,
  }),
);

results.vscode = await section('vscode', () => runVscodeSection({ root: ROOT, workDir: WORK, runs, openFile: 'app/api.yaml', log }));
results.accounts = await section('accounts', () => runAccountsSection({ root: ROOT, workDir: WORK, accounts: opts.quick ? 10 : 50, latencyMs: 20, log }));

if (results.core && !results.core.error && !skip.has('profile')) {
  const profiles = await profileSlowCases(results.core, opts.profile);
  if (profiles.length) results.profiles = profiles;
}

results.durationMs = performance.now() - started;
results.loadAverageAtEnd = loadAverage();
results.goals = goals(results);
writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(RESULTS, 'latest.md'), renderMarkdown(results));
process.stdout.write(renderText(results));
log(`wrote ${path.relative(ROOT, path.join(RESULTS, 'latest.json'))} and latest.md in ${((performance.now() - started) / 1000).toFixed(0)} s`);

/**
 * Profiles (non-minified bundle, steady state) the re-lint template when it misses its goal, and the
 * smallest generated template and the worst example that miss the lint/parse goal.
 */
async function profileSlowCases(core, always) {
  const targets = [];
  if (always || !(core.relint?.lint?.median < 20)) targets.push({ name: 'relint', file: core.relint.file });
  const slow = core.cases.filter((c) => c.kind === 'template' && !((c.ratio ?? Infinity) <= 1.5));
  const smallestGenerated = slow.filter((c) => c.group === 'generated').sort((a, b) => a.resources - b.resources)[0];
  const worstExample = slow.filter((c) => c.group === 'examples').sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
  if (smallestGenerated) targets.push({ name: `generated-${smallestGenerated.resources}`, file: smallestGenerated.file });
  if (worstExample) targets.push({ name: path.basename(worstExample.file, path.extname(worstExample.file)), file: worstExample.file });
  if (targets.length === 0) return [];
  const profileBundle = await buildCoreBundle(ROOT, path.join(WORK, 'core-profile.cjs'), { forProfiling: true });
  const dir = path.join(RESULTS, 'profiles');
  const out = [];
  for (const t of targets) {
    log(`profiling lintText on ${path.relative(ROOT, t.file)}`);
    const p = await profileLint(profileBundle, t.file, dir, { name: t.name });
    if (p.error) out.push({ name: t.name, error: p.error });
    else {
      const summary = { ...summarizeProfile(p.profile, profileBundle, 12), runs: p.runs };
      out.push({ name: t.name, file: path.relative(ROOT, p.profile), summary, text: formatProfileSummary(summary) });
    }
  }
  return out;
}
