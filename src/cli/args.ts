/** The command line: `sop-lens lint|check|rules [options]`, parsed with node:util parseArgs. */
import { parseArgs } from 'node:util';
import type { FailOn } from './exit-policy';
import { InvalidPatternError, compileExcludes } from './glob';
import { ACCOUNTS_FILE, PATTERNS } from '../core/accounts/accounts-file';
import { AWS_BOUNDS, AWS_DEFAULTS } from '../core/aws/defaults';

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
  /** `--fix` writes the fixes into the files; `--fix-dry-run` prints them as a unified diff. */
  readonly fix: 'write' | 'dry-run' | undefined;
}

export type CheckFormat = 'text' | 'json';

/** `sop-lens check`: live checks against the accounts of an accounts file. */
export interface CheckCommand {
  readonly kind: 'check';
  /** The accounts file, relative to the working folder. */
  readonly accountsFile: string;
  /** Account ids or names to check; empty: every account of the file. */
  readonly accounts: readonly string[];
  /** Check ids to run (validated against the registry when the command runs); undefined: all. */
  readonly checks: readonly string[] | undefined;
  /** Narrows every account's regions; undefined: each account's own (or its enabled regions). */
  readonly regions: readonly string[] | undefined;
  readonly endpointUrl: string | undefined;
  readonly format: CheckFormat;
  /** The current MFA code, held in memory only; never echoed, never in a message. */
  readonly mfaCode: string | undefined;
  readonly output: string | undefined;
  /** Time one AWS call may take, retries included. */
  readonly callTimeoutSeconds: number;
}

export const DEFAULT_ACCOUNTS_FILE = ACCOUNTS_FILE;

export type Command = { readonly kind: 'help' } | { readonly kind: 'version' } | { readonly kind: 'rules'; readonly format: RulesFormat } | LintCommand | CheckCommand;

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
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  accounts: { type: 'string' },
  account: { type: 'string', multiple: true },
  checks: { type: 'string', multiple: true },
  regions: { type: 'string', multiple: true },
  'endpoint-url': { type: 'string' },
  'mfa-code': { type: 'string' },
  'call-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const LINT_ONLY = ['rules', 'fail-on', 'exclude', 'no-undecided', 'jobs', 'fix', 'fix-dry-run'] as const;
const CHECK_ONLY = ['accounts', 'account', 'checks', 'regions', 'endpoint-url', 'mfa-code', 'call-timeout'] as const;

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
  if (command === undefined) throw new UsageError('no command given: use `sop-lens lint <files or folders>`, `sop-lens check` or `sop-lens rules`');
  if (command === 'help') return { kind: 'help' };

  if (command === 'rules') {
    if (rest.length > 0) throw new UsageError(`\`sop-lens rules\` takes no arguments (got "${rest[0]}")`);
    for (const name of [...LINT_ONLY, 'output'] as const) if (values[name] !== undefined) throw new UsageError(`--${name} is an option of \`sop-lens lint\`, not of \`sop-lens rules\``);
    for (const name of CHECK_ONLY) if (values[name] !== undefined) throw new UsageError(`--${name} is an option of \`sop-lens check\`, not of \`sop-lens rules\``);
    return { kind: 'rules', format: oneOf('--format', values.format ?? 'text', ['text', 'json'] as const) };
  }

  if (command === 'check') {
    if (rest.length > 0) throw new UsageError(`\`sop-lens check\` takes no file arguments (got "${rest[0]}"); name the accounts file with --accounts`);
    for (const name of LINT_ONLY) if (values[name] !== undefined) throw new UsageError(`--${name} is an option of \`sop-lens lint\`, not of \`sop-lens check\``);
    if (values.output === '') throw new UsageError('--output needs a file name');
    if (values.accounts === '') throw new UsageError('--accounts needs a file name');
    return {
      kind: 'check',
      accountsFile: values.accounts ?? DEFAULT_ACCOUNTS_FILE,
      accounts: values.account ? listOf('--account', values.account, 'an account id or name') : [],
      checks: values.checks ? listOf('--checks', values.checks, 'a check id') : undefined,
      regions: values.regions ? parseRegions(values.regions) : undefined,
      endpointUrl: values['endpoint-url'] === undefined ? undefined : parseEndpointUrl(values['endpoint-url']),
      format: oneOf('--format', values.format ?? 'text', ['text', 'json'] as const),
      mfaCode: values['mfa-code'] === undefined ? undefined : parseMfaCode(values['mfa-code']),
      output: values.output,
      callTimeoutSeconds: values['call-timeout'] === undefined ? AWS_DEFAULTS.callTimeoutSeconds : parseCallTimeout(values['call-timeout']),
    };
  }

  if (command !== 'lint') throw new UsageError(`unknown command "${command}": use \`sop-lens lint\`, \`sop-lens check\` or \`sop-lens rules\``);
  for (const name of CHECK_ONLY) if (values[name] !== undefined) throw new UsageError(`--${name} is an option of \`sop-lens check\`, not of \`sop-lens lint\``);
  if (rest.length === 0) throw new UsageError('`sop-lens lint` needs at least one file or folder (use . for the current folder)');
  if (rest.some((p) => p.trim() === '')) throw new UsageError('`sop-lens lint` was given an empty path: name a file or folder (use . for the current folder)');
  if (values.output === '') throw new UsageError('--output needs a file name');
  if (values.fix && values['fix-dry-run']) throw new UsageError('use either --fix (write the fixes) or --fix-dry-run (print them as a diff), not both');
  for (const pattern of values.exclude ?? []) {
    try {
      compileExcludes([pattern]);
    } catch (error) {
      if (error instanceof InvalidPatternError) throw new UsageError(`${error.message}; see --help for the patterns --exclude takes`);
      throw error;
    }
  }
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
    fix: values.fix ? 'write' : values['fix-dry-run'] ? 'dry-run' : undefined,
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

