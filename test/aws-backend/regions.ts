/**
 * Account `ListRegions` (moto has no Account region operations): the regions moto's EC2 knows, of the
 * partition of the endpoint called, with the opt-in status moto gives them, except the regions the
 * fixture says the account has not enabled (`optedOutRegions`), which are `DISABLED` as the proxy
 * refuses every call there.
 */
import { regionPartition } from '../../src/core/aws/services';
import { jsonResponse, parseJsonBody, type CallContext, type Emulation } from './emulation';
import { motoQuery } from './moto-calls';
import { errorResponse, type WireResponse } from './wire-errors';

/** moto's EC2 opt-in statuses in Account's words. */
const ACCOUNT_STATUS: Readonly<Record<string, string>> = { 'opt-in-not-required': 'ENABLED_BY_DEFAULT', 'opted-in': 'ENABLED', 'not-opted-in': 'DISABLED' };

async function handle(context: CallContext): Promise<WireResponse> {
  const account = context.account;
  if (!account) return errorResponse('account', { code: 'AccessDeniedException', status: 403, message: 'The caller has no account.' });
  const region = context.request.region ?? 'us-east-1';
  const answer = await motoQuery(context.motoUrl, { signingName: 'ec2', account, region, params: { Action: 'DescribeRegions', Version: '2016-11-15', AllRegions: 'true' } });
  const optedOut = context.state.emulated.optedOutRegions?.[account] ?? [];
  const wanted = parseJsonBody(context.request).RegionOptStatusContains as string[] | undefined;
  const regions = [...answer.body.matchAll(/<item>([\s\S]*?)<\/item>/g)]
    .map((item) => ({ name: /<regionName>([^<]*)<\/regionName>/.exec(item[1])?.[1], status: /<optInStatus>([^<]*)<\/optInStatus>/.exec(item[1])?.[1] }))
    .filter((r): r is { name: string; status: string | undefined } => !!r.name && regionPartition(r.name) === regionPartition(region))
    .map((r) => ({ RegionName: r.name, RegionOptStatus: optedOut.includes(r.name) ? 'DISABLED' : (ACCOUNT_STATUS[r.status ?? ''] ?? 'ENABLED_BY_DEFAULT') }))
    .filter((r) => !wanted?.length || wanted.includes(r.RegionOptStatus));
  return jsonResponse({ Regions: regions });
}

export const regionsEmulation: Emulation = { service: 'account', actions: ['ListRegions'], handle };
