/**
 * Honest evaluation of property values. A value is either known (a literal, or a `Ref` to a parameter
 * with a `Default`, or a `!FindInMap` over literals), absent, or unknown with the reason why.
 * `!If` yields both branches, so a rule checks each one.
 */
import { type IntrinsicNode, type MapEntry, type MapNode, type Resource, type ScalarValue, type SourceRange, type Template, type TemplateNode, child, entry } from './model';

export type Lookup =
  | { readonly kind: 'found'; readonly node: TemplateNode; readonly entry: MapEntry | undefined }
  | {
      readonly kind: 'absent';
      /** The deepest map that exists on the way: a fix inserts the rest of the path into it. */
      readonly parent: MapNode | MapEntry;
      readonly missing: readonly string[];
    }
  | { readonly kind: 'unknown'; readonly node: TemplateNode; readonly reason: string };

export type ScalarOutcome =
  | { readonly kind: 'known'; readonly value: ScalarValue; readonly node: TemplateNode }
  | { readonly kind: 'absent'; readonly node: TemplateNode }
  | { readonly kind: 'unknown'; readonly node: TemplateNode; readonly reason: string };

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** Expands `!If` into its branches; `Ref AWS::NoValue` becomes `undefined` (the property is removed). */
export function branches(node: TemplateNode | undefined): (TemplateNode | undefined)[] {
  if (!node) return [undefined];
  if (node.kind === 'intrinsic') {
    if (node.name === 'Fn::If' && node.argument.kind === 'seq' && node.argument.items.length === 3) {
      return [...branches(node.argument.items[1]), ...branches(node.argument.items[2])];
    }
    if (isNoValue(node)) return [undefined];
  }
  return [node];
}

