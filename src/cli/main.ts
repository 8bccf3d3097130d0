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
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
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
