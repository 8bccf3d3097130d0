/**
 * Re-linting after a keystroke: one `IncrementalLinter` per open document keeps what each resource check
 * found in the previous lint, and replays it for resources whose text did not change. The text is parsed
 * in full every time; only the resource checks are skipped, and only those that read nothing beyond their
 * resource (lint.ts watches each check). Template checks and cross-resource checks always run. The result
 * equals a full `lintText` (test/unit/lint-incremental.test.ts compares them over many edits); a replayed
 * finding's fix is built anew, on demand, from the current text.
 */
import { parseTemplate } from '../template/parse';
import { type Resource, type Template, structuralKey } from '../template/model';
import type { Rule } from '../rules/rule';
import { RULES } from '../rules/registry';
import type { CancellationSignal, LintConfig } from './config';
import { type KeptFinding, type LintResult, keptFinding, lintParsed } from './lint';

interface ResourceState {
  /** The resource's text, from its logical id to the end of its map. */
  readonly source: string;
  readonly start: number;
  /** Column of the logical id: the same text indented differently is another YAML value. */
  readonly column: number;
  /** Per rule: the findings of a check that stayed inside the resource, and where the resource began then. */
  readonly findings: Map<Rule, { readonly findings: readonly KeptFinding[]; readonly start: number }>;
}

interface LintState {
  /** Everything the resource checks may read besides their resource: parameters, mappings, transform. */
  readonly contextKey: string;
  readonly configKey: string;
  readonly rules: readonly Rule[];
  readonly resources: ReadonlyMap<string, ResourceState>;
}

export class IncrementalLinter {
  private state: LintState | undefined;
  /** How many resource checks the last lint replayed instead of running (for tests and the benchmark). */
  replayedChecks = 0;

  lint(text: string, uri: string, config: LintConfig = {}, signal?: CancellationSignal, rules: readonly Rule[] = RULES): LintResult {
    this.replayedChecks = 0;
    const parsed = parseTemplate(text, uri);
    if (parsed.kind !== 'template' || !reusable(parsed.template)) {
      this.state = undefined;
      return lintParsed(parsed, text, config, signal, rules);
    }
    const contextKey = contextKeyOf(parsed.template);
    const configKey = JSON.stringify(config);
    const previous = this.state && this.state.contextKey === contextKey && this.state.configKey === configKey && this.state.rules === rules ? this.state : undefined;
    const next = new Map<string, ResourceState>();
    const result = lintParsed(parsed, text, config, signal, rules, (_template, lines) => {
      const stateOf = (resource: Resource): ResourceState => {
        let s = next.get(resource.logicalId);
        if (!s) {
          const start = resource.logicalIdRange.start;
          s = { source: text.slice(start, resource.node.range.end), start, column: start - lines.lineStart(lines.lineOf(start)), findings: new Map() };
          next.set(resource.logicalId, s);
        }
        return s;
      };
      return {
        replay: (rule, resource) => {
          const old = previous?.resources.get(resource.logicalId);
          const kept = old?.findings.get(rule);
          if (!old || !kept) return undefined;
          const now = stateOf(resource);
          if (old.column !== now.column || old.source !== now.source) return undefined;
          now.findings.set(rule, kept);
          this.replayedChecks++;
          return { findings: kept.findings, delta: now.start - kept.start };
        },
        record: (rule, resource, findings, local) => {
          const s = stateOf(resource);
          const end = resource.node.range.end;
          if (local && findings.every((f) => f.range.start >= s.start && f.range.end <= end)) s.findings.set(rule, { findings: findings.map(keptFinding), start: s.start });
        },
      };
    });
    if (result.kind === 'linted') this.state = { contextKey, configKey, rules, resources: next };
    return result;
  }

  /** Forgets the previous lint (the next one runs every check). */
  reset(): void {
    this.state = undefined;
  }
}

/**
 * Replaying is safe when a resource's value depends on its text alone: not with duplicate logical ids, nor
 * with YAML anchors (an alias inside a resource may point at text outside it).
 */
function reusable(template: Template): boolean {
  return template.resourceById.size === template.resources.length && !ANCHOR.test(template.text);
}

const ANCHOR = /(?:^|[\s,[{:-])&[^\s,[\]{}]/;

/** The template apart from its resources, ranges aside: what a resource-local check may also read. */
function contextKeyOf(template: Template): string {
  const parts = [template.format, String(template.isSam)];
  for (const e of template.root.entries) if (e.key !== 'Resources') parts.push(`${JSON.stringify(e.key)}:${structuralKey(e.value)}`);
  return parts.join('\n');
}
