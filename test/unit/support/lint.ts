/** Test helpers: lint a template held in a string, read back the text a finding points at, apply fixes. */
import * as assert from 'node:assert/strict';
import type { LintConfig } from '../../../src/core/lint/config';
import type { Finding } from '../../../src/core/lint/finding';
import { lintText } from '../../../src/core/lint/lint';
import type { Fix } from '../../../src/core/rules/rule';

/** Strips the common leading indentation, so templates can be written indented inside tests. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function lint(text: string, config: LintConfig = {}): Finding[] {
  const result = lintText(text, 'test.yaml', config);
  assert.equal(result.kind, 'linted', 'expected the text to be linted as CloudFormation');
  return result.kind === 'linted' ? [...result.findings] : [];
}

/** Active (unsuppressed) findings of one rule. */
export function findingsOf(ruleId: string, text: string, config: LintConfig = {}): Finding[] {
  return lint(text, config).filter((f) => f.ruleId === ruleId && !f.suppressed);
}

export function textAt(text: string, finding: Finding): string {
  return text.slice(finding.range.start, finding.range.end);
}

export function applyFix(text: string, fix: Fix | undefined): string {
  assert.ok(fix, 'expected the finding to carry a fix');
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Applies the fix of the only finding of `ruleId`, re-lints, and asserts the rule is now clean. */
export function assertFixCleans(ruleId: string, text: string): string {
  const before = findingsOf(ruleId, text).filter((f) => f.kind === 'violation');
  assert.equal(before.length, 1, `expected exactly one ${ruleId} finding before the fix`);
  const fixed = applyFix(text, before[0].fix);
  const after = findingsOf(ruleId, fixed).filter((f) => f.kind === 'violation');
  assert.deepEqual(after.map((f) => f.message), [], `the fix left findings:\n${fixed}`);
  assert.ok(!lint(fixed).some((f) => f.kind === 'parse'), `the fix broke the template:\n${fixed}`);
  return fixed;
}
