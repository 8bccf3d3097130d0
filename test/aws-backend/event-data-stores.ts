/**
 * CloudTrail Lake `ListEventDataStores` (moto answers it with an internal error): the fixture accounts
 * have no event data store, which is what a new AWS account answers too.
 */
import { jsonResponse, type Emulation } from './emulation';

export const eventDataStoresEmulation: Emulation = {
  service: 'cloudtrail',
  actions: ['ListEventDataStores'],
  handle: () => jsonResponse({ EventDataStores: [] }, 'application/x-amz-json-1.1'),
};
