/**
 * Parses a CloudFormation template, YAML or JSON, into the range-keeping model of `model.ts`. Never
 * throws: bad input becomes a `ParseProblem`.
 *
 * What is a template is decided from the parsed document, never from the raw text:
 * - JSON (text whose first character is `{`) is read by a JSON parser (`json.ts`); text that is not
 *   JSON, and all YAML, by the YAML 1.2 reader: the fast path of `fast-yaml.ts`, else the `yaml` library.
 *   A carriage return on its own is a line break, as YAML 1.2 (and JSON, as white space) has it.
 * - A document is a template when its root map has `AWSTemplateFormatVersion`, a SAM `Transform`, or a
 *   `Resources` map with a resource whose `Type` is an `AWS::`, `Alexa::` or `Custom::` type.
 * - A file that cannot be parsed is reported (never skipped) when it may be a template: its name says
 *   so (see `mayBeTemplateByName`), or the part of the document that could be read has one of the
 *   sections `AWSTemplateFormatVersion`, `Resources` or `Transform` at its root. A file refused for its
 *   shape (flow collections nested deeper than the limit) is always reported.
 */
import { Alias, Lexer, YAMLMap, YAMLSeq, isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Node as YamlNode, type Tags } from 'yaml';
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
import { aliasBudget, aliasBudgetMessage, parseFast, sharedName } from './fast-yaml';
import { MAX_FLOW_NESTING, looksLikeJson, parseJson } from './json';
import { type LineBreak, lineBreakOf } from './positions';

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
   * How many nodes alias expansion may add in all, at most. Expanded aliases share their nodes, but
   * anything that walks the tree sees every copy, so this bounds the tree as rules see it.
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
    // No parser should throw on any input, but a linter must never take the editor down, nor skip a
    // file it could not read: whatever it is, the reader failed on it, and the user is told.
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'invalid', problems: [{ code: 'syntax', message: `Cannot parse this file: ${message}. If it is not a CloudFormation template, exclude it from linting.`, range: { start: 0, end: 0 }, fatal: true }] };
  }
}

/**
 * Names that say "CloudFormation template": the `.template` extension, or a name with a `template` or
 * `cfn` part before a `.json`, `.yaml` or `.yml` extension (`template.yaml`, `app.template.json`,
 * `stack.cfn.yml`). Such a file is reported when it cannot be parsed, whatever the parsed part holds.
 */
export function mayBeTemplateByName(uri: string): boolean {
  const name = uri.slice(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1).toLowerCase();
  const parts = name.split('.');
  const extension = parts[parts.length - 1];
  if (parts.length > 1 && extension === 'template') return true;
  if (extension !== 'json' && extension !== 'yaml' && extension !== 'yml') return false;
  return parts.slice(0, -1).some((part) => part === 'template' || part === 'cfn');
}

/** Root keys that only a CloudFormation template has: one of them in a broken document makes it a template to report. */
const TEMPLATE_SECTIONS = new Set(['AWSTemplateFormatVersion', 'Resources', 'Transform']);

/**
 * `text` as YAML 1.2 reads it: a carriage return not followed by a line feed is a line break, which
 * the `yaml` library (and JSON white space aside, the fast path) only knows as LF or CRLF. Replaced by
 * LF, one character for one, so every offset into the result is the same offset into `text`.
 */
export function normaliseLineBreaks(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r(?!\n)/g, '\n');
}

