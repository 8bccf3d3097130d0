/**
 * A fast path for `parseTemplate`: a small hand-written scanner for the subset of YAML (and JSON) that
 * CloudFormation templates actually use. It builds exactly the tree the `yaml`-library-based converter in
 * `parse.ts` builds (same values, ranges, flow flags, intrinsics and duplicate-key problems), some
 * fifteen times faster, because it never materialises a token stream or a CST.
 *
 * Correctness beats coverage: on anything it does not reproduce with full fidelity (anchors other than
 * on a block value, aliases other than as a whole value, directives, document markers other than one leading `---`, tabs, multi-line plain or quoted scalars,
 * complex keys, block scalars with indentation indicators or `+` chomping, comments inside flow
 * collections, comments trailing a collection indented deeper than what follows, any syntax error, ...)
 * it returns `undefined` and the caller uses the `yaml` library. The differential test in
 * test/unit/template/fast-yaml.test.ts holds the two paths together.
 *
 * Range conventions reproduced from the `yaml` library (v2) as read by the converter:
 * - a scalar's range is its value text (quotes included, tag excluded); the converter then starts a
 *   tagged node at its tag;
 * - a block collection runs from its first key or `-` to the "node end" of its last value, that is past
 *   the value's trailing spaces, comment and one line break;
 * - an empty value (`Key:`) is a null scalar placed just after the `:` and the spaces that follow it.
 */
import { INTRINSIC_FUNCTIONS, type IntrinsicName, type MapEntry, type MapNode, type SeqNode, type TemplateNode } from './model';
import type { ParseLimits, ParseProblem } from './parse';

const SHORT_TAGS = new Map<string, IntrinsicName>();
for (const name of INTRINSIC_FUNCTIONS) SHORT_TAGS.set('!' + name.replace(/^Fn::/, ''), name);
const LONG_FORMS = new Set<string>(INTRINSIC_FUNCTIONS.filter((n) => n !== 'Condition'));
const CONDITION_FUNCTIONS = new Set<string>(['Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Equals', 'Fn::If']);

/** Thrown (and caught in `parseFast`) when the input leaves the supported subset. */
class Unsupported extends Error {}

function unsupported(reason: string): never {
  throw new Unsupported(reason);
}

/**
 * Characters that make us give up at once: tabs (indentation rules around them are subtle), control
 * characters and stray BOMs (the library reports them), lone CRs, and the Unicode line breaks.
 */
const SUSPICIOUS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\t\ufeff\x85\u2028\u2029]|\r(?!\n)/;

/** A parsed node plus the library's "node end": where its trailing spaces, comment and line break end. */
interface Parsed {
  readonly node: TemplateNode;
  readonly end2: number;
}

const CH_SPACE = 32;
const CH_LF = 10;
const CH_CR = 13;
const CH_HASH = 35;
const CH_COLON = 58;
const CH_DASH = 45;

/**
 * One string per distinct map key (and resource type, see parse.ts), shared by every template this process
 * parses: a template repeats the same few hundred keys (Type, Properties, Statement...) thousands of times.
 * The model keeps one copy instead of one per occurrence. Each copy is an internalized string, unique in
 * V8's own string table as the literals of the source are: a rule comparing a key with 'Properties' then
 * compares two pointers, where a fresh slice of the text had its characters read. Bounded, and no stored
 * string is a view into the text it was cut from, so the table never keeps a template's text alive.
 */
const SHARED_NAMES = new Map<string, string>();
const MAX_SHARED_NAMES = 20_000;
/**
 * Keys of the root map (depth 0) and of its sections (depth 1: logical ids, parameter, condition, output
 * and mapping names) are the template's own names, mostly seen once: they are not shared.
 */
const SHARED_KEY_DEPTH = 2;

export function sharedName(name: string): string {
  const shared = SHARED_NAMES.get(name);
  if (shared !== undefined) return shared;
  if (SHARED_NAMES.size >= MAX_SHARED_NAMES) return name;
  const unique = internalized(name);
  SHARED_NAMES.set(unique, unique);
  return unique;
}

/** `s` as an internalized string: a property name is one, and `Object.keys` returns the name itself. */
function internalized(s: string): string {
  // No prototype, so that `__proto__` is a name like any other.
  const holder = Object.create(null) as Record<string, true>;
  holder[s] = true;
  return Object.keys(holder)[0];
}

/**
 * How many nodes alias expansion may add to a document of `length` characters: `MIN_ALIAS_BUDGET`, or
 * about as many nodes as a document of that length writes, at most `limits.maxAliasNodes`. Expanded
 * aliases share their nodes, but the rules walk every copy: a short document must not make them walk a
 * tree many times its size. Shared by both paths, so they cut expansion at the same alias.
 */
export function aliasBudget(length: number, limits: ParseLimits): number {
  return Math.min(limits.maxAliasNodes, Math.max(MIN_ALIAS_BUDGET, Math.floor(length / CHARACTERS_PER_NODE)));
}

export const MIN_ALIAS_BUDGET = 10_000;

export function aliasBudgetMessage(budget: number): string {
  return `YAML aliases expand to more than ${budget} nodes (about as many as the document itself writes, at least ${MIN_ALIAS_BUDGET}): the rest are not expanded.`;
}
const CHARACTERS_PER_NODE = 8;

/** An anchored node: where to parse it again (in the context of an alias), and its first such parse. */
interface Anchor {
  readonly reparse: (depth: number, inCondition: boolean) => Parsed;
  /** False while the anchored node itself is being parsed (an alias inside it is a cycle). */
  done: boolean;
  cached: { readonly node: TemplateNode; readonly size: number } | undefined;
}

export function parseFast(text: string, limits: ParseLimits): { root: TemplateNode; problems: ParseProblem[] } | undefined {
  try {
    return new FastParser(text, limits).parseDocument();
  } catch {
    // Unsupported input, or (never seen, but possible) a bug of ours: either way the library decides.
    // `fastPathRejection` rethrows the latter, so the tests still see it.
    return undefined;
  }
}

