import type { Event, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { AwsAccessError } from '../aws/errors';
import { type AccountCheck, type CheckContext, type Evidence, fail, pass, unknown } from './check';
import { capped, partitionOf, withToken } from './support/aws';
import { type RootEvent, permittedTask } from './support/root-tasks';

const DAYS = 90;
/** LookupEvents returns at most 50 events a page and allows 2 calls a second: stop after this many pages per region. */
const MAX_PAGES = 20;
const SHOWN = 25;

interface RootActivity extends RootEvent {
  readonly id: string;
  readonly time: string;
  readonly region: string;
  readonly sourceIp?: string;
}

/** What one region's event history said. */
type RegionHistory =
  | { readonly region: string; readonly kind: 'read'; readonly events: readonly RootActivity[]; readonly truncated: boolean }
  | { readonly region: string; readonly kind: 'unreadable'; readonly reason: string };

export const rootUsage: AccountCheck = {
  id: 'root-usage',
  scope: 'account',
  acrossRegions: true,
  title: 'The root user was used only for the SOP\'s permitted tasks',
  controls: ['ACCT-001'],
  rationale:
    'The SOP keeps the root user for tasks that need it: billing, AWS Organizations, the root user\'s own security settings, and rare root-only tasks. Everyday work as root leaves no individual accountable and bypasses every IAM guard rail.',
  calls: ['cloudtrail:LookupEvents'],
  decides: `Reads ${DAYS} days of CloudTrail event history for the root user (userIdentity.type Root) in the home region, us-east-1 (where global services record) and the checked regions; any event outside billing, Organizations, root security settings, support plans and console sign-in fails, with the events as evidence.`,
  remediation:
    'Find out who used the root user and why (the events name the source IP and time); do that work with an IAM role instead, rotate the root password and make sure root has MFA.',
  async run(ctx) {
    const histories = await Promise.all(regionsToSearch(ctx).map((region) => readHistory(ctx, region)));
    const events = dedupe(histories.flatMap((h) => (h.kind === 'read' ? h.events : [])));
    const outside = events.filter((e) => !permittedTask(e));
    const notes = historyNotes(histories);
    const permitted = summarisePermitted(events.filter((e) => permittedTask(e)));
    if (outside.length > 0) {
      const lines = capped(outside, SHOWN, eventEvidence, (n) => `... and ${n} more root events outside the permitted tasks`);
      return fail(`The root user made ${outside.length} call${outside.length > 1 ? 's' : ''} outside the permitted tasks in the last ${DAYS} days.`, [...lines, ...permitted, ...notes]);
    }
    const incomplete = histories.filter((h) => h.kind === 'unreadable' || h.truncated);
    if (incomplete.length > 0) return unknown(`No disallowed root activity seen, but the history of ${incomplete.map((h) => h.region).join(', ')} could not be read in full.`, [...permitted, ...notes]);
    const searched = histories.map((h) => h.region).join(', ');
    return pass(events.length ? `The root user was used only for permitted tasks in the last ${DAYS} days.` : `No root activity in the last ${DAYS} days.`, [...permitted, { text: `Searched ${searched}` }]);
  },
};

function regionsToSearch(ctx: CheckContext): string[] {
  // Global services (IAM, Organizations, sign-in, billing) record their events in us-east-1.
  const global = partitionOf(ctx.homeRegion) === 'aws' ? ['us-east-1'] : [];
  return [...new Set([ctx.homeRegion, ...global, ...ctx.regions])];
}

async function readHistory(ctx: CheckContext, region: string): Promise<RegionHistory> {
  const input = {
    LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }],
    StartTime: new Date(ctx.now.getTime() - DAYS * 24 * 3600 * 1000),
    EndTime: ctx.now,
  };
  const events: RootActivity[] = [];
  let token: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const output = await ctx.api.call<LookupEventsCommandOutput>('cloudtrail', region, 'LookupEvents', withToken(input, 'NextToken', token));
      events.push(...(output.Events ?? []).map((e) => rootActivity(e, region)).filter((e): e is RootActivity => e !== undefined));
      token = output.NextToken;
      if (!token) return { region, kind: 'read', events, truncated: false };
    }
    return { region, kind: 'read', events, truncated: true };
  } catch (error) {
    if (error instanceof AwsAccessError && (error.kind === 'access-denied' || error.kind === 'region-disabled')) {
      return { region, kind: 'unreadable', reason: error.message };
    }
    throw error;
  }
}

/** The event as root activity; undefined for an IAM user that happens to be named `root`. */
function rootActivity(e: Event, region: string): RootActivity | undefined {
  let record: Record<string, unknown> = {};
  try {
    record = JSON.parse(e.CloudTrailEvent ?? '{}') as Record<string, unknown>;
  } catch {
    // An unparsable record cannot show the caller was root; the lookup attribute alone is not enough.
    return undefined;
  }
  const identity = record.userIdentity as { type?: string } | undefined;
  if (identity?.type !== 'Root') return undefined;
  return {
    id: e.EventId ?? (typeof record.eventID === 'string' ? record.eventID : ''),
    time: (record.eventTime as string | undefined) ?? e.EventTime?.toISOString() ?? '',
    region: (record.awsRegion as string | undefined) ?? region,
    eventSource: (record.eventSource as string | undefined) ?? e.EventSource ?? '',
    eventName: (record.eventName as string | undefined) ?? e.EventName ?? '',
    readOnly: record.readOnly === true || record.readOnly === 'true' || e.ReadOnly === 'true',
    requestParameters: (record.requestParameters as Record<string, unknown> | null | undefined) ?? null,
    sourceIp: record.sourceIPAddress as string | undefined,
  };
}

function dedupe(events: readonly RootActivity[]): RootActivity[] {
  const byId = new Map<string, RootActivity>();
  for (const e of events) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.time.localeCompare(a.time));
}

function eventEvidence(e: RootActivity): Evidence {
  const from = e.sourceIp ? ` from ${e.sourceIp}` : '';
  return { text: `${e.time} ${e.eventSource} ${e.eventName}${from}`, status: 'fail', region: e.region, resource: e.id };
}

function summarisePermitted(events: readonly RootActivity[]): Evidence[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    const task = permittedTask(e)!;
    counts.set(task, (counts.get(task) ?? 0) + 1);
  }
  return [...counts].map(([task, n]) => ({ text: `${n} permitted root event${n > 1 ? 's' : ''}: ${task}`, status: 'pass' }));
}

function historyNotes(histories: readonly RegionHistory[]): Evidence[] {
  return histories.flatMap((h): Evidence[] => {
    if (h.kind === 'unreadable') return [{ text: `Event history not read: ${h.reason}`, status: 'unknown', region: h.region }];
    if (h.truncated) return [{ text: `Only the latest ${MAX_PAGES * 50} events were read`, status: 'unknown', region: h.region }];
    return [];
  });
}
