/**
 * Runs the rules over one template: dispatch by resource type, severity overrides, suppressions,
 * and one finding per rule and place.
 */
import { type ParseOutcome, type ParseProblem, parseTemplate } from '../template/parse';
import { LineIndex } from '../template/positions';
import { type Lookup, type ScalarOutcome, anchorOfAbsent, lookupProperty, scalarOutcomes } from '../template/evaluate';
import type { Resource, ResourceReference, SourceRange, Template, TemplateNode } from '../template/model';
import { referenceTarget } from '../template/references';
import type { Fix, Report, Rule, RuleContext, Severity } from '../rules/rule';
import { RULES } from '../rules/registry';
import { type TemplateProblem, templateProblems } from '../rules/template-checks';
import type { CancellationSignal, LintConfig } from './config';
import { type Finding, SEVERITY_ORDER } from './finding';
import { readSuppressions, type Suppression } from './suppressions';
import { type FixCheck, FixGuard } from '../fix/guard';

export type LintResult =
  | { readonly kind: 'not-cloudformation' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'linted'; readonly findings: readonly Finding[]; readonly template: Template | undefined };

export function lintText(text: string, uri: string, config: LintConfig = {}, signal?: CancellationSignal, rules: readonly Rule[] = RULES): LintResult {
  return lintParsed(parseTemplate(text, uri), text, config, signal, rules);
}

/** Lints what `parseTemplate` made of `text`; `cache` lets a re-lint replay unchanged resources' checks. */
export function lintParsed(parsed: ParseOutcome, text: string, config: LintConfig, signal: CancellationSignal | undefined, rules: readonly Rule[], cache?: (template: Template, lines: LineIndex) => ResourceCheckCache): LintResult {
  if (parsed.kind === 'not-cloudformation') return parsed;
  const lines = new LineIndex(text);
  if (parsed.kind === 'invalid') return { kind: 'linted', findings: parsed.problems.map((p) => parseFinding(p, lines)), template: undefined };
  const findings = parsed.problems.map((p) => parseFinding(p, lines));
  for (const p of templateProblems(parsed.template)) findings.push(templateFinding(p, lines));
  const result = lintTemplate(parsed.template, config, signal, rules, lines, cache?.(parsed.template, lines));
  if (result === undefined) return { kind: 'cancelled' };
  return { kind: 'linted', findings: findings.length === 0 ? result : [...findings, ...result], template: parsed.template };
}

/** Which rules run under `config`, with the severity each reports at. */
export function activeRules(config: LintConfig, rules: readonly Rule[] = RULES): { rule: Rule; severity: Severity }[] {
  const only = config.only ? new Set(config.only) : undefined;
  const active: { rule: Rule; severity: Severity }[] = [];
  for (const rule of rules) {
    if (only && !only.has(rule.id)) continue;
    const setting = config.rules?.[rule.id] ?? 'default';
    if (setting === 'off') continue;
    active.push({ rule, severity: setting === 'default' ? rule.severity : setting });
  }
  return active;
}

export function lintTemplate(
  template: Template,
  config: LintConfig,
  signal: CancellationSignal | undefined,
  rules: readonly Rule[],
  lines = new LineIndex(template.text),
  cache?: ResourceCheckCache,
): Finding[] | undefined {
  const plan = planOf(config, rules);
  const run = new LintRun(template, lines, config, cache !== undefined);
  const contexts = plan.active.map((a) => new RuleRun(run, a.rule, a.severity, optionsOf(a.rule, config)));
  for (const resource of template.resources) {
    if (signal?.isCancellationRequested) return undefined;
    const checks = plan.checksByType.get(resource.type);
    if (!checks) continue;
    if (!cache) {
      for (const i of checks) plan.active[i].rule.checkResource!(resource, contexts[i]);
      continue;
    }
    for (const i of checks) {
      const rule = plan.active[i].rule;
      const replayed = cache.replay(rule, resource);
      if (replayed) {
        for (const f of replayed.findings) run.raw.push(run.moved(f, replayed.delta, contexts[i], resource));
        for (const f of replayed.findings) isDuplicate(run.seenOf(rule), shifted(f.range, replayed.delta), f.kind === 'undecided');
        continue;
      }
      const from = run.raw.length;
      run.checking = true;
      run.local = true;
      try {
        rule.checkResource!(resource, contexts[i]);
      } finally {
        run.checking = false;
      }
      cache.record(rule, resource, run.raw.slice(from), run.local);
    }
  }
  for (let i = 0; i < plan.active.length; i++) {
    if (signal?.isCancellationRequested) return undefined;
    plan.active[i].rule.checkTemplate?.(contexts[i]);
  }
  // The known rule ids matter only to a suppression entry: gathered when one asks.
  let known: Set<string> | undefined;
  return applySuppressions(template, run.raw, lines, { has: (id) => (known ??= new Set(rules.map((r) => r.id))).has(id) });
}