/** For tests: why the fast path declined a text, or `undefined` when it took it. */
export function fastPathRejection(text: string, limits: ParseLimits): string | undefined {
  try {
    new FastParser(text, limits).parseDocument();
    return undefined;
  } catch (error) {
    if (error instanceof Unsupported) return error.message;
    throw error;
  }
}

class FastParser {
  readonly problems: ParseProblem[] = [];
  private readonly len: number;
  /**
   * The converter's bookkeeping of aliases, reproduced: nodes made (its `size`), aliases expanded, nodes
   * added by expansion, the latest anchor of each name, and the anchor each alias (by offset) names.
   */
  private nodes = 0;
  private aliases = 0;
  private aliasNodes = 0;
  private readonly aliasBudget: number;
  private readonly anchors = new Map<string, Anchor>();
  private readonly aliasTargets = new Map<number, Anchor | null>();
  /** Above 0 while an anchored node is parsed again for an alias: its anchors are already known. */
  private reparsing = 0;
  private reportedAliasCount = false;
  private reportedAliasNodes = false;

  constructor(
    private readonly text: string,
    private readonly limits: ParseLimits,
  ) {
    this.len = text.length;
    this.aliasBudget = aliasBudget(text.length, limits);
  }

  parseDocument(): { root: TemplateNode; problems: ParseProblem[] } {
    const text = this.text;
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (SUSPICIOUS.test(bom ? text.slice(1) : text)) unsupported('suspicious character');
    let first = this.nextContentLine(bom, true);
    // Many templates open with a `---` line alone: one explicit document, same tree.
    if (first >= 0 && this.isBareDocumentStart(first)) first = this.nextContentLine(this.lineStartAfter(first + 3));
    if (first < 0) unsupported('empty document');
    const indent = this.indentAt(first);
    const p = first + indent;
    const c = text[p];
    let root: Parsed;
    if (c === '{' || c === '[') {
      root = this.parseFlowCollection(p, -1, 0, false);
      // Only comments and white space may follow a root flow collection (a JSON document).
      const after = this.skipLineEnd(this.flowEnd);
      if (this.nextContentLine(after) >= 0) unsupported('content after root flow collection');
    } else {
      if (indent !== 0) unsupported('indented root');
      if (this.isSeqIndicator(p)) unsupported('root sequence');
      root = this.parseBlockMap(p, 0, 0, false);
      if (this.nextContentLine(this.lineStartAfter(root.end2)) >= 0) unsupported('content after root map');
    }
    return { root: root.node, problems: this.problems };
  }

  // ---------------------------------------------------------------------------------------------
  // Lines

  /**
   * From a line start, skips blank and comment-only lines; returns the start of the next line with
   * content, or -1 at the end. Document markers and directives make us give up.
   */
  private nextContentLine(lineStart: number, allowDocumentStart = false): number {
    const text = this.text;
    let p = lineStart;
    while (p < this.len) {
      let q = p;
      while (text.charCodeAt(q) === CH_SPACE) q++;
      const ch = text.charCodeAt(q);
      if (q >= this.len) return -1;
      if (ch === CH_LF || (ch === CH_CR && text.charCodeAt(q + 1) === CH_LF) || ch === CH_HASH) {
        const nl = text.indexOf('\n', q);
        if (nl < 0) return -1;
        p = nl + 1;
        continue;
      }
      if (q === p && !(allowDocumentStart && this.isBareDocumentStart(p))) this.checkColumnZero(p);
      return p;
    }
    return -1;
  }

  /** A line holding only `---` (and trailing spaces). */
  private isBareDocumentStart(p: number): boolean {
    if (!this.text.startsWith('---', p)) return false;
    let q = p + 3;
    while (this.text.charCodeAt(q) === CH_SPACE) q++;
    return q >= this.len || this.isBlankOrEnd(q);
  }

  /** `---`, `...` and `%` at the start of a line belong to document structure we do not handle. */
  private checkColumnZero(p: number): void {
    const text = this.text;
    const ch = text[p];
    if (ch === '%') unsupported('directive');
    if ((ch === '-' || ch === '.') && text.startsWith(ch === '-' ? '---' : '...', p)) {
      const after = text.charCodeAt(p + 3);
      if (p + 3 >= this.len || after === CH_SPACE || after === CH_LF || after === CH_CR) unsupported('document marker');
    }
  }

  private indentAt(lineStart: number): number {
    let q = lineStart;
    while (this.text.charCodeAt(q) === CH_SPACE) q++;
    return q - lineStart;
  }

  /** The start of the line after position p (p itself when it already is a line start after a break). */
  private lineStartAfter(p: number): number {
    if (p === 0 || this.text.charCodeAt(p - 1) === CH_LF) return p;
    const nl = this.text.indexOf('\n', p);
    return nl < 0 ? this.len : nl + 1;
  }

  private lineStartOf(p: number): number {
    return this.text.lastIndexOf('\n', p - 1) + 1;
  }

  /**
   * After a value on a line: skips spaces, an optional comment (which needs a space before it) and the
   * line break, and returns the position after them (the library's "node end"). Anything else is an error.
   */
  private skipLineEnd(p: number): number {
    const text = this.text;
    let q = p;
    while (text.charCodeAt(q) === CH_SPACE) q++;
    let ch = text.charCodeAt(q);
    if (ch === CH_HASH) {
      if (q === p) unsupported('comment without space');
      const nl = text.indexOf('\n', q);
      return nl < 0 ? this.len : nl + 1;
    }
    if (q >= this.len) return this.len;
    if (ch === CH_CR) ch = text.charCodeAt(++q);
    if (ch === CH_LF) return q + 1;
    return unsupported('unexpected content after value');
  }

  private isSeqIndicator(p: number): boolean {
    if (this.text.charCodeAt(p) !== CH_DASH) return false;
    const next = this.text.charCodeAt(p + 1);
    return p + 1 >= this.len || next === CH_SPACE || next === CH_LF || next === CH_CR;
  }

