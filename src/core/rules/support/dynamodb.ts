/**
 * DynamoDB support for the SEC-DDB rules: a table's settings live in `Properties`, a global table's in
 * each item of `Replicas`. `expectInReplicas` checks one setting in every replica the way `expectProperty`
 * checks it in `Properties`: through every `!If` branch, with undecided values reported as such.
 */
import { insertMissing, replaceNode } from '../../fix/edits';
import { type Lookup, anchorOfAbsent, branches, lookup } from '../../template/evaluate';
import { type MapNode, type Resource, type TemplateNode, entry } from '../../template/model';
import type { RuleContext } from '../rule';
import type { PropertyExpectation } from './expect';

/** Builds the expectation for one replica, given its region (undefined when not a literal). */
export type ReplicaExpectation = (region: string | undefined) => PropertyExpectation;

export function expectInReplicas(ctx: RuleContext, table: Resource, expectation: ReplicaExpectation): void {
  for (const found of ctx.property(table, 'Replicas')) {
    if (found.kind === 'absent') continue; // Replicas is required: CloudFormation rejects the template.
    const subject = expectation(undefined).subject;
    if (found.kind === 'unknown') {
      ctx.report({ resource: table, at: found.node, path: ['Properties', 'Replicas'], undecided: true, message: `Cannot decide ${subject}: ${found.reason}.` });
      continue;
    }
    if (found.node.kind !== 'seq') continue;
    found.node.items.forEach((item, index) => {
      for (const replica of branches(item)) {
        if (replica === undefined) continue;
        const path = ['Properties', 'Replicas', index];
        if (replica.kind !== 'map') {
          ctx.report({ resource: table, at: replica, path, undecided: true, message: `Cannot decide ${subject}: the replica is computed at deploy time.` });
          continue;
        }
        expectIn(ctx, table, replica, path, expectation(regionOf(ctx, replica)));
      }
    });
  }
}

function regionOf(ctx: RuleContext, replica: MapNode): string | undefined {
  const region = entry(replica, 'Region')?.value;
  const outcomes = ctx.scalarsOf(region, replica);
  return outcomes.length === 1 && outcomes[0].kind === 'known' ? String(outcomes[0].value) : undefined;
}

/** `expectProperty` from a map inside the resource (a replica) rather than from `Properties`. */
function expectIn(ctx: RuleContext, resource: Resource, start: MapNode, prefix: readonly (string | number)[], e: PropertyExpectation): void {
  const path = [...prefix, ...e.path];
  for (const found of lookup(start, e.path)) {
    if (found.kind === 'absent') {
      if (e.absentIsOk) continue;
      const edits = e.fixValue !== undefined ? insertMissing(ctx.template, found, e.fixValue) : undefined;
      ctx.report({ resource, at: anchorInReplica(resource, start, found), path, message: e.absentMessage, fix: edits && e.fixTitle ? { title: e.fixTitle, edits } : undefined });
      continue;
    }
    if (found.kind === 'unknown') {
      ctx.report({ resource, at: found.node, path, undecided: true, message: `Cannot decide ${e.subject}: ${found.reason}.` });
      continue;
    }
    for (const outcome of ctx.scalarsOf(found.node, found.node)) {
      if (outcome.kind === 'unknown') {
        ctx.report({ resource, at: outcome.node, path, undecided: true, message: `Cannot decide ${e.subject}: ${outcome.reason}.` });
      } else if (outcome.kind === 'absent') {
        if (!e.absentIsOk) ctx.report({ resource, at: outcome.node, path, message: e.absentMessage });
      } else if (!e.ok(outcome.value)) {
        const fix = outcome.node.kind === 'scalar' && e.fixValue !== undefined && e.fixTitle ? { title: e.fixTitle, edits: [replaceNode(ctx.template, outcome.node, e.fixValue)] } : undefined;
        ctx.report({ resource, at: outcome.node, path, message: e.wrongMessage(outcome.value), fix });
      }
    }
  }
}

/**
 * A replica is a list item, with no key of its own: when the setting is missing from the replica itself,
 * underline its `Region` key, which names it; deeper down, the key of the deepest existing map.
 */
function anchorInReplica(resource: Resource, replica: MapNode, absent: Extract<Lookup, { kind: 'absent' }>): TemplateNode {
  const region = entry(replica, 'Region');
  if (absent.parent === replica && region) return { kind: 'scalar', value: null, range: region.keyRange };
  return anchorOfAbsent(resource, absent);
}
