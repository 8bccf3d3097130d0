/**
 * Reading IAM policy documents (identity policies, trust policies, bucket and queue policies) in a
 * template: every statement through every `!If` branch, with its fields as nodes so findings point at them.
 */
import { branches } from '../../template/evaluate';
import { type MapNode, type TemplateNode, child } from '../../template/model';
import type { RuleContext } from '../rule';

export interface PolicyStatement {
  readonly node: MapNode;
  readonly effect: string | undefined;
  readonly principal: TemplateNode | undefined;
  readonly action: TemplateNode | undefined;
  readonly notAction: TemplateNode | undefined;
  readonly resource: TemplateNode | undefined;
  readonly condition: TemplateNode | undefined;
}

/** The statements of a policy document node (a map with `Statement`), each `!If` branch expanded. */
export function statements(ctx: RuleContext, document: TemplateNode | undefined): readonly PolicyStatement[] {
  // Several rules read each document: it is read once per lint.
  return document ? ctx.derived(document, readStatements) : [];
}

function readStatements(document: TemplateNode, ctx: RuleContext): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  for (const doc of branches(document)) {
    if (doc?.kind !== 'map') continue;
    for (const list of branches(child(doc, 'Statement'))) {
      const items = list?.kind === 'seq' ? list.items : list?.kind === 'map' ? [list] : [];
      for (const item of items) {
        for (const s of branches(item)) {
          if (s?.kind !== 'map') continue;
          const effects = ctx.scalarsOf(child(s, 'Effect'), s);
          const effect = effects.length === 1 && effects[0].kind === 'known' ? String(effects[0].value) : undefined;
          out.push({
            node: s,
            effect,
            principal: child(s, 'Principal'),
            action: child(s, 'Action'),
            notAction: child(s, 'NotAction'),
            resource: child(s, 'Resource'),
            condition: child(s, 'Condition'),
          });
        }
      }
    }
  }
  return out;
}

/** The literal strings of a string-or-list field (Action, Resource...), with the node each came from. */
export function stringValues(ctx: RuleContext, field: TemplateNode | undefined): { value: string; node: TemplateNode }[] {
  const out: { value: string; node: TemplateNode }[] = [];
  for (const b of branches(field)) {
    if (!b) continue;
    const items = b.kind === 'seq' ? b.items : [b];
    for (const item of items) {
      for (const outcome of ctx.scalarsOf(item, item)) {
        if (outcome.kind === 'known' && typeof outcome.value === 'string') out.push({ value: outcome.value, node: outcome.node });
      }
    }
  }
  return out;
}

/**
 * Whether a principal is everyone: `"*"`, `{ AWS: "*" }` or `{ AWS: ["*", ...] }`.
 * Returns the node that makes it so, for the finding to point at.
 */
export function wildcardPrincipal(ctx: RuleContext, principal: TemplateNode | undefined): TemplateNode | undefined {
  for (const p of branches(principal)) {
    if (!p) continue;
    if (p.kind === 'scalar' && p.value === '*') return p;
    if (p.kind === 'map') {
      for (const e of p.entries) {
        if (e.key !== 'AWS' && e.key !== 'CanonicalUser') continue;
        const star = stringValues(ctx, e.value).find((v) => v.value === '*');
        if (star) return star.node;
      }
    }
  }
  return undefined;
}

/** True when the statement has a non-empty Condition block (any branch). */
export function hasCondition(statement: PolicyStatement): boolean {
  return branches(statement.condition).some((c) => c?.kind === 'map' && c.entries.length > 0);
}