/** Repeatable, comma-separated values, trimmed, without duplicates. */
function listOf(option: string, values: readonly string[], what: string): string[] {
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (items.length === 0) throw new UsageError(`${option} needs at least ${what}`);
  return [...new Set(items)];
}

/** Region names as AWS writes them: us-east-1, eu-central-2, us-gov-west-1, ap-southeast-7. */

function parseRegions(values: readonly string[]): string[] {
  const regions = listOf('--regions', values, 'one region');
  const bad = regions.filter((r) => !PATTERNS.region.test(r));
  if (bad.length > 0) throw new UsageError(`invalid region ${bad.map((r) => `"${r}"`).join(', ')} in --regions: use names such as us-east-1, eu-west-1`);
  return regions;
}

function parseEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`invalid value "${value}" for --endpoint-url: use a URL such as http://127.0.0.1:4566`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`invalid value "${value}" for --endpoint-url: use an http:// or https:// URL`);
  return value;
}

function parseCallTimeout(value: string): number {
  const { min, max } = AWS_BOUNDS.callTimeoutSeconds;
  const seconds = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (seconds >= min && seconds <= max) return seconds;
  throw new UsageError(`invalid value "${value}" for --call-timeout: use whole seconds from ${min} to ${max} (default ${AWS_DEFAULTS.callTimeoutSeconds})`);
}

/** The code itself never appears in a message: it is a secret, however short-lived. */
function parseMfaCode(value: string): string {
  if (!/^\d{6}$/.test(value)) throw new UsageError('--mfa-code takes the current 6-digit code of the MFA device');
  return value;
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
  return `SOP Lens ${version}: checks AWS CloudFormation templates and live AWS accounts against the security SOP.

Usage:
  sop-lens lint <files or folders...> [options]
  sop-lens check [options]
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
      --fix                       apply every deterministic fix to the files, in place
      --fix-dry-run               print the fixes as a unified diff instead (git apply takes it)

Folders are searched recursively for *.yaml, *.yml, *.json and *.template files, skipping
node_modules, cdk.out and dot folders (.git, .aws-sam, ...); files that are not CloudFormation
are skipped. Symbolic links to files are followed; a link to a folder is followed only when the
folder is inside one of the paths given (each folder is walked once). A folder that cannot be
listed or a link that leads nowhere is an I/O error; a FIFO, socket or device is skipped with a
note. Findings suppressed in a template (Metadata: sop-lens: suppress:) never fail the run.

--fix applies each fix only after checking that the fixed file parses, that the finding is gone
and that no other resource changed, repeating until no fix applies (at most 10 passes); files
are replaced atomically, keeping their permissions, and only when something changed. Both --fix
and --fix-dry-run say on stderr what they could not fix and why; the report and the exit code
are those of the findings left.

Lint exit codes:
  0  no unsuppressed finding at or above --fail-on (after fixing, with --fix)
  1  findings at or above --fail-on (template syntax errors count as errors; info never fails)
  2  usage or I/O error: a file or folder could not be read, a fixed file could not be written

Check options (live checks of AWS accounts against the SOP controls):
      --accounts <file>           accounts file (default: ${DEFAULT_ACCOUNTS_FILE})
      --account <id|name>         check only this account; repeatable or comma-separated
      --checks <id,id,...>        run only these checks (default: all)
      --regions <region,...>      check only these regions of each account (default: the
                                  account's regions, or the regions enabled in it)
      --endpoint-url <url>        send every AWS call to this endpoint (LocalStack, moto)
      --mfa-code <code>           the current MFA code for roles that require MFA; without
                                  it you are asked on the terminal (never echoed)
      --call-timeout <seconds>    time one AWS call may take, retries included, before its
                                  region is unknown (default: ${AWS_DEFAULTS.callTimeoutSeconds}; ${AWS_BOUNDS.callTimeoutSeconds.min} to ${AWS_BOUNDS.callTimeoutSeconds.max})
  -f, --format <text|json>        report format (default: text)
  -o, --output <file>             write the report to a file instead of stdout

Each call is tried ${AWS_DEFAULTS.maxAttempts} times at most (the AWS SDK backs off on throttling and server
errors); at most ${AWS_DEFAULTS.concurrency.overall} calls run at once, ${AWS_DEFAULTS.concurrency.perAccount} in one account, and ${AWS_DEFAULTS.concurrency.accounts} accounts are checked at once.
Assumed-role sessions last ${AWS_DEFAULTS.sessionDurationMinutes} minutes.

Credentials come from the AWS shared config and the default chain (AWS_PROFILE, environment
variables, IAM Identity Center sessions), as each account's access says. The Identity Center
device code is shown on stderr. Nothing is written to disk but the report.

With \`organizations: { profile, roleName }\` in the accounts file, the active accounts of the
organization (AWS Organizations ListAccounts through that management-account profile) are checked
after the file's own, each through roleName (default OrganizationAccountAccessRole); an account the
file names keeps the file's entry. If the listing fails, the reason goes to stderr, the file's
accounts are still checked, and the exit code is 2 (the run is incomplete).

Check exit codes:
  0  every check passes
  1  at least one check fails
  2  usage or credential error (no accounts file, an account could not be signed in to,
     the organization's accounts could not be listed)
  3  nothing failed, but some check could not be decided (unknown or error)

Colour is used when stdout is a terminal and NO_COLOR is not set (FORCE_COLOR forces it).
`;
}
