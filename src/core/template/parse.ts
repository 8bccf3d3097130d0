/**
 * Parses CloudFormation YAML or JSON (JSON is read by the same YAML 1.2 parser) into the
 * range-keeping model of `model.ts`. Never throws: bad input becomes a `ParseProblem`.
 */
import { Alias, YAMLMap, YAMLSeq, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode, type Tags } from 'yaml';
import {
  INTRINSIC_FUNCTIONS,
  type IntrinsicName,
  type MapEntry,
  type MapNode,
  type Parameter,
  type Resource,
  type ResourceReference,
  type SeqNode,
  type SourceRange,
  type Template,
  type TemplateNode,
  child,
  entry,
  scalarString,
} from './model';
import { collectReferences } from './references';
import { parseFast, sharedName } from './fast-yaml';

export interface ParseProblem {
  readonly code: 'syntax' | 'duplicate-key' | 'limit' | 'structure';
  readonly message: string;
  readonly range: SourceRange;
  /** A syntax error stops the lint; a duplicate key is reported but the template is still checked. */
  readonly fatal: boolean;
}

export type ParseOutcome =
  | { readonly kind: 'template'; readonly template: Template; readonly problems: readonly ParseProblem[] }
  | { readonly kind: 'invalid'; readonly problems: readonly ParseProblem[] }
  | { readonly kind: 'not-cloudformation' };

export interface ParseLimits {
  /** Deeper nesting than this is reported and not descended into. */
  readonly maxDepth: number;
  /** How many alias expansions one file may make (guards against "billion laughs"). */
  readonly maxAliases: number;
  /**
   * How many nodes alias expansion may add in all. Expanded aliases share their nodes, but anything
   * that walks the tree sees every copy, so this bounds the tree as rules see it.
   */
  readonly maxAliasNodes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxDepth: 200, maxAliases: 1000, maxAliasNodes: 100_000 };

const SHORT_TAGS = new Map<string, IntrinsicName>();
for (const name of INTRINSIC_FUNCTIONS) SHORT_TAGS.set('!' + name.replace(/^Fn::/, ''), name);
/**
 * The short-form tags, declared so the YAML library keeps them on the node without creating a warning
 * (with a stack trace) for each one. Each may tag a scalar, a sequence or a map.
 */
const CUSTOM_TAGS: Tags = [...SHORT_TAGS.keys()].flatMap((tag): Tags => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq', nodeClass: YAMLSeq, resolve: (collection) => collection },
  { tag, collection: 'map', nodeClass: YAMLMap, resolve: (collection) => collection },
]);
const LONG_FORMS = new Set<string>(INTRINSIC_FUNCTIONS.filter((n) => n !== 'Condition'));
const CONDITION_FUNCTIONS = new Set<string>(['Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Equals', 'Fn::If']);