/** Which rules run, at which severity, and per resource type the indexes of those with a resource check. */
interface LintPlan {
  readonly active: readonly { readonly rule: Rule; readonly severity: Severity }[];
  readonly checksByType: ReadonlyMap<string, readonly number[]>;
}

/**
 * The plan of the last configuration seen with each rule list. The editor and the CLI lint many times
 * with one configuration object, so the plan is made once, not per lint.
 */
const PLANS = new WeakMap<readonly Rule[], { config: LintConfig; plan: LintPlan }>();

function planOf(config: LintConfig, rules: readonly Rule[]): LintPlan {
  const last = PLANS.get(rules);
  if (last?.config === config) return last.plan;
  const active = activeRules(config, rules);
  const checksByType = new Map<string, number[]>();
  active.forEach((a, i) => {
    if (!a.rule.checkResource) return;
    for (const type of a.rule.resourceTypes) {
      const list = checksByType.get(type);
      if (list) list.push(i);
      else checksByType.set(type, [i]);
    }
  });
  const plan = { active, checksByType };
  PLANS.set(rules, { config, plan });
  return plan;
}

/** A value of `RuleContext.derived`, and whether deriving it read beyond the resource being checked. */
interface Derived {
  readonly value: unknown;
  readonly crossed: boolean;
}

/** What one lint of one template shares between its rules: the findings so far, the memo, the type index. */
class LintRun {
  readonly raw: Finding[] = [];
  readonly memo = new Map<string, unknown>();
  /** The template as the rules see it: watched for reads beyond a resource when a cache may replay checks. */
  readonly seen: Template;
  /** Set while a watched resource check runs; `local` turns false when it reads beyond its resource. */
  checking = false;
  local = true;
  // Where each rule has reported already: one finding per rule, place and kind. Made on a rule's first report.
  private readonly seenByRule = new Map<Rule, Set<number | string>>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each derivation's own node and value types
  private readonly derivedBy = new Map<(node: any, ctx: RuleContext) => unknown, Map<object, Derived>>();

  readonly reportUndecided: boolean;
  private guard: FixGuard | undefined;

  constructor(
    readonly template: Template,
    readonly lines: LineIndex,
    private readonly config: LintConfig,
    watched: boolean,
  ) {
    this.reportUndecided = config.reportUndecided ?? true;
    this.seen = watched ? new WatchedTemplate(template, () => this.crossResource()) : template;
  }

  /** Applies `fix` to the text and lints the result again before it is offered (see fix/guard.ts). */
  checkFix(rule: Rule, subject: Finding, fix: Fix): FixCheck {
    this.guard ??= new FixGuard(this.template, { ruleOptions: this.config.ruleOptions, reportUndecided: this.reportUndecided }, () => this.raw, relintWithRule);
    return this.guard.check(rule, subject, fix);
  }

  crossResource(): void {
    if (this.checking) this.local = false;
  }

  /**
   * See `RuleContext.derived`. A value whose derivation read beyond the resource being checked counts as
   * such a read for every check that uses it, so a re-lint replays none of them.
   */
  derived<N extends object, T>(node: N, derive: (node: N, ctx: RuleContext) => T, ctx: RuleContext): T {
    let byNode = this.derivedBy.get(derive);
    if (!byNode) this.derivedBy.set(derive, (byNode = new Map<object, Derived>()));
    const known = byNode.get(node);
    if (known) {
      if (known.crossed) this.crossResource();
      return known.value as T;
    }
    const outer = this.local;
    this.local = true;
    const value = derive(node, ctx);
    const crossed = !this.local;
    this.local = outer && !crossed;
    byNode.set(node, { value, crossed });
    return value;
  }

