// Turns the bench's results into tables: plain text for the terminal, markdown for latest.md.

import { fmtInt, fmtKiB, fmtMs, fmtRatio, mdTable, textTable } from './stats.mjs';

const LINT_PARSE_GOAL = 1.5;
const ADVERSARIAL_GOAL = 3;
const RELINT_GOAL_MS = 20;

const unavailable = (what, err) => ({ title: what, notes: [`unavailable: ${err}`] });
const s = (ms) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const runsOf = (m) => (m?.runs ? `${m.runs}` : '');

function coreSection(core) {
  if (core.error) return [unavailable('1. Parse vs full lint, per template', core.error), unavailable('2. Re-lint in the editor', core.error)];
  const rows = core.cases.map((c) => {
    const notCfn = c.kind && c.kind !== 'template';
    const lint = c.lint ? `${fmtMs(c.lint.median)}${c.lint.onlyWarmup ? ' †' : ''}` : c.stopped ? `> ${s(c.lintAtLeastMs)} (stopped)` : 'n/a';
    const ratio = notCfn ? 'n/a (not CloudFormation)' : c.ratio !== undefined ? `${fmtRatio(c.ratio)} ${c.ratio <= LINT_PARSE_GOAL ? 'ok' : 'SLOW'}` : c.stopped && c.parse ? `> ${fmtRatio(c.lintAtLeastMs / c.parse.median)} SLOW` : 'n/a';
    return [
      c.name,
      c.kind === 'template' ? fmtInt(c.resources) : '-',
      fmtInt(c.lines),
      c.parse ? fmtMs(c.parse.median) : 'n/a',
      lint,
      ratio,
      notCfn || c.cpuRatio === undefined ? 'n/a' : fmtRatio(c.cpuRatio),
      notCfn || !c.early ? 'n/a' : `${fmtRatio(c.early.ratio)} (${fmtMs(c.early.parse.median)} / ${fmtMs(c.early.lint.median)})`,
      `${c.parse?.runs ?? 0}/${c.lint?.runs ?? 0}`,
      c.error ? `error: ${c.error}` : fmtInt(c.findings),
    ];
  });
  const notes = [
    `Median wall time per call in steady state, each template in its own Node process after ${core.warmupMs ? `${s(core.warmupMs)} of ` : ''}warm-up runs${core.timedMs ? `, then timed runs for at least ${s(core.timedMs)} (four times that for 10,000 resources; a small template's 30 runs would last a tenth of a second, within one spell of this shared machine's changing speed)` : ''} (the editor and the CLI over a folder lint many times in one process; parse and lint alternate; no forced garbage collection, so each call pays for the collections its allocations cause). Goal: lint ≤ ${LINT_PARSE_GOAL}× parse (judged on wall time). "same, CPU time": the ratio of the median CPU times of the process during the calls, which a busy machine disturbs less. "first runs": the same ratio over a fresh process's 2nd to 6th runs (parse / lint medians), before V8 has optimised the rules.`,
    `Core bundled by esbuild at bench start with the production build's options (${core.bundle}, ${fmtKiB(core.bundleBytes)}).`,
  ];
  if (core.cases.some((c) => c.lint?.onlyWarmup)) notes.push('† only warm-up runs finished within the time budget: the median of those (cold) runs.');
  if (core.cases.some((c) => c.stopped)) notes.push('"stopped": the template hit its time limit; the figure is a lower bound.');
  const r = core.relint;
  const relintRow = (x, how) =>
    x?.lint
      ? [`generated, ${fmtInt(x.resources)} resources`, how, fmtInt(x.lines), fmtMs(x.lint.median), fmtMs(x.lint.p90), fmtMs(x.lint.min), fmtMs(x.lint.cpu?.median), `${x.lint.runs}${x.lint.onlyWarmup ? ' †' : ''}`, x.lint.median < RELINT_GOAL_MS ? 'ok' : 'SLOW']
      : [`generated, ${fmtInt(x?.resources)} resources`, how, fmtInt(x?.lines), x?.stopped ? `> ${s(x.lintAtLeastMs)} (stopped)` : `n/a${x?.error ? ` (${x.error})` : ''}`, '', '', '', '', 'SLOW'];
  const relintRows = [relintRow(r, 'full lintText')];
  if (core.relintIncremental) relintRows.push(relintRow(core.relintIncremental, 'IncrementalLinter (the editor)'));
  return [
    { title: '1. Parse vs full lint, per template', header: ['template', 'resources', 'lines', 'parse', 'lint (incl. parse)', 'lint / parse', 'same, CPU time', 'first runs', 'runs p/l', 'findings'], align: 'lrrrrlrrrr', rows, notes },
    {
      title: '2. Re-lint of a ~5,000-line template in the editor',
      header: ['template', 'how', 'lines', 'median', 'p90', 'min', 'process CPU (median)', 'runs', `goal < ${RELINT_GOAL_MS} ms`],
      align: 'llrrrrrrl',
      rows: relintRows,
      notes: [
        `Each run lints a new string (the template plus a one-line edit), as after a keystroke. Target ${fmtInt(core.relintTargetLines)} lines; used ${fmtInt(r?.lines)}.`,
        'The editor re-lints through an IncrementalLinter: a full parse, then the checks of unchanged resources that read nothing beyond their resource are replayed, the others run (its result equals a full lint: test/unit/lint-incremental.test.ts). The goal is judged on that row; the full lintText row is shown for comparison.',
      ],
    },
  ];
}

