/**
 * The account's CloudTrail trails as every trail check sees them. The calls are built here once so
 * their inputs are identical across checks and a run makes each of them once:
 * - `DescribeTrails` with shadow trails in the home region: multi-region trails (and organization
 *   trails) homed elsewhere appear there too, so one call finds them; copies are merged by ARN.
 * - `GetTrailStatus` and `GetEventSelectors` in the trail's own home region, by ARN (CloudTrail answers
 *   them only there).
 */
import type { DescribeTrailsCommandOutput, GetEventSelectorsCommandOutput, GetTrailStatusCommandOutput, Trail } from '@aws-sdk/client-cloudtrail';
import type { CheckContext, Evidence } from '../check';
import type { Selectors } from './selectors';

/** Every trail visible from `region` (default: the home region), each once. */
export async function trailsSeenFrom(ctx: CheckContext, region: string = ctx.homeRegion): Promise<Trail[]> {
  const output = await ctx.api.call<DescribeTrailsCommandOutput>('cloudtrail', region, 'DescribeTrails', { includeShadowTrails: true });
  const byArn = new Map<string, Trail>();
  for (const trail of output.trailList ?? []) {
    const key = trail.TrailARN ?? `${trail.HomeRegion}/${trail.Name}`;
    if (!byArn.has(key)) byArn.set(key, trail);
  }
  return [...byArn.values()];
}

/** The trails that apply to every region (an organization trail is one when it is multi-region). */
export async function multiRegionTrails(ctx: CheckContext): Promise<Trail[]> {
  return (await trailsSeenFrom(ctx)).filter((t) => t.IsMultiRegionTrail === true);
}

/** The region the trail lives in, where its status and selectors must be read. */
export function homeRegionOf(trail: Trail, fallback: string): string {
  return trail.HomeRegion ?? trail.TrailARN?.split(':')[3] ?? fallback;
}

/** How the trail is named in evidence. */
function trailLabel(trail: Trail): string {
  const org = trail.IsOrganizationTrail ? 'organization trail' : 'trail';
  return `${org} ${trail.Name ?? trail.TrailARN ?? '(unnamed)'}`;
}

export function trailEvidence(trail: Trail, text: string, status?: Evidence['status']): Evidence {
  return { text: `${trailLabel(trail)}: ${text}`, resource: trail.TrailARN ?? trail.Name, ...(status ? { status } : {}) };
}

export async function trailStatus(ctx: CheckContext, trail: Trail): Promise<GetTrailStatusCommandOutput> {
  return ctx.api.call<GetTrailStatusCommandOutput>('cloudtrail', homeRegionOf(trail, ctx.homeRegion), 'GetTrailStatus', { Name: trail.TrailARN ?? trail.Name });
}

export async function trailSelectors(ctx: CheckContext, trail: Trail): Promise<Selectors> {
  const output = await ctx.api.call<GetEventSelectorsCommandOutput>('cloudtrail', homeRegionOf(trail, ctx.homeRegion), 'GetEventSelectors', {
    TrailName: trail.TrailARN ?? trail.Name,
  });
  return { EventSelectors: output.EventSelectors, AdvancedEventSelectors: output.AdvancedEventSelectors };
}
