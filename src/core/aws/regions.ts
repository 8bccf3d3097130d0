/**
 * Which regions an account can use, as AWS answers for the account's own partition.
 *
 * Account Management's `ListRegions` is asked first: it is the account's own opt-in record and tells a
 * region still being enabled (`ENABLING`, not usable until done) or disabled (`DISABLING`) apart from an
 * enabled one. When it is refused or fails, EC2 `DescribeRegions` with `AllRegions` is asked instead
 * (read-only audit policies such as SecurityAudit allow it). Both are asked in the home region, so they
 * answer for its partition; a region of another partition in an answer (an emulator's) is ignored.
 */
import type { AwsApi } from './api';
import { AwsAccessError } from './errors';
import { type ApiCall, isDefaultRegion, regionPartition } from './services';

export interface RegionState {
  readonly enabled: boolean;
  /** The status as AWS words it: `ENABLED_BY_DEFAULT`, `DISABLED`, `opted-in`, ... */
  readonly status: string;
}

export interface AccountRegions {
  readonly partition: string;
  /** Every region of the partition the answer named. */
  readonly regions: ReadonlyMap<string, RegionState>;
  /** The call that answered. */
  readonly source: ApiCall;
}

interface ListRegionsOutput {
  readonly Regions?: readonly { readonly RegionName?: string; readonly RegionOptStatus?: string }[];
  readonly NextToken?: string;
}

interface DescribeRegionsOutput {
  readonly Regions?: readonly { readonly RegionName?: string; readonly OptInStatus?: string }[];
}

/** `ListRegions` statuses of a usable region; `ENABLING`, `DISABLING` and `DISABLED` are not. */
const LISTED_ENABLED = new Set(['ENABLED', 'ENABLED_BY_DEFAULT']);
/** `DescribeRegions` opt-in statuses of a usable region; `not-opted-in` is not. */
const DESCRIBED_ENABLED = new Set(['opt-in-not-required', 'opted-in']);
/** ListRegions answers at most 50 regions a page; a partition has fewer than that, so a few pages bound it. */
const MAX_PAGES = 10;

/**
 * The regions of the home region's partition and whether the account has each enabled. Throws
 * `AwsAccessError` when neither call answers (the message names both failures).
 */
export async function accountRegions(api: AwsApi, homeRegion: string): Promise<AccountRegions> {
  const partition = regionPartition(homeRegion);
  let listed: AwsAccessError;
  try {
    return { partition, regions: await listRegions(api, homeRegion, partition), source: 'account:ListRegions' };
  } catch (error) {
    if (!(error instanceof AwsAccessError) || error.kind === 'cancelled') throw error;
    listed = error;
  }
  try {
    return { partition, regions: await describeRegions(api, homeRegion, partition), source: 'ec2:DescribeRegions' };
  } catch (error) {
    if (!(error instanceof AwsAccessError) || error.kind === 'cancelled') throw error;
    const message = `${listed.message.replace(/\.$/, '')}; ${error.message.replace(/\.$/, '')}`;
    throw new AwsAccessError(error.kind, message, 'Allow account:ListRegions or ec2:DescribeRegions to the role.', error.details);
  }
}

/** The enabled regions, sorted. */
export function enabledRegionNames(regions: AccountRegions): string[] {
  return [...regions.regions].filter(([, state]) => state.enabled).map(([name]) => name).sort();
}

/** The account's enabled regions of its partition, sorted. Throws `AwsAccessError` when they cannot be listed. */
export async function enabledRegions(api: AwsApi, homeRegion: string): Promise<string[]> {
  return enabledRegionNames(await accountRegions(api, homeRegion));
}

async function listRegions(api: AwsApi, homeRegion: string, partition: string): Promise<Map<string, RegionState>> {
  const regions = new Map<string, RegionState>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const output = await api.call<ListRegionsOutput>('account', homeRegion, 'ListRegions', { MaxResults: 50, ...(token ? { NextToken: token } : {}) });
    for (const r of output.Regions ?? []) {
      if (r.RegionName && regionPartition(r.RegionName) === partition) {
        const status = r.RegionOptStatus ?? 'not reported';
        regions.set(r.RegionName, { enabled: LISTED_ENABLED.has(status), status });
      }
    }
    token = output.NextToken;
    if (!token) return regions;
  }
  throw new AwsAccessError('service', `account:ListRegions in ${homeRegion} gave more than ${MAX_PAGES} pages`, 'Report it: no partition has that many regions.', { service: 'account', operation: 'ListRegions', region: homeRegion });
}

async function describeRegions(api: AwsApi, homeRegion: string, partition: string): Promise<Map<string, RegionState>> {
  const output = await api.call<DescribeRegionsOutput>('ec2', homeRegion, 'DescribeRegions', { AllRegions: true });
  const regions = new Map<string, RegionState>();
  for (const r of output.Regions ?? []) {
    if (!r.RegionName || regionPartition(r.RegionName) !== partition) continue;
    // Without a status (some emulators omit it) only a default region counts as enabled.
    const enabled = r.OptInStatus === undefined ? isDefaultRegion(r.RegionName) : DESCRIBED_ENABLED.has(r.OptInStatus);
    regions.set(r.RegionName, { enabled, status: r.OptInStatus ?? 'not reported' });
  }
  return regions;
}
