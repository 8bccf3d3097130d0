import * as assert from 'node:assert/strict';
import { cloudtrailAllRegions } from '../../../src/core/controls/cloudtrail-all-regions';
import { cloudtrailLogEncryption } from '../../../src/core/controls/cloudtrail-log-encryption';
import { HOME, RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';
import { trail, trailArn, withTrails } from './support/trails';

describe('cloudtrail-all-regions', () => {
  it('passes a logging multi-region trail whose selectors log read and write management events', async () => {
    const api = withTrails(new RecordedApi(), [trail('main')]);
    const outcome = await decide(cloudtrailAllRegions, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.match(outcome.reason, /main logs read and write management events/);
    assert.deepEqual(evidenceWith(outcome, 'pass'), ['trail main: is logging in all regions', 'trail main: management events logged: read and write']);
    assert.equal(outcome.evidence[0].resource, trailArn('main'));
  });

  it('passes a trail without any event selectors: AWS logs all management events then', async () => {
    const api = withTrails(new RecordedApi(), [trail('main')], { selectors: { TrailARN: trailArn('main') } });
    const outcome = await decide(cloudtrailAllRegions, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.match(evidenceWith(outcome, 'pass')[1], /no event selectors: CloudTrail logs all management events/);
  });

  it('reads a shadow trail (homed in another region) once, in its home region with its ARN', async () => {
    const shadow = trail('org', { HomeRegion: 'eu-west-1', IsOrganizationTrail: true, TrailARN: trailArn('org', 'eu-west-1', '999999999999') });
    const api = withTrails(new RecordedApi(), [shadow, shadow]);
    const outcome = await decide(cloudtrailAllRegions, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.equal(api.count('GetTrailStatus'), 1);
    assert.deepEqual(
      api.calls.filter((c) => c.operation !== 'DescribeTrails').map((c) => [c.region, c.operation]),
      [['eu-west-1', 'GetTrailStatus'], ['eu-west-1', 'GetEventSelectors']],
    );
    assert.match(outcome.evidence[0].text, /^organization trail org/);
  });

  it('fails when the only trails are single-region', async () => {
    const api = withTrails(new RecordedApi(), [trail('local', { IsMultiRegionTrail: false })]);
    const outcome = await decide(cloudtrailAllRegions, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.equal(outcome.reason, 'No trail applies to all regions; every trail logs one region only.');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['trail local: applies to us-east-1 only']);
  });

  it('fails with no trail at all', async () => {
    const api = withTrails(new RecordedApi(), []);
    const outcome = await decide(cloudtrailAllRegions, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.reason, /^No multi-region trail: none is visible from us-east-1/);
  });

  it('fails a stopped trail and a trail logging write events only', async () => {
    const stopped = withTrails(new RecordedApi(), [trail('main')], { logging: false });
    const a = await decide(cloudtrailAllRegions, contextFor(stopped));
    assert.equal(a.status, 'fail');
    assert.deepEqual(evidenceWith(a, 'fail'), ['trail main: is not logging (stopped)']);

    const writeOnly = withTrails(new RecordedApi(), [trail('main')], { selectors: { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] } });
    const b = await decide(cloudtrailAllRegions, contextFor(writeOnly));
    assert.equal(b.status, 'fail');
    assert.deepEqual(evidenceWith(b, 'fail'), ['trail main: management events logged: write only']);
  });

  it('reads advanced selectors: read and write from two selectors pass, a data-only selector fails', async () => {
    const split = {
      AdvancedEventSelectors: [
        { Name: 'reads', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] },
        { Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] },
      ],
    };
    assert.equal((await decide(cloudtrailAllRegions, contextFor(withTrails(new RecordedApi(), [trail('main')], { selectors: split })))).status, 'pass');
    const dataOnly = { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] };
    const outcome = await decide(cloudtrailAllRegions, contextFor(withTrails(new RecordedApi(), [trail('main')], { selectors: dataOnly })));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['trail main: management events logged: none']);
  });

  it('notes excluded event sources but still counts the trail', async () => {
    const selectors = { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] };
    const outcome = await decide(cloudtrailAllRegions, contextFor(withTrails(new RecordedApi(), [trail('main')], { selectors })));
    assert.equal(outcome.status, 'pass');
    assert.match(outcome.evidence[1].text, /excludes management events from kms\.amazonaws\.com/);
  });

  it('is unknown when the status of the only multi-region trail is denied', async () => {
    const api = withTrails(new RecordedApi(), [trail('main')]);
    api.denies('cloudtrail', HOME, 'GetTrailStatus', { Name: trailArn('main') });
    const outcome = await decide(cloudtrailAllRegions, contextFor(api));
    assert.equal(outcome.status, 'unknown');
    assert.match(evidenceWith(outcome, 'unknown')[0], /logging status unknown: .*AccessDenied/);
  });

  it('passes when one of two trails qualifies even if the other is stopped', async () => {
    const api = withTrails(new RecordedApi(), [trail('main'), trail('old')]);
    api.on('cloudtrail', HOME, 'GetTrailStatus', { IsLogging: false }, { Name: trailArn('old') });
    const outcome = await decide(cloudtrailAllRegions, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.match(outcome.reason, /^main /);
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['trail old: is not logging (stopped)']);
  });
});

describe('cloudtrail-log-encryption', () => {
  it('passes when every multi-region trail has a KMS key', async () => {
    const api = withTrails(new RecordedApi(), [trail('main', { KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/abc' }), trail('local', { IsMultiRegionTrail: false })]);
    const outcome = await decide(cloudtrailLogEncryption, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.deepEqual(evidenceWith(outcome, 'pass'), ['trail main: encrypted with KMS key arn:aws:kms:us-east-1:111111111111:key/abc']);
  });

  it('fails a multi-region trail without a key, and an account without a multi-region trail', async () => {
    const a = await decide(cloudtrailLogEncryption, contextFor(withTrails(new RecordedApi(), [trail('main')])));
    assert.equal(a.status, 'fail');
    assert.equal(a.reason, 'main does not encrypt logs with a KMS key.');
    const b = await decide(cloudtrailLogEncryption, contextFor(withTrails(new RecordedApi(), [])));
    assert.equal(b.status, 'fail');
    assert.match(b.reason, /no multi-region trail/);
  });

  it('lets a denied DescribeTrails propagate for the runner to turn into unknown', async () => {
    const api = new RecordedApi().denies('cloudtrail', HOME, 'DescribeTrails');
    await assert.rejects(decide(cloudtrailLogEncryption, contextFor(api)), { name: 'AwsAccessError', kind: 'access-denied' });
  });
});
