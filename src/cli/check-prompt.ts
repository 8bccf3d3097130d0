/**
 * Asking for a secret (the MFA code) on the terminal: the question goes to stderr, the answer is read
 * from stdin in raw mode and never echoed, so it is neither shown nor left in the scrollback.
 */

export type SecretPrompt = (question: string) => Promise<string | undefined>;

interface TtyInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** A prompt on the process's terminal, or undefined when stdin is not one (CI, pipes). */
export function terminalSecretPrompt(input: TtyInput = process.stdin, output: NodeJS.WritableStream = process.stderr): SecretPrompt | undefined {
  if (!input.isTTY || typeof input.setRawMode !== 'function') return undefined;
  return (question) => readSecret(input, output, question);
}

const ENTER = new Set(['\r', '\n']);
const CANCEL = new Set(['\u0003', '\u0004', '\u001b']); // Ctrl-C, Ctrl-D, Escape
const BACKSPACE = new Set(['\u007f', '\b']);

function readSecret(input: TtyInput, output: NodeJS.WritableStream, question: string): Promise<string | undefined> {
  output.write(question);
  input.setRawMode?.(true);
  input.resume();
  input.setEncoding('utf8');
  let answer = '';
  return new Promise((resolve) => {
    const finish = (value: string | undefined): void => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      resolve(value);
    };
    const onData = (chunk: string | Buffer): void => {
      for (const ch of String(chunk)) {
        if (ENTER.has(ch)) return finish(answer);
        if (CANCEL.has(ch)) return finish(undefined);
        if (BACKSPACE.has(ch)) answer = answer.slice(0, -1);
        else if (ch >= ' ') answer += ch;
      }
    };
    input.on('data', onData);
  });
}
