/**
 * Entry point of the CLI bundle (dist/cli.js, started by bin/sop-lens.js). The same file is the worker
 * script of the lint threads: a copy started with the worker marker lints instead of parsing arguments.
 */
import { runCli } from './cli';
import { isLintWorker, runLintWorker } from './worker';

if (isLintWorker()) {
  runLintWorker();
} else {
  // `sop-lens lint . | head` closes stdout early: stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  // The SDK warns on stderr, once per process, that its 2027 releases will need Node 22; ours is pinned
  // and supports Node 20, and a CI log is no place for that notice.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // In `check`, Ctrl-C ends the checks still pending as "cancelled" and prints what was decided; a second
  // one quits. Elsewhere Ctrl-C keeps its default meaning.
  const interrupted = new AbortController();
  if (process.argv[2] === 'check') {
    process.once('SIGINT', () => {
      interrupted.abort();
      process.once('SIGINT', () => process.exit(130));
    });
  }
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    signal: interrupted.signal,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    writeStdout: (text) => void process.stdout.write(text),
    writeStderr: (text) => void process.stderr.write(text),
    workerScript: __filename,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sop-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
