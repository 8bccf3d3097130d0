/**
 * Runs live checks against accounts. Every check of an account starts at once (the api's limiters bound
 * the calls); a regional check runs once per checked region. An `AwsAccessError` out of a check decides
 * nothing: it becomes `unknown` when the check could not see (denied, throttled, region disabled,
 * expired credentials, timeout, cancelled) and `error` when something broke (service, network, a bug),
 * with the error's message as the reason, per region for regional checks.
 *
 * Cancellation: when the signal aborts, every check not yet decided ends at once as `unknown`
 * "cancelled"; the api refuses new calls on the same signal.
 */
import { setMaxListeners } from 'node:events';
import type { Account } from '../accounts/model';
import type { AwsApi } from '../aws/api';
import type { AccessUsed } from '../aws/credentials';
import { AwsAccessError, type AwsErrorKind, describeError } from '../aws/errors';
import { type AccountRegions, accountRegions, enabledRegionNames } from '../aws/regions';
import { isDefaultRegion, partitionHomeRegion, regionPartition } from '../aws/services';
import { type Check, type CheckContext, type CheckResult, type ControlStatus, type Outcome, type RegionResult, combineRegions } from './check';
import { IncompleteListing } from './support/aws';

export interface RunOptions {
  readonly checks: readonly Check[];
  /** Narrows the regions checked (the account's own, or its enabled ones). */
  readonly regions?: readonly string[];
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Each check's result, as soon as it is decided. */
  readonly onResult?: (result: CheckResult) => void;
  /** The access `api` acts with, recorded in every result. */
  readonly access?: AccessUsed;
}

/** Kinds that mean "could not see", not "something is broken". */
const UNDECIDED_KINDS: ReadonlySet<AwsErrorKind> = new Set<AwsErrorKind>(['access-denied', 'throttled', 'region-disabled', 'expired-token', 'timeout', 'cancelled']);

export const CANCELLED_REASON = 'Cancelled before it was decided.';

export async function checkAccount(account: Account, api: AwsApi, options: RunOptions): Promise<CheckResult[]> {
  const now = options.now ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  setMaxListeners(0, signal); // one listener per check and region being decided
  const homeRegion = account.homeRegion ?? defaultHomeRegion(account);
  const needsRegions = options.checks.some((c) => c.scope === 'regional' || c.acrossRegions === true);
  let regions: Settled<readonly PlannedRegion[]>;
  try {
    if (signal.aborted) throw new Aborted();
    regions = { ok: true, value: needsRegions ? await untilAborted(planRegions(account, api, homeRegion, options.regions), signal) : [] };
  } catch (error) {
    regions = { ok: false, outcome: outcomeFromError(error) };
  }

  const checked = regions.ok ? regions.value.filter((r) => r.outcome === undefined).map((r) => r.region) : [];
  const ctx: CheckContext = { account, api, regions: checked, homeRegion, now: now(), signal };
  const decide = async (check: Check): Promise<CheckResult> => {
    const decided = await decideCheck(check, ctx, regions, signal, now);
    const result = options.access ? { ...decided, access: options.access } : decided;
    options.onResult?.(result);
    return result;
  };
  return Promise.all(options.checks.map(decide));
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly outcome: Outcome };

async function decideCheck(check: Check, ctx: CheckContext, regions: Settled<readonly PlannedRegion[]>, signal: AbortSignal, now: () => Date): Promise<CheckResult> {
  const base = { checkId: check.id, accountId: ctx.account.id };
  // A check that reads every region cannot decide when the regions could not be told.
  if (!regions.ok && (check.scope === 'regional' || check.acrossRegions === true)) return { ...base, ...regions.outcome, decidedAt: now().toISOString() };
  if (check.scope === 'account') {
    const outcome = await outcomeOf(() => check.run(ctx), signal);
    return { ...base, ...outcome, decidedAt: now().toISOString() };
  }
  const planned = regions.ok ? regions.value : [];
  const perRegion = await Promise.all(
    planned.map(async ({ region, outcome }): Promise<RegionResult> => ({ region, ...(outcome ?? (await outcomeOf(() => check.runRegion(ctx, region), signal))) })),
  );
  return { ...base, ...combineRegions(perRegion), regions: perRegion, decidedAt: now().toISOString() };
}

