import * as assert from 'node:assert/strict';
import { configAllRegions } from '../../../src/core/controls/config-all-regions';
import { dynamodbPitr } from '../../../src/core/controls/dynamodb-pitr';
import { guarddutyAllRegions } from '../../../src/core/controls/guardduty-all-regions';
import { s3AccountPublicAccessBlock } from '../../../src/core/controls/s3-account-public-access-block';
import { stackTerminationProtection } from '../../../src/core/controls/stack-termination-protection';
import { ACCOUNT_ID, HOME, RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';

const R = 'eu-west-1';

describe('config-all-regions', () => {
  const recorder = (group: object = { allSupported: true }) => ({ ConfigurationRecorders: [{ name: 'default', roleARN: 'arn:aws:iam::111111111111:role/config', recordingGroup: group }] });
  const status = (recording: boolean, lastStatus = 'Success') => ({ ConfigurationRecordersStatus: [{ name: 'default', recording, lastStatus }] });
  const api = (r: object, s: object) => new RecordedApi().on('config', R, 'DescribeConfigurationRecorders', r, {}).on('config', R, 'DescribeConfigurationRecorderStatus', s, {});

  it('passes a recorder recording all types, and fails a stopped, partial or absent one', async () => {
    assert.equal((await decide(configAllRegions, contextFor(api(recorder(), status(true))), R)).status, 'pass');
    const stopped = await decide(configAllRegions, contextFor(api(recorder(), status(false))), R);
    assert.deepEqual(evidenceWith(stopped, 'fail'), ['Recorder default: not recording']);
    const partial = await decide(configAllRegions, contextFor(api(recorder({ allSupported: false, resourceTypes: ['AWS::S3::Bucket'] }), status(true))), R);
    assert.deepEqual(evidenceWith(partial, 'fail'), ['Recorder default: records only selected resource types']);
    const none = await decide(configAllRegions, contextFor(api({ ConfigurationRecorders: [] }, { ConfigurationRecordersStatus: [] })), R);
    assert.equal(none.status, 'fail');
    assert.equal(none.evidence[0].region, R);
  });

  it('propagates a denied call so the runner marks just that region unknown', async () => {
    const denied = new RecordedApi().denies('config', R, 'DescribeConfigurationRecorders').on('config', R, 'DescribeConfigurationRecorderStatus', {}, {});
    await assert.rejects(decide(configAllRegions, contextFor(denied), R), { kind: 'access-denied' });
  });
});

describe('guardduty-all-regions', () => {
  it('passes an enabled detector, fails a suspended one and a region without detectors', async () => {
    const api = (status: string) => new RecordedApi().on('guardduty', R, 'ListDetectors', { DetectorIds: ['d1'] }, {}).on('guardduty', R, 'GetDetector', { Status: status }, { DetectorId: 'd1' });
    assert.equal((await decide(guarddutyAllRegions, contextFor(api('ENABLED')), R)).status, 'pass');
    const suspended = await decide(guarddutyAllRegions, contextFor(api('DISABLED')), R);
    assert.deepEqual(evidenceWith(suspended, 'fail'), ['Detector d1: DISABLED']);
    const none = await decide(guarddutyAllRegions, contextFor(new RecordedApi().on('guardduty', R, 'ListDetectors', { DetectorIds: [] }, {})), R);
    assert.equal(none.reason, 'GuardDuty has no detector in this region.');
  });

  it('follows NextToken', async () => {
    const api = new RecordedApi()
      .on('guardduty', R, 'ListDetectors', { DetectorIds: ['d1'], NextToken: 'n' }, {})
      .on('guardduty', R, 'ListDetectors', { DetectorIds: ['d2'] }, { NextToken: 'n' })
      .on('guardduty', R, 'GetDetector', { Status: 'DISABLED' }, { DetectorId: 'd1' })
      .on('guardduty', R, 'GetDetector', { Status: 'ENABLED' }, { DetectorId: 'd2' });
    assert.equal((await decide(guarddutyAllRegions, contextFor(api), R)).status, 'pass');
  });
});

describe('dynamodb-pitr', () => {
  const backups = (status: string) => ({ ContinuousBackupsDescription: { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: status } } });

  it('passes a region without tables with "no tables"', async () => {
    const outcome = await decide(dynamodbPitr, contextFor(new RecordedApi().on('dynamodb', R, 'ListTables', { TableNames: [] }, {})), R);
    assert.equal(outcome.status, 'pass');
    assert.deepEqual(outcome.evidence.map((e) => e.text), ['No tables']);
  });

  it('fails a table without PITR, unknown for a denied one, across pages', async () => {
    const api = new RecordedApi()
      .on('dynamodb', R, 'ListTables', { TableNames: ['a'], LastEvaluatedTableName: 'a' }, {})
      .on('dynamodb', R, 'ListTables', { TableNames: ['b'] }, { ExclusiveStartTableName: 'a' })
      .on('dynamodb', R, 'DescribeContinuousBackups', backups('ENABLED'), { TableName: 'a' })
      .on('dynamodb', R, 'DescribeContinuousBackups', backups('DISABLED'), { TableName: 'b' });
    const outcome = await decide(dynamodbPitr, contextFor(api), R);
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['Table b: point-in-time recovery DISABLED']);
    assert.equal(outcome.evidence[1].resource, `arn:aws:dynamodb:${R}:${ACCOUNT_ID}:table/b`);

    api.denies('dynamodb', R, 'DescribeContinuousBackups', { TableName: 'b' });
    const denied = await decide(dynamodbPitr, contextFor(api), R);
    assert.equal(denied.status, 'unknown');
  });
});