  private checkDepth(depth: number): void {
    // The converter replaces too-deep nodes with null and a problem; we leave that case to it.
    if (depth >= this.limits.maxDepth) unsupported('depth limit');
  }

  // ---------------------------------------------------------------------------------------------
  // Block collections

  /** A block map whose first key starts at p, in column `col`. */
  private parseBlockMap(p: number, col: number, depth: number, inCondition: boolean): Parsed {
    this.checkDepth(depth);
    const entries: MapEntry[] = [];
    const seen = new Set<string>();
    const start = p;
    let keyPos = p;
    let end2: number;
    for (;;) {
      const key = this.parseBlockKey(keyPos);
      if (seen.has(key.key)) {
        this.problems.push({ code: 'duplicate-key', message: `Duplicate key ${key.key}: CloudFormation keeps only one of them, so one value is silently lost.`, range: { start: key.start, end: key.end }, fatal: false });
      }
      seen.add(key.key);
      const value = this.parseBlockValue(key.colon + 1, col, depth + 1, inCondition || CONDITION_FUNCTIONS.has(key.key), true);
      entries.push({ key: depth >= SHARED_KEY_DEPTH ? sharedName(key.key) : key.key, keyRange: { start: key.start, end: key.end }, value: value.node });
      end2 = value.end2;
      const next = this.nextContentLine(this.lineStartAfter(end2));
      const indent = next < 0 ? -1 : this.indentAt(next);
      if (indent < col) {
        this.checkTrailingComments(this.lineStartAfter(end2), next);
        break;
      }
      if (indent > col) unsupported('over-indented line in map');
      if (this.isSeqIndicator(next + indent)) unsupported('sequence item in a map');
      keyPos = next + indent;
    }
    return { node: this.finishMap(entries, start, end2, false, inCondition), end2 };
  }

  /** The converter's rule: a one-entry map with an `Fn::` (or, in conditions, `Condition`) key is an intrinsic. */
  private finishMap(entries: MapEntry[], start: number, end: number, flow: boolean, inCondition: boolean): TemplateNode {
    this.nodes++;
    const range = { start, end };
    if (entries.length === 1) {
      const only = entries[0];
      if (LONG_FORMS.has(only.key) || (inCondition && only.key === 'Condition' && only.value.kind === 'scalar')) {
        return { kind: 'intrinsic', name: only.key as IntrinsicName, argument: only.value, range, shortForm: false };
      }
    }
    return { kind: 'map', entries, range, flow } satisfies MapNode;
  }

  /** A block sequence whose first `-` is at p, in column `col`. */
  private parseBlockSeq(p: number, col: number, depth: number, inCondition: boolean, indentless: boolean): Parsed {
    this.checkDepth(depth);
    const items: TemplateNode[] = [];
    let dash = p;
    let end2: number;
    for (;;) {
      const value = this.parseBlockValue(dash + 1, col, depth + 1, inCondition, false);
      items.push(value.node);
      end2 = value.end2;
      const next = this.nextContentLine(this.lineStartAfter(end2));
      const indent = next < 0 ? -1 : this.indentAt(next);
      if (indent < col) {
        this.checkTrailingComments(this.lineStartAfter(end2), next);
        break;
      }
      if (indent > col) unsupported('over-indented line in sequence');
      if (!this.isSeqIndicator(next + indent)) {
        if (!indentless) unsupported('non-item line in sequence');
        this.checkTrailingComments(this.lineStartAfter(end2), next);
        break;
      }
      dash = next + indent;
    }
    this.nodes++;
    return { node: { kind: 'seq', items, range: { start: p, end: end2 }, flow: false } satisfies SeqNode, end2 };
  }

  /**
   * A map key at p: plain or quoted, on one line, followed by `:` and a space or the line end.
   * Returns the key string as the converter makes it (`String(value)` of the resolved scalar).
   */
  private parseBlockKey(p: number): { key: string; start: number; end: number; colon: number } {
    const text = this.text;
    const ch = text[p];
    if (ch === '"' || ch === "'") {
      const q = this.parseQuoted(p);
      let c = q.end;
      while (text.charCodeAt(c) === CH_SPACE) c++;
      if (text.charCodeAt(c) !== CH_COLON || !this.isBlankOrEnd(c + 1)) unsupported('quoted key without ": "');
      return { key: q.value, start: p, end: q.end, colon: c };
    }
    this.checkPlainStart(p, false);
    const lineEnd = this.lineEnd(p);
    let c = p;
    for (;;) {
      c = indexOfBefore(text, CH_COLON, c, lineEnd);
      if (c < 0) unsupported('line without key');
      if (this.isBlankOrEnd(c + 1)) break;
      c++;
    }
    if (commentStart(text, p, c) >= 0) unsupported('comment before colon');
    let end = c;
    while (end > p && text.charCodeAt(end - 1) === CH_SPACE) end--;
    if (end === p) unsupported('empty key');
    if (end - p > 1000) unsupported('long key');
    const source = text.slice(p, end);
    return { key: String(resolvePlain(source)), start: p, end, colon: c };
  }

  /**
   * The last line break found, `breakAt` (a `\n`, or the text end), and `clearFrom`: no `\n` lies in
   * between. Every scalar of a flow collection asks where its line ends, and a minified JSON document
   * is one line: without this, each would scan to the end of the text.
   */
  private clearFrom = 0;
  private breakAt = -1;

  /** Position of the end of p's line (its `\r\n` or `\n`, or the text end). */
  private lineEnd(p: number): number {
    let nl: number;
    if (p >= this.clearFrom && p <= this.breakAt) {
      nl = this.breakAt;
    } else if (p < this.clearFrom && p >= 0 && indexOfBefore(this.text, CH_LF, p, this.clearFrom) < 0) {
      nl = this.breakAt;
      this.clearFrom = p;
    } else {
      const found = this.text.indexOf('\n', p);
      nl = found < 0 ? this.len : found;
      this.clearFrom = p;
      this.breakAt = nl;
    }
    if (nl >= this.len) return this.len;
    return this.text.charCodeAt(nl - 1) === CH_CR ? nl - 1 : nl;
  }