  seenOf(rule: Rule): Set<number | string> {
    let seen = this.seenByRule.get(rule);
    if (!seen) this.seenByRule.set(rule, (seen = new Set()));
    return seen;
  }

  /** A previous lint's finding about an unchanged resource, moved by `delta` characters; its fix is built anew on demand. */
  moved(f: KeptFinding, delta: number, ctx: RuleRun, resource: Resource): Finding {
    const range = shifted(f.range, delta);
    return f.hasFix
      ? new FindingWithLazyFix(this.lines, f.ruleId, f.control, f.severity, f.message, f.kind, f.resource, f.path, range, undefined, () => this.rederiveFix(ctx, resource, range, f.kind === 'undecided'), ctx)
      : newFinding(this.lines, f.ruleId, f.control, f.severity, f.message, f.kind, f.resource, f.path, range, undefined);
  }

  /** The fix the rule offers now, on this template, for the finding at `range`. */
  private rederiveFix(ctx: RuleRun, resource: Resource, range: SourceRange, undecided: boolean): Fix | undefined {
    let fix: Report['fix'];
    ctx.rule.checkResource!(
      resource,
      new RuleRun(this, ctx.rule, ctx.severity, ctx.options, (r) => {
        const at = rangeOf(r.at);
        if (fix === undefined && at.start === range.start && at.end === range.end && (r.undecided === true) === undecided) fix = r.fix;
      }),
    );
    return typeof fix === 'function' ? fix() : fix;
  }
}

/** One rule's view of a lint (its `RuleContext`); `sink` takes its reports instead (to re-derive the fix of a replayed finding). */
class RuleRun implements RuleContext {
  private seen: Set<number | string> | undefined;

  constructor(
    private readonly run: LintRun,
    readonly rule: Rule,
    readonly severity: Severity,
    readonly options: Readonly<Record<string, number | string | boolean>>,
    private readonly sink?: (r: Report) => void,
  ) {}

  get template(): Template {
    return this.run.seen;
  }

  report(r: Report): void {
    if (this.sink) return this.sink(r);
    const run = this.run;
    if (r.undecided && !run.reportUndecided) return;
    const range = rangeOf(r.at);
    if (isDuplicate((this.seen ??= run.seenOf(this.rule)), range, r.undecided === true)) return;
    const rule = this.rule;
    const kind = r.undecided ? 'undecided' : 'violation';
    const reported = r.undecided ? 'info' : r.severity && SEVERITY_ORDER[r.severity] < SEVERITY_ORDER[this.severity] ? r.severity : this.severity;
    const fix = r.fix;
    const message = `${rule.control}: ${r.message}`;
    const path = r.path ? r.path.join('.') : undefined;
    run.raw.push(
      fix === undefined
        ? newFinding(run.lines, rule.id, rule.control, reported, message, kind, r.resource?.logicalId, path, range, undefined)
        : new FindingWithLazyFix(run.lines, rule.id, rule.control, reported, message, kind, r.resource?.logicalId, path, range, undefined, typeof fix === 'function' ? fix : () => fix, this),
    );
  }

  property(resource: Resource, ...path: (string | number)[]): Lookup[] {
    return lookupProperty(resource, path);
  }

  scalars(resource: Resource, ...path: (string | number)[]): ScalarOutcome[] {
    return scalarsAt(this.run.template, resource, path);
  }

  scalarsOf(node: TemplateNode | undefined, anchor: TemplateNode): ScalarOutcome[] {
    return scalarOutcomes(this.run.template, node, anchor);
  }

  targetOf(node: TemplateNode | undefined): Resource | undefined {
    this.run.crossResource();
    if (!node) return undefined;
    const targets = referenceTarget(node);
    // A !Sub names a resource only when it is nothing but the reference: "${Logs}-archive" is another name.
    if (targets.length !== 1 || (node.kind === 'intrinsic' && node.name === 'Fn::Sub' && !isWholeSubstitution(node))) return undefined;
    return this.run.template.resourceById.get(targets[0].id);
  }

