/**
 * All accounts SOP Lens knows, from the three sources: `.sop/accounts.yaml` wins over the AWS profiles,
 * which win over Organizations discovery. The file is the curated list: an account it names is shown
 * as the file describes it (one entry per way in it declares), and profiles only add the accounts it
 * does not name; among profiles, entries with the same account id and the same way in are one entry.
 * An account Organizations lists that another source already names is not repeated (discovery only
 * fills in the accounts nobody configured).
 */
import { accountKey } from './accounts-file';
import type { Account } from './model';

export interface AccountSources {
  readonly file?: readonly Account[];
  readonly profiles?: readonly Account[];
  readonly organizations?: readonly Account[];
}

export function mergeAccounts(sources: AccountSources): Account[] {
  const merged: Account[] = [];
  const keys = new Set<string>();
  const ids = new Set<string>();
  const add = (account: Account): void => {
    const key = accountKey(account);
    if (keys.has(key)) return;
    keys.add(key);
    ids.add(account.id);
    merged.push(account);
  };
  for (const account of sources.file ?? []) add(account);
  const inFile = new Set(ids);
  for (const account of sources.profiles ?? []) if (!inFile.has(account.id)) add(account);
  const known = new Set(ids);
  for (const account of sources.organizations ?? []) if (!known.has(account.id)) add(account);
  return merged;
}

export interface AccountGroup {
  /** The tag's value; undefined for the accounts without the tag. */
  readonly value: string | undefined;
  readonly accounts: Account[];
}

/** Accounts grouped by a tag's value (sorted by value, untagged last; accounts keep their order). */
export function groupByTag(accounts: readonly Account[], tag: string): AccountGroup[] {
  const groups = new Map<string | undefined, Account[]>();
  for (const account of accounts) {
    const value = account.tags[tag];
    groups.set(value, [...(groups.get(value) ?? []), account]);
  }
  return [...groups.entries()]
    .map(([value, members]) => ({ value, accounts: members }))
    .sort((a, b) => (a.value === undefined ? 1 : b.value === undefined ? -1 : a.value.localeCompare(b.value)));
}

/** The tag names present on any account, for the "group by" picker. */
export function tagNames(accounts: readonly Account[]): string[] {
  return [...new Set(accounts.flatMap((a) => Object.keys(a.tags)))].sort();
}

/**
 * The accounts `query` names: an exact account id, else an exact name (case-insensitive), else names
 * that contain it. Several results mean the query is ambiguous.
 */
export function findAccounts(accounts: readonly Account[], query: string): Account[] {
  const q = query.trim();
  const byId = accounts.filter((a) => a.id === q);
  if (byId.length) return byId;
  const lower = q.toLowerCase();
  const byName = accounts.filter((a) => a.name.toLowerCase() === lower);
  if (byName.length) return byName;
  return lower ? accounts.filter((a) => a.name.toLowerCase().includes(lower)) : [];
}

/** The single account `query` names, or undefined when none or several match. */
export function findAccount(accounts: readonly Account[], query: string): Account | undefined {
  const found = findAccounts(accounts, query);
  return found.length === 1 ? found[0] : undefined;
}