function parseUnsafe(original: string, uri: string, limits: ParseLimits): ParseOutcome {
  const text = normaliseLineBreaks(original);
  // JSON is read as JSON; a text that only starts like JSON, and YAML, by the YAML reader. The fast path
  // handles the YAML real templates use; on anything else (or any doubt) it declines and the YAML
  // library, which also reports the syntax errors, does the work.
  let parsed: { root: TemplateNode | undefined; problems: ParseProblem[] } | YamlFailure | undefined;
  let jsonFailure: { error: ParseProblem; rootKeys: readonly string[] } | undefined;
  if (looksLikeJson(text)) {
    const json = parseJson(text, limits);
    if (json.kind === 'parsed') parsed = json;
    else jsonFailure = json;
  }
  parsed ??= parseFast(text, limits) ?? parseWithYamlLibrary(text, limits);
  if ('failure' in parsed) {
    const rootKeys = [...parsed.rootKeys, ...(jsonFailure?.rootKeys ?? [])];
    // A file refused for its size or shape (not a syntax error) could not be looked at: it is reported.
    const refused = parsed.failure.code === 'limit';
    if (!refused && !mayBeTemplateByName(uri) && !rootKeys.some((k) => TEMPLATE_SECTIONS.has(k))) return { kind: 'not-cloudformation' };
    // A text meant as JSON is best explained by the JSON parser, unless the file's name says YAML.
    const preferJson = jsonFailure !== undefined && parsed.failure.code === 'syntax' && !/\.ya?ml$/i.test(uri);
    return { kind: 'invalid', problems: [preferJson ? jsonFailure!.error : parsed.failure] };
  }
  const { root, problems } = parsed;
  if (root?.kind !== 'map' || !isCloudFormationRoot(root)) return { kind: 'not-cloudformation' };
  const resourcesEntry = entry(root, 'Resources');
  if (!resourcesEntry || resourcesEntry.value.kind !== 'map') {
    return { kind: 'invalid', problems: [...problems, { code: 'structure', message: 'The template has no Resources section, or it is not a map: CloudFormation requires at least one resource.', range: resourcesEntry?.keyRange ?? { start: 0, end: 0 }, fatal: true }] };
  }
  return { kind: 'template', template: buildTemplate(text, lineBreakOf(original), uri, root, resourcesEntry, problems), problems };
}

/** A text the YAML library could not make one document of: the problem, and the root keys of what it read. */
export interface YamlFailure {
  readonly failure: ParseProblem;
  readonly rootKeys: readonly string[];
}

/**
 * The slow path, exported for the fast path's differential test: the converted tree and its problems
 * (no tree for an empty document), or why there is none (several documents, a syntax error).
 */
export function parseWithYamlLibrary(text: string, limits: ParseLimits): { root: TemplateNode | undefined; problems: ParseProblem[] } | YamlFailure {
  const tooDeep = flowNestingBeyond(text, MAX_FLOW_NESTING);
  if (tooDeep >= 0) {
    return { failure: { code: 'limit', message: `Flow collections nested deeper than ${MAX_FLOW_NESTING} levels: SOP Lens does not read this file.`, range: { start: tooDeep, end: tooDeep + 1 }, fatal: true }, rootKeys: [] };
  }
  // Duplicate keys are found by the converter: the library's own check is quadratic in the size of a map.
  const documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, customTags: CUSTOM_TAGS });
  const docs = Array.isArray(documents) ? documents : [];
  if (docs.length === 0) return { root: undefined, problems: [] };
  if (docs.length > 1) {
    const second = docs[1].range[0];
    return {
      failure: { code: 'structure', message: 'A CloudFormation template must be a single YAML document; this file holds several.', range: { start: second, end: second }, fatal: true },
      rootKeys: docs.flatMap((d) => rootKeysOf(d.contents)),
    };
  }
  const doc = docs[0];
  const error = doc.errors[0];
  if (error) {
    // The YAML library may place an "unexpected end" error one past the last character.
    const start = Math.min(error.pos[0], text.length);
    const range = { start, end: Math.min(Math.max(error.pos[1], start), text.length) };
    return { failure: { code: 'syntax', message: `YAML syntax error: ${firstLine(error.message)}`, range, fatal: true }, rootKeys: rootKeysOf(doc.contents) };
  }
  const converter = new Converter(text, limits, doc);
  const root = doc.contents ? converter.convert(doc.contents, 0, false) : undefined;
  return { root, problems: converter.problems };
}

/**
 * The offset of the first flow collection nested deeper than `limit`, as the YAML library's lexer (which
 * does not recurse) sees them; -1 when there is none. The library's composer recurses: some hundreds
 * of levels exhaust the stack of a process that has not warmed up (and once aborted it), so the same
 * text would be read one time and refused the next. Nesting beyond `maxDepth` but within `limit` is
 * read, and cut at `maxDepth` like any deep nesting.
 */
function flowNestingBeyond(text: string, limit: number): number {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > limit) return offset;
    } else if (token === ']' || token === '}') {
      depth--;
    } else if (token.length === 1 && token < ' ' && token !== '\n' && token !== '\t' && token !== '\r') {
      continue; // the lexer's markers (document start, scalar, flow error) hold no source text
    }
    offset += token.length;
  }
  return -1;
}

