import type { Trail } from '@aws-sdk/client-cloudtrail';
import type { GetBucketEncryptionCommandOutput, GetBucketPolicyCommandOutput, GetBucketVersioningCommandOutput, GetPublicAccessBlockCommandOutput } from '@aws-sdk/client-s3';
import { type AccountCheck, type CheckContext, type Evidence, fail, pass, unknown } from './check';
import { orAbsent, partitionOf, seen } from './support/aws';
import { LOG_DELETE_ACTIONS, deniedToEveryone } from './support/bucket-policy';
import { bucketRegion, lifecycleRules, ruleTouches, trailLogPrefix } from './support/buckets';
import { NO_PUBLIC_ACCESS_BLOCK, PUBLIC_ACCESS_BLOCK_FLAGS, accountPublicAccessBlock, flagsOff } from './support/public-access-block';
import { multiRegionTrails } from './support/trails';

type Verdict = 'pass' | 'fail' | 'unknown';

/** One protection of one log location, judged. */
interface Part {
  readonly status: Verdict;
  readonly text: string;
}

/** A bucket and the key prefix a trail writes under. */
interface LogLocation {
  readonly bucket: string;
  readonly prefix: string;
  readonly trails: readonly string[];
}

export const cloudtrailLogBucketProtected: AccountCheck = {
  id: 'cloudtrail-log-bucket-protected',
  scope: 'account',
  title: 'The trail\'s log bucket is versioned, encrypted, private, archived and refuses deletes',
  controls: ['ACCT-001'],
  rationale:
    'The SOP keeps CloudTrail logs in a dedicated bucket that resists deletion: versioning keeps overwritten or deleted logs, a lifecycle policy archives them, encryption and a public access block keep them private, and a bucket policy refuses deletes.',
  calls: [
    'cloudtrail:DescribeTrails',
    's3:GetBucketLocation',
    's3:GetBucketVersioning',
    's3:GetBucketLifecycleConfiguration',
    's3:GetBucketEncryption',
    's3:GetPublicAccessBlock',
    's3control:GetPublicAccessBlock',
    's3:GetBucketPolicy',
  ],
  decides:
    'For the bucket of each multi-region trail: versioning Enabled; an enabled lifecycle rule over the log prefix that archives or expires logs; default encryption; all four public access block settings (on the bucket or the account); a bucket policy statement that denies s3:DeleteObject and s3:DeleteObjectVersion on the logs to everyone. Any missing fails; a part that cannot be read is unknown.',
  remediation:
    'On the log bucket: enable versioning, add a lifecycle rule that moves logs to Glacier, set default encryption, turn on Block Public Access, and add a bucket policy statement with Effect Deny, Principal "*", Action s3:DeleteObject and s3:DeleteObjectVersion on arn:aws:s3:::<bucket>/* (exempting a break-glass role by condition if needed).',
  async run(ctx) {
    const trails = await multiRegionTrails(ctx);
    const locations = logLocations(trails);
    if (locations.length === 0) return fail('There is no multi-region trail, so no log bucket to protect.');
    const evidence = (await Promise.all(locations.map((l) => judgeLocation(ctx, l)))).flat();
    const failing = evidence.filter((e) => e.status === 'fail');
    if (failing.length > 0) return fail(`The log bucket lacks: ${failing.map((e) => e.text).join('; ')}.`, evidence);
    if (evidence.some((e) => e.status === 'unknown')) return unknown('Could not read every protection of the log bucket.', evidence);
    return pass(`The log bucket${locations.length > 1 ? 's are' : ' is'} versioned, archived, encrypted, private and refuse${locations.length > 1 ? '' : 's'} deletes.`, evidence);
  },
};