/** Runs one decision; what it throws becomes an outcome, and an abort ends it at once. */
async function outcomeOf(decide: () => Promise<Outcome>, signal: AbortSignal): Promise<Outcome> {
  try {
    return await untilAborted(signal.aborted ? Promise.reject(new Aborted()) : decide(), signal);
  } catch (error) {
    return outcomeFromError(error);
  }
}

/** What `untilAborted` rejects with when the signal aborts first. */
class Aborted extends Error {
  constructor() {
    super('cancelled');
  }
}

/** The outcome a check gets when an error stopped it. */
export function outcomeFromError(error: unknown): Outcome {
  if (error instanceof Aborted) return cancelledOutcome();
  if (error instanceof IncompleteListing) return { status: 'unknown', reason: error.message, evidence: [] };
  if (error instanceof AwsAccessError) {
    if (error.kind === 'cancelled') return cancelledOutcome();
    const status: ControlStatus = UNDECIDED_KINDS.has(error.kind) ? 'unknown' : 'error';
    return { status, reason: describeError(error), evidence: [] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'error', reason: `The check failed: ${message}`, evidence: [] };
}

function cancelledOutcome(): Outcome {
  return { status: 'unknown', reason: CANCELLED_REASON, evidence: [] };
}

/**
 * The promise's value, or a rejection with `Aborted` as soon as the signal aborts (the promise itself
 * runs on; its late failure is swallowed).
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new Aborted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

type Listing = { readonly ok: true; readonly value: AccountRegions } | { readonly ok: false; readonly error: AwsAccessError };

/** A region to check (no outcome), or one decided once for every check without calling it. */
interface PlannedRegion {
  readonly region: string;
  readonly outcome?: Outcome;
}

/**
 * The home region when the account names none: its partition's, known from the role ARN or the Identity
 * Center region (the caller's partition), else the commercial partition's.
 */
function defaultHomeRegion(account: Account): string {
  const access = account.access;
  const partition = access.kind === 'assume-role' ? /^arn:([\w-]+):/.exec(access.roleArn)?.[1] : access.kind === 'sso' ? regionPartition(access.ssoRegion) : undefined;
  return (partition && partitionHomeRegion(partition)) ?? 'us-east-1';
}

/**
 * The regions to check, in the order the account (or AWS) names them, each decided once per account:
 * - without regions of its own, an account is checked in the enabled regions of its partition (a
 *   selection narrows them, and names regions the account has not enabled as such); when they cannot be
 *   listed, an explicit selection is used as is, and without one no regional check can be decided;
 * - a region of another partition is never called: it is `unknown` for every check;
 * - a default region of the partition is always enabled; any other is looked up in the listing (asked
 *   only when needed) or, when the listing failed or does not name it, probed once with STS
 *   `GetCallerIdentity`, which needs no permission. A region found not enabled is `unknown` for every
 *   check, and no check calls it.
 */
async function planRegions(account: Account, api: AwsApi, homeRegion: string, selection: readonly string[] | undefined): Promise<PlannedRegion[]> {
  const partition = regionPartition(homeRegion);
  // Asked at most once, and only when a region needs it.
  let listing: Promise<Listing> | undefined;
  const list = (): Promise<Listing> =>
    (listing ??= accountRegions(api, homeRegion).then(
      (value): Listing => ({ ok: true, value }),
      (error: unknown): Listing => {
        if (!(error instanceof AwsAccessError) || error.kind === 'cancelled') throw error;
        return { ok: false, error };
      },
    ));

  let wanted: string[];
  if (account.regions) {
    wanted = selection ? account.regions.filter((r) => selection.includes(r)) : [...account.regions];
  } else if (selection) {
    wanted = selection.filter((r) => regionPartition(r) === partition);
  } else {
    const listed = await list();
    if (!listed.ok) {
      const { error } = listed;
      throw new AwsAccessError(error.kind, `Could not list the account's enabled regions: ${error.message}`, `${error.action} Or name the account's regions.`, error.details);
    }
    wanted = enabledRegionNames(listed.value);
  }

  return Promise.all(
    wanted.map(async (region): Promise<PlannedRegion> => {
      if (regionPartition(region) !== partition) {
        return { region, outcome: { status: 'unknown', reason: `${region} is in the ${regionPartition(region)} partition, and this account is in ${partition}: remove it from the account's regions.`, evidence: [] } };
      }
      if (isDefaultRegion(region)) return { region };
      const listed = await list();
      const state = listed.ok ? listed.value.regions.get(region) : undefined;
      if (state?.enabled) return { region };
      if (state && listed.ok) return { region, outcome: notEnabled(region, `${listed.value.source} says ${state.status}`, state.status) };
      return probe(api, region);
    }),
  );
}

/** One call in the region whose enablement could not be listed: STS answers any caller, unless the region is not enabled. */
async function probe(api: AwsApi, region: string): Promise<PlannedRegion> {
  try {
    await api.call('sts', region, 'GetCallerIdentity', {});
    return { region };
  } catch (error) {
    if (error instanceof AwsAccessError && error.kind === 'region-disabled') return { region, outcome: { status: 'unknown', reason: describeError(error), evidence: [] } };
    if (error instanceof AwsAccessError && error.kind === 'cancelled') throw error;
    // Any other failure decides nothing about the region: its checks run and say what they meet.
    return { region };
  }
}

function notEnabled(region: string, how: string, status: string): Outcome {
  const action =
    status === 'ENABLING'
      ? 'AWS is still enabling it: check again when it is done.'
      : status === 'DISABLING'
        ? 'AWS is disabling it: remove it from the account\'s regions.'
        : 'Enable it in the account (AWS console: Account, AWS Regions) or remove it from the account\'s regions.';
  return { status: 'unknown', reason: `${region} is not enabled in this account (${how}). ${action}`, evidence: [] };
}

export interface AccountsRunOptions extends RunOptions {
  /** Accounts checked at the same time (sign-in included); default 4. */
  readonly accountConcurrency?: number;
  /** Called when an account's checks are all decided (or its sign-in failed). */
  readonly onAccount?: (account: Account, results: readonly CheckResult[]) => void;
}

export interface AccountResults {
  readonly account: Account;
  readonly results: readonly CheckResult[];
  /** The access the account was checked with; absent when it could not be signed in to. */
  readonly access?: AccessUsed;
  /** Why the account could not be signed in to (every result is then an `error` saying so). */
  readonly signInError?: unknown;
}

/** An account signed in to: the api to check it with, and the access it acts with. */
export interface OpenedAccount {
  readonly api: AwsApi;
  readonly access?: AccessUsed;
}

/**
 * Checks many accounts, a bounded number at a time, in the order given. `openApi` signs in to one
 * account; when it fails, every check of that account is an `error` whose reason says what failed and
 * what to do. An api with a `destroy()` method (`SdkAwsApi`) is destroyed once its account is done.
 */
export async function checkAccounts(accounts: readonly Account[], openApi: (account: Account) => Promise<OpenedAccount>, options: AccountsRunOptions): Promise<AccountResults[]> {
  const now = options.now ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  const results: AccountResults[] = new Array<AccountResults>(accounts.length);
  let next = 0;

  const checkOne = async (account: Account): Promise<AccountResults> => {
    if (signal.aborted) return { account, results: everyCheck(account, options, cancelledOutcome(), now) };
    let opened: OpenedAccount;
    try {
      opened = await untilAborted(openApi(account), signal);
    } catch (error) {
      // A sign-in the user abandoned (no MFA code) is a failed sign-in; only the run's own abort is a cancellation.
      if (signal.aborted) return { account, results: everyCheck(account, options, cancelledOutcome(), now) };
      return { account, results: everyCheck(account, options, signInFailure(account, error), now), signInError: error };
    }
    const { api, access } = opened;
    try {
      return { account, results: await checkAccount(account, api, { ...options, access }), ...(access ? { access } : {}) };
    } finally {
      (api as Partial<{ destroy(): void }>).destroy?.();
    }
  };

  const worker = async (): Promise<void> => {
    while (next < accounts.length) {
      const index = next++;
      const account = accounts[index];
      const checked = await checkOne(account);
      results[index] = checked;
      options.onAccount?.(account, checked.results);
    }
  };
  const workers = Math.max(1, Math.min(options.accountConcurrency ?? 4, accounts.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

function signInFailure(account: Account, error: unknown): Outcome {
  const action = error instanceof AwsAccessError ? ` ${error.action}` : '';
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  return { status: 'error', reason: `Could not sign in to ${account.name} (${account.id}): ${message}.${action}`, evidence: [] };
}

function everyCheck(account: Account, options: RunOptions, outcome: Outcome, now: () => Date): CheckResult[] {
  return options.checks.map((check) => {
    const result: CheckResult = { checkId: check.id, accountId: account.id, ...outcome, decidedAt: now().toISOString() };
    options.onResult?.(result);
    return result;
  });
}
