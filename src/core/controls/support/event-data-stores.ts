import type { EventDataStore, GetEventDataStoreCommandOutput, ListEventDataStoresCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { CheckContext } from '../check';
import { allPages, withToken } from './aws';

/** A CloudTrail Lake event data store with its full settings, and the region it lives in. */
export interface StoreInRegion {
  readonly region: string;
  readonly store: GetEventDataStoreCommandOutput;
}

/**
 * The account's event data stores in the home region and the checked regions (stores are regional;
 * a multi-region one collects every region's events into its own). Only asked for when trails do not
 * already decide, so accounts without CloudTrail Lake cost no calls.
 */
export async function eventDataStores(ctx: CheckContext): Promise<StoreInRegion[]> {
  const regions = [...new Set([ctx.homeRegion, ...ctx.regions])];
  const perRegion = await Promise.all(
    regions.map(async (region) => {
      const listed = await allPages(
        (token) => ctx.api.call<ListEventDataStoresCommandOutput>('cloudtrail', region, 'ListEventDataStores', withToken({}, 'NextToken', token)),
        (page) => page.EventDataStores,
        (page) => page.NextToken,
      );
      return Promise.all(listed.filter(hasArn).map(async (s) => ({ region, store: await ctx.api.call<GetEventDataStoreCommandOutput>('cloudtrail', region, 'GetEventDataStore', { EventDataStore: s.EventDataStoreArn }) })));
    }),
  );
  const byArn = new Map<string, StoreInRegion>();
  for (const s of perRegion.flat()) byArn.set(s.store.EventDataStoreArn ?? `${s.region}/${s.store.Name}`, s);
  return [...byArn.values()];
}

function hasArn(s: EventDataStore): s is EventDataStore & { EventDataStoreArn: string } {
  return typeof s.EventDataStoreArn === 'string';
}
