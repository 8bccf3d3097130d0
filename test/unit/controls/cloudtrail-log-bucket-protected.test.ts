import * as assert from 'node:assert/strict';
import { cloudtrailLogBucketProtected } from '../../../src/core/controls/cloudtrail-log-bucket-protected';
import { ACCOUNT_ID, HOME, RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';
import { trail, withTrails } from './support/trails';

const BUCKET = 'acme-trail-logs';
const LOGS_REGION = 'eu-west-1';

const DENY_DELETES = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'CloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/*` },
    { Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject*'], Resource: `arn:aws:s3:::${BUCKET}/*` },
  ],
});

/** A bucket in eu-west-1 (answered as the legacy `EU`) with every protection. */
function protectedBucket(api: RecordedApi): RecordedApi {
  const b = { Bucket: BUCKET };
  return api
    .on('s3', HOME, 'GetBucketLocation', { LocationConstraint: 'EU' }, b)
    .on('s3', LOGS_REGION, 'GetBucketVersioning', { Status: 'Enabled' }, b)
    .on('s3', LOGS_REGION, 'GetBucketLifecycleConfiguration', { Rules: [{ ID: 'archive', Status: 'Enabled', Filter: { Prefix: 'AWSLogs/' }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }] }, b)
    .on('s3', LOGS_REGION, 'GetBucketEncryption', { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } }, b)
    .on('s3', LOGS_REGION, 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }, b)
    .on('s3', LOGS_REGION, 'GetBucketPolicy', { Policy: DENY_DELETES }, b);
}

function setUp(): RecordedApi {
  return protectedBucket(withTrails(new RecordedApi(), [trail('main', { S3BucketName: BUCKET })]));
}

