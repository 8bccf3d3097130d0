/**
 * The two fixes most rules offer, built only when someone asks for them: rewrite a literal value, or add
 * the keys a lookup found missing. A module-level function rather than a closure written in a rule's loop:
 * such a closure makes V8 allocate the loop's variables on every iteration, finding or not.
 */
import { type Json, insertMissing, replaceNode } from '../../fix/edits';
import type { Lookup } from '../../template/evaluate';
import type { TemplateNode } from '../../template/model';
import type { Fix, RuleContext } from '../rule';

/** Rewrites `node` to `value` when it is a literal; a value from a parameter default is the parameter's to change (no fix). */
export function replaceLiteralFix(ctx: RuleContext, node: TemplateNode, value: Json, title: string): (() => Fix) | undefined {
  if (node.kind !== 'scalar') return undefined;
  return () => ({ title, edits: [replaceNode(ctx.template, node, value)] });
}

/** Writes the keys `absent` found missing, with `value` at the end of the path. */
export function insertMissingFix(ctx: RuleContext, absent: Extract<Lookup, { kind: 'absent' }>, value: Json, title: string): () => Fix | undefined {
  return () => {
    const edits = insertMissing(ctx.template, absent, value);
    return edits ? { title, edits } : undefined;
  };
}