function adversarialSection(a) {
  const title = '1b. Adversarial inputs vs a plain template of the same size';
  if (a.error) return [unavailable(title, a.error)];
  const lintOf = (c) => (c.lint ? `${fmtMs(c.lint.median)}${c.lint.onlyWarmup ? ' †' : ''}` : c.stopped ? `> ${s(c.lintAtLeastMs)} (stopped)` : 'n/a');
  const rows = a.cases.map((c) => {
    const control = a.controls[c.format];
    const verdict = c.ratio === undefined ? 'n/a' : c.ratio <= ADVERSARIAL_GOAL ? 'ok' : 'SLOW';
    return [c.name, c.format, fmtKiB(c.bytes), lintOf(c), `${lintOf(control)} (${fmtKiB(control.bytes)})`, c.ratio === undefined ? (c.stopped ? 'SLOW' : 'n/a') : `${fmtRatio(c.ratio)} ${verdict}`, c.cpuRatio === undefined ? 'n/a' : fmtRatio(c.cpuRatio), c.error ? `error: ${c.error}` : `${c.kind === 'template' ? 'template' : c.kind}, ${fmtInt(c.findings)} findings (${fmtInt(c.parseProblems)} parse)`];
  });
  return [
    {
      title,
      header: ['input', 'format', 'size', 'lint', 'plain template, same format', 'ratio per byte', 'same, CPU time', 'outcome'],
      align: 'llrrrlrl',
      rows,
      notes: [
        `Each input (bench/adversarial.mjs, generated at bench start, about ${fmtKiB(a.bytes)}) and each plain template is timed in its own process, median of the timed runs after warm-up. Plain YAML: a generated template (${a.controls.yaml.name}); plain JSON: a generated template written as indented JSON (${a.controls.json.name}). Ratio: lint time per byte of the input over that of the plain template of its format. Goal: ≤ ${ADVERSARIAL_GOAL}×.`,
        ...a.cases.map((c) => `${c.name}: ${c.why}.`),
      ],
    },
  ];
}

function readFindings(m) {
  const r = m?.report;
  if (!r || r.readError) return undefined;
  return `${fmtInt(r.findings)} findings (${fmtInt(r.error)} errors, ${fmtInt(r.warning)} warnings, ${fmtInt(r.info)} info) in ${fmtInt(r.filesScanned ?? r.files)} files`;
}

