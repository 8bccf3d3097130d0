/**
 * `sop-lens check`: signs in to each selected account of the accounts file (the same sign-in, checks and
 * runner as the extension), runs the live checks and writes the report. Loaded only for this command,
 * so `sop-lens lint` never evaluates any of it, and the AWS SDK loads on the first AWS call.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Account } from '../core/accounts/model';
import { type AccountsFile, parseAccountsFile } from '../core/accounts/accounts-file';
import { describeSource, discoverAccountsFromOrganization } from '../core/accounts/discover';
import { mergeAccounts } from '../core/accounts/registry';
import type { AwsEndpoints } from '../core/aws/clients';
import { AWS_DEFAULTS } from '../core/aws/defaults';
import { AwsAccessError, describeError } from '../core/aws/errors';
import { Limiter } from '../core/aws/limiter';
import { SdkAwsApi } from '../core/aws/sdk-api';
import { type SignInPrompts, signIn } from '../core/aws/sign-in';
import type { Check } from '../core/controls/check';
import { CHECKS, checkById } from '../core/controls/registry';
import { checkAccounts, type OpenedAccount } from '../core/controls/run';
import type { CheckCommand } from './args';
import { formatCheckJson, formatCheckText } from './check-format';
import type { SecretPrompt } from './check-prompt';
import { terminalSecretPrompt } from './check-prompt';
import { buildCheckReport } from './check-report';
import type { CliIo } from './cli';
import { useColor } from './cli';
import { EXIT_USAGE_OR_IO, exitCodeForChecks } from './exit-policy';
import { VERSION } from './version';

/** Concurrency of a command-line run: AWS calls overall, per account, and accounts signed in at once. */
export const CLI_CONCURRENCY = { overall: AWS_DEFAULTS.concurrency.overall, account: AWS_DEFAULTS.concurrency.perAccount, accounts: AWS_DEFAULTS.concurrency.accounts } as const;

/** A usage or credential problem that stops the run before any check: one line on stderr, exit 2. */
class CheckSetupError extends Error {}