  private isBlankOrEnd(p: number): boolean {
    if (p >= this.len) return true;
    const ch = this.text.charCodeAt(p);
    return ch === CH_SPACE || ch === CH_LF || (ch === CH_CR && this.text.charCodeAt(p + 1) === CH_LF);
  }

  /**
   * The value after a map's `:` or a sequence's `-` (p is just after the indicator). `col` is the column
   * of the owning key or dash; `inMap` tells which, as the two allow different things.
   */
  private parseBlockValue(p: number, col: number, depth: number, inCondition: boolean, inMap: boolean): Parsed {
    const text = this.text;
    let q = p;
    while (text.charCodeAt(q) === CH_SPACE) q++;
    const ch = text[q];
    if (q >= this.len || ch === '\n' || ch === '\r' || ch === '#') {
      if (ch === '#' && q === p) unsupported('comment without space');
      return this.parseValueOnNextLines(q, col, depth, inCondition, inMap, ch === '#');
    }
    if (q === p) unsupported('no space after indicator');
    if (ch === '!') return this.parseTagged(q, col, depth, inCondition, inMap);
    if (ch === '*') {
      const end = this.aliasEnd(q);
      return { node: this.alias(q, end, depth, inCondition), end2: this.skipLineEnd(end) };
    }
    if (ch === '&') return this.parseAnchored(q, col, depth, inCondition, inMap);
    return this.parseInlineNode(q, col, depth, inCondition, inMap);
  }

  /** The end of the anchor or alias name that starts at q (its `&` or `*`). */
  private nameEnd(q: number): number {
    const text = this.text;
    let e = q + 1;
    while (e < this.len && !this.isBlankOrEnd(e) && !',[]{}'.includes(text[e])) e++;
    if (e === q + 1 || text[e - 1] === ':') unsupported('anchor or alias name');
    return e;
  }

  /** The end of the alias at q, which must be a whole value (not a key). */
  private aliasEnd(q: number): number {
    const end = this.nameEnd(q);
    if (!this.isBlankOrEnd(end) && !',]}'.includes(this.text[end])) unsupported('alias');
    this.checkNotKey(end);
    return end;
  }

  /**
   * `&name value` as a block value: a flow collection, a quoted or plain scalar on the same line, or a
   * block collection below. The converter's rules: the alias stands for the latest node with that anchor
   * before it in document order, converted again where the alias is.
   */
  private parseAnchored(q: number, col: number, depth: number, inCondition: boolean, inMap: boolean): Parsed {
    const text = this.text;
    const nameEnd = this.nameEnd(q);
    const name = text.slice(q + 1, nameEnd);
    let v = nameEnd;
    while (text.charCodeAt(v) === CH_SPACE) v++;
    let reparse: (depth: number, inCondition: boolean) => Parsed;
    if (v >= this.len || text.charCodeAt(v) === CH_LF || text.charCodeAt(v) === CH_CR) {
      reparse = (d, c) => this.parseBlockCollectionBelow(v, col, d, c, inMap, true);
    } else {
      if (v === nameEnd) unsupported('anchor');
      const ch = text[v];
      // Not a compact map (whose key the anchor would be), a sequence, a block scalar or a comment.
      const quoted = ch === '"' || ch === "'";
      if (ch === '!') {
        reparse = (d, c) => this.parseTagged(v, col, d, c, inMap);
      } else {
        const inline = ch === '[' || ch === '{' || (quoted ? !this.quotedIsKey(v) : !'#|>&*'.includes(ch) && !this.isSeqIndicator(v) && this.plainEnd(v) >= 0);
        if (!inline) unsupported('anchored node');
        reparse = (d, c) => this.parseInlineNode(v, col, d, c, inMap);
      }
    }
    const anchor: Anchor = { reparse, done: false, cached: undefined };
    if (this.reparsing === 0) this.anchors.set(name, anchor);
    const parsed = reparse(depth, inCondition);
    anchor.done = true;
    return parsed;
  }

  /** The alias `*name` from q to end, as the converter expands it. */
  private alias(q: number, end: number, depth: number, inCondition: boolean): TemplateNode {
    const range = { start: q, end };
    if (++this.aliases > this.limits.maxAliases) {
      if (!this.reportedAliasCount) {
        this.reportedAliasCount = true;
        this.problems.push({ code: 'limit', message: `More than ${this.limits.maxAliases} YAML aliases: the rest are not expanded.`, range, fatal: false });
      }
      return { kind: 'scalar', value: null, range };
    }
    let target = this.aliasTargets.get(q);
    if (target === undefined) {
      target = this.anchors.get(this.text.slice(q + 1, end)) ?? null;
      this.aliasTargets.set(q, target);
    }
    if (!target) return { kind: 'scalar', value: null, range };
    if (!target.done) unsupported('alias inside its own anchor');
    if (!target.cached) {
      const before = this.nodes;
      this.reparsing++;
      const node = target.reparse(depth, inCondition).node;
      this.reparsing--;
      target.cached = { node, size: this.nodes - before };
    }
    this.nodes += target.cached.size;
    this.aliasNodes += target.cached.size;
    if (this.aliasNodes > this.aliasBudget) {
      if (!this.reportedAliasNodes) {
        this.reportedAliasNodes = true;
        this.problems.push({ code: 'limit', message: aliasBudgetMessage(this.aliasBudget), range, fatal: false });
      }
      return { kind: 'scalar', value: null, range };
    }
    return target.cached.node;
  }

