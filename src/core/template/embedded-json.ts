/**
 * JSON written inside a template string: CloudFormation accepts a policy document (and other properties of
 * type Json) as a string holding JSON, or as a `Fn::Sub` whose text is JSON. This reads such a string into
 * the same range-keeping model the parser makes, so the rules read it like any map. Positions inside the
 * string are kept where the string's source can be matched character by character to its value (escapes,
 * quotes, block indentation and folded line breaks are skipped over); otherwise every node gets the range of
 * the whole string. A `${...}` of a `Fn::Sub` is a value known at deploy time: a JSON string holding one
 * becomes a `Fn::Sub` of that string, and one standing where a value is expected becomes a `Fn::Sub` of it.
 *
 * Hand-written rather than jsonc-parser: that package's UMD entry does not survive the esbuild bundle, and
 * reading `${...}` where a value is expected needs a reader of our own anyway.
 */
import type { IntrinsicNode, MapEntry, MapNode, ScalarNode, SeqNode, SourceRange, TemplateNode } from './model';

export type EmbeddedJson =
  /** The string's JSON, as model nodes with ranges in the template's text. */
  | { readonly kind: 'json'; readonly node: TemplateNode }
  /** The string is not JSON, so CloudFormation rejects it; `range` is where the reader stopped. */
  | { readonly kind: 'invalid'; readonly message: string; readonly range: SourceRange }
  /** Not a string of JSON text (a map, a computed value, a `Fn::Sub` whose JSON depends on its references). */
  | { readonly kind: 'none' };

const NONE: EmbeddedJson = { kind: 'none' };
const MAX_DEPTH = 200;

const cache = new WeakMap<TemplateNode, EmbeddedJson>();
/** The nodes read from strings: their ranges may be approximate, and no fix may edit inside a string. */
const embedded = new WeakSet<TemplateNode>();

/** Reads `node` as JSON text when it is a string or a `Fn::Sub` of literal text; `text` is the template's source. */
export function embeddedJson(text: string, node: TemplateNode): EmbeddedJson {
  let result = cache.get(node);
  if (!result) cache.set(node, (result = read(text, node)));
  return result;
}

/** Whether a node was read from inside a string (fixes must not edit it). */
export function isEmbedded(node: TemplateNode): boolean {
  return embedded.has(node);
}

function read(text: string, node: TemplateNode): EmbeddedJson {
  if (node.kind === 'scalar') return typeof node.value === 'string' ? parse(text, node, undefined, undefined) : NONE;
  if (node.kind !== 'intrinsic' || node.name !== 'Fn::Sub') return NONE;
  const arg = node.argument;
  const pattern = arg.kind === 'scalar' ? arg : arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' ? arg.items[0] : undefined;
  if (typeof pattern?.value !== 'string') return NONE;
  const variables = arg.kind === 'seq' && arg.items[1]?.kind === 'map' ? arg.items[1] : undefined;
  return parse(text, pattern, node, variables);
}

class JsonError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Reads the string `scalar` (the pattern of `sub`, when there is one) as JSON. */
function parse(text: string, scalar: ScalarNode, sub: IntrinsicNode | undefined, variables: MapNode | undefined): EmbeddedJson {
  const value = scalar.value as string;
  const source = text.slice(scalar.range.start, scalar.range.end);
  const offsets = alignOffsets(source, value);
  const whole = sub?.range ?? scalar.range;
  const rangeOf = (start: number, end: number): SourceRange => {
    if (!offsets) return whole;
    if (end <= start) return { start: scalar.range.start + offsets[start], end: scalar.range.start + offsets[start] };
    // To where the next character starts (so an escape such as \" is covered), less the whitespace skipped.
    let last = offsets[end];
    while (last > offsets[end - 1] + 1 && /\s/.test(source[last - 1])) last--;
    return { start: scalar.range.start + offsets[start], end: scalar.range.start + last };
  };
  const reader = new Reader(value, sub !== undefined, rangeOf, (pattern, range) => substitution(pattern, range, variables));
  try {
    const node = reader.document();
    return { kind: 'json', node };
  } catch (error) {
    if (!(error instanceof JsonError)) throw error;
    // A reference outside a JSON string may stand for JSON text the reader cannot see (`{ ${Fields} }`).
    if (sub && reader.sawBareReference) return NONE;
    const at = Math.min(error.at, value.length);
    return { kind: 'invalid', message: error.message, range: offsets ? rangeOf(at, Math.min(at + 1, value.length)) : whole };
  }
}

