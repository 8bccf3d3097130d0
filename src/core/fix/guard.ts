/**
 * The safety net under every fix. Before a fix is offered (quick fix, `sop-lens lint --fix`), it is applied
 * to the text, and the result parsed and linted again with the fix's rule. The fix is refused when the
 * result does not parse or gains a parse problem, when it changes another resource than the finding's or a
 * top-level section (a YAML alias shares the edited value, say), or when the finding is still there. The fix that
 * is offered writes the file's own line breaks.
 */
import type { LintConfig } from '../lint/config';
import type { Fix, Rule, TextEdit } from '../rules/rule';
import { type ParseProblem, parseTemplate } from '../template/parse';
import { type Template, structuralKey } from '../template/model';
import { withLineBreak } from './edits';
import { type LineBreak, lineBreakOf } from '../template/positions';

/** What identifies a finding across a fix: its position moves, these do not. */
export interface FixSubject {
  readonly ruleId: string;
  readonly resource: string | undefined;
  readonly path: string | undefined;
  readonly message: string;
  readonly kind: string;
}

export type FixCheck = { readonly ok: true; readonly fix: Fix } | { readonly ok: false; readonly reason: string };

/** Lints a parsed text with one rule and returns what it finds (lint.ts provides it, to keep this module below the runner). */
export type RelintWithRule = (parsed: ReturnType<typeof parseTemplate>, text: string, rule: Rule, config: LintConfig) => readonly FixSubject[] | undefined;

/** How a resource is named among the parts a fix must leave alone (see `unitsOf`). */
const RESOURCE = 'resource ';