describe('cloudtrail-log-bucket-protected', () => {
  it('passes a versioned, archived, encrypted, private bucket whose policy denies deletes, reading it in its own region', async () => {
    const api = setUp();
    const outcome = await decide(cloudtrailLogBucketProtected, contextFor(api));
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.deepEqual(evidenceWith(outcome, 'pass'), [
      `${BUCKET}: versioning enabled`,
      `${BUCKET}: lifecycle rule archive over the logs`,
      `${BUCKET}: default encryption aws:kms`,
      `${BUCKET}: public access blocked on the bucket`,
      `${BUCKET}: bucket policy denies s3:DeleteObject and s3:DeleteObjectVersion to everyone`,
    ]);
    assert.ok(api.calls.filter((c) => c.service === 's3' && c.operation !== 'GetBucketLocation').every((c) => c.region === LOGS_REGION));
  });

  it('names the bucket, and reads its policy, in the partition of a GovCloud home region', async () => {
    const GOV = 'us-gov-west-1';
    const b = { Bucket: BUCKET };
    const govPolicy = DENY_DELETES.replaceAll('arn:aws:s3:::', 'arn:aws-us-gov:s3:::');
    const api = withTrails(new RecordedApi(), [trail('main', { S3BucketName: BUCKET, HomeRegion: GOV, TrailARN: `arn:aws-us-gov:cloudtrail:${GOV}:${ACCOUNT_ID}:trail/main` })], { region: GOV })
      .on('s3', GOV, 'GetBucketLocation', { LocationConstraint: GOV }, b)
      .on('s3', GOV, 'GetBucketVersioning', { Status: 'Enabled' }, b)
      .on('s3', GOV, 'GetBucketLifecycleConfiguration', { Rules: [{ ID: 'archive', Status: 'Enabled', Filter: { Prefix: 'AWSLogs/' }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }] }, b)
      .on('s3', GOV, 'GetBucketEncryption', { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } }, b)
      .on('s3', GOV, 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }, b)
      .on('s3', GOV, 'GetBucketPolicy', { Policy: govPolicy }, b);
    const outcome = await decide(cloudtrailLogBucketProtected, contextFor(api, { homeRegion: GOV, regions: [GOV] }));
    // The deny matches only if the log objects are named in the bucket's own partition.
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.equal(outcome.evidence.length, 5);
    for (const e of outcome.evidence) assert.equal(e.resource, `arn:aws-us-gov:s3:::${BUCKET}`);
  });

  it('fails each missing protection with what is missing', async () => {
    const b = { Bucket: BUCKET };
    const api = setUp()
      .on('s3', LOGS_REGION, 'GetBucketVersioning', { Status: 'Suspended' }, b)
      .fails('s3', LOGS_REGION, 'GetBucketLifecycleConfiguration', 'NoSuchLifecycleConfiguration', 'service', b)
      .fails('s3', LOGS_REGION, 'GetBucketEncryption', 'ServerSideEncryptionConfigurationNotFoundError', 'service', b)
      .fails('s3', LOGS_REGION, 'GetBucketPolicy', 'NoSuchBucketPolicy', 'service', b);
    const outcome = await decide(cloudtrailLogBucketProtected, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), [
      `${BUCKET}: versioning suspended`,
      `${BUCKET}: no lifecycle rule archives the logs under AWSLogs/`,
      `${BUCKET}: no default encryption`,
      `${BUCKET}: no bucket policy, so nothing refuses deletes`,
    ]);
  });

  it('fails a policy that denies only DeleteObject, or denies deletes to one principal only', async () => {
    const onlyObject = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] });
    const a = await decide(cloudtrailLogBucketProtected, contextFor(setUp().on('s3', LOGS_REGION, 'GetBucketPolicy', { Policy: onlyObject }, { Bucket: BUCKET })));
    assert.equal(a.status, 'fail');
    assert.deepEqual(evidenceWith(a, 'fail'), [`${BUCKET}: bucket policy does not deny s3:DeleteObjectVersion to everyone`]);
    const onePrincipal = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111111111111:user/bob' }, Action: 's3:*', Resource: '*' }] });
    const b = await decide(cloudtrailLogBucketProtected, contextFor(setUp().on('s3', LOGS_REGION, 'GetBucketPolicy', { Policy: onePrincipal }, { Bucket: BUCKET })));
    assert.equal(b.status, 'fail');
  });

  it('accepts the account-level public access block when the bucket has none', async () => {
    const api = setUp()
      .fails('s3', LOGS_REGION, 'GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration', 'service', { Bucket: BUCKET })
      .on('s3control', HOME, 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }, { AccountId: ACCOUNT_ID });
    const outcome = await decide(cloudtrailLogBucketProtected, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.ok(evidenceWith(outcome, 'pass').includes(`${BUCKET}: public access blocked for the whole account`));
  });

  it('fails public access when neither bucket nor account blocks it, naming the settings off', async () => {
    const api = setUp()
      .on('s3', LOGS_REGION, 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } }, { Bucket: BUCKET })
      .fails('s3control', HOME, 'GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration', 'service', { AccountId: ACCOUNT_ID });
    const outcome = await decide(cloudtrailLogBucketProtected, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), [`${BUCKET}: public access not fully blocked (BlockPublicPolicy, RestrictPublicBuckets off)`]);
  });

  it('is unknown for the part it may not read (a log bucket in another account), and decides the rest', async () => {
    const api = setUp().denies('s3', LOGS_REGION, 'GetBucketPolicy', { Bucket: BUCKET });
    const outcome = await decide(cloudtrailLogBucketProtected, contextFor(api));
    assert.equal(outcome.status, 'unknown');
    assert.equal(evidenceWith(outcome, 'pass').length, 4);
    assert.match(evidenceWith(outcome, 'unknown')[0], /^acme-trail-logs: bucket policy unknown \(.*AccessDenied/);
  });

  it('ignores lifecycle rules for other prefixes or with tag filters, and disabled ones', async () => {
    const rules = [
      { ID: 'other', Status: 'Enabled', Filter: { Prefix: 'exports/' }, Expiration: { Days: 400 } },
      { ID: 'tagged', Status: 'Enabled', Filter: { Tag: { Key: 'k', Value: 'v' } }, Transitions: [{ Days: 1, StorageClass: 'GLACIER' }] },
      { ID: 'off', Status: 'Disabled', Filter: {}, Transitions: [{ Days: 1, StorageClass: 'GLACIER' }] },
    ];
    const api = setUp().on('s3', LOGS_REGION, 'GetBucketLifecycleConfiguration', { Rules: rules }, { Bucket: BUCKET });
    const outcome = await decide(cloudtrailLogBucketProtected, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), [`${BUCKET}: no lifecycle rule archives the logs under AWSLogs/`]);
  });

  it('fails without a multi-region trail', async () => {
    const outcome = await decide(cloudtrailLogBucketProtected, contextFor(withTrails(new RecordedApi(), [trail('x', { IsMultiRegionTrail: false })])));
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.reason, /no multi-region trail/);
  });
});
