/**
 * S3 reads about one bucket, made in the bucket's own region (S3 redirects calls made elsewhere), with
 * inputs shared by the checks that look at the same bucket.
 */
import type { GetBucketLifecycleConfigurationCommandOutput, GetBucketLocationCommandOutput, LifecycleRule } from '@aws-sdk/client-s3';
import type { CheckContext } from '../check';
import { orAbsent } from './aws';

/** `GetBucketLocation` answers `null`/empty for us-east-1 and the legacy `EU` for eu-west-1. */
export async function bucketRegion(ctx: CheckContext, bucket: string): Promise<string> {
  const output = await ctx.api.call<GetBucketLocationCommandOutput>('s3', ctx.homeRegion, 'GetBucketLocation', { Bucket: bucket });
  const constraint = output.LocationConstraint as string | undefined | null;
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** The bucket's lifecycle rules; an empty list when it has no lifecycle configuration. */
export async function lifecycleRules(ctx: CheckContext, bucket: string, region: string): Promise<LifecycleRule[]> {
  const output = await orAbsent(
    ctx.api.call<GetBucketLifecycleConfigurationCommandOutput>('s3', region, 'GetBucketLifecycleConfiguration', { Bucket: bucket }),
    'NoSuchLifecycleConfiguration',
  );
  return output?.Rules ?? [];
}

/** The key prefix a rule applies to (`Filter.Prefix`, `Filter.And.Prefix` or the legacy `Prefix`). */
function rulePrefix(rule: LifecycleRule): string {
  return rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix ?? '';
}

/** Whether the rule can act on objects under `keyPrefix`: its prefix overlaps and it has no tag filter (CloudTrail does not tag log objects). */
export function ruleTouches(rule: LifecycleRule, keyPrefix: string): boolean {
  if (rule.Status !== 'Enabled') return false;
  if (rule.Filter?.Tag || (rule.Filter?.And?.Tags?.length ?? 0) > 0) return false;
  const prefix = rulePrefix(rule);
  return keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix);
}

/** Where CloudTrail writes a trail's log files in its bucket. */
export function trailLogPrefix(s3KeyPrefix: string | undefined): string {
  return s3KeyPrefix ? `${s3KeyPrefix.replace(/\/+$/, '')}/AWSLogs/` : 'AWSLogs/';
}
