import { type AccountCheck, fail, pass } from './check';
import { accountPublicAccessBlock, flagsOff } from './support/public-access-block';

export const s3AccountPublicAccessBlock: AccountCheck = {
  id: 's3-account-public-access-block',
  scope: 'account',
  title: 'S3 Block Public Access is on for the whole account',
  controls: ['SEC-S3'],
  rationale:
    'The security guide says buckets must not be publicly accessible. The account-level block applies to every bucket, present and future, so one mistaken bucket policy or ACL cannot publish data.',
  calls: ['s3control:GetPublicAccessBlock'],
  decides: 'Passes when the account\'s public access block has all four settings on (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets); fails when one is off or none is configured.',
  remediation: 'In S3 > Block Public Access settings for this account, turn on all four settings (aws s3control put-public-access-block --account-id <id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true).',
  async run(ctx) {
    const resource = ctx.api.accountId;
    const config = await accountPublicAccessBlock(ctx);
    if (!config) return fail('The account has no S3 Block Public Access configuration.', [{ text: 'No account-level public access block is configured', status: 'fail', resource }]);
    const off = flagsOff(config);
    const evidence = [{ text: off.length ? `Off: ${off.join(', ')}` : 'All four settings are on', status: off.length ? ('fail' as const) : ('pass' as const), resource }];
    return off.length ? fail(`Account-level Block Public Access is incomplete: ${off.join(', ')} off.`, evidence) : pass('Account-level Block Public Access is fully on.', evidence);
  },
};
