/**
 * The two fixes most rules offer, built only when someone asks for them: rewrite a literal value, or add
 * the keys a lookup found missing. A module-level function rather than a closure written in a rule's loop:
 * such a closure makes V8 allocate the loop's variables on every iteration, finding or not. Neither edits
 * inside a string that holds JSON (a policy document written as text): the edit would not be JSON.
 */
import { type Json, insertMissing, replaceNode } from '../../fix/edits';
import { isEmbedded } from '../../template/embedded-json';
import type { Lookup } from '../../template/evaluate';
import type { MapEntry, Template, TemplateNode } from '../../template/model';
import type { Fix, RuleContext, TextEdit } from '../rule';

/** Rewrites `node` to `value` when it is a literal; a value from a parameter default is the parameter's to change (no fix). */
export function replaceLiteralFix(ctx: RuleContext, node: TemplateNode, value: Json, title: string): (() => Fix) | undefined {
  if (node.kind !== 'scalar' || isEmbedded(node)) return undefined;
  return () => ({ title, edits: [replaceNode(ctx.template, node, value)] });
}

/** Writes the keys `absent` found missing, with `value` at the end of the path; a key written with no value gets `value`. */
export function insertMissingFix(ctx: RuleContext, absent: Extract<Lookup, { kind: 'absent' }>, value: Json, title: string): (() => Fix | undefined) | undefined {
  const parent = absent.parent;
  if ('kind' in parent ? isEmbedded(parent) : isEmbedded(parent.value)) return undefined;
  return () => {
    const edits = absent.missing.length === 0 && !('kind' in parent) ? fillNull(ctx.template, parent, value) : insertMissing(ctx.template, absent, value);
    return edits ? { title, edits } : undefined;
  };
}

/** `Key:` (or `Key: null`) becomes `Key: <value>`; `replaceNode` knows where an empty value goes. */
function fillNull(template: Template, owner: MapEntry, value: Json): TextEdit[] | undefined {
  const node = owner.value;
  if (node.kind !== 'scalar' || node.value !== null) return undefined;
  return [replaceNode(template, node, value)];
}
