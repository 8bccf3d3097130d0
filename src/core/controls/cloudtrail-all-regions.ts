import type { Trail } from '@aws-sdk/client-cloudtrail';
import { type AccountCheck, type CheckContext, type ControlStatus, type Evidence, type Outcome, fail, pass, unknown, worstStatus } from './check';
import { seen } from './support/aws';
import { coversReadAndWrite, describeCoverage, managementCoverage } from './support/selectors';
import { trailEvidence, trailSelectors, trailStatus, trailsSeenFrom } from './support/trails';

/** One multi-region trail's verdict: it records every region's management activity, or why not. */
interface TrailVerdict {
  readonly trail: Trail;
  /** The worst of its evidence lines: one failing line fails the trail, an unreadable one leaves it unknown. */
  readonly status: ControlStatus | undefined;
  readonly evidence: readonly Evidence[];
}

export const cloudtrailAllRegions: AccountCheck = {
  id: 'cloudtrail-all-regions',
  scope: 'account',
  title: 'A multi-region CloudTrail trail logs read and write management events',
  controls: ['ACCT-001'],
  rationale:
    'The SOP has CloudTrail record API activity in all regions, read and write, so that activity in a region nobody watches is still on record.',
  calls: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
  decides:
    'Passes when a multi-region trail (an organization trail counts) is logging and its event selectors log read and write management events; a trail without selectors logs all of them.',
  remediation:
    'In CloudTrail, create or edit a trail with "Apply trail to all regions" on, management events Read and Write, and start logging (aws cloudtrail update-trail --is-multi-region-trail; aws cloudtrail start-logging).',
  async run(ctx) {
    const trails = await trailsSeenFrom(ctx);
    const multiRegion = trails.filter((t) => t.IsMultiRegionTrail === true);
    if (multiRegion.length === 0) {
      const others = trails.map((t) => trailEvidence(t, `applies to ${t.HomeRegion ?? 'its home region'} only`, 'fail'));
      return fail(trails.length ? 'No trail applies to all regions; every trail logs one region only.' : `No multi-region trail: none is visible from ${ctx.homeRegion}, where every multi-region trail appears (single-region trails elsewhere are not).`, others);
    }
    const verdicts = await Promise.all(multiRegion.map((t) => judgeTrail(ctx, t)));
    return outcomeOf(verdicts);
  },
};

async function judgeTrail(ctx: CheckContext, trail: Trail): Promise<TrailVerdict> {
  const [status, selectors] = await Promise.all([seen(trailStatus(ctx, trail)), seen(trailSelectors(ctx, trail))]);
  const evidence: Evidence[] = [];
  if (!status.ok) evidence.push(trailEvidence(trail, `logging status unknown: ${status.reason}`, 'unknown'));
  else if (status.value.IsLogging !== true) evidence.push(trailEvidence(trail, 'is not logging (stopped)', 'fail'));
  else evidence.push(trailEvidence(trail, 'is logging in all regions', 'pass'));
  if (!selectors.ok) {
    evidence.push(trailEvidence(trail, `event selectors unknown: ${selectors.reason}`, 'unknown'));
  } else {
    const coverage = managementCoverage(selectors.value);
    const notes = coverage.notes.length ? ` (${coverage.notes.join('; ')})` : '';
    evidence.push(trailEvidence(trail, `management events logged: ${describeCoverage(coverage)}${notes}`, coversReadAndWrite(coverage) ? 'pass' : 'fail'));
  }
  return { trail, status: worstStatus(evidence.map((e) => e.status ?? 'pass')), evidence };
}

function outcomeOf(verdicts: readonly TrailVerdict[]): Outcome {
  const evidence = verdicts.flatMap((v) => v.evidence);
  const good = verdicts.filter((v) => v.status === 'pass');
  if (good.length > 0) {
    return pass(`${good.map((v) => v.trail.Name).join(', ')} logs read and write management events in every region.`, evidence);
  }
  if (verdicts.some((v) => v.status === 'unknown')) {
    return unknown('Could not read the status or event selectors of a multi-region trail, and none was seen to log read and write management events.', evidence);
  }
  return fail('No multi-region trail is logging both read and write management events.', evidence);
}