describe('stack-termination-protection', () => {
  const stack = (name: string, extra: object = {}) => ({ StackName: name, StackId: `arn:aws:cloudformation:${R}:${ACCOUNT_ID}:stack/${name}/1`, StackStatus: 'CREATE_COMPLETE', ...extra });

  it('passes protected stacks and nested stacks through their root; skips deleted ones', async () => {
    const api = new RecordedApi().on('cloudformation', R, 'DescribeStacks', {
      Stacks: [stack('app', { EnableTerminationProtection: true }), stack('app-Db', { EnableTerminationProtection: false, ParentId: 'arn:root', RootId: 'arn:root' }), stack('gone', { StackStatus: 'DELETE_COMPLETE' })],
    }, {});
    const outcome = await decide(stackTerminationProtection, contextFor(api), R);
    assert.equal(outcome.status, 'pass');
    assert.deepEqual(outcome.evidence.map((e) => e.text), ['Stack app (CREATE_COMPLETE): termination protection on', 'Stack app-Db: nested, protected through its root stack arn:root']);
  });

  it('fails an unprotected stack, across pages; passes a region without stacks', async () => {
    const api = new RecordedApi()
      .on('cloudformation', R, 'DescribeStacks', { Stacks: [stack('a', { EnableTerminationProtection: true })], NextToken: 'n' }, {})
      .on('cloudformation', R, 'DescribeStacks', { Stacks: [stack('b')] }, { NextToken: 'n' });
    const outcome = await decide(stackTerminationProtection, contextFor(api), R);
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['Stack b (CREATE_COMPLETE): termination protection off']);
    const empty = await decide(stackTerminationProtection, contextFor(new RecordedApi().on('cloudformation', R, 'DescribeStacks', { Stacks: [] }, {})), R);
    assert.equal(empty.status, 'pass');
  });
});

describe('s3-account-public-access-block', () => {
  const block = (flags: object) => new RecordedApi().on('s3control', HOME, 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: flags }, { AccountId: ACCOUNT_ID });

  it('passes all four flags, fails one off and a missing configuration', async () => {
    const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    assert.equal((await decide(s3AccountPublicAccessBlock, contextFor(block(all)))).status, 'pass');
    const one = await decide(s3AccountPublicAccessBlock, contextFor(block({ ...all, RestrictPublicBuckets: false })));
    assert.equal(one.status, 'fail');
    assert.deepEqual(evidenceWith(one, 'fail'), ['Off: RestrictPublicBuckets']);
    const missing = new RecordedApi().fails('s3control', HOME, 'GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration', 'service', { AccountId: ACCOUNT_ID });
    assert.equal((await decide(s3AccountPublicAccessBlock, contextFor(missing))).status, 'fail');
  });

  it('propagates a denial (the runner makes it unknown)', async () => {
    await assert.rejects(decide(s3AccountPublicAccessBlock, contextFor(new RecordedApi().denies('s3control', HOME, 'GetPublicAccessBlock'))), { kind: 'access-denied' });
  });
});
