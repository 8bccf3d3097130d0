/**
 * Reviewed suppressions, written in the template where a reviewer sees them:
 *
 *   Metadata:
 *     sop-lens:
 *       suppress:
 *         - rule: s3-replication
 *           reason: Logs are reproducible; replication is not worth the cost.
 *
 * On a resource they cover that resource; in the template's top-level Metadata, the whole file.
 * A suppression without a reason, or naming a rule that does not exist, is ignored and reported.
 */
import { type MapNode, type SourceRange, type Template, child, scalarString } from '../template/model';

export interface Suppression {
  readonly rule: string;
  readonly reason: string;
  /** Undefined: the whole template. */
  readonly resource: string | undefined;
}

export interface SuppressionProblem {
  readonly ruleId: 'suppression-reason-missing' | 'suppression-unknown-rule' | 'suppression-malformed';
  readonly message: string;
  readonly range: SourceRange;
  readonly resource: string | undefined;
}

export function readSuppressions(template: Template, knownRules: { has(ruleId: string): boolean }): { suppressions: Suppression[]; problems: SuppressionProblem[] } {
  const suppressions: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  const read = (metadata: MapNode | undefined, resource: string | undefined): void => {
    const sopLens = child(metadata, 'sop-lens');
    if (!sopLens) return;
    const list = child(sopLens, 'suppress');
    if (list?.kind !== 'seq') {
      problems.push({ ruleId: 'suppression-malformed', message: 'SOP Lens: `sop-lens.suppress` must be a list of { rule, reason } entries.', range: (list ?? sopLens).range, resource });
      return;
    }
    for (const item of list.items) {
      const rule = scalarString(child(item, 'rule'));
      const reason = scalarString(child(item, 'reason'))?.trim();
      if (!rule) {
        problems.push({ ruleId: 'suppression-malformed', message: 'SOP Lens: a suppression must name the rule it suppresses (`rule: <id>`).', range: item.range, resource });
      } else if (!knownRules.has(rule)) {
        problems.push({ ruleId: 'suppression-unknown-rule', message: `SOP Lens: suppression names unknown rule "${rule}"; it has no effect.`, range: child(item, 'rule')!.range, resource });
      } else if (!reason) {
        problems.push({ ruleId: 'suppression-reason-missing', message: `SOP Lens: suppression of ${rule} has no reason, so it is ignored. Add \`reason:\` saying why the SOP does not apply here.`, range: child(item, 'rule')!.range, resource });
      } else {
        suppressions.push({ rule, reason, resource });
      }
    }
  };
  const top = child(template.root, 'Metadata');
  read(top?.kind === 'map' ? top : undefined, undefined);
  // The parser kept each resource's Metadata map: most resources have none, and nothing is searched for them.
  for (const resource of template.resources) if (resource.metadata) read(resource.metadata, resource.logicalId);
  return { suppressions, problems };
}