export function parseTemplate(text: string, uri = '', limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseOutcome {
  try {
    return parseUnsafe(text, uri, limits);
  } catch (error) {
    // The YAML library should not throw on any input, but a linter must never take the editor down.
    const message = error instanceof Error ? error.message : String(error);
    return looksLikeCloudFormation(text)
      ? { kind: 'invalid', problems: [{ code: 'syntax', message: `Cannot parse template: ${message}`, range: { start: 0, end: 0 }, fatal: true }] }
      : { kind: 'not-cloudformation' };
  }
}

/** A cheap test on raw text, used when the text does not parse, to decide whether to report the error at all. */
export function looksLikeCloudFormation(text: string): boolean {
  if (/(^|\n)\s*["']?AWSTemplateFormatVersion["']?\s*:/.test(text)) return true;
  return /(^|[\n{,])\s*["']?Resources["']?\s*:/.test(text) && /["']?Type["']?\s*:\s*["']?(AWS|Custom|Alexa)::/.test(text);
}

function parseUnsafe(text: string, uri: string, limits: ParseLimits): ParseOutcome {
  // The fast path handles the YAML and JSON real templates use; on anything else (or any doubt) it
  // declines and the YAML library, which also reports the syntax errors, does the work.
  const parsed = parseFast(text, limits) ?? parseWithYamlLibrary(text, limits);
  if (!('root' in parsed)) return parsed;
  const { root, problems } = parsed;
  if (root?.kind !== 'map' || !isCloudFormationRoot(root)) return { kind: 'not-cloudformation' };
  const resourcesEntry = entry(root, 'Resources');
  if (!resourcesEntry || resourcesEntry.value.kind !== 'map') {
    return { kind: 'invalid', problems: [...problems, { code: 'structure', message: 'The template has no Resources section, or it is not a map: CloudFormation requires at least one resource.', range: resourcesEntry?.keyRange ?? { start: 0, end: 0 }, fatal: true }] };
  }
  return { kind: 'template', template: buildTemplate(text, uri, root, resourcesEntry, problems), problems };
}

/**
 * The slow path, exported for the fast path's differential test: the converted tree and its problems,
 * or the outcome already decided (no document, several documents, a syntax error).
 */
export function parseWithYamlLibrary(text: string, limits: ParseLimits): { root: TemplateNode | undefined; problems: ParseProblem[] } | ParseOutcome {
  // Duplicate keys are found by the converter: the library's own check is quadratic in the size of a map.
  const documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, customTags: CUSTOM_TAGS });
  const docs = Array.isArray(documents) ? documents : [];
  const plausible = (): boolean => looksLikeCloudFormation(text);
  if (docs.length === 0) return { kind: 'not-cloudformation' };
  if (docs.length > 1) {
    if (!plausible()) return { kind: 'not-cloudformation' };
    const second = docs[1].range[0];
    return { kind: 'invalid', problems: [{ code: 'structure', message: 'A CloudFormation template must be a single YAML document; this file holds several.', range: { start: second, end: second }, fatal: true }] };
  }
  const doc = docs[0];
  const problems: ParseProblem[] = [];
  for (const error of doc.errors) {
    // The YAML library may place an "unexpected end" error one past the last character.
    const start = Math.min(error.pos[0], text.length);
    const range = { start, end: Math.min(Math.max(error.pos[1], start), text.length) };
    if (!problems.some((p) => p.fatal)) {
      problems.push({ code: 'syntax', message: `YAML syntax error: ${firstLine(error.message)}`, range, fatal: true });
    }
  }
  if (problems.some((p) => p.fatal)) return plausible() ? { kind: 'invalid', problems: problems.filter((p) => p.fatal) } : { kind: 'not-cloudformation' };

  const converter = new Converter(text, limits, doc);
  const root = doc.contents ? converter.convert(doc.contents, 0, false) : undefined;
  problems.push(...converter.problems);
  return { root, problems };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function isCloudFormationRoot(root: MapNode): boolean {
  if (entry(root, 'AWSTemplateFormatVersion')) return true;
  if (transformNames(root).some((t) => t.startsWith('AWS::Serverless'))) return true;
  const resources = child(root, 'Resources');
  if (resources?.kind !== 'map') return false;
  return resources.entries.some((e) => /^(AWS|Alexa)::|^Custom::/.test(scalarString(child(e.value, 'Type')) ?? ''));
}

function transformNames(root: MapNode): string[] {
  const transform = child(root, 'Transform');
  if (transform?.kind === 'scalar') return [String(transform.value)];
  if (transform?.kind === 'seq') return transform.items.map((i) => scalarString(i) ?? '');
  return [];
}

function buildTemplate(text: string, uri: string, root: MapNode, resourcesEntry: MapEntry, problems: ParseProblem[]): Template {
  const resources: Resource[] = [];
  const resourceById = new Map<string, Resource>();
  // Indexed here, where each resource is read anyway, rather than by every lint that asks.
  const byType = new Map<string, Resource[]>();
  for (const e of (resourcesEntry.value as MapNode).entries) {
    if (e.value.kind !== 'map') {
      problems.push({ code: 'structure', message: `Resource ${e.key} must be a map with a Type.`, range: e.keyRange, fatal: false });
      continue;
    }
    const typeEntry = entry(e.value, 'Type');
    const typeText = scalarString(typeEntry?.value);
    if (!typeEntry || typeText === undefined) {
      problems.push({ code: 'structure', message: `Resource ${e.key} has no Type.`, range: e.keyRange, fatal: false });
      continue;
    }
    // Shared like the keys: the lint looks each resource's rules up by its type.
    const type = sharedName(typeText);
    const propertiesEntry = entry(e.value, 'Properties');
    const metadata = child(e.value, 'Metadata');
    const resource: Resource = {
      logicalId: e.key,
      logicalIdRange: e.keyRange,
      node: e.value,
      type,
      typeRange: typeEntry.value.range,
      properties: propertiesEntry?.value.kind === 'map' ? propertiesEntry.value : undefined,
      propertiesEntry,
      condition: scalarString(child(e.value, 'Condition')),
      metadata: metadata?.kind === 'map' ? metadata : undefined,
    };
    resources.push(resource);
    resourceById.set(e.key, resource);
    const ofType = byType.get(type);
    if (ofType) ofType.push(resource);
    else byType.set(type, [resource]);
  }
  const parameters = new Map<string, Parameter>();
  const params = child(root, 'Parameters');
  if (params?.kind === 'map') {
    for (const p of params.entries) {
      const def = child(p.value, 'Default');
      parameters.set(p.key, {
        name: p.key,
        type: scalarString(child(p.value, 'Type')),
        defaultNode: def?.kind === 'scalar' || def?.kind === 'seq' ? def : undefined,
      });
    }
  }
  const conditions = child(root, 'Conditions');
  const conditionNames = new Set(conditions?.kind === 'map' ? conditions.entries.map((c) => c.key) : []);
  const references = collectReferences(resources, resourceById);
  const byTarget = new Map<string, ResourceReference[]>();
  for (const r of references) {
    const list = byTarget.get(r.targetId);
    if (list) list.push(r);
    else byTarget.set(r.targetId, [r]);
  }
  return {
    uri,
    text,
    format: /^\s*[{[]/.test(text) ? 'json' : 'yaml',
    root,
    resources,
    resourceById,
    resourcesOfType: (type) => byType.get(type) ?? [],
    parameters,
    conditionNames,
    resourcesEntry,
    isSam: transformNames(root).some((t) => t.startsWith('AWS::Serverless')),
    references,
    referencesTo: (id) => byTarget.get(id) ?? [],
  };
}

/** Turns the YAML library's nodes into ours, bounding depth and alias expansion. */
class Converter {
  readonly problems: ParseProblem[] = [];
  private aliases = 0;
  /** Nodes created, plus nodes seen again through aliases: the size of the tree as a walker sees it. */
  private size = 0;
  private aliasNodes = 0;
  private readonly aliasCache = new Map<YamlNode, { node: TemplateNode; size: number }>();

  constructor(
    private readonly text: string,
    private readonly limits: ParseLimits,
    private readonly doc: { readonly contents: unknown },
  ) {}

  convert(node: YamlNode | Alias | null | undefined, depth: number, inCondition: boolean): TemplateNode {
    if (node === null || node === undefined) return { kind: 'scalar', value: null, range: { start: 0, end: 0 } };
    if (isAlias(node)) return this.convertAlias(node, depth, inCondition);
    const range = { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
    if (depth > this.limits.maxDepth) {
      if (!this.problems.some((p) => p.code === 'limit' && p.message.startsWith('Nesting'))) {
        this.problems.push({ code: 'limit', message: `Nesting deeper than ${this.limits.maxDepth} levels is not analysed.`, range, fatal: false });
      }
      return { kind: 'scalar', value: null, range };
    }
    const tag = node.tag;
    const shortName = tag && tag.startsWith('!') && !tag.startsWith('!!') ? SHORT_TAGS.get(tag) : undefined;
    const plain = this.convertPlain(node, range, depth, inCondition || shortName === 'Fn::If' || (shortName !== undefined && CONDITION_FUNCTIONS.has(shortName)));
    if (!shortName) return plain;
    const tagStart = this.text.lastIndexOf(tag!, range.start);
    const start = tagStart >= 0 && /^\s*$/.test(this.text.slice(tagStart + tag!.length, range.start)) ? tagStart : range.start;
    return { kind: 'intrinsic', name: shortName, argument: plain, range: { start, end: range.end }, shortForm: true };
  }

  private convertPlain(node: YamlNode, range: SourceRange, depth: number, inCondition: boolean): TemplateNode {
    this.size++;
    if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : typeof v === 'bigint' ? Number(v) : JSON.stringify(v) ?? null;
      return { kind: 'scalar', value, range };
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => this.convert(item as YamlNode, depth + 1, inCondition));
      return { kind: 'seq', items, range, flow: Boolean(node.flow) } satisfies SeqNode;
    }
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      const seen = new Set<string>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
        const keyRange = { start: keyNode?.range?.[0] ?? range.start, end: keyNode?.range?.[1] ?? range.start };
        if (seen.has(key)) {
          this.problems.push({ code: 'duplicate-key', message: `Duplicate key ${key}: CloudFormation keeps only one of them, so one value is silently lost.`, range: keyRange, fatal: false });
        }
        seen.add(key);
        const childInCondition = inCondition || CONDITION_FUNCTIONS.has(key);
        const value = this.convert(pair.value as YamlNode, depth + 1, childInCondition);
        entries.push({ key, keyRange, value: pair.value === null ? { kind: 'scalar', value: null, range: { start: keyRange.end, end: keyRange.end } } : value });
      }
      const map: MapNode = { kind: 'map', entries, range, flow: Boolean(node.flow) };
      if (entries.length === 1) {
        const only = entries[0];
        if (LONG_FORMS.has(only.key) || (inCondition && only.key === 'Condition' && only.value.kind === 'scalar')) {
          return { kind: 'intrinsic', name: only.key as IntrinsicName, argument: only.value, range, shortForm: false };
        }
      }
      return map;
    }
    return { kind: 'scalar', value: null, range };
  }

  private convertAlias(alias: Alias, depth: number, inCondition: boolean): TemplateNode {
    const range = { start: alias.range?.[0] ?? 0, end: alias.range?.[1] ?? 0 };
    if (++this.aliases > this.limits.maxAliases) {
      if (this.aliases === this.limits.maxAliases + 1) {
        this.problems.push({ code: 'limit', message: `More than ${this.limits.maxAliases} YAML aliases: the rest are not expanded.`, range, fatal: false });
      }
      return { kind: 'scalar', value: null, range };
    }
    const target = alias.resolve(this.doc as never) as YamlNode | undefined;
    if (!target) return { kind: 'scalar', value: null, range };
    // Each anchor is converted once and shared; its size still counts for every alias that repeats it.
    let cached = this.aliasCache.get(target);
    if (!cached) {
      const before = this.size;
      const node = this.convert(target, depth, inCondition);
      cached = { node, size: this.size - before };
      this.aliasCache.set(target, cached);
    }
    this.size += cached.size;
    this.aliasNodes += cached.size;
    if (this.aliasNodes > this.limits.maxAliasNodes) {
      if (!this.problems.some((p) => p.message.startsWith('YAML aliases expand'))) {
        this.problems.push({ code: 'limit', message: `YAML aliases expand to more than ${this.limits.maxAliasNodes} nodes: the rest are not expanded.`, range, fatal: false });
      }
      return { kind: 'scalar', value: null, range };
    }
    return cached.node;
  }
}