  resourcesOfType(...types: string[]): readonly Resource[] {
    this.run.crossResource();
    const template = this.run.template;
    if (types.length === 1) return template.resourcesOfType(types[0]);
    // Kept per run: a rule may ask once per resource it checks, and a scan each time is quadratic.
    const key = `resourcesOfType:${types.join('|')}`;
    let found = this.run.memo.get(key) as readonly Resource[] | undefined;
    if (!found) this.run.memo.set(key, (found = template.resources.filter((r) => types.includes(r.type))));
    return found;
  }

  memo<T>(key: string, compute: () => T): T {
    const run = this.run;
    run.crossResource();
    if (!run.memo.has(key)) run.memo.set(key, compute());
    return run.memo.get(key) as T;
  }

  derived<N extends object, T>(node: N, derive: (node: N, ctx: RuleContext) => T): T {
    return this.run.derived(node, derive, this);
  }

  /** See `LintRun.checkFix`. */
  checkFix(subject: Finding, fix: Fix): FixCheck {
    return this.run.checkFix(this.rule, subject, fix);
  }

  reportingTo(sink: (report: Report) => void): RuleContext {
    // Another instance of this class, not an `Object.create` child: making a lint's context a prototype
    // gave it a map of its own on every lint, which turned every rule's calls into it megamorphic.
    return new RuleRun(this.run, this.rule, this.severity, this.options, sink);
  }
}

/** Each rule's default options, resolved once: most lints set no rule options. Read-only to the rules. */
const DEFAULT_OPTIONS = new WeakMap<Rule, Readonly<Record<string, number | string | boolean>>>();

function optionsOf(rule: Rule, config: LintConfig): Readonly<Record<string, number | string | boolean>> {
  const set = config.ruleOptions?.[rule.id];
  if (set === undefined) {
    let defaults = DEFAULT_OPTIONS.get(rule);
    if (!defaults) DEFAULT_OPTIONS.set(rule, (defaults = Object.freeze(resolveOptions(rule, undefined))));
    return defaults;
  }
  return resolveOptions(rule, set);
}

function resolveOptions(rule: Rule, set: Readonly<Record<string, number | string | boolean | undefined>> | undefined): Record<string, number | string | boolean> {
  const options: Record<string, number | string | boolean> = {};
  for (const [name, option] of Object.entries(rule.options ?? {})) options[name] = set?.[name] ?? option.default;
  return options;
}

/**
 * Lets a re-lint reuse what a resource check found last time. `record` is told after each check whether
 * it read anything beyond its resource (another resource, the template's resource list, a shared memo,
 * the template's text or root): only checks that did not may be replayed, and only for an unchanged resource
 * in an unchanged template context (see incremental.ts).
 */
export interface ResourceCheckCache {
  replay(rule: Rule, resource: Resource): { readonly findings: readonly KeptFinding[]; readonly delta: number } | undefined;
  record(rule: Rule, resource: Resource, findings: readonly Finding[], local: boolean): void;
}

/** A finding kept for replay: its fix is rebuilt from the new text, so only whether it had one is kept. */
export type KeptFinding = Omit<Finding, 'fix'> & { readonly hasFix: boolean };

export function keptFinding(f: Finding): KeptFinding {
  const { ruleId, control, severity, message, kind, resource, path, range, line, column, endLine, endColumn, suppressed } = f;
  return { ruleId, control, severity, message, kind, resource, path, range, line, column, endLine, endColumn, suppressed, hasFix: hasFix(f) };
}

/**
 * The template as a rule sees it while watched: reading what lies beyond the resource calls `crossResource`.
 * A class, not an object literal with getters: such a literal gets a hidden class of its own each time it
 * is made, which would make every rule's reads of `ctx.template` megamorphic in the editor's re-lints.
 */