export async function runCheck(command: CheckCommand, io: CliIo): Promise<number> {
  try {
    return await run(command, io);
  } catch (error) {
    if (error instanceof CheckSetupError) {
      io.writeStderr(`sop-lens: ${error.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    throw error;
  }
}

async function run(command: CheckCommand, io: CliIo): Promise<number> {
  const file = await readAccounts(command.accountsFile, io);
  const checks = selectChecks(command.checks);
  const endpoints: AwsEndpoints = { ...(command.endpointUrl ? { default: command.endpointUrl } : {}), setting: '--endpoint-url' };
  const signal = io.signal ?? new AbortController().signal;
  const prompts = signInPrompts(command, io);
  const discovery = file.organizations ? await discoverAccounts(file, { endpoints, prompts, env: io.env, signal }, command.accountsFile, io) : { accounts: [], failed: false };
  const known = mergeAccounts({ file: file.accounts, organizations: discovery.accounts });
  if (known.length === 0) throw new CheckSetupError(`${command.accountsFile} lists no accounts${file.organizations ? ' and the organization gave none' : ''}`);
  const accounts = selectAccounts(known, command.accounts, command.accountsFile);
  const overall = new Limiter(CLI_CONCURRENCY.overall);
  let apiCalls = 0;

  const openApi = async (account: Account): Promise<OpenedAccount> => {
    const session = await signIn(account, { endpoints, prompts, env: io.env, signal });
    const api = new SdkAwsApi({
      accountId: session.accountId,
      credentials: session.credentials,
      endpoints,
      limits: { overall, account: new Limiter(CLI_CONCURRENCY.account) },
      callTimeoutMs: command.callTimeoutSeconds * 1000,
      signal,
      onCall: (record) => {
        if (!record.cached) apiCalls++;
      },
    });
    return { api, access: session.access };
  };

  const checkedAt = new Date();
  const runs = await checkAccounts(accounts, openApi, { checks, regions: command.regions, signal, accountConcurrency: CLI_CONCURRENCY.accounts });
  const info = new Map(checks.map((c) => [c.id, { title: c.title, controls: c.controls }]));
  const report = buildCheckReport(VERSION, checkedAt, runs, info);
  const withCalls = { ...report, summary: { ...report.summary, apiCalls } };

  const reportHidden = command.format === 'json' || command.output !== undefined;
  for (const r of runs) if (reportHidden && r.signInError !== undefined) io.writeStderr(`sop-lens: ${r.account.name} (${r.account.id}): ${describeError(r.signInError)}\n`);
  const text = command.format === 'json' ? formatCheckJson(withCalls) : formatCheckText(withCalls, { color: !command.output && useColor(io) });
  await writeReport(text, command.output, io);
  // A failed discovery leaves the organization's accounts unchecked: the run is incomplete, as when an
  // account cannot be signed in to (exit 2), even though the file's accounts were checked.
  return exitCodeForChecks({ signInFailed: discovery.failed || runs.some((r) => r.signInError !== undefined), statuses: runs.flatMap((r) => r.results.map((c) => c.status)) });
}

async function readAccounts(file: string, io: CliIo): Promise<AccountsFile> {
  let text: string;
  try {
    text = await fs.readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CheckSetupError(`no accounts file at ${file}: create one (the extension's Accounts view offers a starter from your AWS profiles) or name it with --accounts`);
    throw new CheckSetupError(`cannot read ${file} (${code ?? String(error)})`);
  }
  const parsed = parseAccountsFile(text, file);
  if (parsed.problems.length > 0) {
    for (const p of parsed.problems) io.writeStderr(`${file}:${p.line}:${p.column}: ${p.message}\n`);
    const n = parsed.problems.length;
    throw new CheckSetupError(`${file} has ${n} problem${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} and run again`);
  }
  if (parsed.accounts.length === 0 && !parsed.organizations) throw new CheckSetupError(`${file} lists no accounts`);
  return parsed;
}

/**
 * The accounts of the organization the file's `organizations:` names. A failure is reported on stderr
 * with its reason and the run goes on with the file's accounts (`failed` makes the exit code 2).
 */
async function discoverAccounts(file: AccountsFile, options: Parameters<typeof discoverAccountsFromOrganization>[1], name: string, io: CliIo): Promise<{ accounts: Account[]; failed: boolean }> {
  const settings = file.organizations!;
  try {
    const found = await discoverAccountsFromOrganization(settings, options);
    return { accounts: found.accounts, failed: false };
  } catch (error) {
    io.writeStderr(`sop-lens: could not list the organization's accounts (organizations: in ${name}, ${describeSource(settings)}): ${describeError(error)}; checking the file's accounts only\n`);
    return { accounts: [], failed: true };
  }
}

/** Accounts named on the command line, by id or (case-insensitively) by name, in the file's order. */
export function selectAccounts(accounts: readonly Account[], wanted: readonly string[], file: string): Account[] {
  if (wanted.length === 0) return [...accounts];
  const matches = (a: Account, w: string): boolean => a.id === w || a.name.toLowerCase() === w.toLowerCase();
  const missing = wanted.filter((w) => !accounts.some((a) => matches(a, w)));
  if (missing.length > 0) {
    const known = accounts.map((a) => `${a.name} (${a.id})`).join(', ');
    throw new CheckSetupError(`no account ${missing.map((w) => `"${w}"`).join(', ')} in ${file}; its accounts: ${known}`);
  }
  return accounts.filter((a) => wanted.some((w) => matches(a, w)));
}

export function selectChecks(ids: readonly string[] | undefined): Check[] {
  if (!ids) return [...CHECKS];
  const unknown = ids.filter((id) => !checkById(id));
  if (unknown.length > 0) {
    throw new CheckSetupError(`unknown check id${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')} in --checks; valid check ids: ${CHECKS.map((c) => c.id).join(', ')}`);
  }
  // The registry's order, whatever the order on the command line.
  return CHECKS.filter((c) => ids.includes(c.id));
}

/**
 * MFA codes: `--mfa-code` for the first try of every account, else asked on the terminal, one question
 * at a time; a code typed for a device is offered to the next account using the same device. Without a
 * terminal and without `--mfa-code` an account that needs MFA fails with what to pass.
 */
function signInPrompts(command: CheckCommand, io: CliIo): SignInPrompts {
  const ask: SecretPrompt | undefined = io.readSecret ?? (io.stdinIsTTY === false ? undefined : terminalSecretPrompt());
  const one = new Limiter(1);
  const typed = new Map<string, string>();
  return {
    mfaCode: async ({ serial, account, attempt, lastError }) => {
      if (attempt === 1 && command.mfaCode) return command.mfaCode;
      if (attempt === 1 && typed.has(serial)) return typed.get(serial);
      if (!ask && attempt > 1) {
        throw new AwsAccessError('mfa-invalid', `AWS did not accept the MFA code given with --mfa-code for ${serial}`, 'Pass the code the device shows now (codes change every 30 seconds) with --mfa-code.', { accountId: account.id });
      }
      if (!ask) {
        throw new AwsAccessError('mfa-required', `${account.name} needs a code from the MFA device ${serial}`, 'Pass --mfa-code <code>, or run sop-lens check on a terminal to be asked for it.', { accountId: account.id });
      }
      return one.run(async () => {
        const again = lastError ? ` (${lastError.replace(/\.$/, '')})` : '';
        const code = await ask(`MFA code for ${account.name} (${serial})${again}: `);
        if (code !== undefined) typed.set(serial, code.trim());
        return code;
      });
    },
    showDeviceCode: ({ userCode, verificationUri, verificationUriComplete, expiresAt, account }) => {
      io.writeStderr(
        `sop-lens: to sign in to ${account.name} with IAM Identity Center, open ${verificationUriComplete ?? verificationUri} and confirm the code ${userCode} (valid until ${expiresAt.toISOString()})\n`,
      );
      return Promise.resolve();
    },
  };
}

async function writeReport(text: string, output: string | undefined, io: CliIo): Promise<void> {
  if (!output) {
    io.writeStdout(text);
    return;
  }
  const target = path.resolve(io.cwd, output);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, text);
  } catch (error) {
    throw new CheckSetupError(`cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