function cliSection(cli) {
  const title = '3. CLI vs cfn-guard (and cfn-lint)';
  if (cli.error) return [unavailable(title, cli.error)];
  const rows = [];
  const notes = [];
  const row = (tool, n, m, how) => {
    if (!m) return;
    if (m.error) rows.push([tool, fmtInt(n), `unavailable: ${m.error}`, '', '', how ?? '']);
    else rows.push([tool, fmtInt(n), s(m.wall?.median), m.cpu ? s(m.cpu.median) : 'n/a', runsOf(m.wall), how ?? '']);
  };
  const folderDesc = `${fmtInt(cli.folder.templates)} × ${cli.folder.resourcesPerTemplate} resources (${fmtInt(cli.folder.lines)} lines, ${fmtKiB(cli.folder.bytes)})`;
  row('sop-lens', cli.folder.templates, cli.sopLens, 'measured');
  const g = cli.cfnGuard ?? {};
  if (g.unavailable) rows.push(['cfn-guard', fmtInt(cli.folder.templates), `unavailable: ${g.unavailable}`, '', '', '']);
  else {
    if (g.full) row('cfn-guard', cli.folder.templates, g.full, 'measured');
    else if (g.estimate) {
      rows.push(['cfn-guard', fmtInt(g.estimate.templates), `≈ ${s(g.estimate.wall.ms)}`, g.estimate.cpu ? `≈ ${s(g.estimate.cpu.ms)}` : 'n/a', '-', `ESTIMATE: ${g.estimate.wall.method}`]);
    }
    for (const sm of cli.samples ?? []) {
      row('sop-lens', sm.templates, sm.sopLens, `measured, first ${sm.templates} of the same folder`);
      row('cfn-guard', sm.templates, sm.cfnGuard, `measured, first ${sm.templates} of the same folder`);
    }
  }
  // Ratios
  const ratios = [];
  const cliMs = cli.sopLens?.wall?.median;
  const cliCpu = cli.sopLens?.cpu?.median;
  if (g.full?.wall && cliMs) ratios.push([`${fmtInt(cli.folder.templates)} templates (measured)`, fmtRatio(g.full.wall.median / cliMs), g.full.cpu && cliCpu ? fmtRatio(g.full.cpu.median / cliCpu) : 'n/a']);
  else if (g.estimate && cliMs) ratios.push([`${fmtInt(g.estimate.templates)} templates (cfn-guard estimated)`, `≈ ${fmtRatio(g.estimate.wall.ms / cliMs)}`, g.estimate.cpu && cliCpu ? `≈ ${fmtRatio(g.estimate.cpu.ms / cliCpu)}` : 'n/a']);
  for (const sm of cli.samples ?? []) {
    if (sm.sopLens?.wall && sm.cfnGuard?.wall) ratios.push([`${sm.templates} templates (measured)`, fmtRatio(sm.cfnGuard.wall.median / sm.sopLens.wall.median), sm.cfnGuard.cpu && sm.sopLens.cpu ? fmtRatio(sm.cfnGuard.cpu.median / sm.sopLens.cpu.median) : 'n/a']);
  }
  for (const sm of cli.samples ?? []) {
    const gr = sm.cfnGuard?.report;
    const cr = readFindings(sm.sopLens);
    if (gr && !gr.error && gr.files !== undefined) notes.push(`First ${sm.templates}: cfn-guard failed ${gr.files ? `${gr.failing} of ${gr.files}` : 'n/a'} templates (${fmtInt(gr.nonCompliant)} failed rule results, ${fmtKiB(gr.bytes)} of JSON)${cr ? `; sop-lens reported ${cr}` : ''}.`);
  }
  const full = readFindings(cli.sopLens);
  if (full) notes.push(`sop-lens on all ${fmtInt(cli.folder.templates)}: ${full}.`);
  notes.push(`Folder: ${cli.folder.dir}, ${folderDesc}, generated with seed ${cli.folder.seed}. Wall time is the median of the timed runs (the CLI gets one untimed warm-up run first); CPU is user + system time of the process tree, from GNU time.`);
  if (g.version) notes.push(`cfn-guard: ${g.version} from ${g.package}, ${g.ruleFiles} Control Tower proactive rule files (${g.rulesDir}); exit code 19 (findings) counts as success.`);
  if (!g.full && g.fullCommand) notes.push(`cfn-guard was not run on all ${fmtInt(cli.folder.templates)} templates (about half a CPU second per template: longer than the whole bench may take); \`npm run bench -- --full\` does. Its command would be: \`${g.fullCommand}\``);
  const commands = [['sop-lens', cli.sopLens?.command]];
  for (const sm of cli.samples ?? []) commands.push([`cfn-guard (${sm.templates})`, sm.cfnGuard?.command]);
  if (g.full) commands.push([`cfn-guard (${fmtInt(cli.folder.templates)})`, g.full.command]);
  const lintRows = [];
  if (cli.cfnLint?.unavailable) lintRows.push(['cfn-lint', '', `unavailable: ${cli.cfnLint.unavailable}`, '', '', '']);
  for (const set of cli.cfnLint?.sets ?? []) {
    for (const [tool, m] of [['cfn-lint', set.cfnLint], ['sop-lens', set.sopLens]]) {
      if (m.error) lintRows.push([tool, set.name, `unavailable: ${m.error}`, '', '', m.command]);
      else lintRows.push([tool, set.name, s(m.wall.median), m.cpu ? s(m.cpu.median) : 'n/a', runsOf(m.wall), m.command]);
    }
  }
  const out = [
    { title, header: ['tool', 'templates', 'wall (median)', 'CPU (median)', 'runs', 'how'], align: 'lrrrrl', rows, notes },
    { title: '3b. Ratio cfn-guard / sop-lens (higher: sop-lens faster)', header: ['on', 'wall', 'CPU'], align: 'lrr', rows: ratios, notes: ['cfn-guard runs on one thread; the CLI uses worker threads (--jobs auto), so the CPU ratio is the like-for-like cost and the wall ratio what a CI job waits.'] },
    { title: '3c. Commands', header: ['what', 'command'], align: 'll', rows: commands.map(([w, c]) => [w, c ? `\`${c}\`` : 'n/a']), notes: [] },
  ];
  if (lintRows.length) {
    out.push({
      title: '3d. cfn-lint on a small sample, for context',
      header: ['tool', 'templates', 'wall (median)', 'CPU (median)', 'runs', 'command'],
      align: 'llrrrl',
      rows: lintRows.map((r) => [...r.slice(0, 5), r[5] ? `\`${r[5]}\`` : '']),
      notes: [cli.cfnLint?.version ? `${cli.cfnLint.version} (machine's Python). Its exit codes 2/4/8 (errors/warnings/informational found) count as success.` : ''],
    });
  }
  return out;
}