class WatchedTemplate implements Template {
  readonly uri: string;
  readonly format: Template['format'];
  readonly lineBreak: Template['lineBreak'];
  readonly parameters: Template['parameters'];
  readonly conditionNames: Template['conditionNames'];
  readonly isSam: boolean;

  constructor(
    private readonly inner: Template,
    private readonly crossResource: () => void,
  ) {
    this.uri = inner.uri;
    this.format = inner.format;
    this.lineBreak = inner.lineBreak;
    this.parameters = inner.parameters;
    this.conditionNames = inner.conditionNames;
    this.isSam = inner.isSam;
  }

  get text(): string {
    return this.beyond(this.inner.text);
  }

  get root(): Template['root'] {
    return this.beyond(this.inner.root);
  }

  get resources(): Template['resources'] {
    return this.beyond(this.inner.resources);
  }

  get resourceById(): Template['resourceById'] {
    return this.beyond(this.inner.resourceById);
  }

  get resourcesEntry(): Template['resourcesEntry'] {
    return this.beyond(this.inner.resourcesEntry);
  }

  get references(): Template['references'] {
    return this.beyond(this.inner.references);
  }

  resourcesOfType(type: string): readonly Resource[] {
    return this.beyond(this.inner.resourcesOfType(type));
  }

  referencesTo(logicalId: string): readonly ResourceReference[] {
    return this.beyond(this.inner.referencesTo(logicalId));
  }

  /** `value`, read from beyond the resource being checked. */
  private beyond<T>(value: T): T {
    this.crossResource();
    return value;
  }
}

/** What the guard needs from a lint of a fixed text: the findings of the fix's rule. */
function relintWithRule(parsed: ParseOutcome, text: string, rule: Rule, config: LintConfig): readonly Finding[] | undefined {
  const result = lintParsed(parsed, text, config, undefined, [rule]);
  return result.kind === 'linted' ? result.findings : undefined;
}

const shifted = (range: SourceRange, delta: number): SourceRange => (delta === 0 ? range : { start: range.start + delta, end: range.end + delta });

/** Whether a finding may carry a fix, without rendering (and checking) a lazy one. */
function hasFix(f: Finding): boolean {
  return f instanceof FindingWithLazyFix || f.fix !== undefined;
}

const SMALL_OFFSET = 2 ** 26;

function isWholeSubstitution(node: Extract<TemplateNode, { kind: 'intrinsic' }>): boolean {
  const arg = node.argument;
  const pattern = arg.kind === 'scalar' ? arg.value : arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' ? arg.items[0].value : undefined;
  return typeof pattern === 'string' && /^\$\{[^!}][^}]*\}$/.test(pattern.trim());
}

function scalarsAt(template: Template, resource: Resource, path: (string | number)[]): ScalarOutcome[] {
  const lookups = lookupProperty(resource, path);
  // Most lookups have one outcome: its list is the answer (a list grown from empty gets room for 17).
  if (lookups.length === 1) return outcomesOf(template, resource, lookups[0]);
  const out: ScalarOutcome[] = [];
  for (const found of lookups) out.push(...outcomesOf(template, resource, found));
  return out;
}

function outcomesOf(template: Template, resource: Resource, found: Lookup): ScalarOutcome[] {
  if (found.kind === 'found') return scalarOutcomes(template, found.node, found.node);
  if (found.kind === 'unknown') return [found];
  return [{ kind: 'absent', node: anchorOfAbsent(resource, found) }];
}

function rangeOf(at: Report['at']): SourceRange {
  if ('range' in at) return at.range;
  if ('node' in at) return at.node.range;
  if ('start' in at) return at;
  // An absent lookup reported directly: underline the parent key.
  const parent = at.parent;
  return 'kind' in parent ? { start: parent.range.start, end: parent.range.start } : parent.keyRange;
}

/**
 * What became of a finding's fix: none, offered, or refused by the guard (fix/guard.ts) with the reason.
 * The refused fix is kept so a caller can say what it would have done.
 */
export type FixVerdict = { readonly kind: 'none' } | { readonly kind: 'offered'; readonly fix: Fix } | { readonly kind: 'refused'; readonly fix: Fix; readonly reason: string };

const NO_FIX: FixVerdict = { kind: 'none' };

