/**
 * Converts UTF-16 offsets to zero-based line and character positions, by binary search over line starts.
 * Line breaks are those of YAML 1.2 (and of editors): LF, CRLF, and a CR on its own.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  /** Where each line starts; a typed array, so indexing a large text leaves no garbage behind. */
  private readonly lineStarts: Uint32Array;
  private readonly lineCount: number;

  constructor(text: string) {
    // Offsets fit 32 bits: JavaScript strings are shorter than 2^30 characters.
    let starts = new Uint32Array((text.length >> 5) + 16);
    let count = 1;
    starts[0] = 0;
    const add = (start: number): void => {
      if (count === starts.length) {
        const grown = new Uint32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = start;
    };
    if (text.indexOf('\r') === -1) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) add(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) add(i + 1);
      }
    }
    this.lineStarts = starts;
    this.lineCount = count;
  }

  positionAt(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.lineStarts[line] };
  }

  /** The zero-based line of `offset`. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineCount - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.min(line, this.lineCount - 1)];
  }
}

export type LineBreak = '\n' | '\r\n' | '\r';

/** The line break a text uses (its first one; LF when it has none): what edits to it should write. */
export function lineBreakOf(text: string): LineBreak {
  const i = text.search(/[\r\n]/);
  if (i === -1 || text[i] === '\n') return '\n';
  return text[i + 1] === '\n' ? '\r\n' : '\r';
}