/** A string of a `Fn::Sub` holding `${...}`: itself a `Fn::Sub` of that text, with the same variables. */
function substitution(pattern: string, range: SourceRange, variables: MapNode | undefined): IntrinsicNode {
  const text: ScalarNode = { kind: 'scalar', value: pattern, range };
  const argument: TemplateNode = variables ? ({ kind: 'seq', items: [text, variables], range, flow: true } satisfies SeqNode) : text;
  embedded.add(text);
  return mark({ kind: 'intrinsic', name: 'Fn::Sub', argument, range, shortForm: false });
}

function mark<T extends TemplateNode>(node: T): T {
  embedded.add(node);
  return node;
}

/** A strict JSON reader (RFC 8259) over a string's value, making model nodes; in a `Fn::Sub`, `${...}` is a value. */
class Reader {
  private at = 0;
  sawBareReference = false;

  constructor(
    private readonly s: string,
    private readonly inSub: boolean,
    private readonly rangeOf: (start: number, end: number) => SourceRange,
    private readonly sub: (pattern: string, range: SourceRange) => IntrinsicNode,
  ) {}

  document(): TemplateNode {
    const node = this.value(0);
    this.space();
    if (this.at < this.s.length) throw new JsonError(`unexpected ${this.describe()} after the JSON value`, this.at);
    return node;
  }

  private value(depth: number): TemplateNode {
    if (depth > MAX_DEPTH) throw new JsonError(`nesting deeper than ${MAX_DEPTH} levels`, this.at);
    this.space();
    const c = this.s[this.at];
    const start = this.at;
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      const text = this.string();
      const range = this.rangeOf(start, this.at);
      if (this.inSub && hasReference(text)) return this.sub(text, range);
      return mark({ kind: 'scalar', value: text, range });
    }
    if (this.inSub && c === '$' && this.s[this.at + 1] === '{') {
      const close = this.s.indexOf('}', this.at + 2);
      if (close === -1) throw new JsonError('unclosed ${ reference', this.at);
      this.at = close + 1;
      this.sawBareReference = true;
      return this.sub(this.s.slice(start, this.at), this.rangeOf(start, this.at));
    }
    for (const [word, literal] of LITERALS) {
      if (this.s.startsWith(word, this.at)) {
        this.at += word.length;
        return mark({ kind: 'scalar', value: literal, range: this.rangeOf(start, this.at) });
      }
    }
    const number = NUMBER.exec(this.s.slice(this.at, this.at + 400));
    if (number && number[0].length > 0) {
      this.at += number[0].length;
      return mark({ kind: 'scalar', value: Number(number[0]), range: this.rangeOf(start, this.at) });
    }
    throw new JsonError(this.at >= this.s.length ? 'the JSON ends where a value is expected' : `unexpected ${this.describe()} where a value is expected`, this.at);
  }

  private object(depth: number): MapNode {
    const start = this.at++;
    const entries: MapEntry[] = [];
    this.space();
    if (this.s[this.at] === '}') this.at++;
    else {
      for (;;) {
        this.space();
        if (this.s[this.at] !== '"') throw new JsonError(`expected a "quoted" key, found ${this.describe()}`, this.at);
        const keyStart = this.at;
        const key = this.string();
        const keyRange = this.rangeOf(keyStart, this.at);
        this.space();
        if (this.s[this.at] !== ':') throw new JsonError(`expected ':' after key "${key}", found ${this.describe()}`, this.at);
        this.at++;
        entries.push({ key, keyRange, value: this.value(depth + 1) });
        this.space();
        const c = this.s[this.at++];
        if (c === '}') break;
        if (c !== ',') throw new JsonError(`expected ',' or '}' in an object, found ${this.describe(this.at - 1)}`, this.at - 1);
      }
    }
    return mark({ kind: 'map', entries, range: this.rangeOf(start, this.at), flow: true });
  }

  private array(depth: number): SeqNode {
    const start = this.at++;
    const items: TemplateNode[] = [];
    this.space();
    if (this.s[this.at] === ']') this.at++;
    else {
      for (;;) {
        items.push(this.value(depth + 1));
        this.space();
        const c = this.s[this.at++];
        if (c === ']') break;
        if (c !== ',') throw new JsonError(`expected ',' or ']' in an array, found ${this.describe(this.at - 1)}`, this.at - 1);
      }
    }
    return mark({ kind: 'seq', items, range: this.rangeOf(start, this.at), flow: true });
  }

  /** A JSON string at `at` (its opening quote), decoded. */
  private string(): string {
    let out = '';
    let i = this.at + 1;
    for (;;) {
      STRING_SPECIAL.lastIndex = i;
      const next = STRING_SPECIAL.exec(this.s);
      if (!next) throw new JsonError('unterminated string', this.at);
      out += this.s.slice(i, next.index);
      i = next.index;
      const c = this.s[i];
      if (c === '"') break;
      if (c !== '\\') throw new JsonError('a control character inside a string must be escaped', i);
      const e = this.s[i + 1];
      if (e === 'u') {
        const hex = this.s.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError('bad \\u escape in a string', i);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else throw new JsonError(`bad escape \\${e ?? ''} in a string`, i);
    }
    this.at = i + 1;
    return out;
  }

  private space(): void {
    while (this.at < this.s.length && WHITESPACE.has(this.s[this.at])) this.at++;
  }

  private describe(at = this.at): string {
    return at >= this.s.length ? 'the end of the text' : `'${this.s[at]}'`;
  }
}

