/**
 * Small helpers every check uses to read AWS answers honestly: error codes that mean "not configured",
 * access denied on one sub-call, and pagination.
 */
import { AwsAccessError } from '../../aws/errors';
import { regionPartition } from '../../aws/services';
import type { Evidence } from '../check';

/** True when `error` is an AWS error with one of `codes` (the SDK's error name or the wire code). */
export function hasErrorCode(error: unknown, ...codes: readonly string[]): boolean {
  return error instanceof AwsAccessError && error.details.code !== undefined && codes.includes(error.details.code);
}

export function isDenied(error: unknown): error is AwsAccessError {
  return error instanceof AwsAccessError && error.kind === 'access-denied';
}

/**
 * The call's answer, or `undefined` when AWS answers with one of `codes`, which for that operation means
 * "there is none" (no lifecycle configuration, no login profile, ...). Other errors propagate.
 */
export async function orAbsent<T>(call: Promise<T>, ...codes: readonly string[]): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (hasErrorCode(error, ...codes)) return undefined;
    throw error;
  }
}

/** What one sub-call gave: its value, or the reason it was denied (other errors propagate). */
export type Seen<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Runs a sub-call whose denial should leave only its own part undecided, not the whole check. */
export async function seen<T>(call: Promise<T>): Promise<Seen<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (isDenied(error)) return { ok: false, reason: error.message };
    throw error;
  }
}

/** A paginated listing that was not read to its end: what it gave cannot decide anything. */
export class IncompleteListing extends Error {
  override readonly name = 'IncompleteListing';
}

/**
 * Every item of a paginated operation. `page(token)` fetches one page (`token` undefined for the first,
 * so the first call's input is always the same and runs share it); `items` and `next` read a page.
 * Throws `IncompleteListing` when the pages do not end within `maxPages` or a page hands back the token
 * it was asked with.
 */
export async function allPages<Page, Item>(
  page: (token: string | undefined) => Promise<Page>,
  items: (page: Page) => readonly Item[] | undefined,
  next: (page: Page) => string | undefined,
  maxPages = 1000,
): Promise<Item[]> {
  const all: Item[] = [];
  let token: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const answer = await page(token);
    all.push(...(items(answer) ?? []));
    const following = next(answer);
    if (!following) return all;
    if (following === token) throw new IncompleteListing(`A listing handed back the page token it was asked with, after ${all.length} items; it was not read to its end.`);
    token = following;
  }
  throw new IncompleteListing(`A listing went on for more than ${maxPages} pages (${all.length} items); it was not read to its end.`);
}

/** An input with `key` set only when `value` is, so first pages have identical inputs. */
export function withToken<T extends object>(input: T, key: string, value: string | undefined): T {
  return value === undefined ? input : { ...input, [key]: value };
}

/** The AWS partition a region belongs to, for building ARNs. */
export const partitionOf = regionPartition;

/** At most `limit` evidence lines of one kind, with a closing line saying how many were left out. */
export function capped<T>(items: readonly T[], limit: number, line: (item: T) => Evidence, more: (n: number) => string): Evidence[] {
  const shown = items.slice(0, limit).map(line);
  return items.length > limit ? [...shown, { text: more(items.length - limit) }] : shown;
}
