/**
 * `sop-lens lint --fix`: applies every fix the guard offers, as eslint --fix does. A fix is rendered on the
 * text its finding was found in, so fixes are applied in passes: each pass lints, takes the fixes whose edits
 * do not overlap, applies them together (checked together, else only the first), and the next pass lints
 * the result, until no fix applies or `MAX_FIX_PASSES` passes have run.
 */
import type { CancellationSignal, LintConfig } from '../lint/config';
import type { Finding } from '../lint/finding';
import { type LintResult, fixVerdictOf, lintText, proposedFixOf } from '../lint/lint';
import type { Rule, TextEdit } from '../rules/rule';
import { RULES } from '../rules/registry';
import { StructureCheck, applyEdits, normalise } from './guard';

/** As many as eslint allows: a pass fixes every non-overlapping finding, so few templates need more than two. */
export const MAX_FIX_PASSES = 10;

/** A finding left after fixing, and why it was not fixed. */
export interface NotFixed {
  readonly finding: Finding;
  readonly reason: string;
}

export interface FixRun {
  /** The text after every fix applied (the input when none applied). */
  readonly text: string;
  /** The lint of `text`. */
  readonly result: Exclude<LintResult, { kind: 'cancelled' }>;
  /** How many findings' fixes were applied. */
  readonly fixed: number;
  /** Every unsuppressed finding left that is not a "cannot decide" one, with the reason it was not fixed. */
  readonly notFixed: readonly NotFixed[];
}

export function fixText(text: string, uri: string, config: LintConfig = {}, rules: readonly Rule[] = RULES, signal?: CancellationSignal): FixRun | undefined {
  let current = text;
  let fixed = 0;
  for (let pass = 1; ; pass++) {
    const result = lintText(current, uri, config, signal, rules);
    if (result.kind === 'cancelled') return undefined;
    const applied = pass <= MAX_FIX_PASSES && result.kind === 'linted' && result.template ? applyPass(current, result.template, result.findings) : undefined;
    if (!applied) return { text: current, result, fixed, notFixed: result.kind === 'linted' ? notFixed(result.findings, pass > MAX_FIX_PASSES) : [] };
    current = applied.text;
    fixed += applied.count;
  }
}

/** One pass: the fixes of `findings` that apply together, applied; undefined when none applies. */
function applyPass(text: string, template: NonNullable<Extract<LintResult, { kind: 'linted' }>['template']>, findings: readonly Finding[]): { text: string; count: number } | undefined {
  const taken: { finding: Finding; edits: readonly TextEdit[] }[] = [];
  for (const finding of fixable(findings)) {
    // Which fixes go together is sorted out on the proposed edits; only those taken pay for the guard.
    const proposed = proposedFixOf(finding);
    if (!proposed || taken.some((t) => conflict(t.edits, proposed.edits))) continue;
    const verdict = fixVerdictOf(finding);
    if (verdict.kind === 'offered') taken.push({ finding, edits: verdict.fix.edits });
  }
  if (taken.length === 0) return undefined;
  if (taken.length > 1) {
    const edits = normalise(text, taken.flatMap((t) => t.edits), template.lineBreak);
    const all = typeof edits === 'string' ? undefined : new StructureCheck(template).check(edits, new Set(taken.map((t) => t.finding.resource ?? '')));
    if (all?.ok) return { text: all.fixed, count: taken.length };
  }
  // Alone, the first fix passed the guard, which applied it just so.
  return { text: applyEdits(text, taken[0].edits), count: 1 };
}

/**
 * Whether two fixes touch: their edits overlap or meet (an insertion where the other edits). Two fixes that
 * insert at one place could go in either order, and only one order may be right: the second waits a pass.
 */
function conflict(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.some((x) => b.some((y) => x.start <= y.end && y.start <= x.end));
}

/** Findings a fix may address, in text order: unsuppressed, and not "cannot decide". */
function fixable(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed && f.kind !== 'undecided').sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

function notFixed(findings: readonly Finding[], outOfPasses: boolean): NotFixed[] {
  return fixable(findings).map((finding) => {
    const verdict = fixVerdictOf(finding);
    if (verdict.kind === 'refused') return { finding, reason: `its fix was refused: ${verdict.reason}` };
    if (verdict.kind === 'offered') return { finding, reason: outOfPasses ? `still fixable after ${MAX_FIX_PASSES} passes; run again` : 'its fix could not be applied with the others' };
    return { finding, reason: finding.kind === 'parse' ? 'no deterministic fix (correct the file by hand)' : 'no deterministic fix' };
  });
}
