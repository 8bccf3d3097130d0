/**
 * The regions an account can use, for accounts that name none: EC2 `DescribeRegions` with every region
 * and its opt-in status, keeping the ones on by default and the ones the account opted into.
 */
import type { AwsApi } from './api';
import { OPT_IN_REGIONS } from './services';

interface DescribeRegionsOutput {
  readonly Regions?: readonly { readonly RegionName?: string; readonly OptInStatus?: string }[];
}

const ENABLED = new Set(['opt-in-not-required', 'opted-in']);

/** Sorted region names. Throws `AwsAccessError` when the account may not list its regions. */
export async function enabledRegions(api: AwsApi, homeRegion: string): Promise<string[]> {
  const output = await api.call<DescribeRegionsOutput>('ec2', homeRegion, 'DescribeRegions', { AllRegions: true });
  const names = (output.Regions ?? [])
    .filter((r) => r.RegionName && isEnabled(r.RegionName, r.OptInStatus))
    .map((r) => r.RegionName!);
  return [...new Set(names)].sort();
}

/** Without a status (some emulators omit it) a region counts as enabled unless AWS makes it opt-in. */
function isEnabled(region: string, optInStatus: string | undefined): boolean {
  return optInStatus === undefined ? !OPT_IN_REGIONS.has(region) : ENABLED.has(optInStatus);
}
