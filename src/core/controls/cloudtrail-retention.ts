import type { Trail } from '@aws-sdk/client-cloudtrail';
import type { LifecycleRule } from '@aws-sdk/client-s3';
import { type AccountCheck, type CheckContext, type Evidence, type Outcome, fail, pass, unknown } from './check';
import { isDenied, seen } from './support/aws';
import { bucketRegion, lifecycleRules, ruleTouches, trailLogPrefix } from './support/buckets';
import { type StoreInRegion, eventDataStores } from './support/event-data-stores';
import { coversReadAndWrite, managementCoverage } from './support/selectors';
import { multiRegionTrails, trailEvidence, trailStatus } from './support/trails';

/** CloudTrail's own event history keeps 90 days; the SOP asks for longer. */
const HISTORY_DAYS = 90;

export const cloudtrailRetention: AccountCheck = {
  id: 'cloudtrail-retention',
  scope: 'account',
  title: 'API activity is kept for more than 90 days',
  controls: ['SEC-MON'],
  rationale:
    'CloudTrail\'s event history keeps only 90 days. The security guide asks for a trail or a CloudTrail Lake event data store so that activity stays available for audits and investigations after that.',
  calls: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 's3:GetBucketLocation', 's3:GetBucketLifecycleConfiguration', 'cloudtrail:ListEventDataStores', 'cloudtrail:GetEventDataStore'],
  decides: `Passes when a logging multi-region trail delivers to an S3 bucket whose lifecycle rules do not expire its logs within ${HISTORY_DAYS} days, or when an enabled multi-region CloudTrail Lake event data store with management events keeps them for more than ${HISTORY_DAYS} days.`,
  remediation: `Keep the trail's logs longer than ${HISTORY_DAYS} days: remove or lengthen lifecycle expirations on the log bucket (archive to Glacier instead), or create a multi-region CloudTrail Lake event data store with a retention period above ${HISTORY_DAYS} days.`,
  async run(ctx) {
    const trails = await multiRegionTrails(ctx);
    const trailVerdicts = await Promise.all(trails.map((t) => judgeTrail(ctx, t)));
    const trailEvidenceList = trailVerdicts.map((v) => v.evidence);
    const keeping = trailVerdicts.find((v) => v.evidence.status === 'pass');
    if (keeping) return pass(`${keeping.trail.Name} keeps its logs past ${HISTORY_DAYS} days.`, trailEvidenceList);
    return decideWithStores(ctx, trailEvidenceList);
  },
};

async function judgeTrail(ctx: CheckContext, trail: Trail): Promise<{ trail: Trail; evidence: Evidence }> {
  const status = await seen(trailStatus(ctx, trail));
  if (!status.ok) return { trail, evidence: trailEvidence(trail, `logging status unknown (${status.reason})`, 'unknown') };
  if (status.value.IsLogging !== true) return { trail, evidence: trailEvidence(trail, 'is not logging', 'fail') };
  const bucket = trail.S3BucketName;
  if (!bucket) return { trail, evidence: trailEvidence(trail, 'delivers to no S3 bucket', 'fail') };
  const rules = await seen(bucketRegion(ctx, bucket).then((region) => lifecycleRules(ctx, bucket, region)));
  if (!rules.ok) return { trail, evidence: trailEvidence(trail, `could not read the lifecycle of bucket ${bucket} (${rules.reason})`, 'unknown') };
  const expiring = rules.value.filter((r) => ruleTouches(r, trailLogPrefix(trail.S3KeyPrefix)) && expiresTooSoon(r));
  if (expiring.length > 0) {
    return { trail, evidence: trailEvidence(trail, `bucket ${bucket} deletes its logs early: ${expiring.map(describeExpiration).join('; ')}`, 'fail') };
  }
  return { trail, evidence: trailEvidence(trail, `bucket ${bucket} keeps its logs past ${HISTORY_DAYS} days (no earlier expiration)`, 'pass') };
}

/** A fixed-date expiration deletes every log on that date, however young. */
function expiresTooSoon(rule: LifecycleRule): boolean {
  const e = rule.Expiration;
  if (!e) return false;
  if (e.Date) return true;
  return e.Days !== undefined && e.Days <= HISTORY_DAYS;
}

function describeExpiration(rule: LifecycleRule): string {
  const e = rule.Expiration!;
  const when = e.Date ? `on ${new Date(e.Date).toISOString().slice(0, 10)}` : `after ${e.Days} days`;
  return `rule ${rule.ID ?? '(unnamed)'} expires logs ${when}`;
}

async function decideWithStores(ctx: CheckContext, trailEvidenceList: readonly Evidence[]): Promise<Outcome> {
  let stores: StoreInRegion[];
  try {
    stores = await eventDataStores(ctx);
  } catch (error) {
    if (!isDenied(error)) throw error;
    return unknown(`No trail keeps logs past ${HISTORY_DAYS} days, and CloudTrail Lake could not be read (${error.message}).`, trailEvidenceList);
  }
  const storeEvidence = stores.map(judgeStore);
  const evidence = [...trailEvidenceList, ...storeEvidence];
  if (storeEvidence.some((e) => e.status === 'pass')) return pass(`A CloudTrail Lake event data store keeps events past ${HISTORY_DAYS} days.`, evidence);
  if (trailEvidenceList.some((e) => e.status === 'unknown')) return unknown('A trail could not be read, and no event data store keeps events long enough.', evidence);
  const none = trailEvidenceList.length === 0 && stores.length === 0;
  return fail(none ? 'There is neither a multi-region trail nor a CloudTrail Lake event data store.' : `Nothing keeps API activity past ${HISTORY_DAYS} days.`, evidence);
}

function judgeStore({ region, store }: StoreInRegion): Evidence {
  const problems: string[] = [];
  if (store.Status !== 'ENABLED') problems.push(`status ${store.Status ?? 'unknown'}`);
  if ((store.RetentionPeriod ?? 0) <= HISTORY_DAYS) problems.push(`retention ${store.RetentionPeriod ?? 'unknown'} days`);
  if (store.MultiRegionEnabled !== true) problems.push('collects one region only');
  if (!coversReadAndWrite(managementCoverage({ AdvancedEventSelectors: store.AdvancedEventSelectors }))) problems.push('does not collect read and write management events');
  const text = problems.length ? `Event data store ${store.Name}: ${problems.join(', ')}` : `Event data store ${store.Name}: keeps events ${store.RetentionPeriod} days`;
  return { text, status: problems.length ? 'fail' : 'pass', region, resource: store.EventDataStoreArn };
}
