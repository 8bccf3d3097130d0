/**
 * A string-valued property read as the pieces it is built from: literal text, references to resources or
 * pseudo parameters, and pieces known only at deploy time. Reads literals, `Ref` (parameter defaults
 * resolved), `!Sub` (with its variable map), `!Join`, `!GetAtt`, `!FindInMap` over literals and both
 * branches of every `!If`. Used to recognise ARNs such as `arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod`.
 */
import { branches, describeUnknown, isNoValue } from '../../template/evaluate';
import type { MapNode, TemplateNode } from '../../template/model';
import type { RuleContext } from '../rule';

export type StringPart =
  | { readonly kind: 'text'; readonly text: string }
  /** `Ref X`, `${X}`, `!GetAtt X.Attr`, `${X.Attr}`: a resource or pseudo parameter, not a parameter with a Default. */
  | { readonly kind: 'ref'; readonly id: string; readonly attribute: string | undefined }
  | { readonly kind: 'unknown'; readonly reason: string };

/** How many `!If` combinations one value may expand to before the rest are cut off. */
const MAX_VARIANTS = 32;

/** The variants (one per `!If` branch combination) of the string `node` evaluates to. `undefined` branches (AWS::NoValue) are left out. */
export function stringParts(ctx: RuleContext, node: TemplateNode | undefined): StringPart[][] {
  // Most values are literals: one variant of one piece (none for an empty string, as `merge` would leave it).
  if (node?.kind === 'scalar') {
    const literal = node.value === null ? '' : String(node.value);
    return [literal === '' ? [] : [{ kind: 'text', text: literal }]];
  }
  // Neither `!If` nor AWS::NoValue (the common case): the node's own variants, not gathered into another list.
  if (node !== undefined && (node.kind !== 'intrinsic' || (node.name !== 'Fn::If' && !isNoValue(node)))) return partsOf(ctx, node).slice(0, MAX_VARIANTS).map(merge);
  const out: StringPart[][] = [];
  for (const branch of branches(node)) {
    if (branch) out.push(...partsOf(ctx, branch).slice(0, MAX_VARIANTS - out.length));
    if (out.length >= MAX_VARIANTS) break;
  }
  return out.map(merge);
}

/** Literal text with references written as `${Id}` / `${Id.Attr}`, and unknown pieces as `\u0000`. */
export function partsText(parts: readonly StringPart[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'ref' ? '${' + p.id + (p.attribute ? '.' + p.attribute : '') + '}' : '\u0000')).join('');
}

/** The reason of the first unknown piece, if any. */
export function unknownReason(parts: readonly StringPart[]): string | undefined {
  for (const p of parts) if (p.kind === 'unknown') return p.reason;
  return undefined;
}

function partsOf(ctx: RuleContext, node: TemplateNode): StringPart[][] {
  if (node.kind === 'scalar') return [[{ kind: 'text', text: node.value === null ? '' : String(node.value) }]];
  if (node.kind !== 'intrinsic') return [[{ kind: 'unknown', reason: 'a list or map where a string is expected' }]];
  switch (node.name) {
    case 'Fn::If':
      // branches() leaves a malformed !If (not [condition, then, else]) as it is: expanding it again would never end.
      return node.argument.kind === 'seq' && node.argument.items.length === 3 ? stringParts(ctx, node) : [[unknown(node)]];
    case 'Ref':
      return node.argument.kind === 'scalar' ? [nameParts(ctx, String(node.argument.value), undefined, node)] : [[unknown(node)]];
    case 'Fn::GetAtt': {
      const target = getAttTarget(node.argument);
      return target ? [[{ kind: 'ref', id: target.id, attribute: target.attribute }]] : [[unknown(node)]];
    }
    case 'Fn::Sub':
      return subParts(ctx, node);
    case 'Fn::Join':
      return joinParts(ctx, node);
    default: {
      const [only, ...rest] = ctx.scalarsOf(node, node);
      if (rest.length === 0 && only?.kind === 'known') return [[{ kind: 'text', text: String(only.value) }]];
      return [[unknown(node)]];
    }
  }
}

/** What `Ref name` or `${name}` stands for: a parameter's default, a resource, a pseudo parameter. */
function nameParts(ctx: RuleContext, name: string, attribute: string | undefined, at: TemplateNode): StringPart[] {
  const parameter = ctx.template.parameters.get(name);
  if (parameter && attribute === undefined) {
    if (parameter.defaultNode?.kind === 'scalar') return [{ kind: 'text', text: String(parameter.defaultNode.value) }];
    return [{ kind: 'unknown', reason: `it comes from parameter ${name}, which has no Default` }];
  }
  if (ctx.template.resourceById.has(name) || name.startsWith('AWS::')) return [{ kind: 'ref', id: name, attribute }];
  // SAM generates resources (e.g. ServerlessRestApi) whose names a template may use without declaring them.
  if (ctx.template.isSam) return [{ kind: 'ref', id: name, attribute }];
  return [unknown(at)];
}