/** An alias (`*name`) somewhere in the text. */
const ALIAS = /(?:^|[\s,[{:-])\*[^\s,[\]{}]/;

/** Checks the fixes of one lint of one template; what it learns about the original text is computed once. */
export class FixGuard {
  private readonly structure: StructureCheck;
  private readonly before = new Map<string, Map<string, number>>();

  constructor(
    private readonly template: Template,
    private readonly config: LintConfig,
    /** The findings the lint reported, to count the ones a fix must remove. */
    private readonly findings: () => readonly FixSubject[],
    private readonly relint: RelintWithRule,
  ) {
    this.structure = new StructureCheck(template);
  }

  check(rule: Rule, subject: FixSubject, fix: Fix): FixCheck {
    const edits = normalise(this.template.text, fix.edits, this.template.lineBreak);
    if (typeof edits === 'string') return refuse(edits);
    const outcome = this.structure.check(edits, new Set(subject.resource === undefined ? [] : [subject.resource]));
    if (!outcome.ok) return outcome;
    const found = this.relint(outcome.parsed, outcome.fixed, rule, this.config);
    if (!found) return refuse('the fixed file could not be linted again');
    const key = keyOf(subject);
    const remaining = found.filter((f) => keyOf(f) === key).length;
    if (remaining >= (this.countBefore(rule.id).get(key) ?? 1)) return refuse('the finding would still be there after the fix');
    return { ok: true, fix: { title: fix.title, edits } };
  }

  private countBefore(ruleId: string): Map<string, number> {
    let counts = this.before.get(ruleId);
    if (!counts) {
      counts = new Map();
      for (const f of this.findings()) if (f.ruleId === ruleId) counts.set(keyOf(f), (counts.get(keyOf(f)) ?? 0) + 1);
      this.before.set(ruleId, counts);
    }
    return counts;
  }
}

export type StructureOutcome =
  | { readonly ok: true; readonly fixed: string; readonly parsed: Extract<ReturnType<typeof parseTemplate>, { kind: 'template' }> }
  | { readonly ok: false; readonly reason: string };

/**
 * What edits must keep of a template: it still parses, with no new parse problem, and only the resources
 * named may change (new resources may appear). Also checks several fixes applied together.
 */
export class StructureCheck {
  private units: Map<string, string> | undefined;
  private problems: Map<string, number> | undefined;

  constructor(private readonly template: Template) {}

  /** `edits` as `normalise` returns them. */
  check(edits: readonly TextEdit[], changeable: ReadonlySet<string>): StructureOutcome {
    const text = this.template.text;
    const fixed = applyEdits(text, edits);
    if (fixed === text) return refuse('it changes nothing');
    const parsed = parseTemplate(fixed, this.template.uri);
    if (parsed.kind === 'not-cloudformation') return refuse('the fixed file would no longer be read as a CloudFormation template');
    if (parsed.kind === 'invalid') return refuse(`the fixed file would not parse (${parsed.problems[0]?.message ?? 'syntax error'})`);
    const added = newProblem(this.originalProblems(), parsed.problems);
    if (added) return refuse(`the fixed file would have a new problem: ${added.message}`);
    const after = unitsOf(parsed.template);
    for (const [name, value] of this.originalUnits()) {
      const now = after.get(name);
      if (now === undefined) return refuse(`it would remove ${name}`);
      if (now !== value && !(name.startsWith(RESOURCE) && changeable.has(name.slice(RESOURCE.length)))) {
        return refuse(`it would also change ${name}${ALIAS.test(text) ? ' (a YAML alias shares the value it edits)' : ''}`);
      }
    }
    return { ok: true, fixed, parsed };
  }

  private originalUnits(): Map<string, string> {
    return (this.units ??= unitsOf(this.template));
  }

  private originalProblems(): Map<string, number> {
    if (!this.problems) {
      const parsed = parseTemplate(this.template.text, this.template.uri);
      this.problems = countProblems(parsed.kind === 'template' ? parsed.problems : []);
    }
    return this.problems;
  }
}

/** Applies edits sorted by `start` and not overlapping (as `normalise` returns them). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * The edits sorted, in the file's line breaks, with insertions at one place merged in the order the fix
 * lists them (editors disagree on the order of separate inserts at one offset); a reason when they are
 * out of the text or overlap.
 */
export function normalise(text: string, edits: readonly TextEdit[], eol: LineBreak = lineBreakOf(text)): TextEdit[] | string {
  const sorted = edits
    .map((e, i) => ({ start: e.start, end: e.end, newText: withLineBreak(eol, e.newText), i }))
    .sort((a, b) => a.start - b.start || a.i - b.i);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= text.length)) return 'its edits fall outside the file';
    const last = out[out.length - 1];
    if (last && last.start === e.start && (last.end === last.start || e.end === e.start)) {
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, e.end), newText: last.newText + e.newText };
    } else if (last && e.start < last.end) {
      return 'its edits overlap';
    } else {
      out.push({ start: e.start, end: e.end, newText: e.newText });
    }
  }
  return out;
}

function refuse(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason };
}

function keyOf(f: FixSubject): string {
  return `${f.ruleId}\u0000${f.resource ?? ''}\u0000${f.path ?? ''}\u0000${f.kind}\u0000${f.message}`;
}

/**
 * What a fix must leave alone unless the finding is about it: every resource (`resource X`) and every other
 * top-level section (`section Y`), each with its value written as a string that ignores positions.
 */
function unitsOf(template: Template): Map<string, string> {
  const units = new Map<string, string>();
  // A key written twice (already a duplicate-key problem): both values count as one unit.
  const add = (name: string, value: string): void => void units.set(name, units.has(name) ? `${units.get(name)}\u0000${value}` : value);
  for (const e of template.root.entries) if (e !== template.resourcesEntry) add(`section ${e.key}`, structuralKey(e.value));
  const resources = template.resourcesEntry.value;
  if (resources.kind === 'map') for (const e of resources.entries) add(`${RESOURCE}${e.key}`, structuralKey(e.value));
  return units;
}

function countProblems(problems: readonly ParseProblem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(`${p.code}:${p.message}`, (counts.get(`${p.code}:${p.message}`) ?? 0) + 1);
  return counts;
}

function newProblem(before: Map<string, number>, after: readonly ParseProblem[]): ParseProblem | undefined {
  const counts = countProblems(after);
  return after.find((p) => (counts.get(`${p.code}:${p.message}`) ?? 0) > (before.get(`${p.code}:${p.message}`) ?? 0));
}