function isNull(node: TemplateNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

export function isNoValue(node: TemplateNode): boolean {
  return node.kind === 'intrinsic' && node.name === 'Ref' && node.argument.kind === 'scalar' && node.argument.value === 'AWS::NoValue';
}

/**
 * Follows `path` (map keys, or numbers for list items) from `start`, through both branches of every `!If`.
 * Each outcome says what one deployment of the template would have there.
 */
export function lookup(start: MapNode, path: readonly (string | number)[]): Lookup[] {
  return plainLookup(path, start, undefined) ?? lookupAll(start, path, start, undefined, 'the value');
}

/**
 * `lookup(resource.node, ['Properties', ...path])`, the same outcomes, starting below the resource's
 * `Properties` entry the parser already found rather than searching the resource's map for it again.
 */
export function lookupProperty(resource: Resource, path: readonly (string | number)[]): Lookup[] {
  const properties = resource.propertiesEntry;
  // Below Properties, `path` itself is the rest of the way (no ['Properties', ...path] copy per lookup).
  if (properties) return plainLookup(path, properties.value, properties) ?? lookupAll(resource.node, path, properties.value, properties, 'Properties');
  return lookupAll(resource.node, ['Properties', ...path], resource.node, undefined, 'the value');
}

function lookupAll(start: MapNode, path: readonly (string | number)[], value: TemplateNode, owner: MapEntry | undefined, before: string): Lookup[] {
  const results: Lookup[] = [];
  lookupInto(results, start, path, value, owner, 0, before);
  return results;
}

/**
 * The one outcome of a lookup that meets only plain maps on its way (most do), or `undefined` when it
 * meets anything else (an intrinsic, a list, a null on the way): `lookupAll` then walks every branch. Same
 * outcomes as `lookupAll`, without its result list that grows from empty (V8 gives such a list room for 17).
 */
function plainLookup(path: readonly (string | number)[], value: TemplateNode, owner: MapEntry | undefined): Lookup[] | undefined {
  for (let index = 0; ; index++) {
    if (value.kind === 'intrinsic') return undefined;
    if (index === path.length) return isNull(value) && owner ? [new Absent(owner, path, index)] : [{ kind: 'found', node: value, entry: owner }];
    const key = path[index];
    if (value.kind !== 'map' || typeof key !== 'string') return undefined;
    const e = entry(value, key);
    if (!e) return [new Absent(value, path, index)];
    owner = e;
    value = e.value;
  }
}

/**
 * One step of `lookup`: what `value` (reached through `owner`) has at `path[index..]`, in every branch.
 * `before` names what `value` is when `index` is 0 (the key that led to it, or "the value"), for messages.
 */
function lookupInto(results: Lookup[], start: MapNode, path: readonly (string | number)[], value: TemplateNode | undefined, owner: MapEntry | undefined, index: number, before: string): void {
  // Most values are not `!If` nor `AWS::NoValue`: step through them without building their branch list.
  if (value !== undefined && value.kind !== 'intrinsic') lookupBranch(results, start, path, value, owner, index, before);
  else for (const branch of branches(value)) lookupBranch(results, start, path, branch, owner, index, before);
}

function lookupBranch(results: Lookup[], start: MapNode, path: readonly (string | number)[], branch: TemplateNode | undefined, owner: MapEntry | undefined, index: number, before: string): void {
  // A null (`Key:` with no value) is not set: CloudFormation rejects it, and it is reported once as such.
  if (branch === undefined || (isNull(branch) && path.length > 0)) {
    results.push(new Absent(owner ?? start, path, index));
    return;
  }
  if (index === path.length) {
    results.push({ kind: 'found', node: branch, entry: owner });
    return;
  }
  const key = path[index];
  if (branch.kind === 'intrinsic') {
    results.push({ kind: 'unknown', node: branch, reason: describeUnknown(branch) });
  } else if (typeof key === 'number' && branch.kind === 'seq') {
    if (key < branch.items.length) lookupInto(results, start, path, branch.items[key], owner, index + 1, before);
    else results.push(new Absent(owner ?? start, path, index));
  } else if (typeof key === 'string' && branch.kind === 'map') {
    const e = entry(branch, key);
    if (e) lookupInto(results, start, path, e.value, e, index + 1, before);
    else results.push(new Absent(branch, path, index));
  } else {
    results.push({ kind: 'unknown', node: branch, reason: `${String(index > 0 ? path[index - 1] : before)} does not have the expected shape` });
  }
}

/**
 * An absent outcome. Most are only tested for their kind (an optional property that is not set), so the
 * keys still missing are listed when a fix first asks for them, not on every lookup.
 */
class Absent {
  readonly kind = 'absent' as const;
  #missing: readonly string[] | undefined;

  constructor(
    readonly parent: MapNode | MapEntry,
    private readonly path: readonly (string | number)[],
    private readonly index: number,
  ) {}

  get missing(): readonly string[] {
    return (this.#missing ??= this.path.slice(this.index).map(String));
  }
}

/** The scalar values a node can take: literals, parameter defaults, mappings; both `!If` branches. */
export function scalarOutcomes(template: Template, node: TemplateNode | undefined, anchor: TemplateNode): ScalarOutcome[] {
  // A literal (the common case) has one outcome: skip building its branch list.
  if (node?.kind === 'scalar') return [node.value === null ? { kind: 'absent', node } : { kind: 'known', value: node.value, node }];
  return branches(node).map((branch) => (branch === undefined ? { kind: 'absent', node: node ?? anchor } : scalarOf(template, branch)));
}

function scalarOf(template: Template, node: TemplateNode): ScalarOutcome {
  if (node.kind === 'scalar') return node.value === null ? { kind: 'absent', node } : { kind: 'known', value: node.value, node };
  if (node.kind !== 'intrinsic') return { kind: 'unknown', node, reason: 'a list or map where a single value is expected' };
  if (node.name === 'Ref' && node.argument.kind === 'scalar') {
    const name = String(node.argument.value);
    const parameter = template.parameters.get(name);
    if (parameter?.defaultNode?.kind === 'scalar') return { kind: 'known', value: parameter.defaultNode.value, node };
    if (parameter) return { kind: 'unknown', node, reason: `it comes from parameter ${name}, which has no Default` };
  }
  if (node.name === 'Fn::FindInMap') {
    const found = findInMap(template, node);
    if (found?.kind === 'scalar') return { kind: 'known', value: found.value, node };
  }
  return { kind: 'unknown', node, reason: describeUnknown(node) };
}

function findInMap(template: Template, node: IntrinsicNode): TemplateNode | undefined {
  if (node.argument.kind !== 'seq' || node.argument.items.length < 3) return undefined;
  const keys: string[] = [];
  for (const item of node.argument.items.slice(0, 3)) {
    const [first, ...rest] = scalarOutcomes(template, item, item);
    if (rest.length > 0 || first?.kind !== 'known') return undefined;
    keys.push(String(first.value));
  }
  return child(child(child(child(template.root, 'Mappings'), keys[0]), keys[1]), keys[2]);
}

/** Why a value cannot be known before deployment, in words an operator understands. */
export function describeUnknown(node: TemplateNode): string {
  if (node.kind !== 'intrinsic') return 'its value is not a literal';
  const tag = node.name === 'Ref' ? 'Ref' : node.name.replace('Fn::', '!');
  if (node.name === 'Ref' && node.argument.kind === 'scalar') {
    const name = String(node.argument.value);
    if (PSEUDO_PARAMETERS.has(name)) return `it is the pseudo parameter ${name}, known only at deploy time`;
    return `it refers to ${name}, known only at deploy time`;
  }
  if (node.name === 'Fn::ImportValue') return 'it is imported from another stack at deploy time';
  return `it is computed by ${tag} at deploy time`;
}

/** CloudFormation accepts booleans as `true` or as the strings "true"/"false" in any case. */
export function asBoolean(value: ScalarValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** Where to underline a missing property: the key of the deepest map that exists on the way. */
export function anchorOfAbsent(resource: Resource, absent: Extract<Lookup, { kind: 'absent' }>): TemplateNode {
  const parent = absent.parent;
  if ('kind' in parent) {
    if (parent === resource.node) return { kind: 'scalar', value: null, range: resource.logicalIdRange };
    const owner = findOwnerKey(resource.node, parent);
    return { kind: 'scalar', value: null, range: owner ?? resource.logicalIdRange };
  }
  return { kind: 'scalar', value: null, range: parent.keyRange };
}

function findOwnerKey(root: TemplateNode, target: TemplateNode): SourceRange | undefined {
  if (root.kind === 'map') {
    for (const e of root.entries) {
      if (e.value === target) return e.keyRange;
      const found = findOwnerKey(e.value, target);
      if (found) return found;
    }
  } else if (root.kind === 'seq') {
    for (const item of root.items) {
      if (item === target) return { start: item.range.start, end: item.range.start + 1 };
      const found = findOwnerKey(item, target);
      if (found) return found;
    }
  } else if (root.kind === 'intrinsic') {
    if (root.argument === target) return root.range;
    return findOwnerKey(root.argument, target);
  }
  return undefined;
}