/**
 * The fix a finding's rule proposes, before the guard's check: cheap, for a caller that sorts out which fixes
 * go together before it asks for `fixVerdictOf` (which applies and lints).
 */
export function proposedFixOf(finding: Finding): Fix | undefined {
  return isLazy(finding) ? finding.proposedFix() : finding.fix;
}

/** The fix a finding offers after the guard's check, or why it offers none. */
export function fixVerdictOf(finding: Finding): FixVerdict {
  if (isLazy(finding)) return finding.fixVerdict();
  return finding.fix ? { kind: 'offered', fix: finding.fix } : NO_FIX;
}

/** By its methods rather than `instanceof`: a finding may come from another copy of this module (the extension's bundle, say). */
function isLazy(finding: Finding): finding is Finding & Pick<FindingWithLazyFix, 'proposedFix' | 'fixVerdict'> {
  const f = finding as Partial<Pick<FindingWithLazyFix, 'proposedFix' | 'fixVerdict'>>;
  return typeof f.fixVerdict === 'function' && typeof f.proposedFix === 'function';
}

/**
 * A finding whose fix is rendered, then checked by the guard, on first read of `fix`. The fix is not an own
 * property (the getter sits on the prototype, the renderer in private fields), so copying, serialising or
 * posting findings to another thread never pays for fixes nobody asked for. A class, not
 * `Object.defineProperty` on a literal: redefining a property per finding turned every finding into a slow
 * dictionary object.
 */
class FindingWithLazyFix implements Finding {
  readonly ruleId: string;
  readonly control: Finding['control'];
  readonly severity: Severity;
  readonly message: string;
  readonly kind: Finding['kind'];
  readonly resource: string | undefined;
  readonly path: string | undefined;
  readonly range: SourceRange;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly suppressed: { readonly reason: string } | undefined;
  #render: (() => Fix | undefined) | undefined;
  #proposed: Fix | undefined;
  #verdict: FixVerdict | undefined;
  readonly #owner: RuleRun;

  constructor(
    lines: LineIndex,
    ruleId: string,
    control: Finding['control'],
    severity: Severity,
    message: string,
    kind: Finding['kind'],
    resource: string | undefined,
    path: string | undefined,
    range: SourceRange,
    suppressed: { readonly reason: string } | undefined,
    render: () => Fix | undefined,
    owner: RuleRun,
  ) {
    const line = lines.lineOf(range.start);
    const endLine = range.end === range.start ? line : lines.lineOf(range.end);
    this.ruleId = ruleId;
    this.control = control;
    this.severity = severity;
    this.message = message;
    this.kind = kind;
    this.resource = resource;
    this.path = path;
    this.range = range;
    this.line = line + 1;
    this.column = range.start - lines.lineStart(line) + 1;
    this.endLine = endLine + 1;
    this.endColumn = range.end - lines.lineStart(endLine) + 1;
    this.suppressed = suppressed;
    this.#render = render;
    this.#owner = owner;
  }

  get fix(): Fix | undefined {
    const verdict = this.fixVerdict();
    return verdict.kind === 'offered' ? verdict.fix : undefined;
  }

  /** The fix as the rule renders it, before the guard's check. */
  proposedFix(): Fix | undefined {
    const render = this.#render;
    if (render) {
      this.#render = undefined;
      this.#proposed = render();
    }
    return this.#proposed;
  }

  fixVerdict(): FixVerdict {
    if (!this.#verdict) {
      const fix = this.proposedFix();
      const check = fix && this.#owner.checkFix(this, fix);
      this.#verdict = !fix || !check ? NO_FIX : check.ok ? { kind: 'offered', fix: check.fix } : { kind: 'refused', fix, reason: check.reason };
    }
    return this.#verdict;
  }