/** The keys of a (maybe partial) document's root map, as far as the library read them. */
function rootKeysOf(contents: unknown): string[] {
  if (!isMap(contents)) return [];
  return contents.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Whether a parsed root map is a CloudFormation template. Every entry of a repeated section counts (a
 * reader may keep any one of them), so a decoy first `Resources` cannot hide the one deployed.
 */
function isCloudFormationRoot(root: MapNode): boolean {
  if (entry(root, 'AWSTemplateFormatVersion')) return true;
  if (transformNames(root).some((t) => t.startsWith('AWS::Serverless'))) return true;
  return valuesOf(root, 'Resources').some(
    (resources) => resources.kind === 'map' && resources.entries.some((e) => e.value.kind === 'map' && valuesOf(e.value, 'Type').some((type) => /^(AWS|Alexa)::|^Custom::/.test(scalarString(type) ?? ''))),
  );
}

/** The values of every entry of `map` with this key (a duplicate key gives several). */
function valuesOf(map: MapNode, key: string): TemplateNode[] {
  return map.entries.filter((e) => e.key === key).map((e) => e.value);
}

function transformNames(root: MapNode): string[] {
  return valuesOf(root, 'Transform').flatMap((transform) => {
    if (transform.kind === 'scalar') return [String(transform.value)];
    if (transform.kind === 'seq') return transform.items.map((i) => scalarString(i) ?? '');
    return [];
  });
}

function buildTemplate(text: string, lineBreak: LineBreak, uri: string, root: MapNode, resourcesEntry: MapEntry, problems: ParseProblem[]): Template {
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
    lineBreak,
    format: root.flow ? 'json' : 'yaml',
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
  /** What each alias stands for, found in one walk of the document (the library walks it anew for each alias). */
  private readonly aliasTargets = new Map<Alias, YamlNode>();
  /** How many nodes alias expansion may add (see `aliasBudget`). */
  private readonly aliasBudget: number;
  private reportedDepth = false;
  private reportedAliasCount = false;
  private reportedAliasNodes = false;

  constructor(
    private readonly text: string,
    private readonly limits: ParseLimits,
    doc: Parameters<typeof visit>[0],
  ) {
    // The library's own rule: an alias stands for the last node before it with that anchor, in document order.
    const anchored = new Map<string, YamlNode>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) {
          const target = anchored.get(node.source);
          if (target) this.aliasTargets.set(node, target);
          return;
        }
        if (node.anchor) anchored.set(node.anchor, node);
      },
    });
    this.aliasBudget = aliasBudget(text.length, limits);
  }

  convert(node: YamlNode | Alias | null | undefined, depth: number, inCondition: boolean): TemplateNode {
    if (node === null || node === undefined) return { kind: 'scalar', value: null, range: { start: 0, end: 0 } };
    if (isAlias(node)) return this.convertAlias(node, depth, inCondition);
    const range = { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
    if (depth > this.limits.maxDepth) {
      if (!this.reportedDepth) {
        this.reportedDepth = true;
        this.problems.push({ code: 'limit', message: `Nesting deeper than ${this.limits.maxDepth} levels is not analysed.`, range, fatal: false });
      }
      return { kind: 'scalar', value: null, range };
    }
    const tag = node.tag;
    const shortName = tag && tag.startsWith('!') && !tag.startsWith('!!') ? SHORT_TAGS.get(tag) : undefined;
    const plain = this.convertPlain(node, range, depth, inCondition || shortName === 'Fn::If' || (shortName !== undefined && CONDITION_FUNCTIONS.has(shortName)));
    if (!shortName) return plain;
    return { kind: 'intrinsic', name: shortName, argument: plain, range: { start: this.tagStart(tag!, range.start), end: range.end }, shortForm: true };
  }

  /**
   * Where the tag of a node starting at `start` begins: the tag written just before it, with only white
   * space between, or the node's own start (a tag written another way, e.g. through a `%TAG` handle).
   * Looks back over that white space only, never across the text.
   */
  private tagStart(tag: string, start: number): number {
    let p = start;
    while (p > 0 && /\s/.test(this.text[p - 1])) p--;
    return p >= tag.length && this.text.startsWith(tag, p - tag.length) ? p - tag.length : start;
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
      if (!this.reportedAliasCount) {
        this.reportedAliasCount = true;
        this.problems.push({ code: 'limit', message: `More than ${this.limits.maxAliases} YAML aliases: the rest are not expanded.`, range, fatal: false });
      }
      return { kind: 'scalar', value: null, range };
    }
    const target = this.aliasTargets.get(alias);
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
    if (this.aliasNodes > this.aliasBudget) {
      if (!this.reportedAliasNodes) {
        this.reportedAliasNodes = true;
        this.problems.push({ code: 'limit', message: aliasBudgetMessage(this.aliasBudget), range, fatal: false });
      }
      return { kind: 'scalar', value: null, range };
    }
    return cached.node;
  }
}
