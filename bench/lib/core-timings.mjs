// Times parseTemplate and lintText from the bench's core bundle on one template, in a process of its
// own (started by bench/lib/core-bench.mjs). No garbage collection is forced between calls: a forced
// full GC leaves sweeping for the next call to pay for (it doubled the re-lint time here), while
// without it each call pays, on average, for the collections its own allocations cause, as in the
// editor. Streams one JSON line per event on stdout, so that a run the parent has to stop
// at its time limit still reports what it measured:
//   {"type":"info", kind, resources, lines, bytes}    {"type":"findings", count, parse}
//   {"type":"parse"|"lint", ms, cpuMs, warm}          {"type":"done"}
// cpuMs is the process's CPU time during the call (all its threads, so GC helpers count): unlike the
// wall time it does not grow when other processes take the CPU away.
//
//   node bench/lib/core-timings.mjs <bundle.cjs> <template> <mode> <warmup> <iterations> <budgetMs> [warmupMs] [timedMs]
// Warm-up: at least <warmup> runs and, when given, at least <warmupMs> of them (V8 optimises a function
// only after many calls: a few runs measure the interpreter, not the steady state of a long-lived process).
// Timed runs: at least <iterations> and, when given, at least <timedMs> of them. On this shared 2-core VM
// the machine's speed changes for tens of milliseconds at a time: 30 runs of a small template last a
// tenth of a second, and one such spell decided their median.
// mode 'parse-lint': alternates parse and lint runs (p,l then l,p) so that a busy machine hits both alike.
// mode 'relint': lint only; every run lints a new string (the template plus a one-line edit), as after
// a keystroke in the editor, with a full lintText.
// mode 'relint-incremental': the same edits through one IncrementalLinter, as the editor re-lints a document.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const [bundle, file, mode, warmupArg, iterationsArg, budgetArg, warmupMsArg, timedMsArg] = process.argv.slice(2);
const core = createRequire(import.meta.url)(bundle);
const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const warmup = Number(warmupArg);
const warmupMs = Number(warmupMsArg ?? 0);
const timedMs = Number(timedMsArg ?? 0);
const iterations = Number(iterationsArg);
const started = performance.now();
const deadline = started + Number(budgetArg);
const base = readFileSync(file, 'utf8');
const uri = `file://${file}`;
let edits = 0;
const editing = mode === 'relint' || mode === 'relint-incremental';
const textFor = () => (editing ? `${base}# edit ${edits++}\n` : base);
const incremental = mode === 'relint-incremental' ? new core.IncrementalLinter() : undefined;
const lint = (text) => (incremental ? incremental.lint(text, uri) : core.lintText(text, uri));

function timed(type, warm) {
  const text = textFor();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = type === 'parse' ? core.parseTemplate(text, uri) : lint(text);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  emit({ type, ms, cpuMs: (c.user + c.system) / 1000, warm });
  return out;
}

const parsed = timed('parse', true);
emit({
  type: 'info',
  kind: parsed.kind,
  resources: parsed.kind === 'template' ? parsed.template.resources.length : 0,
  lines: base.split('\n').length - (base.endsWith('\n') ? 1 : 0),
  bytes: Buffer.byteLength(base),
  rules: core.RULES.length,
});
const linted = timed('lint', true);
const findings = linted.kind === 'linted' ? linted.findings : [];
emit({ type: 'findings', count: findings.length, parse: findings.filter((f) => f.kind === 'parse').length, kind: linted.kind });

const kinds = editing ? ['lint'] : ['parse', 'lint'];
// Warm-up: at most a third of the budget.
const warmEnd = started + warmupMs;
for (let i = 1; (i < warmup || performance.now() < warmEnd) && performance.now() < started + Number(budgetArg) / 3; i++) for (const k of kinds) timed(k, true);
const timedFrom = performance.now();
for (let i = 0; i < iterations || performance.now() - timedFrom < timedMs; i++) {
  if (i > 0 && performance.now() > deadline) break;
  for (const k of i % 2 === 0 ? kinds : [...kinds].reverse()) timed(k, false);
}
emit({ type: 'done' });