  /**
   * `!Tag value`, `!Tag [..]`, or `!Tag` with a block collection on the next lines. Only the
   * CloudFormation tags are handled; the converter then starts the intrinsic at the tag.
   */
  private parseTagged(q: number, col: number, depth: number, inCondition: boolean, inMap: boolean): Parsed {
    const text = this.text;
    let e = q + 1;
    while (e < this.len && !this.isBlankOrEnd(e)) e++;
    const tag = text.slice(q, e);
    const name = SHORT_TAGS.get(tag);
    if (!name) unsupported('unknown tag');
    const argInCondition = inCondition || CONDITION_FUNCTIONS.has(name);
    let v = e;
    while (text.charCodeAt(v) === CH_SPACE) v++;
    if (v === e && v < this.len && text.charCodeAt(v) !== CH_LF && text.charCodeAt(v) !== CH_CR) unsupported('tag');
    const ch = text[v];
    let arg: Parsed;
    if (v >= this.len || ch === '\n' || ch === '\r') {
      arg = this.parseBlockCollectionBelow(v, col, depth, argInCondition, inMap, true);
    } else if (ch === '#' || ch === '!') {
      return unsupported('comment or second tag after tag');
    } else {
      arg = this.parseInlineNode(v, col, depth, argInCondition, inMap, true);
    }
    if (arg.node.kind === 'scalar' && arg.node.value === null && arg.node.range.start === arg.node.range.end) unsupported('empty tagged value');
    // The converter looks back from the value for the tag and uses it when only white space separates them.
    const between = text.slice(e, arg.node.range.start);
    if (!/^\s*$/.test(between)) unsupported('tag separated from value');
    const node: TemplateNode = { kind: 'intrinsic', name, argument: arg.node, range: { start: q, end: arg.node.range.end }, shortForm: true };
    return { node, end2: arg.end2 };
  }

  /**
   * The value of `Key:` (or `-`) with nothing after the indicator but maybe a comment: a block collection
   * on the next lines, an indentless sequence, or an empty (null) value.
   */
  private parseValueOnNextLines(q: number, col: number, depth: number, inCondition: boolean, inMap: boolean, hasComment: boolean): Parsed {
    const below = this.parseBlockCollectionBelow(q, col, depth, inCondition, inMap, false);
    if (below.node.kind !== 'scalar') return below;
    // An empty value: the library places the null scalar after the indicator and its spaces.
    if (!inMap) unsupported('empty sequence item');
    // A comment after an empty value becomes part of the library's empty node and moves its end.
    if (hasComment || this.commentLineBefore(this.lineStartAfter(q), this.nextContentLine(this.lineStartAfter(q)))) unsupported('empty value with comment');
    return { node: { kind: 'scalar', value: null, range: { start: q, end: q } }, end2: q };
  }

  /**
   * The block map or sequence that starts on the line after position q, indented more than `col` (or an
   * indentless sequence in `col` itself, under a map key). Returns a null scalar marker when there is none.
   */
  private parseBlockCollectionBelow(q: number, col: number, depth: number, inCondition: boolean, inMap: boolean, tagged: boolean): Parsed {
    const next = this.nextContentLine(this.lineStartAfter(q));
    if (next >= 0) {
      const indent = this.indentAt(next);
      const at = next + indent;
      if (indent > col) {
        if (this.isSeqIndicator(at)) return this.parseBlockSeq(at, indent, depth, inCondition, false);
        const ch = this.text[at];
        if (ch === '[' || ch === '{' || ch === '!' || ch === '|' || ch === '>' || ch === '&' || ch === '*' || ch === '?') unsupported('node on the next line');
        if (!this.lineHasMapColon(at)) unsupported('scalar on the next line');
        return this.parseBlockMap(at, indent, depth, inCondition);
      }
      if (indent === col && inMap && this.isSeqIndicator(at)) return this.parseBlockSeq(at, indent, depth, inCondition, true);
    }
    if (tagged) unsupported('empty tagged value');
    return { node: { kind: 'scalar', value: null, range: { start: q, end: q } }, end2: q };
  }

  /**
   * Comment lines after the last item of a block collection that are indented more than the line that
   * follows (or than column 0 at the end) are attached by the library to the collection or its last
   * value and move their end. We do not reproduce that bookkeeping: such comments make us decline.
   */
  private checkTrailingComments(from: number, next: number): void {
    const limit = next < 0 ? 0 : this.indentAt(next);
    const stop = next < 0 ? this.len : next;
    const text = this.text;
    for (let p = from; p < stop; ) {
      const indent = this.indentAt(p);
      if (text.charCodeAt(p + indent) === CH_HASH && indent > limit) unsupported('trailing comment in a collection');
      const nl = text.indexOf('\n', p);
      if (nl < 0) break;
      p = nl + 1;
    }
  }

  /** Whether a comment line lies between line start `from` and `to` (-1: the text end). */
  private commentLineBefore(from: number, to: number): boolean {
    return indexOfBefore(this.text, CH_HASH, from, to < 0 ? this.len : to) >= 0;
  }

  /** Whether the line at p holds a `key: ` (so it starts a block map rather than a multi-line scalar). */
  private lineHasMapColon(p: number): boolean {
    const lineEnd = this.lineEnd(p);
    const ch = this.text[p];
    if (ch === '"' || ch === "'") return true; // parseBlockKey checks the colon after the quotes
    for (let c = indexOfBefore(this.text, CH_COLON, p, lineEnd); c >= 0; c = indexOfBefore(this.text, CH_COLON, c + 1, lineEnd)) {
      if (this.isBlankOrEnd(c + 1)) return true;
    }
    return false;
  }

