import * as assert from 'node:assert/strict';
import { cloudtrailRetention } from '../../../src/core/controls/cloudtrail-retention';
import { HOME, RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';
import { trail, withTrails } from './support/trails';

const BUCKET = 'acme-trail-logs';

function withLifecycle(api: RecordedApi, rules: object[] | 'none'): RecordedApi {
  api.on('s3', HOME, 'GetBucketLocation', { LocationConstraint: null }, { Bucket: BUCKET });
  return rules === 'none'
    ? api.fails('s3', HOME, 'GetBucketLifecycleConfiguration', 'NoSuchLifecycleConfiguration', 'service', { Bucket: BUCKET })
    : api.on('s3', HOME, 'GetBucketLifecycleConfiguration', { Rules: rules }, { Bucket: BUCKET });
}

const STORE_ARN = 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/abc';

function withStore(api: RecordedApi, store: object): RecordedApi {
  return api
    .on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [{ EventDataStoreArn: STORE_ARN, Name: 'lake' }] }, {})
    .on('cloudtrail', HOME, 'GetEventDataStore', { EventDataStoreArn: STORE_ARN, Name: 'lake', Status: 'ENABLED', MultiRegionEnabled: true, RetentionPeriod: 2557, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }], ...store }, { EventDataStore: STORE_ARN });
}

describe('cloudtrail-retention', () => {
  it('passes a logging multi-region trail whose bucket never expires its logs, without asking CloudTrail Lake', async () => {
    const api = withLifecycle(withTrails(new RecordedApi(), [trail('main')]), 'none');
    const outcome = await decide(cloudtrailRetention, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.deepEqual(evidenceWith(outcome, 'pass'), [`trail main: bucket ${BUCKET} keeps its logs past 90 days (no earlier expiration)`]);
    assert.equal(api.count('ListEventDataStores'), 0);
  });

  it('passes an expiration after 365 days and one on a prefix other than the logs', async () => {
    const rules = [
      { ID: 'year', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 } },
      { ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } },
    ];
    const outcome = await decide(cloudtrailRetention, contextFor(withLifecycle(withTrails(new RecordedApi(), [trail('main')]), rules)));
    assert.equal(outcome.status, 'pass');
  });

  it('fails a bucket that expires the logs at 90 days, under the trail\'s own key prefix', async () => {
    const rules = [{ ID: 'short', Status: 'Enabled', Filter: { Prefix: 'ct/AWSLogs/' }, Expiration: { Days: 90 } }];
    const api = withStore(withLifecycle(withTrails(new RecordedApi(), [trail('main', { S3KeyPrefix: 'ct' })]), rules), { RetentionPeriod: 30 });
    const outcome = await decide(cloudtrailRetention, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), [`trail main: bucket ${BUCKET} deletes its logs early: rule short expires logs after 90 days`, 'Event data store lake: retention 30 days']);
  });

  it('passes on a CloudTrail Lake event data store when no trail keeps logs long enough', async () => {
    const rules = [{ ID: 'short', Status: 'Enabled', Prefix: 'AWSLogs/', Expiration: { Days: 30 } }];
    const api = withStore(withLifecycle(withTrails(new RecordedApi(), [trail('main')]), rules), {});
    const outcome = await decide(cloudtrailRetention, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.match(outcome.reason, /CloudTrail Lake event data store/);
    assert.deepEqual(evidenceWith(outcome, 'pass'), ['Event data store lake: keeps events 2557 days']);
  });

  it('fails a stopped trail and a single-region store without management events', async () => {
    const api = withStore(withTrails(new RecordedApi(), [trail('main')], { logging: false }), {
      MultiRegionEnabled: false,
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }],
    });
    const outcome = await decide(cloudtrailRetention, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['trail main: is not logging', 'Event data store lake: collects one region only, does not collect read and write management events']);
  });

  it('is unknown when the trail bucket cannot be read and Lake has nothing', async () => {
    const api = withTrails(new RecordedApi(), [trail('main')]).denies('s3', HOME, 'GetBucketLocation', { Bucket: BUCKET }).on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [] }, {});
    const outcome = await decide(cloudtrailRetention, contextFor(api));
    assert.equal(outcome.status, 'unknown');
    assert.match(evidenceWith(outcome, 'unknown')[0], /could not read the lifecycle of bucket acme-trail-logs/);
  });

  it('is unknown when no trail qualifies and CloudTrail Lake is denied', async () => {
    const api = withTrails(new RecordedApi(), []).denies('cloudtrail', HOME, 'ListEventDataStores');
    const outcome = await decide(cloudtrailRetention, contextFor(api));
    assert.equal(outcome.status, 'unknown');
    assert.match(outcome.reason, /CloudTrail Lake could not be read/);
  });

  it('fails an account with neither trail nor event data store', async () => {
    const api = withTrails(new RecordedApi(), []).on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [] }, {});
    const outcome = await decide(cloudtrailRetention, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.equal(outcome.reason, 'There is neither a multi-region trail nor a CloudTrail Lake event data store.');
  });
});
