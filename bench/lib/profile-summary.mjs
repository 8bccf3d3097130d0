// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the time goes, by function (self and
// inclusive time) and by source module. Modules are found from the `// src/...ts` comments esbuild
// writes at the top of each module in a non-minified bundle.
//
//   node bench/lib/profile-summary.mjs <file.cpuprofile> [bundle.cjs] [top]

import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Maps 0-based bundle lines to the source module that esbuild emitted there. */
export function moduleIndex(bundleFile) {
  if (!bundleFile) return () => undefined;
  const starts = [];
  readFileSync(bundleFile, 'utf8').split('\n').forEach((line, i) => {
    const m = /^\/\/ ((?:src|bench|node_modules)\/\S+\.(?:ts|js|mjs|cjs))$/.exec(line);
    if (m) starts.push([i, m[1]]);
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) {
        found = starts[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

export function summarizeProfile(profileFile, bundleFile, top = 15) {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
  const moduleOf = moduleIndex(bundleFile);
  const bundleUrl = bundleFile ? pathToFileURL(bundleFile).href : undefined;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time per sample: the deltas (µs). Attribute each sample to its node.
  const selfUs = new Map();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    totalUs += dt;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  });
  const label = (n) => {
    const f = n.callFrame;
    const inBundle = bundleUrl && f.url === bundleUrl;
    const mod = inBundle ? moduleOf(f.lineNumber) : f.url ? f.url.replace(/^.*\/node_modules\//, 'node_modules/').replace(/^node:/, 'node:') : '';
    return { fn: f.functionName || '(anonymous)', mod: mod ?? '', key: `${f.functionName || '(anonymous)'} ${mod ?? ''}:${f.lineNumber + 1}` };
  };
  const self = new Map();
  const selfByModule = new Map();
  const inclusive = new Map();
  const inclusiveByModule = new Map();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const l = label(n);
    self.set(l.key, (self.get(l.key) ?? 0) + us);
    selfByModule.set(l.mod || `(${l.fn})`, (selfByModule.get(l.mod || `(${l.fn})`) ?? 0) + us);
    // Inclusive: every distinct function / module on the stack gets the sample's time once.
    const seenFns = new Set();
    const seenMods = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cl = label(byId.get(cur));
      if (/^(src|node_modules)\//.test(cl.mod) && !seenFns.has(cl.key)) {
        seenFns.add(cl.key);
        inclusive.set(cl.key, (inclusive.get(cl.key) ?? 0) + us);
      }
      if (cl.mod && !seenMods.has(cl.mod)) {
        seenMods.add(cl.mod);
        inclusiveByModule.set(cl.mod, (inclusiveByModule.get(cl.mod) ?? 0) + us);
      }
    }
  }
  // Lint time per rule: samples under lintTemplate, charged to the innermost rule module on the stack
  // (rules/support/ helpers are charged to the rule that called them).
  const byRule = new Map();
  const phases = new Map();
  for (const [id, us] of selfUs) {
    const stack = [];
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(label(byId.get(cur)));
    const phase = stack.find((l) => ['parseTemplate', 'lintTemplate', 'applySuppressions'].includes(l.fn));
    const ph = phase?.fn ?? 'other (GC, idle, harness)';
    phases.set(ph, (phases.get(ph) ?? 0) + us);
    if (phase?.fn !== 'lintTemplate') continue;
    const rule = stack.find((l) => /\/rules\/(?!support\/)[^/]+\.ts$/.test(l.mod));
    const key = rule ? rule.mod.replace(/^.*\/rules\//, '') : '(lint runner, no rule on the stack)';
    byRule.set(key, (byRule.get(key) ?? 0) + us);
  }
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs ? us / totalUs : 0 }));
  return { totalMs: totalUs / 1000, phases: rank(phases), lintByRule: rank(byRule), selfByFunction: rank(self), selfByModule: rank(selfByModule), inclusiveByFunction: rank(inclusive), inclusiveByModule: rank(inclusiveByModule) };
}

export function formatProfileSummary(s) {
  const sect = (title, list) => [`  ${title}`, ...list.map((e) => `    ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(7)} ms  ${e.name}`)].join('\n');
  return [
    `  profiled ${s.totalMs.toFixed(0)} ms${s.runs ? ` over ${s.runs} lint runs (${(s.totalMs / s.runs).toFixed(1)} ms per run, profiler on)` : ''}`,
    sect('by phase (parseTemplate: YAML + model; lintTemplate: the rules)', s.phases),
    sect('lintTemplate time by rule', s.lintByRule),
    sect('self time by module', s.selfByModule),
    sect('self time by function', s.selfByFunction),
    sect('inclusive time by function (bundle code only)', s.inclusiveByFunction),
  ].join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const [file, bundle, top] = process.argv.slice(2);
  console.log(formatProfileSummary(summarizeProfile(file, bundle, top ? Number(top) : 15)));
}