  /**
   * A node that starts on the indicator's line at q (not a tag): a flow collection, a quoted, block or
   * plain scalar, a compact map (`- Key: value`) or a compact nested sequence (`- - a`).
   */
  private parseInlineNode(q: number, col: number, depth: number, inCondition: boolean, inMap: boolean, tagged = false): Parsed {
    const text = this.text;
    const ch = text[q];
    switch (ch) {
      case '[':
      case '{': {
        const parsed = this.parseFlowCollection(q, col, depth, inCondition);
        return { node: parsed.node, end2: this.skipLineEnd(this.flowEnd) };
      }
      case '|':
      case '>':
        return this.parseBlockScalar(q, col);
      case '"':
      case "'": {
        if (this.quotedIsKey(q)) {
          if (inMap || tagged) unsupported('mapping in a map value');
          return this.parseCompactMap(q, depth, inCondition);
        }
        const quoted = this.parseQuoted(q);
        this.nodes++;
        return { node: { kind: 'scalar', value: quoted.value, range: { start: q, end: quoted.end } }, end2: this.skipLineEnd(quoted.end) };
      }
      default:
        break;
    }
    if (this.isSeqIndicator(q)) {
      if (inMap || tagged) unsupported('sequence indicator in map value');
      return this.parseBlockSeq(q, q - this.lineStartOf(q), depth, inCondition, false);
    }
    this.checkPlainStart(q, false);
    const end = this.plainEnd(q);
    if (end < 0) {
      // `key: value` after a `-`: a compact map whose column is the key's.
      if (inMap || tagged) unsupported('mapping in a map value');
      return this.parseCompactMap(q, depth, inCondition);
    }
    const source = text.slice(q, end);
    const value = tagged ? source : resolvePlain(source);
    this.nodes++;
    return { node: { kind: 'scalar', value, range: { start: q, end } }, end2: this.skipLineEnd(end) };
  }

  private parseCompactMap(q: number, depth: number, inCondition: boolean): Parsed {
    return this.parseBlockMap(q, q - this.lineStartOf(q), depth, inCondition);
  }

  /** Whether the quoted scalar at q is followed by `:` and a space, that is, it is a key. */
  private quotedIsKey(q: number): boolean {
    const quoted = this.parseQuoted(q);
    let c = quoted.end;
    while (this.text.charCodeAt(c) === CH_SPACE) c++;
    return this.text.charCodeAt(c) === CH_COLON;
  }

  /**
   * The end of a one-line plain scalar in block context starting at q: before a ` #` comment or the
   * trailing spaces. Returns -1 when the line holds `: ` (a key, not a scalar).
   */
  private plainEnd(q: number): number {
    const text = this.text;
    const lineEnd = this.lineEnd(q);
    let end = lineEnd;
    const comment = commentStart(text, q, end);
    if (comment >= 0) end = comment;
    for (let c = indexOfBefore(text, CH_COLON, q, end); c >= 0; c = indexOfBefore(text, CH_COLON, c + 1, end)) {
      if (c + 1 >= end || text.charCodeAt(c + 1) === CH_SPACE) return -1;
    }
    while (end > q && text.charCodeAt(end - 1) === CH_SPACE) end--;
    return end;
  }

  /** Plain scalars may not start with an indicator; those we meet here are unsupported or errors. */
  private checkPlainStart(q: number, inFlow: boolean): void {
    const ch = this.text[q];
    if ('#&*!|>\'"%@`,[]{}'.includes(ch)) unsupported('indicator at scalar start');
    if ((ch === '?' || ch === ':' || ch === '-') && (this.isBlankOrEnd(q + 1) || (inFlow && ',[]{}'.includes(this.text[q + 1])))) unsupported('indicator at scalar start');
  }

  // ---------------------------------------------------------------------------------------------
  // Scalars

