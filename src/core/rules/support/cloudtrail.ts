/**
 * CloudTrail support for the account-governance rules: which template buckets receive which trails'
 * logs, and whether a list of event selectors logs the data events of a resource type.
 */
import { branches, describeUnknown } from '../../template/evaluate';
import { type IntrinsicNode, type MapNode, type Resource, type TemplateNode, child } from '../../template/model';
import type { RuleContext } from '../rule';
import { bucketNamedBy } from './s3';

/** The trails of the template by the template bucket their `S3BucketName` names (every `!If` branch). */
export function trailsByBucket(ctx: RuleContext): Map<Resource, Resource[]> {
  const out = new Map<Resource, Resource[]>();
  for (const trail of ctx.resourcesOfType('AWS::CloudTrail::Trail')) {
    for (const found of ctx.property(trail, 'S3BucketName')) {
      if (found.kind !== 'found') continue;
      for (const b of branches(found.node)) {
        // `!Sub "${Logs}-archive"` names another bucket than Logs, though ctx.targetOf resolves it to Logs.
        if (b?.kind === 'intrinsic' && b.name === 'Fn::Sub' && !isSingleVariableSub(b)) continue;
        const bucket = b && bucketNamedBy(ctx, b);
        if (!bucket) continue;
        const trails = out.get(bucket) ?? [];
        if (!trails.includes(trail)) trails.push(trail);
        out.set(bucket, trails);
      }
    }
  }
  return out;
}

/** `!Sub "${X}"`: the whole string is one variable. */
function isSingleVariableSub(node: IntrinsicNode): boolean {
  const arg = node.argument;
  const pattern = arg.kind === 'scalar' ? arg.value : arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' ? arg.items[0].value : undefined;
  return typeof pattern === 'string' && /^\$\{[^}!]+\}$/.test(pattern.trim());
}

/** What can be said before deployment: yes, no, or not knowable (with where and why). */
export type Verdict = { readonly kind: 'yes' } | { readonly kind: 'no' } | { readonly kind: 'unknown'; readonly node: TemplateNode; readonly reason: string };

const YES: Verdict = { kind: 'yes' };
const NO: Verdict = { kind: 'no' };

/** Yes when one is yes; else unknown when one is unknown; else no. */
export function anyOf(verdicts: Iterable<Verdict>): Verdict {
  let unknown: Verdict | undefined;
  for (const v of verdicts) {
    if (v.kind === 'yes') return v;
    if (v.kind === 'unknown') unknown ??= v;
  }
  return unknown ?? NO;
}

/** No when one is no; else unknown when one is unknown; else yes. */
export function allOf(verdicts: Iterable<Verdict>): Verdict {
  let unknown: Verdict | undefined;
  for (const v of verdicts) {
    if (v.kind === 'no') return v;
    if (v.kind === 'unknown') unknown ??= v;
  }
  return unknown ?? YES;
}

/** Whether `node` is `expected` in every deployment (`!If` branches, parameter defaults, mappings). */
export function equalsIn(ctx: RuleContext, node: TemplateNode | undefined, expected: string, anchor: TemplateNode): Verdict {
  return allOf(
    ctx.scalarsOf(node, anchor).map((o): Verdict => {
      if (o.kind === 'unknown') return { kind: 'unknown', node: o.node, reason: o.reason };
      return o.kind === 'known' && o.value === expected ? YES : NO;
    }),
  );
}

/**
 * Whether some item of a list satisfies `test`. An item under `!If` counts only when it satisfies
 * `test` in both branches, since one deployment gets each branch.
 */
export function someItem(node: TemplateNode | undefined, test: (item: TemplateNode) => Verdict): Verdict {
  return allOf(
    branches(node).map((list): Verdict => {
      if (list === undefined) return NO;
      if (list.kind === 'intrinsic') return { kind: 'unknown', node: list, reason: describeUnknown(list) };
      if (list.kind !== 'seq') return NO;
      return anyOf(list.items.map((item) => allOf(branches(item).map((b): Verdict => (b === undefined ? NO : test(b))))));
    }),
  );
}

/** `test` of a map; unknown for a value computed at deploy time; no for anything else. */
export function ofMap(node: TemplateNode, test: (map: MapNode) => Verdict): Verdict {
  if (node.kind === 'intrinsic') return { kind: 'unknown', node, reason: describeUnknown(node) };
  return node.kind === 'map' ? test(node) : NO;
}

/** Basic `EventSelectors`: some selector has a `DataResources` entry of `resourceType`. */
export function eventSelectorsLogData(ctx: RuleContext, selectors: TemplateNode | undefined, resourceType: string): Verdict {
  return someItem(selectors, (item) =>
    ofMap(item, (selector) => someItem(child(selector, 'DataResources'), (dr) => ofMap(dr, (resource) => equalsIn(ctx, child(resource, 'Type'), resourceType, resource)))),
  );
}

/**
 * `AdvancedEventSelectors` (of a trail or an event data store): some selector has both a field selector
 * `eventCategory` Equals `Data` and one `resources.type` Equals `resourceType`.
 */
export function advancedSelectorsLogData(ctx: RuleContext, selectors: TemplateNode | undefined, resourceType: string): Verdict {
  const field = (selector: TemplateNode, name: string, value: string): Verdict =>
    someItem(child(selector, 'FieldSelectors'), (item) =>
      ofMap(item, (fs) => allOf([equalsIn(ctx, child(fs, 'Field'), name, fs), someItem(child(fs, 'Equals'), (v) => equalsIn(ctx, v, value, v))])),
    );
  return someItem(selectors, (item) => ofMap(item, (selector) => allOf([field(selector, 'eventCategory', 'Data'), field(selector, 'resources.type', resourceType)])));
}
