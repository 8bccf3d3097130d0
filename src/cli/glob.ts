/**
 * `--exclude` patterns: a small glob dialect, matched against paths relative to the current directory
 * with forward slashes. `*` and `?` stay within one path segment, `**` crosses segments, `[abc]`,
 * `[!abc]` and `{a,b}` work as in shells. A pattern without a slash matches a file or folder name at
 * any depth (as in .gitignore); `dir/**` also matches `dir` itself, so the walk skips the whole folder.
 * A pattern that does not make sense (`[z-a]`) throws `InvalidPatternError`.
 */

export type PathMatcher = (relativePath: string) => boolean;

/** A pattern the dialect cannot read, such as a character range out of order (`[z-a]`). */
export class InvalidPatternError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`invalid --exclude pattern "${pattern}": ${reason}`);
  }
}

export function compileExcludes(patterns: readonly string[]): PathMatcher {
  const tests = patterns.filter((p) => p.trim() !== '').map(compileOne);
  if (tests.length === 0) return () => false;
  return (relativePath) => tests.some((t) => t(relativePath));
}

function compileOne(raw: string): PathMatcher {
  let pattern = raw.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (pattern.endsWith('/**')) pattern = pattern.slice(0, -3);
  if (pattern === '' || pattern === '**') return () => true;
  const anyDepth = !pattern.includes('/');
  let regex: RegExp;
  try {
    regex = new RegExp(`^${globToRegexSource(pattern)}(?:/.*)?$`);
  } catch (error) {
    // The regular expression engine's words, without the expression itself: "Range out of order in character class".
    const reason = error instanceof Error ? (error.message.split(': ').pop() ?? error.message) : String(error);
    throw new InvalidPatternError(raw, `${reason.charAt(0).toLowerCase()}${reason.slice(1)}`);
  }
  if (anyDepth) {
    return (p) => p.split('/').some((segment) => regex.test(segment));
  }
  return (p) => regex.test(p);
}

export function globToRegexSource(glob: string): string {
  let out = '';
  let braceDepth = 0;
  // Unbalanced braces are taken literally.
  const braces = (glob.match(/\{/g)?.length ?? 0) === (glob.match(/\}/g)?.length ?? 0);
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        i++;
        if (glob[i + 1] === '/' && atSegmentStart) {
          i++;
          out += '(?:[^/]*/)*';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let body = glob.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^/' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
        i = close;
      }
    } else if (c === '{' && braces) {
      braceDepth++;
      out += '(?:';
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (c === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
  }
  return out;
}
