import * as assert from 'node:assert/strict';
import { cloudtrailDynamodbDataEvents } from '../../../src/core/controls/cloudtrail-dynamodb-data-events';
import { HOME, RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';
import { trail, trailArn, withTrails } from './support/trails';

const ALL_TABLES = { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::DynamoDB::Table', Values: ['arn:aws:dynamodb'] }] }] };

function tables(api: RecordedApi, region: string, names: string[]): RecordedApi {
  return api.on('dynamodb', region, 'ListTables', { TableNames: names }, {});
}

describe('cloudtrail-dynamodb-data-events', () => {
  it('passes without tables, without asking CloudTrail', async () => {
    const api = tables(new RecordedApi(), HOME, []);
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.deepEqual(outcome.evidence.map((e) => e.text), ['No tables']);
    assert.equal(api.count('DescribeTrails'), 0);
  });

  it('passes tables covered by a multi-region trail with a classic data selector, in every region', async () => {
    const api = tables(tables(withTrails(new RecordedApi(), [trail('main')], { selectors: ALL_TABLES }), HOME, ['orders']), 'eu-west-1', ['users']);
    api.on('cloudtrail', 'eu-west-1', 'DescribeTrails', { trailList: [trail('main')] }, { includeShadowTrails: true });
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(api, { regions: [HOME, 'eu-west-1'] }));
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.equal(outcome.reason, 'Data events of all 2 tables are logged.');
    assert.equal(api.count('GetEventSelectors'), 1);
  });

  it('is unknown when the tables of one region cannot be listed, though every table listed elsewhere is logged', async () => {
    const api = tables(withTrails(new RecordedApi(), [trail('main')], { selectors: ALL_TABLES }), HOME, ['orders']);
    api.denies('dynamodb', 'eu-west-1', 'ListTables');
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(api, { regions: [HOME, 'eu-west-1'] }));
    assert.equal(outcome.status, 'unknown', outcome.reason);
    assert.equal(outcome.reason, 'The 1 tables listed have their data events logged, but the tables of eu-west-1 could not be listed.');
    assert.deepEqual(evidenceWith(outcome, 'unknown'), ['Could not list tables (dynamodb:ListTables in eu-west-1 failed (AccessDenied))']);
  });

  it('follows pagination of ListTables', async () => {
    const api = withTrails(new RecordedApi(), [trail('main')]);
    api.on('dynamodb', HOME, 'ListTables', { TableNames: ['a'], LastEvaluatedTableName: 'a' }, {});
    api.on('dynamodb', HOME, 'ListTables', { TableNames: ['b'] }, { ExclusiveStartTableName: 'a' });
    api.on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [] }, {});
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['Table a: data events not logged', 'Table b: data events not logged']);
  });

  it('passes advanced selectors for DynamoDB tables and fails ones that log reads only', async () => {
    const advanced = (extra: object[]) => ({
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }, ...extra] }],
    });
    const both = tables(withTrails(new RecordedApi(), [trail('main')], { selectors: advanced([]) }), HOME, ['orders']);
    assert.equal((await decide(cloudtrailDynamodbDataEvents, contextFor(both))).status, 'pass');
    const readsOnly = tables(withTrails(new RecordedApi(), [trail('main')], { selectors: advanced([{ Field: 'readOnly', Equals: ['true'] }]) }), HOME, ['orders']);
    readsOnly.on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [] }, {});
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(readsOnly));
    assert.equal(outcome.status, 'fail');
    assert.equal(outcome.reason, '1 of 1 tables have no DynamoDB data events logged.');
    assert.equal(outcome.evidence.find((e) => e.status === 'fail')?.resource, 'arn:aws:dynamodb:us-east-1:111111111111:table/orders');
  });

  it('counts a selector naming some tables only for those tables', async () => {
    const some = { EventSelectors: [{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::DynamoDB::Table', Values: ['arn:aws:dynamodb:us-east-1:111111111111:table/orders'] }] }] };
    const api = tables(withTrails(new RecordedApi(), [trail('main')], { selectors: some }), HOME, ['orders', 'audit']);
    api.on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [] }, {});
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['Table audit: data events not logged']);
  });

  it('passes tables covered by an enabled multi-region CloudTrail Lake store', async () => {
    const arn = 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/ddb';
    const api = tables(withTrails(new RecordedApi(), [trail('main')]), HOME, ['orders']);
    api.on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [{ EventDataStoreArn: arn }] }, {});
    api.on('cloudtrail', HOME, 'GetEventDataStore', {
      EventDataStoreArn: arn, Name: 'ddb', Status: 'ENABLED', MultiRegionEnabled: true, RetentionPeriod: 365,
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }] }],
    }, { EventDataStore: arn });
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(api));
    assert.equal(outcome.status, 'pass', outcome.reason);
  });

  it('does not count a trail that is not logging, nor a single-region trail of another region', async () => {
    const other = trail('eu', { IsMultiRegionTrail: false, HomeRegion: 'eu-west-1' });
    const api = tables(withTrails(new RecordedApi(), [trail('main'), other], { selectors: ALL_TABLES }), HOME, ['orders']);
    api.on('cloudtrail', HOME, 'GetTrailStatus', { IsLogging: false }, { Name: trailArn('main') });
    api.on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [] }, {});
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.ok(!api.calls.some((c) => c.region === 'eu-west-1'), 'the eu-west-1 trail does not apply to us-east-1 tables');
  });

  it('is unknown when the trail selectors are denied and nothing else covers the tables', async () => {
    const api = tables(withTrails(new RecordedApi(), [trail('main')]), HOME, ['orders']);
    api.denies('cloudtrail', HOME, 'GetEventSelectors', { TrailName: trailArn('main') });
    api.on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [] }, {});
    const outcome = await decide(cloudtrailDynamodbDataEvents, contextFor(api));
    assert.equal(outcome.status, 'unknown');
    assert.match(evidenceWith(outcome, 'unknown')[0], /could not be read/);
  });
});
