/**
 * What the editor keeps of one lint: plain data (it may come back from the lint worker), enough for
 * diagnostics, code lenses and quick fixes without re-parsing.
 */
import type { Finding } from '../core/lint/finding';
import type { LintResult } from '../core/lint/lint';
import { LineIndex } from '../core/template/positions';

export interface ResourceAnchor {
  readonly logicalId: string;
  readonly type: string;
  /** Zero-based position of the logical id key. */
  readonly line: number;
  readonly character: number;
}

export type LintSnapshot =
  | { readonly kind: 'not-cloudformation' }
  | { readonly kind: 'linted'; readonly findings: readonly Finding[]; readonly resources: readonly ResourceAnchor[] };

export function toSnapshot(result: Exclude<LintResult, { kind: 'cancelled' }>): LintSnapshot {
  if (result.kind === 'not-cloudformation') return result;
  const template = result.template;
  if (!template) return { kind: 'linted', findings: result.findings, resources: [] };
  const lines = new LineIndex(template.text);
  const resources = template.resources.map((r) => {
    const p = lines.positionAt(r.logicalIdRange.start);
    return { logicalId: r.logicalId, type: r.type, line: p.line, character: p.character };
  });
  return { kind: 'linted', findings: result.findings, resources };
}