  /** The same finding, covered by a reviewed suppression; its fix is still rendered only when asked for. */
  suppressedBy(lines: LineIndex, reason: string): FindingWithLazyFix {
    const copy = new FindingWithLazyFix(lines, this.ruleId, this.control, this.severity, this.message, this.kind, this.resource, this.path, this.range, { reason }, () => this.proposedFix(), this.#owner);
    copy.#verdict = this.#verdict;
    return copy;
  }
}

type FindingFields = Omit<Finding, 'line' | 'column' | 'endLine' | 'endColumn' | 'suppressed'>;

export function makeFinding(lines: LineIndex, f: FindingFields, suppressed?: { reason: string }): Finding {
  return newFinding(lines, f.ruleId, f.control, f.severity, f.message, f.kind, f.resource, f.path, f.range, f.fix, suppressed);
}

/**
 * Builds a finding as one object literal, fields in the contract's order. (Spreading a fields object and
 * then redefining `fix` cost several microseconds per finding, a tenth of the lint time.)
 */
function newFinding(
  lines: LineIndex,
  ruleId: string,
  control: Finding['control'],
  severity: Severity,
  message: string,
  kind: Finding['kind'],
  resource: string | undefined,
  path: string | undefined,
  range: SourceRange,
  fix: Fix | undefined,
  suppressed?: { reason: string },
): Finding {
  const line = lines.lineOf(range.start);
  const endLine = range.end === range.start ? line : lines.lineOf(range.end);
  return {
    ruleId,
    control,
    severity,
    message,
    kind,
    resource,
    path,
    range,
    fix,
    line: line + 1,
    column: range.start - lines.lineStart(line) + 1,
    endLine: endLine + 1,
    endColumn: range.end - lines.lineStart(endLine) + 1,
    suppressed,
  };
}

/**
 * One finding per rule, place and kind: a rule may reach the same place twice (through two `!If` branches
 * that share a node, say). Keyed by number, not by a string built per report.
 */
function isDuplicate(seen: Set<number | string>, range: SourceRange, undecided: boolean): boolean {
  // Exact below 64 Mi characters (the number stays under 2^53); a string beyond.
  const key = range.end < SMALL_OFFSET ? (range.start * SMALL_OFFSET + range.end) * 2 + (undecided ? 1 : 0) : `${range.start}:${range.end}:${undecided}`;
  if (seen.has(key)) return true;
  seen.add(key);
  return false;
}

function parseFinding(problem: ParseProblem, lines: LineIndex): Finding {
  return makeFinding(lines, {
    ruleId: problem.code === 'duplicate-key' ? 'duplicate-key' : problem.code === 'limit' ? 'parse-limit' : 'parse-error',
    control: undefined,
    // A part left unread may hide a violation: the file cannot pass until it can be read whole.
    severity: problem.fatal || problem.code === 'duplicate-key' || problem.code === 'limit' ? 'error' : 'warning',
    message: problem.message,
    kind: 'parse',
    resource: undefined,
    path: undefined,
    range: problem.range,
    fix: undefined,
  });
}

/** A value CloudFormation would reject (see rules/template-checks.ts): an error about the file, not suppressible. */
function templateFinding(p: TemplateProblem, lines: LineIndex): Finding {
  return makeFinding(lines, { ruleId: p.ruleId, control: undefined, severity: 'error', message: p.message, kind: 'parse', resource: p.resource, path: p.path, range: p.range, fix: undefined });
}

function applySuppressions(template: Template, findings: Finding[], lines: LineIndex, knownRules: { has(id: string): boolean }): Finding[] {
  const { suppressions, problems } = readSuppressions(template, knownRules);
  // Most templates suppress nothing: their findings are the result as they are.
  if (suppressions.length === 0 && problems.length === 0) return findings;
  const out: Finding[] = problems.map((p) =>
    makeFinding(lines, { ruleId: p.ruleId, control: undefined, severity: 'warning', message: p.message, kind: 'suppression', resource: p.resource, path: undefined, range: p.range, fix: undefined }),
  );
  for (const f of findings) {
    const match = suppressions.find((s: Suppression) => s.rule === f.ruleId && (s.resource === undefined || s.resource === f.resource));
    // A lazy finding's fix is a getter that spreading would drop: copy it with its fix still unrendered.
    out.push(match ? (f instanceof FindingWithLazyFix ? f.suppressedBy(lines, match.reason) : { ...f, suppressed: { reason: match.reason } }) : f);
  }
  return out;
}