const LITERALS: readonly [string, boolean | null][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/;
const STRING_SPECIAL = /["\\\u0000-\u001f]/g;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Whether a `Fn::Sub` string holds a reference (`${Name}`), not only escaped `${!Literal}` text. */
function hasReference(text: string): boolean {
  for (let i = text.indexOf('${'); i !== -1; i = text.indexOf('${', i + 2)) if (text[i + 2] !== '!') return true;
  return false;
}

/**
 * For each character of `value` (and one past its end), its offset in `source`, the scalar's text as
 * written: a quoted, block or plain YAML scalar, or a JSON string. Characters of the source that the value
 * does not show (quotes, escapes' backslashes, indentation, a block header, folded line breaks) are skipped.
 * Undefined when the two cannot be matched: positions are then not kept.
 */
export function alignOffsets(source: string, value: string): Int32Array | undefined {
  const offsets = new Int32Array(value.length + 1);
  let j = 0;
  const quote = source[0] === '"' || source[0] === "'" ? source[0] : undefined;
  if (quote) j = 1;
  else if (source[0] === '|' || source[0] === '>') {
    j = source.indexOf('\n') + 1;
    if (j === 0) return undefined;
  }
  for (let i = 0; i < value.length; ) {
    if (j >= source.length) return undefined;
    const c = source[j];
    if (quote === '"' && c === '\\') {
      const escape = decodeEscape(source, j);
      if (!escape) return undefined;
      if (escape.text === '') {
        j += escape.length;
        continue;
      }
      if (!value.startsWith(escape.text, i)) return undefined;
      for (let k = 0; k < escape.text.length; k++) offsets[i + k] = j;
      i += escape.text.length;
      j += escape.length;
    } else if (c === value[i]) {
      offsets[i++] = j++;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === quote) {
      j++;
    } else return undefined;
  }
  offsets[value.length] = j;
  return offsets;
}

/** A backslash escape of a YAML double-quoted scalar (JSON's are a subset) at `at`: what it stands for and its length. */
function decodeEscape(source: string, at: number): { text: string; length: number } | undefined {
  const e = source[at + 1];
  if (e === '\n') return { text: '', length: 2 };
  if (e === '\r') return { text: '', length: source[at + 2] === '\n' ? 3 : 2 };
  const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (hexLength) {
    const hex = source.slice(at + 2, at + 2 + hexLength);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) return undefined;
    return { text: String.fromCodePoint(parseInt(hex, 16)), length: 2 + hexLength };
  }
  const simple = YAML_ESCAPES[e ?? ''];
  return simple === undefined ? undefined : { text: simple, length: 2 };
}

const YAML_ESCAPES: Record<string, string> = {
  ...ESCAPES,
  '0': '\0',
  a: '\x07',
  v: '\v',
  e: '\x1b',
  ' ': ' ',
  '\t': '\t',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