function vscodeSection(v) {
  const title = '4. Activation in VS Code';
  if (v.error && !v.runs?.some((r) => !r.error)) return [unavailable(title, v.error)];
  const rows = [];
  const add = (what, m, note) => rows.push([what, m ? fmtMs(m.median) : 'n/a', m ? `${fmtMs(m.min)} – ${fmtMs(m.max)}` : '', m ? `${m.runs}` : '0', note]);
  add('activate() as the test sees it (module load + activate)', v.activateWall, v.alreadyActiveWindows ? `${v.alreadyActiveWindows} window(s) excluded: already active before the suite ran` : '');
  add('activationMs reported by the extension (API)', v.reportedByApi, v.reportedByApi ? '' : 'the API has no activationMs');
  add('"SOP Lens activated in" (extension log)', v.reportedInLog, '');
  add(`open ${v.openedFile} → first SOP Lens diagnostics`, v.firstDiagnostics, '');
  add(`reveal the Accounts view → its ${v.accountsListed ?? '?'} accounts listed`, v.accountsView, v.sdkLoadedBeforeFirstAwsCall ? 'the AWS SDK bundle WAS loaded before any AWS call' : 'AWS SDK bundle not loaded (no AWS call yet)');
  add('workbench page load → suite result', v.windowToResult, 'context: whole window start-up');
  return [
    {
      title,
      header: ['measure', 'median', 'range', 'runs', 'note'],
      align: 'lrrrl',
      rows,
      notes: [
        `${v.host}; workspace ${v.workspace}; one fresh window (and extension host) per run; production build from this run's \`npm run package\`.`,
        v.activationEvents?.length ? `Activation events seen in the extension hosts' logs: ${v.activationEvents.join(', ')}.` : '',
      ],
    },
  ];
}

