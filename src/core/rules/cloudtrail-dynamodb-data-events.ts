import { appendItem } from '../fix/edits';
import { type Lookup, anchorOfAbsent, asBoolean } from '../template/evaluate';
import type { Resource } from '../template/model';
import { type Fix, type RuleContext, defineRule } from './rule';
import { insertMissingFix } from './support/fixes';
import { type Verdict, advancedSelectorsLogData, eventSelectorsLogData } from './support/cloudtrail';

const TABLE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable'];
const DDB = 'AWS::DynamoDB::Table';
/** The DynamoDB prefix of a basic data resource: every table of the account. */
const ALL_TABLES = 'arn:aws:dynamodb';
/** CloudTrail allows up to five basic event selectors on a trail. */
const MAX_EVENT_SELECTORS = 5;

type Selectors = 'EventSelectors' | 'AdvancedEventSelectors';

export const cloudtrailDynamodbDataEvents = defineRule({
  id: 'cloudtrail-dynamodb-data-events',
  control: 'SEC-MON',
  title: 'CloudTrail logs DynamoDB data events when the template has tables',
  severity: 'warning',
  rationale:
    'The security guide asks for DynamoDB data plane logging. Without data event selectors a trail records only management calls such as CreateTable, not who read, wrote or deleted items in the tables.',
  remedy:
    'Add a data event selector for DynamoDB tables to the trail: in `EventSelectors` a `DataResources` entry `{ Type: AWS::DynamoDB::Table, Values: [arn:aws:dynamodb] }` (or the ARNs of the tables), or in `AdvancedEventSelectors` a selector with `eventCategory` Equals `Data` and `resources.type` Equals `AWS::DynamoDB::Table`. A CloudTrail Lake event data store in the template that logs them also satisfies the rule.',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-eventselectors',
  checkResource(trail, ctx) {
    const tables = ctx.resourcesOfType(...TABLE_TYPES);
    // No tables: nothing to log. Tables but no trail: the account's trail may live elsewhere.
    if (tables.length === 0 || eventDataStoreLogsTables(ctx)) return;
    const names = tables.map((t) => t.logicalId);
    const detail = `the template defines table${names.length > 1 ? 's' : ''} ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}`;
    const message = `CloudTrail trail does not log DynamoDB data events (${detail})`;
    const basic = ctx.property(trail, 'EventSelectors');
    const advanced = ctx.property(trail, 'AdvancedEventSelectors');
    const absent = (lookups: Lookup[]): boolean => lookups.every((l) => l.kind === 'absent');
    if (absent(basic) && absent(advanced)) {
      const at = basic[0] as Extract<Lookup, { kind: 'absent' }>;
      // The selector keeps the management events a trail without selectors logs (its defaults: All, included).
      const fix = insertMissingFix(ctx, at, [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: DDB, Values: [ALL_TABLES] }] }], 'Add an event selector for DynamoDB data events');
      ctx.report({ resource: trail, at: anchorOfAbsent(trail, at), path: ['Properties'], message, fix });
      return;
    }
    for (const [key, lookups] of [['EventSelectors', basic], ['AdvancedEventSelectors', advanced]] as const) {
      if (absent(lookups)) continue;
      const path = ['Properties', key];
      for (const found of lookups) {
        let verdict: Verdict;
        if (found.kind === 'absent') verdict = { kind: 'no' };
        else if (found.kind === 'unknown') verdict = { kind: 'unknown', node: found.node, reason: found.reason };
        else verdict = key === 'EventSelectors' ? eventSelectorsLogData(ctx, found.node, DDB) : advancedSelectorsLogData(ctx, found.node, DDB);
        if (verdict.kind === 'unknown') {
          ctx.report({ resource: trail, at: verdict.node, path, undecided: true, message: `Cannot decide whether the trail logs DynamoDB data events: ${verdict.reason}.` });
        } else if (verdict.kind === 'no') {
          const at = found.kind === 'absent' ? anchorOfAbsent(trail, found) : found.kind === 'found' && found.entry ? found.entry.keyRange : found.node;
          ctx.report({ resource: trail, at, path, message, fix: found.kind === 'found' ? () => appendFix(ctx, key, found) : undefined });
        }
      }
    }
  },
});

function appendFix(ctx: RuleContext, key: Selectors, found: Extract<Lookup, { kind: 'found' }>): Fix | undefined {
  const list = found.node;
  if (list.kind !== 'seq') return undefined;
  if (key === 'EventSelectors') {
    if (list.items.length >= MAX_EVENT_SELECTORS) return undefined;
    // Management events stay with the existing selectors.
    const edit = appendItem(ctx.template, list, { ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: DDB, Values: [ALL_TABLES] }] });
    return edit && { title: 'Add an event selector for DynamoDB data events', edits: [edit] };
  }
  const edit = appendItem(ctx.template, list, {
    Name: 'DynamoDB data events',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: [DDB] },
    ],
  });
  return edit && { title: 'Add an advanced event selector for DynamoDB data events', edits: [edit] };
}

/** A CloudTrail Lake event data store of the template, ingesting, that logs DynamoDB data events. */
function eventDataStoreLogsTables(ctx: RuleContext): boolean {
  return ctx.resourcesOfType('AWS::CloudTrail::EventDataStore').some(
    (store: Resource) =>
      ctx.scalars(store, 'IngestionEnabled').every((o) => o.kind === 'absent' || (o.kind === 'known' && asBoolean(o.value) !== false)) &&
      ctx.property(store, 'AdvancedEventSelectors').every((found) => found.kind === 'found' && advancedSelectorsLogData(ctx, found.node, DDB).kind === 'yes'),
  );
}