function logLocations(trails: readonly Trail[]): LogLocation[] {
  const byKey = new Map<string, { bucket: string; prefix: string; trails: string[] }>();
  for (const t of trails) {
    if (!t.S3BucketName) continue;
    const prefix = trailLogPrefix(t.S3KeyPrefix);
    const key = `${t.S3BucketName}/${prefix}`;
    const entry = byKey.get(key) ?? { bucket: t.S3BucketName, prefix, trails: [] };
    entry.trails.push(t.Name ?? t.TrailARN ?? '(unnamed)');
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

async function judgeLocation(ctx: CheckContext, location: LogLocation): Promise<Evidence[]> {
  const { bucket } = location;
  const where = await seen(bucketRegion(ctx, bucket));
  const at = (part: Part): Evidence => ({ text: `${bucket}: ${part.text}`, status: part.status, resource: `arn:${partitionOf(ctx.homeRegion)}:s3:::${bucket}` });
  if (!where.ok) return [at({ status: 'unknown', text: `could not locate the bucket (${where.reason})` })];
  const region = where.value;
  const parts = await Promise.all([versioning(ctx, bucket, region), lifecycle(ctx, location, region), encryption(ctx, bucket, region), publicAccess(ctx, bucket, region), deletePolicy(ctx, location, region)]);
  return parts.map(at);
}

/** Runs one part; a denied read makes that part unknown instead of stopping the whole check. */
async function part(name: string, judge: () => Promise<Part>): Promise<Part> {
  const judged = await seen(judge());
  return judged.ok ? judged.value : { status: 'unknown', text: `${name} unknown (${judged.reason})` };
}

function versioning(ctx: CheckContext, bucket: string, region: string): Promise<Part> {
  return part('versioning', async () => {
    const v = await ctx.api.call<GetBucketVersioningCommandOutput>('s3', region, 'GetBucketVersioning', { Bucket: bucket });
    const mfa = v.MFADelete === 'Enabled' ? ', MFA delete on' : '';
    return v.Status === 'Enabled' ? { status: 'pass', text: `versioning enabled${mfa}` } : { status: 'fail', text: `versioning ${v.Status ? v.Status.toLowerCase() : 'never enabled'}` };
  });
}

function lifecycle(ctx: CheckContext, location: LogLocation, region: string): Promise<Part> {
  return part('lifecycle', async () => {
    const rules = (await lifecycleRules(ctx, location.bucket, region)).filter((r) => ruleTouches(r, location.prefix));
    const archiving = rules.filter((r) => (r.Transitions?.length ?? 0) > 0 || r.Expiration || (r.NoncurrentVersionTransitions?.length ?? 0) > 0 || r.NoncurrentVersionExpiration);
    if (archiving.length === 0) return { status: 'fail', text: `no lifecycle rule archives the logs under ${location.prefix}` };
    return { status: 'pass', text: `lifecycle rule${archiving.length > 1 ? 's' : ''} ${archiving.map((r) => r.ID ?? '(unnamed)').join(', ')} over the logs` };
  });
}

function encryption(ctx: CheckContext, bucket: string, region: string): Promise<Part> {
  return part('default encryption', async () => {
    const output = await orAbsent(
      ctx.api.call<GetBucketEncryptionCommandOutput>('s3', region, 'GetBucketEncryption', { Bucket: bucket }),
      'ServerSideEncryptionConfigurationNotFoundError',
    );
    const algorithms = (output?.ServerSideEncryptionConfiguration?.Rules ?? []).map((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).filter((a): a is NonNullable<typeof a> => !!a);
    return algorithms.length ? { status: 'pass', text: `default encryption ${algorithms.join(', ')}` } : { status: 'fail', text: 'no default encryption' };
  });
}

function publicAccess(ctx: CheckContext, bucket: string, region: string): Promise<Part> {
  return part('public access block', async () => {
    const own = await orAbsent(ctx.api.call<GetPublicAccessBlockCommandOutput>('s3', region, 'GetPublicAccessBlock', { Bucket: bucket }), NO_PUBLIC_ACCESS_BLOCK);
    const ownConfig = own?.PublicAccessBlockConfiguration ?? {};
    if (flagsOff(ownConfig).length === 0) return { status: 'pass', text: 'public access blocked on the bucket' };
    // S3 applies a setting when either the bucket or the account turns it on.
    const account = (await accountPublicAccessBlock(ctx)) ?? {};
    if (flagsOff(account).length === 0) return { status: 'pass', text: 'public access blocked for the whole account' };
    const off = PUBLIC_ACCESS_BLOCK_FLAGS.filter((f) => ownConfig[f] !== true && account[f] !== true);
    return off.length === 0
      ? { status: 'pass', text: 'public access blocked (bucket and account settings together)' }
      : { status: 'fail', text: `public access not fully blocked (${off.join(', ')} off)` };
  });
}

function deletePolicy(ctx: CheckContext, location: LogLocation, region: string): Promise<Part> {
  return part('bucket policy', async () => {
    const output = await orAbsent(ctx.api.call<GetBucketPolicyCommandOutput>('s3', region, 'GetBucketPolicy', { Bucket: location.bucket }), 'NoSuchBucketPolicy');
    if (!output?.Policy) return { status: 'fail', text: 'no bucket policy, so nothing refuses deletes' };
    const logObject = `arn:${partitionOf(region)}:s3:::${location.bucket}/${location.prefix}${ctx.api.accountId}/CloudTrail/${region}/log.json.gz`;
    let denied: string[];
    try {
      denied = deniedToEveryone(output.Policy, LOG_DELETE_ACTIONS, logObject);
    } catch {
      return { status: 'unknown', text: 'bucket policy is not valid JSON' };
    }
    const missing = LOG_DELETE_ACTIONS.filter((a) => !denied.includes(a));
    return missing.length === 0
      ? { status: 'pass', text: `bucket policy denies ${denied.join(' and ')} to everyone` }
      : { status: 'fail', text: `bucket policy does not deny ${missing.join(' or ')} to everyone` };
  });
}