function subParts(ctx: RuleContext, node: TemplateNode & { kind: 'intrinsic' }): StringPart[][] {
  const arg = node.argument;
  const pattern = arg.kind === 'scalar' ? arg.value : arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' ? arg.items[0].value : undefined;
  if (typeof pattern !== 'string') return [[unknown(node)]];
  // The variable map of the long form, `!Sub [pattern, { Name: value }]`.
  const locals = arg.kind === 'seq' && arg.items[1]?.kind === 'map' ? arg.items[1] : undefined;
  let variants: StringPart[][] = [[]];
  let last = 0;
  // Each `${...}` in turn: what /\$\{([^}]*)\}/g matches, found with indexOf (no regex or match objects per !Sub).
  for (let open = pattern.indexOf('${'); open !== -1; open = pattern.indexOf('${', last)) {
    const close = pattern.indexOf('}', open + 2);
    if (close === -1) break;
    const literal = pattern.slice(last, open);
    last = close + 1;
    const name = pattern.slice(open + 2, close).trim();
    const local = locals && !name.startsWith('!') ? localValue(locals, name) : undefined;
    let pieces: StringPart[][];
    if (name.startsWith('!')) pieces = [[{ kind: 'text', text: '${' + name.slice(1) + '}' }]];
    else if (local) pieces = partsOf(ctx, local);
    else {
      const dot = name.indexOf('.');
      pieces = [dot > 0 ? nameParts(ctx, name.slice(0, dot), name.slice(dot + 1), node) : nameParts(ctx, name, undefined, node)];
    }
    // One variant and one piece (no `!If` so far): extend it in place instead of copying it per `${...}`.
    if (variants.length === 1 && pieces.length === 1) variants[0].push(text(literal), ...pieces[0]);
    else variants = product(variants.map((v) => [...v, text(literal)]), pieces);
  }
  const rest = text(pattern.slice(last));
  if (variants.length === 1) {
    variants[0].push(rest);
    return variants;
  }
  return variants.map((v) => [...v, rest]);
}

/** A `!Sub` variable's value; of a name given twice (already a duplicate-key finding), the last, as most YAML readers keep. */
function localValue(locals: MapNode, name: string): TemplateNode | undefined {
  for (let i = locals.entries.length - 1; i >= 0; i--) if (locals.entries[i].key === name) return locals.entries[i].value;
  return undefined;
}

function joinParts(ctx: RuleContext, node: TemplateNode & { kind: 'intrinsic' }): StringPart[][] {
  const arg = node.argument;
  if (arg.kind !== 'seq' || arg.items.length !== 2 || arg.items[0].kind !== 'scalar' || arg.items[1].kind !== 'seq') return [[unknown(node)]];
  const delimiter = String(arg.items[0].value ?? '');
  let variants: StringPart[][] = [[]];
  arg.items[1].items.forEach((item, i) => {
    const pieces = stringParts(ctx, item);
    const withDelimiter = variants.map((v) => (i > 0 ? [...v, text(delimiter)] : v));
    variants = product(withDelimiter, pieces.length ? pieces : [[]]);
  });
  return variants;
}

function product(prefixes: StringPart[][], pieces: StringPart[][]): StringPart[][] {
  const out: StringPart[][] = [];
  for (const p of prefixes) for (const q of pieces) if (out.length < MAX_VARIANTS) out.push([...p, ...q]);
  return out;
}

/** Adjacent text pieces joined, empty ones dropped. */
function merge(parts: StringPart[]): StringPart[] {
  if (isMerged(parts)) return parts;
  const out: StringPart[] = [];
  for (const p of parts) {
    const prev = out[out.length - 1];
    if (p.kind === 'text' && p.text === '') continue;
    if (p.kind === 'text' && prev?.kind === 'text') out[out.length - 1] = { kind: 'text', text: prev.text + p.text };
    else out.push(p);
  }
  return out;
}

function isMerged(parts: readonly StringPart[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.kind === 'text' && (p.text === '' || (i > 0 && parts[i - 1].kind === 'text'))) return false;
  }
  return true;
}

function getAttTarget(arg: TemplateNode): { id: string; attribute: string | undefined } | undefined {
  if (arg.kind === 'scalar' && typeof arg.value === 'string') {
    const dot = arg.value.indexOf('.');
    return dot > 0 ? { id: arg.value.slice(0, dot), attribute: arg.value.slice(dot + 1) } : { id: arg.value, attribute: undefined };
  }
  if (arg.kind === 'seq' && arg.items[0]?.kind === 'scalar') {
    const attr = arg.items[1];
    return { id: String(arg.items[0].value), attribute: attr?.kind === 'scalar' ? String(attr.value) : undefined };
  }
  return undefined;
}

function text(value: string): StringPart {
  return { kind: 'text', text: value };
}

function unknown(node: TemplateNode): StringPart {
  return { kind: 'unknown', reason: describeUnknown(node) };
}
