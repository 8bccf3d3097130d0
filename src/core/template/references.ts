/** Finds every `Ref`, `!GetAtt` and `!Sub` variable that names another resource of the template. */
import type { Resource, ResourceReference, TemplateNode } from './model';

type Path = (string | number)[];

export function collectReferences(resources: readonly Resource[], byId: ReadonlyMap<string, Resource>): ResourceReference[] {
  const found: ResourceReference[] = [];
  // One mutable path for the whole walk; it is copied only when a reference is found.
  const path: Path = [];
  for (const resource of resources) {
    for (const e of resource.node.entries) {
      if (e.key === 'Metadata' || e.key === 'Type') continue;
      path.length = 0;
      path.push(e.key);
      walk(e.value, path, (node, targetId, attribute) => {
        if (byId.has(targetId)) found.push({ from: resource, path: [...path], node, targetId, attribute });
      });
    }
  }
  return found;
}

type Visit = (node: TemplateNode, targetId: string, attribute: string | undefined) => void;

function walk(node: TemplateNode, path: Path, visit: Visit): void {
  switch (node.kind) {
    case 'scalar':
      return;
    case 'map':
      for (const e of node.entries) {
        if (e.value.kind === 'scalar') continue;
        path.push(e.key);
        walk(e.value, path, visit);
        path.pop();
      }
      return;
    case 'seq':
      for (let i = 0; i < node.items.length; i++) {
        if (node.items[i].kind === 'scalar') continue;
        path.push(i);
        walk(node.items[i], path, visit);
        path.pop();
      }
      return;
    case 'intrinsic': {
      for (const t of referenceTarget(node)) visit(node, t.id, t.attribute);
      if (node.name !== 'Ref') walk(node.argument, path, visit);
      return;
    }
  }
}

export interface ReferenceTarget {
  readonly id: string;
  readonly attribute: string | undefined;
}

/** The logical ids an intrinsic names directly (`Ref X`, `GetAtt X.Y`, `${X}` in `Sub`). */
export function referenceTarget(node: TemplateNode): ReferenceTarget[] {
  if (node.kind !== 'intrinsic') return [];
  const arg = node.argument;
  switch (node.name) {
    case 'Ref':
      return arg.kind === 'scalar' && typeof arg.value === 'string' ? [{ id: arg.value, attribute: undefined }] : [];
    case 'Fn::GetAtt': {
      if (arg.kind === 'scalar' && typeof arg.value === 'string') {
        const dot = arg.value.indexOf('.');
        return dot > 0 ? [{ id: arg.value.slice(0, dot), attribute: arg.value.slice(dot + 1) }] : [{ id: arg.value, attribute: undefined }];
      }
      if (arg.kind === 'seq' && arg.items[0]?.kind === 'scalar') {
        const attr = arg.items[1];
        return [{ id: String(arg.items[0].value), attribute: attr?.kind === 'scalar' ? String(attr.value) : undefined }];
      }
      return [];
    }
    case 'Fn::Sub': {
      const pattern = arg.kind === 'scalar' ? arg.value : arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' ? arg.items[0].value : undefined;
      if (typeof pattern !== 'string') return [];
      const locals = arg.kind === 'seq' && arg.items[1]?.kind === 'map' ? new Set(arg.items[1].entries.map((e) => e.key)) : new Set<string>();
      const targets: ReferenceTarget[] = [];
      for (const variable of subVariables(pattern)) {
        const name = variable.name.trim();
        // `${!Literal}` is the text `${Literal}`, not a variable.
        if (name === '' || name.startsWith('!')) continue;
        const dot = name.indexOf('.');
        const id = dot > 0 ? name.slice(0, dot) : name;
        if (!locals.has(id) && !id.startsWith('AWS::')) targets.push({ id, attribute: dot > 0 ? name.slice(dot + 1) : undefined });
      }
      return targets;
    }
    default:
      return [];
  }
}

/** One `${...}` of a `Fn::Sub` pattern: the text between the braces, and the offsets of `$` and `}`. */
export interface SubVariable {
  readonly name: string;
  readonly open: number;
  readonly close: number;
}

/**
 * The `${...}` of a `Fn::Sub` pattern, in order: each `${` to the first `}` after it. One pass over the
 * pattern: once a `${` has no `}` after it, no later one has, and the search stops.
 */
export function subVariables(pattern: string): SubVariable[] {
  const found: SubVariable[] = [];
  for (let open = pattern.indexOf('${'); open !== -1; ) {
    const close = pattern.indexOf('}', open + 2);
    if (close === -1) break;
    found.push({ name: pattern.slice(open + 2, close), open, close });
    open = pattern.indexOf('${', close + 1);
  }
  return found;
}
