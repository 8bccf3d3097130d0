/**
 * DynamoDB support for the SEC-DDB rules: a table's settings live in `Properties`, a global table's in
 * each item of `Replicas`. `expectInReplicas` checks one setting in every replica the way `expectProperty`
 * checks it in `Properties`: through every `!If` branch, with undecided values reported as such.
 */
import { type Lookup, anchorOfAbsent, branches } from '../../template/evaluate';
import { type MapNode, type Resource, type TemplateNode, entry } from '../../template/model';
import type { RuleContext } from '../rule';
import { type PropertyExpectation, expectProperty } from './expect';

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
  expectProperty(ctx, resource, e, { start, reportPath: [...prefix, ...e.path], anchorOfMissing: (absent) => anchorInReplica(resource, start, absent) });
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
