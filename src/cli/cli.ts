/**
 * The command-line twin of the linter, as a function of its arguments and I/O so tests can run it in
 * process. `main.ts` binds it to the real process.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LintConfig } from '../core/lint/config';
import { activeRules } from '../core/lint/lint';
import { RULES } from '../core/rules/registry';
import { type LintCommand, UsageError, helpText, parseCommandLine } from './args';
import { MissingPathError, discoverFiles } from './discover';
import { EXIT_OK, EXIT_USAGE_OR_IO, exitCodeFor } from './exit-policy';
import { formatJson } from './format-json';
import { formatRulesJson, formatRulesText } from './format-rules';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { compileExcludes } from './glob';
import { buildReport, type LintReport } from './report';
import { autoWorkerCount, lintFiles } from './run';
import { VERSION } from './version';

export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
  /** The script worker threads run (the CLI bundle); without it everything runs on this thread. */
  readonly workerScript?: string;
  /** False: never ask on the terminal (tests, CI); undefined: ask when stdin is a terminal. */
  readonly stdinIsTTY?: boolean;
  /** Asks for a secret without echoing it (the MFA code); default: the terminal, when stdin is one. */
  readonly readSecret?: (question: string) => Promise<string | undefined>;
  /** Cancels a running `sop-lens check`. */
  readonly signal?: AbortSignal;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.writeStderr(`sop-lens: ${message}\n`);
    return EXIT_USAGE_OR_IO;
  };
  let command;
  try {
    command = parseCommandLine(argv, RULES.map((r) => r.id));
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  switch (command.kind) {
    case 'help':
      io.writeStdout(helpText(VERSION));
      return EXIT_OK;
    case 'version':
      io.writeStdout(`${VERSION}\n`);
      return EXIT_OK;
    case 'rules':
      io.writeStdout(command.format === 'json' ? formatRulesJson(RULES, VERSION) : formatRulesText(RULES));
      return EXIT_OK;
    case 'lint':
      return runLint(command, io, fail);
    case 'check': {
      // Loaded on demand: the accounts, sign-in and checks code is no part of linting.
      const { runCheck } = await import('./check-command');
      return runCheck(command, io);
    }
  }
}

async function runLint(command: LintCommand, io: CliIo, fail: (message: string) => number): Promise<number> {
  const config: LintConfig = { only: command.rules, reportUndecided: command.reportUndecided };
  let files;
  try {
    files = await discoverFiles(command.paths, { cwd: io.cwd, exclude: compileExcludes(command.exclude) });
  } catch (error) {
    if (error instanceof MissingPathError) return fail(error.message);
    throw error;
  }
  const workers = command.jobs === 'auto' ? autoWorkerCount(files.length) : command.jobs > 1 ? command.jobs : 0;
  const outcomes = await lintFiles(files, { config, workers, workerScript: io.workerScript });

  const explicit = new Set(files.filter((f) => f.explicit).map((f) => f.file));
  for (const o of outcomes) {
    if (o.status === 'error') io.writeStderr(`sop-lens: ${o.file}: ${o.error}\n`);
    else if (o.status === 'not-cloudformation' && explicit.has(o.file)) io.writeStderr(`sop-lens: note: ${o.file} is not a CloudFormation template; skipped\n`);
  }
  if (!outcomes.some((o) => o.status === 'linted')) io.writeStderr(`sop-lens: note: no CloudFormation templates found in ${command.paths.join(' ')}\n`);

  const report = buildReport(VERSION, activeRules(config, RULES), outcomes);
  const color = !command.output && useColor(io);
  const text = render(report, command, color);
  if (command.output) {
    const target = path.resolve(io.cwd, command.output);
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, text);
    } catch (error) {
      return fail(`cannot write ${command.output} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  } else {
    io.writeStdout(text);
  }
  return exitCodeFor(report, command.failOn);
}

function render(report: LintReport, command: LintCommand, color: boolean): string {
  switch (command.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'text':
      return formatText(report, { color });
  }
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; FORCE_COLOR (not "0") turns it on. */
export function useColor(io: Pick<CliIo, 'env' | 'stdoutIsTTY'>): boolean {
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.stdoutIsTTY;
}