  /** A one-line single- or double-quoted scalar at q. Multi-line quoted scalars fold lines: unsupported. */
  private parseQuoted(q: number): { value: string; end: number } {
    const text = this.text;
    const quote = text[q];
    const lineEnd = this.lineEnd(q);
    if (quote === "'") {
      let i = q + 1;
      for (;;) {
        const close = indexOfBefore(text, 39, i, lineEnd);
        if (close < 0) unsupported('multi-line or unterminated quote');
        if (text[close + 1] === "'") {
          i = close + 2;
          continue;
        }
        return { value: text.slice(q + 1, close).replace(/''/g, "'"), end: close + 1 };
      }
    }
    let res = '';
    let i = q + 1;
    for (;;) {
      if (i >= lineEnd) unsupported('multi-line or unterminated quote');
      const ch = text[i];
      if (ch === '"') return { value: res, end: i + 1 };
      if (ch === '\\') {
        const next = text[i + 1];
        const simple = ESCAPES[next];
        if (simple !== undefined) {
          res += simple;
          i += 2;
          continue;
        }
        const length = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
        if (length === 0) unsupported('bad escape');
        const hex = text.substr(i + 2, length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) unsupported('bad escape');
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) unsupported('bad escape');
        res += String.fromCodePoint(code);
        i += 2 + length;
        continue;
      }
      // Spaces before the line end are folded away by the library; a one-line scalar keeps them.
      const stop = indexOfEither(text, i, lineEnd);
      res += text.slice(i, stop);
      i = stop;
    }
  }

  /**
   * `|`, `|-`, `>` or `>-` at q. The content is every following line indented at least as much as the
   * first non-empty one, which must be indented more than the owner's column `col`.
   */
  private parseBlockScalar(q: number, col: number): Parsed {
    const text = this.text;
    const folded = text[q] === '>';
    let h = q + 1;
    const strip = text[h] === '-';
    if (strip) h++;
    if (!this.isBlankOrEnd(h)) unsupported('block scalar header');
    while (text.charCodeAt(h) === CH_SPACE) h++;
    if (h < this.len && text.charCodeAt(h) !== CH_LF && text.charCodeAt(h) !== CH_CR) unsupported('block scalar header comment');
    const nl = text.indexOf('\n', h);
    if (nl < 0) unsupported('empty block scalar');
    // Collect lines: [indent, content without the line break].
    const lines: { indent: number; content: string }[] = [];
    let trim = -1;
    let p = nl + 1;
    let contentEnd = -1; // after the line break of the last non-empty line
    let lastContentLine = -1;
    while (p < this.len) {
      const indent = this.indentAt(p);
      const le = this.lineEnd(p);
      const blank = p + indent === le;
      if (!blank) {
        if (trim < 0) {
          if (indent <= col) break;
          trim = indent;
        } else if (indent < trim) {
          break;
        }
      } else if (trim >= 0 ? indent > trim : indent > col) {
        unsupported('more-indented blank line in block scalar');
      }
      lines.push({ indent, content: text.slice(p + indent, le) });
      const next = le >= this.len ? this.len : text.charCodeAt(le) === CH_CR ? le + 2 : le + 1;
      if (!blank) {
        contentEnd = next;
        lastContentLine = lines.length - 1;
        if (trim >= 0 && indent > trim && folded) unsupported('more-indented folded line');
      }
      p = next;
    }
    if (trim < 0) unsupported('empty block scalar');
    const content = lines.slice(0, lastContentLine + 1);
    let value = '';
    if (!folded) {
      value = content.map((l) => (l.content === '' ? '' : ' '.repeat(l.indent - trim) + l.content)).join('\n');
    } else {
      // The library's folding for lines of equal indentation: a single break becomes a space, n
      // breaks become n-1 newlines, leading empty lines are kept.
      let sep = '';
      let started = false;
      for (const l of content) {
        if (!started) {
          if (l.content === '') {
            value += '\n';
            continue;
          }
          started = true;
        }
        if (l.content === '') {
          if (sep === '\n') value += '\n';
          else sep = '\n';
        } else {
          value += sep + l.content;
          sep = ' ';
        }
      }
    }
    if (!strip) value += '\n';
    const end = Math.min(contentEnd, this.len);
    this.nodes++;
    return { node: { kind: 'scalar', value, range: { start: q, end } }, end2: end };
  }

  // ---------------------------------------------------------------------------------------------
  // Flow collections (and JSON)

  /** Where the last flow collection parsed ended (after its closing bracket). */
  private flowEnd = 0;

  /** `[...]` or `{...}` at q; `col` is the owner's column, continuation lines must be indented more. */
  private parseFlowCollection(q: number, col: number, depth: number, inCondition: boolean): Parsed {
    this.checkDepth(depth);
    const text = this.text;
    const isMap = text[q] === '{';
    const close = isMap ? '}' : ']';
    let p = this.skipFlowSpace(q + 1, col);
    if (text[p] === close) {
      this.nodes++;
      this.flowEnd = p + 1;
      const range = { start: q, end: p + 1 };
      const node: TemplateNode = isMap ? { kind: 'map', entries: [], range, flow: true } : { kind: 'seq', items: [], range, flow: true };
      return { node, end2: p + 1 };
    }
    const items: TemplateNode[] = [];
    const entries: MapEntry[] = [];
    const seen = new Set<string>();
    for (;;) {
      if (isMap) {
        const key = this.parseFlowKey(p);
        if (seen.has(key.key)) {
          this.problems.push({ code: 'duplicate-key', message: `Duplicate key ${key.key}: CloudFormation keeps only one of them, so one value is silently lost.`, range: { start: key.start, end: key.end }, fatal: false });
        }
        seen.add(key.key);
        p = this.skipFlowSpace(key.colon + 1, col);
        const value = this.parseFlowNode(p, col, depth + 1, inCondition || CONDITION_FUNCTIONS.has(key.key));
        entries.push({ key: depth >= SHARED_KEY_DEPTH ? sharedName(key.key) : key.key, keyRange: { start: key.start, end: key.end }, value: value.node });
        p = value.end;
      } else {
        const value = this.parseFlowNode(p, col, depth + 1, inCondition);
        items.push(value.node);
        p = value.end;
      }
      p = this.skipFlowSpace(p, col);
      const ch = text[p];
      if (ch === close) break;
      if (ch !== ',') unsupported('expected , in flow collection');
      p = this.skipFlowSpace(p + 1, col);
      if (text[p] === close) unsupported('trailing comma');
    }
    this.flowEnd = p + 1;
    const end = p + 1;
    if (!isMap) this.nodes++;
    const node = isMap ? this.finishMap(entries, q, end, true, inCondition) : ({ kind: 'seq', items, range: { start: q, end }, flow: true } satisfies SeqNode);
    return { node, end2: end };
  }

  /** Skips spaces and line breaks inside a flow collection; comments and under-indented lines are unsupported. */
  private skipFlowSpace(p: number, col: number): number {
    const text = this.text;
    for (;;) {
      const ch = text.charCodeAt(p);
      if (ch === CH_SPACE || ch === CH_CR) {
        p++;
      } else if (ch === CH_LF) {
        p++;
        const indent = this.indentAt(p);
        if (indent <= col && p + indent < this.len && !this.isBlankOrEnd(p + indent)) {
          // The library only warns about a closing bracket in its owner's column (`Key: [` ... `]`).
          const ch = text[p + indent];
          if (!(indent === col && (ch === ']' || ch === '}'))) unsupported('under-indented flow line');
        }
        if (indent === 0) this.checkColumnZero(p);
      } else if (ch === CH_HASH) {
        return unsupported('comment in flow collection');
      } else {
        if (p >= this.len) unsupported('unterminated flow collection');
        return p;
      }
    }
  }

  private parseFlowKey(p: number): { key: string; start: number; end: number; colon: number } {
    const text = this.text;
    const ch = text[p];
    if (ch === '"' || ch === "'") {
      const quoted = this.parseQuoted(p);
      let c = quoted.end;
      while (text.charCodeAt(c) === CH_SPACE) c++;
      if (text.charCodeAt(c) !== CH_COLON) unsupported('flow key without colon');
      return { key: quoted.value, start: p, end: quoted.end, colon: c };
    }
    this.checkPlainStart(p, true);
    const end = this.flowPlainEnd(p);
    let c = end;
    while (text.charCodeAt(c) === CH_SPACE) c++;
    if (text.charCodeAt(c) !== CH_COLON || !this.isBlankOrEnd(c + 1)) unsupported('flow key without ": "');
    if (end - p > 1000) unsupported('long key');
    return { key: String(resolvePlain(text.slice(p, end))), start: p, end, colon: c };
  }

  /** A node inside a flow collection at p; returns it and the position after it. */
  private parseFlowNode(p: number, col: number, depth: number, inCondition: boolean): { node: TemplateNode; end: number } {
    const text = this.text;
    const ch = text[p];
    if (ch === '[' || ch === '{') {
      const parsed = this.parseFlowCollection(p, col, depth, inCondition);
      return { node: parsed.node, end: this.flowEnd };
    }
    if (ch === '"' || ch === "'") {
      const quoted = this.parseQuoted(p);
      this.checkNotKey(quoted.end);
      this.nodes++;
      return { node: { kind: 'scalar', value: quoted.value, range: { start: p, end: quoted.end } }, end: quoted.end };
    }
    if (ch === '!') {
      let e = p + 1;
      while (e < this.len && !this.isBlankOrEnd(e) && !',[]{}'.includes(text[e])) e++;
      const name = SHORT_TAGS.get(text.slice(p, e));
      if (!name || !this.isBlankOrEnd(e)) unsupported('tag in flow');
      let v = e;
      while (text.charCodeAt(v) === CH_SPACE) v++;
      if (this.isBlankOrEnd(v) || v >= this.len) unsupported('tag in flow followed by line break');
      const c = text[v];
      if (c === '!' || c === '#' || c === ',' || c === ']' || c === '}') unsupported('tag in flow');
      let arg: { node: TemplateNode; end: number };
      if (c === '[' || c === '{' || c === '"' || c === "'") {
        arg = this.parseFlowNode(v, col, depth, inCondition || CONDITION_FUNCTIONS.has(name));
      } else {
        this.checkPlainStart(v, true);
        const end = this.flowPlainEnd(v);
        this.checkNotKey(end);
        this.nodes++;
        arg = { node: { kind: 'scalar', value: text.slice(v, end), range: { start: v, end } }, end };
      }
      return { node: { kind: 'intrinsic', name, argument: arg.node, range: { start: p, end: arg.node.range.end }, shortForm: true }, end: arg.end };
    }
    if (ch === '*') {
      const end = this.aliasEnd(p);
      return { node: this.alias(p, end, depth, inCondition), end };
    }
    this.checkPlainStart(p, true);
    const end = this.flowPlainEnd(p);
    this.checkNotKey(end);
    this.nodes++;
    return { node: { kind: 'scalar', value: resolvePlain(text.slice(p, end)), range: { start: p, end } }, end };
  }

  /** A `:` after a flow node would make it a key (a pair in a sequence, or an error): unsupported. */
  private checkNotKey(end: number): void {
    let c = end;
    while (this.text.charCodeAt(c) === CH_SPACE) c++;
    if (this.text.charCodeAt(c) === CH_COLON) unsupported('pair in flow sequence');
  }

  /**
   * The end of a plain scalar in flow context: before `,[]{}`, `: `, ` #` or the line end, trailing
   * spaces excluded. A plain scalar that goes on on the next line is unsupported.
   */
  private flowPlainEnd(p: number): number {
    const text = this.text;
    let i = p;
    for (; i < this.len; i++) {
      const ch = text[i];
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === '\n' || ch === '\r') break;
      if (ch === ':') {
        const next = text[i + 1];
        if (i + 1 >= this.len || next === ' ' || next === '\n' || next === '\r' || next === ',' || next === '[' || next === ']' || next === '{' || next === '}') break;
      }
      if (ch === '#' && text[i - 1] === ' ') unsupported('comment in flow collection');
    }
    let end = i;
    while (end > p && text.charCodeAt(end - 1) === CH_SPACE) end--;
    if (end === p) unsupported('empty flow scalar');
    if (text[i] === '\n' || text[i] === '\r') {
      // Only a closing bracket or comma may follow on a later line; anything else continues the scalar.
      let q = i;
      while (q < this.len && (text[q] === ' ' || text[q] === '\n' || text[q] === '\r')) q++;
      const next = text[q];
      if (next !== ',' && next !== ']' && next !== '}') unsupported('multi-line plain scalar in flow');
    }
    return end;
  }
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** The first `ch` (a char code) in [from, limit), or -1; unlike indexOf, never looks past the limit. */
function indexOfBefore(text: string, ch: number, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (text.charCodeAt(i) === ch) return i;
  return -1;
}

