import type { Trail } from '@aws-sdk/client-cloudtrail';
import { type AccountCheck, type CheckContext, type Evidence, fail, pass, unknown } from './check';
import { capped, isDenied, seen } from './support/aws';
import { eventDataStores } from './support/event-data-stores';
import { type Selectors, coversReadAndWrite, dataCoverage } from './support/selectors';
import { tableArn, tableNames } from './support/tables';
import { homeRegionOf, trailEvidence, trailSelectors, trailStatus, trailsSeenFrom } from './support/trails';

const TABLE = 'AWS::DynamoDB::Table';

/** A source of logs that may cover a table: a logging trail or an enabled event data store, with the regions it applies to. */
interface Recorder {
  readonly name: string;
  /** undefined = every region. */
  readonly region?: string;
  readonly selectors: Selectors;
}

interface Table {
  readonly region: string;
  readonly name: string;
  readonly arn: string;
}

export const cloudtrailDynamodbDataEvents: AccountCheck = {
  id: 'cloudtrail-dynamodb-data-events',
  scope: 'account',
  acrossRegions: true,
  title: 'CloudTrail logs DynamoDB data events for the account\'s tables',
  controls: ['SEC-MON'],
  rationale:
    'The security guide asks for DynamoDB data plane logging: without data event selectors CloudTrail records only calls such as CreateTable, not who read, wrote or deleted items.',
  calls: ['dynamodb:ListTables', 'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudtrail:ListEventDataStores', 'cloudtrail:GetEventDataStore'],
  decides:
    'Passes when every DynamoDB table in the checked regions has its read and write data events logged by a logging trail that applies to its region (classic or advanced selectors) or by an enabled CloudTrail Lake event data store; an account without tables passes. A region whose tables cannot be listed leaves it undecided.',
  remediation:
    'Add a data event selector for DynamoDB to the multi-region trail: classic DataResources { Type: AWS::DynamoDB::Table, Values: [arn:aws:dynamodb] }, or an advanced selector with eventCategory = Data and resources.type = AWS::DynamoDB::Table (aws cloudtrail put-event-selectors).',
  async run(ctx) {
    const regions = ctx.regions.length ? ctx.regions : [ctx.homeRegion];
    const listed = await Promise.all(regions.map(async (region) => ({ region, names: await seen(tableNames(ctx, region)) })));
    const unlisted: Evidence[] = listed.filter((l) => !l.names.ok).map((l) => ({ text: `Could not list tables (${l.names.ok ? '' : l.names.reason})`, status: 'unknown', region: l.region }));
    const tables: Table[] = listed.flatMap((l) => (l.names.ok ? l.names.value.map((name) => ({ region: l.region, name, arn: tableArn(l.region, ctx.api.accountId, name) })) : []));
    if (tables.length === 0) {
      return unlisted.length ? unknown('Could not list the tables of every region.', unlisted) : pass('The account has no DynamoDB tables in the checked regions.', [{ text: 'No tables' }]);
    }

    const fromTrails = await trailRecorders(ctx, [...new Set(tables.map((t) => t.region))]);
    let evidence: Evidence[] = [...unlisted, ...fromTrails.evidence];
    let uncovered = tables.filter((t) => !coveredBy(t, fromTrails.recorders));
    let undecided = fromTrails.undecided || unlisted.length > 0;

    if (uncovered.length > 0) {
      try {
        const stores = (await eventDataStores(ctx)).filter((s) => s.store.Status === 'ENABLED');
        const recorders = stores.map((s) => ({ name: `event data store ${s.store.Name}`, region: s.store.MultiRegionEnabled ? undefined : s.region, selectors: { AdvancedEventSelectors: s.store.AdvancedEventSelectors } }));
        evidence = [...evidence, ...recorders.map((r) => ({ text: `${r.name}: enabled${r.region ? ` in ${r.region} only` : ' in all regions'}` }))];
        uncovered = uncovered.filter((t) => !coveredBy(t, recorders));
      } catch (error) {
        if (!isDenied(error)) throw error;
        undecided = true;
        evidence.push({ text: `CloudTrail Lake could not be read (${error.message})`, status: 'unknown' });
      }
    }

    const tableLines = capped(uncovered, 20, (t): Evidence => ({ text: `Table ${t.name}: data events not logged`, status: 'fail', region: t.region, resource: t.arn }), (n) => `... and ${n} more tables`);
    evidence = [...evidence, ...tableLines];
    if (uncovered.length > 0 && !undecided) return fail(`${uncovered.length} of ${tables.length} tables have no DynamoDB data events logged.`, evidence);
    if (uncovered.length > 0) return unknown(`${uncovered.length} of ${tables.length} tables were not seen to have data events logged, but a trail or region could not be read.`, evidence);
    // Tables in a region that could not be listed may be unlogged, whatever the listed ones show.
    if (unlisted.length > 0) return unknown(`The ${tables.length} tables listed have their data events logged, but the tables of ${unlisted.map((e) => e.region).join(', ')} could not be listed.`, evidence);
    return pass(`Data events of all ${tables.length} tables are logged.`, [...evidence, { text: `${tables.length} tables, all logged`, status: 'pass' }]);
  },
};

function coveredBy(table: Table, recorders: readonly Recorder[]): boolean {
  return recorders.some((r) => (r.region === undefined || r.region === table.region) && coversReadAndWrite(dataCoverage(r.selectors, TABLE, table.arn)));
}

/** The logging trails that apply to the regions with tables: multi-region ones, and each region's own trails. */
async function trailRecorders(ctx: CheckContext, regions: readonly string[]): Promise<{ recorders: Recorder[]; evidence: Evidence[]; undecided: boolean }> {
  const seenTrails = await Promise.all(regions.map((region) => trailsSeenFrom(ctx, region)));
  const byArn = new Map<string, Trail>();
  for (const trail of seenTrails.flat()) {
    const applies = trail.IsMultiRegionTrail === true || regions.includes(homeRegionOf(trail, ctx.homeRegion));
    if (applies) byArn.set(trail.TrailARN ?? trail.Name ?? '', trail);
  }
  const recorders: Recorder[] = [];
  const evidence: Evidence[] = [];
  let undecided = false;
  for (const trail of byArn.values()) {
    const [status, selectors] = await Promise.all([seen(trailStatus(ctx, trail)), seen(trailSelectors(ctx, trail))]);
    if (!status.ok || !selectors.ok) {
      undecided = true;
      evidence.push(trailEvidence(trail, `could not be read (${!status.ok ? status.reason : !selectors.ok ? selectors.reason : ''})`, 'unknown'));
      continue;
    }
    if (status.value.IsLogging !== true) {
      evidence.push(trailEvidence(trail, 'is not logging'));
      continue;
    }
    const region = trail.IsMultiRegionTrail ? undefined : homeRegionOf(trail, ctx.homeRegion);
    recorders.push({ name: trail.Name ?? '', region, selectors: selectors.value });
    const logsAll = coversReadAndWrite(dataCoverage(selectors.value, TABLE, tableArn(region ?? ctx.homeRegion, ctx.api.accountId, '*')));
    evidence.push(trailEvidence(trail, `logging${region ? ` in ${region}` : ' in all regions'}; DynamoDB data events ${logsAll ? 'of all tables' : 'not logged for every table'}`));
  }
  return { recorders, evidence, undecided };
}