function packageSection(p) {
  const title = '5. Package size';
  if (!p) return [];
  const rows = [];
  const notes = [];
  rows.push(['.vsix (`npm run package`)', p.vsix ? fmtKiB(p.vsix.bytes) : 'unavailable', '', p.vsix ? `${p.vsix.file}, ${p.vsix.entries} files` : 'see below']);
  if (!p.vsix) notes.push(`.vsix unavailable: ${p.error}${p.fallbackBuild ? ` (dist/ built instead with \`${p.fallbackBuild}\`)` : ''}`);
  for (const [name, b] of Object.entries(p.bundles ?? {})) rows.push([name, fmtKiB(b.bytes), fmtKiB(b.gzipBytes), b.builtByThisRun ? 'production build of this run' : 'NOT rebuilt by this run']);
  return [{ title, header: ['artifact', 'size', 'gzip', 'note'], align: 'lrrl', rows, notes }];
}

export function goals(results) {
  const out = [];
  const core = results.core;
  if (core && !core.error) {
    const cfn = core.cases.filter((c) => c.kind === 'template');
    const slow = cfn.filter((c) => (c.ratio ?? Infinity) > LINT_PARSE_GOAL);
    out.push({ goal: `lint ≤ ${LINT_PARSE_GOAL}× parse`, met: slow.length === 0, detail: slow.length ? `missed on ${slow.map((c) => c.name).join('; ')}` : `met on all ${cfn.length} templates` });
    const r = core.relintIncremental ?? core.relint;
    const full = core.relint?.lint ? `; full lintText ${fmtMs(core.relint.lint.median)}` : '';
    out.push({ goal: `re-lint of a ~5,000-line template < ${RELINT_GOAL_MS} ms`, met: r?.lint ? r.lint.median < RELINT_GOAL_MS : false, detail: r?.lint ? `${fmtMs(r.lint.median)} on ${fmtInt(r.lines)} lines (${core.relintIncremental ? 'IncrementalLinter, as in the editor' : 'lintText'}${core.relintIncremental ? full : ''})` : 'did not finish' });
  }
  const adv = results.adversarial;
  if (adv && !adv.error) {
    const slow = adv.cases.filter((c) => !((c.ratio ?? Infinity) <= ADVERSARIAL_GOAL));
    const worst = adv.cases.reduce((w, c) => ((c.ratio ?? Infinity) > (w?.ratio ?? -1) ? c : w), undefined);
    out.push({ goal: `adversarial inputs within ${ADVERSARIAL_GOAL}× of a plain template of the same size`, met: slow.length === 0, detail: slow.length ? `missed on ${slow.map((c) => `${c.name} (${c.ratio === undefined ? 'n/a' : fmtRatio(c.ratio)})`).join('; ')}` : `met on all ${adv.cases.length}; worst ${worst?.name} at ${fmtRatio(worst?.ratio)}` });
  }
  const cli = results.cli;
  if (cli && !cli.error) {
    const g = cli.cfnGuard ?? {};
    const cliMs = cli.sopLens?.wall?.median;
    const guardMs = g.full?.wall?.median ?? g.estimate?.wall?.ms;
    if (cliMs && guardMs) out.push({ goal: `CLI faster than cfn-guard on ${fmtInt(cli.folder.templates)} templates`, met: cliMs < guardMs, detail: `${s(cliMs)} vs ${g.full ? '' : '≈ '}${s(guardMs)}${g.full ? '' : ' (cfn-guard estimated)'}: ${fmtRatio(guardMs / cliMs)}` });
    else out.push({ goal: 'CLI faster than cfn-guard', met: undefined, detail: g.unavailable ? `cfn-guard unavailable: ${g.unavailable}` : cli.sopLens?.error ? `CLI failed: ${cli.sopLens.error}` : 'not measured' });
  }
  if (results.accounts && !results.accounts.error) {
    const a = results.accounts;
    out.push({ goal: `live checks within 1.5× of the critical path (${a.accounts} accounts × ${a.regions} regions, against moto)`, met: a.atDefaults.ratioToCriticalPath <= 1.5, detail: `${a.atDefaults.ratioToCriticalPath}× (${s(a.atDefaults.wallMs)} vs ${s(a.criticalPathMs)}); moto alone needs ${s(a.withoutLatency.wallMs)}` });
    if (a.replayed) out.push({ goal: `same, moto's answers replayed (only the injected latency left)`, met: a.replayed.ratioToCriticalPath <= 1.5, detail: `${a.replayed.ratioToCriticalPath}× (${s(a.replayed.wallMs)} vs ${s(a.replayed.criticalPathMs)}); CPU of the checks and sign-ins ${s(a.replayed.cpuMs)}` });
    if (a.scheduling) out.push({ goal: `same, scheduling alone (no SDK, HTTP or server)`, met: a.scheduling.ratioToCriticalPath <= 1.5, detail: `${a.scheduling.ratioToCriticalPath}× (${s(a.scheduling.wallMs)} vs ${s(a.scheduling.criticalPathMs)}); CPU ${s(a.scheduling.cpuMs)}` });
  }
  return out;
}