/** The first ` #` (a comment after a space) in [from, limit), or -1. */
function commentStart(text: string, from: number, limit: number): number {
  for (let i = from + 1; i < limit; i++) if (text.charCodeAt(i) === CH_HASH && text.charCodeAt(i - 1) === CH_SPACE) return i - 1;
  return -1;
}

/** The next `"` or `\` from i, or `limit`. */
function indexOfEither(text: string, i: number, limit: number): number {
  for (let j = i; j < limit; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 34 || ch === 92) return j;
  }
  return limit;
}

/**
 * YAML 1.2 core schema resolution of a plain scalar, as the `yaml` library does it (same tests, in the
 * same order, same conversions): null, booleans, octal/decimal/hex integers, .inf/.nan, floats.
 */
export function resolvePlain(source: string): string | number | boolean | null {
  const c = source.charCodeAt(0);
  // Fast exit: most values start with a letter other than those of null/true/false.
  if (source.length === 0) return null;
  const first = source[0];
  if (first === '~' || first === 'n' || first === 'N') {
    if (/^(?:~|[Nn]ull|NULL)$/.test(source)) return null;
    return source;
  }
  if (first === 't' || first === 'T' || first === 'f' || first === 'F') {
    if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source)) return first === 't' || first === 'T';
    return source;
  }
  const digitish = (c >= 48 && c <= 57) || first === '-' || first === '+' || first === '.';
  if (!digitish) return source;
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) {
    return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) return parseFloat(source);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}
