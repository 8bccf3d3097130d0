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
import { type DiscoveredFile, MissingPathError, describeCode, discoverFiles } from './discover';
import { EXIT_OK, EXIT_USAGE_OR_IO, exitCodeFor } from './exit-policy';
import { formatJson } from './format-json';
import { formatRulesJson, formatRulesText } from './format-rules';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { compileExcludes } from './glob';
import { type FileOutcome, buildReport, type LintReport } from './report';
import { lintFile } from './lint-file';
import { ChangedMeanwhileError, writeFileAtomically } from './write-file';
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
  /** Replaces a file with its fixed text (`lint --fix`); default: an atomic write beside it. */
  readonly writeFile?: typeof writeFileAtomically;
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
  let discovery;
  try {
    discovery = await discoverFiles(command.paths, { cwd: io.cwd, exclude: compileExcludes(command.exclude) });
  } catch (error) {
    if (error instanceof MissingPathError) return fail(error.message);
    throw error;
  }
  const { files } = discovery;
  for (const note of discovery.notes) io.writeStderr(`sop-lens: note: ${note}\n`);
  const workers = command.jobs === 'auto' ? autoWorkerCount(files.length) : command.jobs > 1 ? command.jobs : 0;
  const linted = await lintFiles(files, { config, workers, workerScript: io.workerScript, fix: command.fix });
  let outcomes: FileOutcome[] = [...linted, ...discovery.failures.map((f): FileOutcome => ({ file: f.file, status: 'error', error: f.error }))];

  const explicit = new Set(files.filter((f) => f.explicit).map((f) => f.file));
  for (const o of outcomes) {
    if (o.status === 'error') io.writeStderr(`sop-lens: ${o.file}: ${o.error}\n`);
    else if (o.status === 'not-cloudformation' && explicit.has(o.file)) io.writeStderr(`sop-lens: note: ${o.file} is not a CloudFormation template; skipped\n`);
  }
  if (!outcomes.some((o) => o.status === 'linted')) io.writeStderr(`sop-lens: note: no CloudFormation templates found in ${command.paths.join(' ')}\n`);

  const target = command.output === undefined ? undefined : path.resolve(io.cwd, command.output);
  if (target !== undefined) {
    const input = await inputAt(target, files, linted);
    if (input !== undefined) return fail(`--output ${command.output} names ${input}, one of the files being linted: write the report to another file`);
  }

  let writeFailed = false;
  if (command.fix) {
    const fixed = await applyFixes(command.fix, files, linted, config, io);
    writeFailed = fixed.writeFailed;
    outcomes = [...fixed.outcomes, ...outcomes.slice(linted.length)];
  }

  const report = buildReport(VERSION, activeRules(config, RULES), outcomes);
  // --fix-dry-run's stdout is the diff: the report goes only to --output.
  if (command.fix !== 'dry-run' || target !== undefined) {
    const color = !target && useColor(io);
    const text = render(report, command, color);
    if (target !== undefined) {
      try {
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, text);
      } catch (error) {
        return fail(`cannot write ${command.output} (${describeCode((error as NodeJS.ErrnoException).code ?? String(error))})`);
      }
    } else {
      io.writeStdout(text);
    }
  }
  const code = exitCodeFor(report, command.failOn);
  return writeFailed ? EXIT_USAGE_OR_IO : code;
}

/**
 * With --fix, writes each fixed file; with --fix-dry-run, prints the diffs. Either way says on stderr what
 * was fixed and what was not, and why. A file that cannot be written keeps its old text, and its outcome
 * becomes the lint of that text again.
 */
async function applyFixes(mode: 'write' | 'dry-run', files: readonly DiscoveredFile[], outcomes: readonly FileOutcome[], config: LintConfig, io: CliIo): Promise<{ outcomes: FileOutcome[]; writeFailed: boolean }> {
  const out: FileOutcome[] = [];
  let writeFailed = false;
  let fixedFindings = 0;
  let fixedFiles = 0;
  for (const [i, outcome] of outcomes.entries()) {
    const fix = outcome.status === 'linted' ? outcome.fix : undefined;
    if (!fix) {
      out.push(outcome);
      continue;
    }
    if (mode === 'dry-run' && fix.patch) io.writeStdout(fix.patch);
    if (mode === 'write' && fix.text !== undefined) {
      try {
        await (io.writeFile ?? writeFileAtomically)(files[i].absolutePath, fix.text, fix.read);
      } catch (error) {
        writeFailed = true;
        const e = error as NodeJS.ErrnoException;
        io.writeStderr(`sop-lens: ${outcome.file}: not fixed: cannot write it (${e instanceof ChangedMeanwhileError ? e.message : describeCode(e.code ?? e.message)}); the file is unchanged\n`);
        out.push(await lintFile(files[i].absolutePath, outcome.file, config));
        continue;
      }
    }
    if (fix.fixed > 0) {
      io.writeStderr(`sop-lens: ${mode === 'write' ? 'fixed' : 'would fix'} ${plural(fix.fixed, 'finding')} in ${outcome.file}\n`);
      fixedFindings += fix.fixed;
      fixedFiles++;
    }
    for (const { finding: f, reason } of fix.notFixed) io.writeStderr(`sop-lens: ${f.file}:${f.line}:${f.column}: ${f.ruleId} not fixed: ${reason}\n`);
    out.push(outcome);
  }
  if (fixedFiles === 0 && !writeFailed) io.writeStderr(`sop-lens: note: nothing to fix${mode === 'write' ? '; no file was written' : ''}\n`);
  else if (fixedFiles > 1) io.writeStderr(`sop-lens: ${mode === 'write' ? 'fixed' : 'would fix'} ${plural(fixedFindings, 'finding')} in ${fixedFiles} files\n`);
  return { outcomes: out, writeFailed };
}

/** The file among those being linted (named or found, and read as a template or failing) that `target` is, if any. */
async function inputAt(target: string, files: readonly DiscoveredFile[], outcomes: readonly FileOutcome[]): Promise<string | undefined> {
  let real: string;
  try {
    real = await fs.realpath(target);
  } catch {
    return undefined; // a report file that does not exist yet is no input
  }
  const names = new Set([path.basename(target), path.basename(real)]);
  for (const [i, f] of files.entries()) {
    const o = outcomes[i];
    if (!names.has(path.basename(f.absolutePath)) || (!f.explicit && o.status === 'not-cloudformation')) continue;
    try {
      if ((await fs.realpath(f.absolutePath)) === real) return f.file;
    } catch {
      // unreadable: it cannot be the report's file either
    }
  }
  return undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
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