function accountsSection(a) {
  const title = '6. Live account checks against moto + proxy';
  if (a.error) return [unavailable(title, a.error)];
  const rows = [
    [`one account alone, no concurrency bound (critical path)`, fmtMs(a.criticalPathMs), `${fmtInt(a.callsPerAccount)} calls`, ''],
    [`${a.accounts} accounts at the default concurrency (${a.defaultConcurrency.overall} calls, ${a.defaultConcurrency.account} per account, ${a.defaultConcurrency.accounts} accounts)`, fmtMs(a.atDefaults.wallMs), `${fmtInt(a.atDefaults.calls)} calls`, `${a.atDefaults.ratioToCriticalPath}× the critical path; CPU of the checks and sign-ins ${fmtMs(a.atDefaults.cpuMs)}`],
    [`${a.accounts} accounts, no concurrency bound`, fmtMs(a.unbounded.wallMs), '', `${a.unbounded.ratioToCriticalPath}× the critical path`],
    [`${a.accounts} accounts, default concurrency, no injected latency`, fmtMs(a.withoutLatency.wallMs), '', 'moto’s own service time'],
    ...(a.replayed
      ? [
          [`moto's answers replayed: one account alone (critical path)`, fmtMs(a.replayed.criticalPathMs), '', ''],
          [`moto's answers replayed: ${a.accounts} accounts at the default concurrency`, fmtMs(a.replayed.wallMs), `${fmtInt(a.replayed.calls)} calls`, `${a.replayed.ratioToCriticalPath}× the critical path; CPU of the checks and sign-ins ${fmtMs(a.replayed.cpuMs)}`],
        ]
      : []),
    ...(a.scheduling
      ? [
          [`scheduling alone (no SDK, HTTP or server): one account (critical path)`, fmtMs(a.scheduling.criticalPathMs), '', 'no sign-in: the calls of the checks only'],
          [`scheduling alone: ${a.accounts} accounts at the default concurrency`, fmtMs(a.scheduling.wallMs), `${fmtInt(a.scheduling.calls)} calls`, `${a.scheduling.ratioToCriticalPath}× the critical path; CPU of the checks ${fmtMs(a.scheduling.cpuMs)} (no sign-in)`],
        ]
      : []),
  ];
  const floorMs = (a.scheduling?.calls ?? a.atDefaults.calls) * a.latencyMs / a.defaultConcurrency.overall;
  return [
    {
      title,
      header: ['run', 'wall', 'calls', 'note'],
      align: 'lrrl',
      rows,
      notes: [
        `${a.accounts} accounts × ${a.regions} regions, ${a.checks} checks, ${a.latencyMs} ms added to every call by the proxy. DescribeTrails calls per account: ${a.describeTrailsPerAccount}.`,
        `Statuses at the default concurrency: ${Object.entries(a.atDefaults.statuses).map(([k, n]) => `${k} ${n}`).join(', ')}.`,
        `At most ${a.defaultConcurrency.overall} calls in flight, ${fmtInt(a.scheduling?.calls ?? a.atDefaults.calls)} calls of ${a.latencyMs} ms need at least ${fmtMs(floorMs)} however they are ordered.`,
        'Scheduling alone: the same checks through the same SdkAwsApi (limiters, memo, timeouts) and checkAccounts, the SDK client replaced by one that answers from a recording of the moto run after the injected latency, in the bench process.',
      ],
    },
  ];
}

