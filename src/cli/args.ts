/** The command line: `sop-lens lint|rules [options]`, parsed with node:util parseArgs. */
import { parseArgs } from 'node:util';
import type { FailOn } from './exit-policy';

export type LintFormat = 'text' | 'json' | 'sarif';
export type RulesFormat = 'text' | 'json';

export interface LintCommand {
  readonly kind: 'lint';
  readonly paths: readonly string[];
  readonly format: LintFormat;
  /** Only these rules run; undefined: all of them. */
  readonly rules: readonly string[] | undefined;
  readonly failOn: FailOn;
  readonly output: string | undefined;
  readonly exclude: readonly string[];
  readonly reportUndecided: boolean;
  /** Worker threads: 'auto', or a count where 1 means none. */
  readonly jobs: number | 'auto';
}

export type Command = { readonly kind: 'help' } | { readonly kind: 'version' } | { readonly kind: 'rules'; readonly format: RulesFormat } | LintCommand;

/** A mistake on the command line: reported in one line on stderr, exit code 2. */
export class UsageError extends Error {}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  rules: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  output: { type: 'string', short: 'o' },
  exclude: { type: 'string', multiple: true },
  'no-undecided': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const LINT_ONLY = ['rules', 'fail-on', 'output', 'exclude', 'no-undecided', 'jobs'] as const;

export function parseCommandLine(argv: readonly string[], knownRuleIds: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('no command given: use `sop-lens lint <files or folders>` or `sop-lens rules`');
  if (command === 'help') return { kind: 'help' };

  if (command === 'rules') {
    if (rest.length > 0) throw new UsageError(`\`sop-lens rules\` takes no arguments (got "${rest[0]}")`);
    for (const name of LINT_ONLY) if (values[name] !== undefined) throw new UsageError(`--${name} is an option of \`sop-lens lint\`, not of \`sop-lens rules\``);
    return { kind: 'rules', format: oneOf('--format', values.format ?? 'text', ['text', 'json'] as const) };
  }

  if (command !== 'lint') throw new UsageError(`unknown command "${command}": use \`sop-lens lint\` or \`sop-lens rules\``);
  if (rest.length === 0) throw new UsageError('`sop-lens lint` needs at least one file or folder (use . for the current folder)');
  if (values.output === '') throw new UsageError('--output needs a file name');
  return {
    kind: 'lint',
    paths: rest,
    format: oneOf('--format', values.format ?? 'text', ['text', 'json', 'sarif'] as const),
    rules: values.rules ? parseRuleList(values.rules, knownRuleIds) : undefined,
    failOn: oneOf('--fail-on', values['fail-on'] ?? 'error', ['error', 'warning'] as const),
    output: values.output,
    exclude: values.exclude ?? [],
    reportUndecided: !values['no-undecided'],
    jobs: parseJobs(values.jobs),
  };
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value "${value}" for ${option}: use one of ${allowed.join(', ')}`);
}

function parseRuleList(values: readonly string[], known: readonly string[]): string[] {
  const ids = values.flatMap((v) => v.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw new UsageError('--rules needs at least one rule id (see `sop-lens rules`)');
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    const which = unknown.map((id) => `"${id}"`).join(', ');
    throw new UsageError(`unknown rule id${unknown.length > 1 ? 's' : ''} ${which} in --rules; valid rule ids: ${known.join(', ')}`);
  }
  return [...new Set(ids)];
}

function parseJobs(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (/^[1-9][0-9]{0,2}$/.test(value)) return Number(value);
  throw new UsageError(`invalid value "${value}" for --jobs: use a number from 1 (no worker threads) or auto`);
}

function describeParseError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = e.message ?? String(error);
  // Node writes e.g. "Option '-f, --format <value>' argument missing" or "Unknown option '--bogus'".
  const option = /'(?:-\w, )?(--?[^' ,]+)/.exec(message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}; see \`sop-lens --help\``;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option && /argument missing/.test(message) ? `option ${option} needs a value` : `invalid use of option ${option ?? message}`;
    default:
      return message.split('\n')[0];
  }
}

export function helpText(version: string): string {
  return `SOP Lens ${version}: checks AWS CloudFormation templates against the security SOP.

Usage:
  sop-lens lint <files or folders...> [options]
  sop-lens rules [--format text|json]
  sop-lens --help | --version

Lint options:
  -f, --format <text|json|sarif>  report format (default: text)
      --rules <id,id,...>         run only these rules (see \`sop-lens rules\`)
      --fail-on <error|warning>   lowest severity that fails the run (default: error)
  -o, --output <file>             write the report to a file instead of stdout
      --exclude <glob>            skip matching files and folders; repeatable
                                  (e.g. --exclude 'test/**' --exclude '*.generated.yaml')
      --no-undecided              hide "cannot decide" information findings
  -j, --jobs <n|auto>             threads for large folders (default: auto, one per idle
                                  core, at most 4; 1: lint on one thread)

Folders are searched recursively for *.yaml, *.yml, *.json and *.template files, skipping
node_modules, cdk.out and dot folders (.git, .aws-sam, ...); files that are not CloudFormation
are skipped. Findings suppressed in a template (Metadata: sop-lens: suppress:) never fail the run.

Exit codes:
  0  no unsuppressed finding at or above --fail-on
  1  findings at or above --fail-on (template syntax errors count as errors; info never fails)
  2  usage or I/O error

Colour is used when stdout is a terminal and NO_COLOR is not set (FORCE_COLOR forces it).
`;
}
