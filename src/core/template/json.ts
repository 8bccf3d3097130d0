/**
 * The JSON path of `parseTemplate`: a text that is JSON is read by a JSON parser (Microsoft's
 * jsonc-parser, in strict mode: no comments, no trailing commas), so it means exactly what it means to
 * CloudFormation's JSON reader, whatever its white space, escapes or key lengths.
 *
 * It builds the tree the converter in `parse.ts` builds from the YAML library for the same text (JSON is
 * YAML 1.2, and the two agree on every valid JSON text: test/unit/template/json.test.ts holds them
 * together): a scalar's range is its token, quotes included; a collection's runs from its opening to
 * after its closing bracket; duplicate keys, nesting too deep and long-form intrinsics are handled alike.
 */
import { type ParseErrorCode, printParseErrorCode, visit } from 'jsonc-parser';
import { INTRINSIC_FUNCTIONS, type IntrinsicName, type MapEntry, type ScalarValue, type SourceRange, type TemplateNode } from './model';
import type { ParseLimits, ParseProblem } from './parse';
import { sharedName } from './fast-yaml';

const LONG_FORMS = new Set<string>(INTRINSIC_FUNCTIONS.filter((n) => n !== 'Condition'));
const CONDITION_FUNCTIONS = new Set<string>(['Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Equals', 'Fn::If']);
/** Keys of maps this deep or deeper are shared, as the fast path shares them (see `sharedName`). */
const SHARED_KEY_DEPTH = 2;
/**
 * Flow collections nested deeper than this are read by no parser (the YAML path refuses them, see
 * `parse.ts`): recursive parsers exhaust the stack somewhere in the thousands of levels, earlier in a
 * process that has not warmed up, so the same text could be read one time and refused the next.
 */
export const MAX_FLOW_NESTING = 256;

/** Maps with more entries than this find duplicate keys with a set; smaller ones by looking. */
const SMALL_MAP = 8;

export type JsonOutcome =
  | { readonly kind: 'parsed'; readonly root: TemplateNode; readonly problems: ParseProblem[] }
  /** Not JSON: the first error, and the keys of the root object read before and around it. */
  | { readonly kind: 'not-json'; readonly error: ParseProblem; readonly rootKeys: readonly string[] };

/** Whether the text is meant as JSON: its first character other than white space (and a BOM) opens an object. */
export function looksLikeJson(text: string): boolean {
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) return ch === 123; // '{'
  }
  return false;
}

interface Frame {
  readonly start: number;
  readonly depth: number;
  readonly inCondition: boolean;
  /** A map's entries so far, or undefined for a sequence. */
  readonly entries: MapEntry[] | undefined;
  readonly items: TemplateNode[] | undefined;
  /** The keys of a large map. */
  seen: Set<string> | undefined;
  /** The key whose value comes next (maps only). */
  key: string;
  keyRange: SourceRange;
}

/** Parses `text` as strict JSON into the template tree, or says why it is not JSON. Never throws. */
export function parseJson(text: string, limits: ParseLimits): JsonOutcome {
  const rootKeys: string[] = [];
  try {
    return parseJsonUnsafe(text, limits, rootKeys);
  } catch (error) {
    // The JSON parser recurses: nesting thousands deep exhausts the stack. The YAML path reads such a text.
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'not-json', error: { code: 'syntax', message: `Cannot parse this JSON: ${message}`, range: { start: 0, end: 0 }, fatal: true }, rootKeys };
  }
}

