import type { PublicAccessBlockConfiguration } from '@aws-sdk/client-s3-control';
import type { CheckContext } from '../check';
import { orAbsent } from './aws';

export const PUBLIC_ACCESS_BLOCK_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** What AWS answers when no block is configured. */
export const NO_PUBLIC_ACCESS_BLOCK = 'NoSuchPublicAccessBlockConfiguration';

/** The account-level S3 Block Public Access settings (S3 Control, asked in the home region); undefined when none are set. */
export async function accountPublicAccessBlock(ctx: CheckContext): Promise<PublicAccessBlockConfiguration | undefined> {
  const output = await orAbsent(
    ctx.api.call<{ PublicAccessBlockConfiguration?: PublicAccessBlockConfiguration }>('s3control', ctx.homeRegion, 'GetPublicAccessBlock', { AccountId: ctx.api.accountId }),
    NO_PUBLIC_ACCESS_BLOCK,
  );
  return output?.PublicAccessBlockConfiguration ?? (output ? {} : undefined);
}

/** The flags that are not on. */
export function flagsOff(config: PublicAccessBlockConfiguration): string[] {
  return PUBLIC_ACCESS_BLOCK_FLAGS.filter((f) => config[f] !== true);
}
