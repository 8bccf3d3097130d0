/**
 * The common shape of a property rule: look a property up through every `!If` branch, pass or fail each
 * known value, report what cannot be known before deployment as undecided, and offer the fix.
 */
import type { Json } from '../../fix/edits';
import { type Lookup, anchorOfAbsent, lookup, lookupProperty } from '../../template/evaluate';
import type { MapNode, Resource, ScalarValue, TemplateNode } from '../../template/model';
import type { RuleContext } from '../rule';
import { insertMissingFix, replaceLiteralFix } from './fixes';

export interface PropertyExpectation {
  /** Path under `Properties`. */
  readonly path: readonly string[];
  /** Does this known value satisfy the rule? */
  readonly ok: (value: ScalarValue) => boolean;
  /** Does a missing property satisfy the rule (because AWS's default does)? */
  readonly absentIsOk: boolean;
  /** Message when the property is missing. */
  readonly absentMessage: string;
  /** Message when the value is known and wrong. */
  readonly wrongMessage: (value: ScalarValue) => string;
  /** Completes "cannot decide ...", e.g. "whether the trail is multi-region". */
  readonly subject: string;
  /** The value the fix writes, when the fix is deterministic. */
  readonly fixValue?: Json;
  readonly fixTitle?: string;
}

/**
 * Where the property lives when it is not directly under `Properties` (in a list item, a replica...):
 * the map the path starts from, the path the finding reports, and where a missing value is underlined.
 */
export interface ExpectationScope {
  readonly start: MapNode;
  readonly reportPath: readonly (string | number)[];
  readonly anchorOfMissing?: (absent: Extract<Lookup, { kind: 'absent' }>) => TemplateNode;
}

export function expectProperty(ctx: RuleContext, resource: Resource, e: PropertyExpectation, scope?: ExpectationScope): void {
  const lookups = scope ? lookup(scope.start, e.path) : lookupProperty(resource, e.path);
  for (const found of lookups) {
    if (found.kind === 'absent') {
      if (e.absentIsOk) continue;
      const at = scope?.anchorOfMissing?.(found) ?? anchorOfAbsent(resource, found);
      ctx.report({ resource, at, path: reportPath(e, scope), message: e.absentMessage, fix: e.fixValue !== undefined && e.fixTitle ? insertMissingFix(ctx, found, e.fixValue, e.fixTitle) : undefined });
      continue;
    }
    if (found.kind === 'unknown') {
      ctx.report({ resource, at: found.node, path: reportPath(e, scope), undecided: true, message: `Cannot decide ${e.subject}: ${found.reason}.` });
      continue;
    }
    for (const outcome of ctx.scalarsOf(found.node, found.node)) {
      if (outcome.kind === 'unknown') {
        ctx.report({ resource, at: outcome.node, path: reportPath(e, scope), undecided: true, message: `Cannot decide ${e.subject}: ${outcome.reason}.` });
      } else if (outcome.kind === 'absent') {
        if (!e.absentIsOk) ctx.report({ resource, at: outcome.node, path: reportPath(e, scope), message: e.absentMessage });
      } else if (!e.ok(outcome.value)) {
        ctx.report({ resource, at: outcome.node, path: reportPath(e, scope), message: e.wrongMessage(outcome.value), fix: e.fixValue !== undefined && e.fixTitle ? replaceLiteralFix(ctx, outcome.node, e.fixValue, e.fixTitle) : undefined });
      }
    }
  }
}

/** The finding's path, made only when there is a finding (most resources pass). */
function reportPath(e: PropertyExpectation, scope: ExpectationScope | undefined): readonly (string | number)[] {
  return scope?.reportPath ?? ['Properties', ...e.path];
}