function parseJsonUnsafe(text: string, limits: ParseLimits, rootKeys: string[]): JsonOutcome {
  // A BOM is not JSON white space; it is one UTF-16 unit, so a space in its place keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const problems: ParseProblem[] = [];
  const stack: Frame[] = [];
  let root: TemplateNode | undefined;
  let error: ParseProblem | undefined;
  let level = 0;
  /** While > 0, the events belong to a collection nested too deep, replaced by null as the converter does. */
  let skipping = 0;
  let skipStart = 0;
  let depthReported = false;

  const depthOfNext = (): number => (stack.length === 0 ? 0 : stack[stack.length - 1].depth + 1);
  const inConditionOfNext = (): boolean => {
    const parent = stack[stack.length - 1];
    if (!parent) return false;
    return parent.inCondition || (parent.entries !== undefined && CONDITION_FUNCTIONS.has(parent.key));
  };
  const reportDepth = (range: SourceRange): void => {
    if (depthReported) return;
    depthReported = true;
    problems.push({ code: 'limit', message: `Nesting deeper than ${limits.maxDepth} levels is not analysed.`, range, fatal: false });
  };
  const add = (node: TemplateNode): void => {
    const parent = stack[stack.length - 1];
    if (!parent) root = node;
    else if (parent.entries) parent.entries.push({ key: parent.key, keyRange: parent.keyRange, value: node });
    else parent.items!.push(node);
  };
  const begin = (isMap: boolean, offset: number): void => {
    level++;
    if (error) return;
    if (level > MAX_FLOW_NESTING) {
      error = { code: 'limit', message: `Flow collections nested deeper than ${MAX_FLOW_NESTING} levels.`, range: { start: offset, end: offset + 1 }, fatal: true };
      return;
    }
    if (skipping > 0) {
      skipping++;
      return;
    }
    const depth = depthOfNext();
    if (depth > limits.maxDepth) {
      skipping = 1;
      skipStart = offset;
      return;
    }
    stack.push({ start: offset, depth, inCondition: inConditionOfNext(), entries: isMap ? [] : undefined, items: isMap ? undefined : [], seen: undefined, key: '', keyRange: { start: 0, end: 0 } });
  };
  const end = (offset: number): void => {
    level--;
    if (error) return;
    if (skipping > 0) {
      if (--skipping === 0) {
        const range = { start: skipStart, end: offset + 1 };
        reportDepth(range);
        add({ kind: 'scalar', value: null, range });
      }
      return;
    }
    const frame = stack.pop()!;
    const range = { start: frame.start, end: offset + 1 };
    const entries = frame.entries;
    if (!entries) {
      add({ kind: 'seq', items: frame.items!, range, flow: true });
      return;
    }
    if (entries.length === 1) {
      const only = entries[0];
      if (LONG_FORMS.has(only.key) || (frame.inCondition && only.key === 'Condition' && only.value.kind === 'scalar')) {
        add({ kind: 'intrinsic', name: only.key as IntrinsicName, argument: only.value, range, shortForm: false });
        return;
      }
    }
    add({ kind: 'map', entries, range, flow: true });
  };

  visit(
    source,
    {
      onObjectBegin: (offset) => begin(true, offset),
      onArrayBegin: (offset) => begin(false, offset),
      onObjectEnd: (offset) => end(offset),
      onArrayEnd: (offset) => end(offset),
      onObjectProperty: (property: string, offset, length) => {
        if (level === 1) rootKeys.push(property);
        if (error || skipping > 0) return;
        const frame = stack[stack.length - 1];
        const keyRange = { start: offset, end: offset + length };
        if (isDuplicate(frame, property)) {
          problems.push({ code: 'duplicate-key', message: `Duplicate key ${property}: CloudFormation keeps only one of them, so one value is silently lost.`, range: keyRange, fatal: false });
        }
        frame.key = frame.depth >= SHARED_KEY_DEPTH ? sharedName(property) : property;
        frame.keyRange = keyRange;
      },
      onLiteralValue: (value: ScalarValue, offset, length) => {
        if (error || skipping > 0) return;
        const range = { start: offset, end: offset + length };
        if (depthOfNext() > limits.maxDepth) {
          reportDepth(range);
          add({ kind: 'scalar', value: null, range });
          return;
        }
        add({ kind: 'scalar', value, range });
      },
      onError: (code: ParseErrorCode, offset, length) => {
        if (error) return;
        const start = Math.min(offset, text.length);
        error = { code: 'syntax', message: `JSON syntax error: ${describe(code)}`, range: { start, end: Math.min(start + length, text.length) }, fatal: true };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (error) return { kind: 'not-json', error, rootKeys };
  return { kind: 'parsed', root: root!, problems };
}

/** Whether `key` was already a key of the map being built (and, for a large map, remembers it). */
function isDuplicate(frame: Frame, key: string): boolean {
  const entries = frame.entries!;
  if (entries.length < SMALL_MAP) {
    for (const e of entries) if (e.key === key) return true;
    return false;
  }
  if (!frame.seen) frame.seen = new Set(entries.map((e) => e.key));
  if (frame.seen.has(key)) return true;
  frame.seen.add(key);
  return false;
}

const MESSAGES: Partial<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing brace was expected',
  CloseBracketExpected: 'a closing bracket was expected',
  EndOfFileExpected: 'nothing may follow the closing brace',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'a control character must be escaped in a string',
};

function describe(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return MESSAGES[name] ?? name;
}