export function buildSections(results) {
  const list = [];
  if (results.core) list.push(...coreSection(results.core));
  if (results.adversarial) list.push(...adversarialSection(results.adversarial));
  if (results.cli) list.push(...cliSection(results.cli));
  if (results.vscode) list.push(...vscodeSection(results.vscode));
  if (results.package) list.push(...packageSection(results.package));
  if (results.accounts) list.push(...accountsSection(results.accounts));
  return list;
}

function machineLines(m, r) {
  return [
    `Machine: ${m.cpu}${m.cpuMHz ? ` @ ${m.cpuMHz} MHz` : ''}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}`,
    `Date: ${m.date}; commit ${m.commit ?? 'n/a'}${m.srcModified ? ` + ${m.srcModified} uncommitted change(s) in src/` : ''}; bench took ${s(r.durationMs)}`,
    `Load average (1/5/15 min) at start ${m.loadAverageAtStart.join(' / ')}, at end ${r.loadAverageAtEnd?.join(' / ') ?? 'n/a'}${Math.max(m.loadAverageAtStart[0], r.loadAverageAtEnd?.[0] ?? 0) > m.cores ? ' (busy machine: wall times are inflated, compare CPU times and ratios)' : ''}`,
  ];
}

export function renderText(results) {
  const out = ['', 'SOP Lens benchmark', ...machineLines(results.machine, results), ''];
  for (const sec of buildSections(results)) {
    out.push(sec.title);
    if (sec.rows?.length) out.push(textTable(sec.header, sec.rows.map((r) => r.map((c) => String(c).replace(/`/g, ''))), sec.align));
    for (const n of sec.notes.filter(Boolean)) out.push(`  ${n.replace(/`/g, '')}`);
    out.push('');
  }
  out.push('Goals');
  for (const g of results.goals) out.push(`  [${g.met === undefined ? '??' : g.met ? 'ok' : 'MISSED'}] ${g.goal}: ${g.detail}`);
  for (const p of results.profiles ?? []) {
    out.push('', `Profile: ${p.name}${p.error ? `: ${p.error}` : ` (${p.file})`}`);
    if (p.text) out.push(p.text);
  }
  return `${out.join('\n')}\n`;
}

export function renderMarkdown(results) {
  const out = ['# SOP Lens benchmark', '', ...machineLines(results.machine, results).map((l) => `- ${l}`), '', 'Reproduce: `npm run bench`', ''];
  for (const sec of buildSections(results)) {
    out.push(`## ${sec.title}`, '');
    if (sec.rows?.length) out.push(mdTable(sec.header, sec.rows, sec.align), '');
    for (const n of sec.notes.filter(Boolean)) out.push(`- ${n}`);
    out.push('');
  }
  out.push('## Goals', '');
  for (const g of results.goals) out.push(`- ${g.met === undefined ? '❔' : g.met ? '✅' : '❌'} ${g.goal}: ${g.detail}`);
  for (const p of results.profiles ?? []) {
    out.push('', `## Profile: ${p.name}`, '');
    if (p.error) out.push(`unavailable: ${p.error}`);
    else out.push(`\`${p.file}\``, '', '```', p.text, '```');
  }
  return `${out.join('\n')}\n`;
}
