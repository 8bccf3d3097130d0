import type { GetAccountSummaryCommandOutput } from '@aws-sdk/client-iam';
import type { CheckContext } from '../check';

/** IAM `GetAccountSummary` (global: asked in the home region); root-mfa and root-access-keys share it. */
export async function accountSummary(ctx: CheckContext): Promise<Partial<Record<string, number>>> {
  const output = await ctx.api.call<GetAccountSummaryCommandOutput>('iam', ctx.homeRegion, 'GetAccountSummary', {});
  return output.SummaryMap ?? {};
}
