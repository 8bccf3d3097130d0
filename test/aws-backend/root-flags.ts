/**
 * IAM `GetAccountSummary`: moto always reports the root flags as 0; the proxy puts in the fixture's
 * `AccountMFAEnabled` and `AccountAccessKeysPresent` for the caller's account.
 */
import type { CallContext, Emulation } from './emulation';
import type { WireResponse } from './wire-errors';

function setEntry(xml: string, key: string, value: number): string {
  const entry = new RegExp(`(<key>${key}</key>\\s*<value>)[^<]*(</value>)`);
  if (entry.test(xml)) return xml.replace(entry, `$1${value}$2`);
  return xml.replace(/<SummaryMap>/, `<SummaryMap><entry><key>${key}</key><value>${value}</value></entry>`);
}

function rewrite(context: CallContext, response: WireResponse): WireResponse {
  const flags = context.account ? context.state.emulated.rootFlags[context.account] : undefined;
  if (response.status !== 200 || !flags) return response;
  let body = setEntry(response.body, 'AccountMFAEnabled', flags.mfa ? 1 : 0);
  body = setEntry(body, 'AccountAccessKeysPresent', flags.accessKeys ? 1 : 0);
  return { ...response, body };
}

export const rootFlagsEmulation: Emulation = { service: 'iam', actions: ['GetAccountSummary'], rewrite };
