import * as assert from 'node:assert/strict';
import { rootAccessKeys } from '../../../src/core/controls/root-access-keys';
import { rootMfa } from '../../../src/core/controls/root-mfa';
import { rootUsage } from '../../../src/core/controls/root-usage';
import { HOME, NOW, RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';

function summary(map: Record<string, number>): RecordedApi {
  return new RecordedApi().on('iam', HOME, 'GetAccountSummary', { SummaryMap: map }, {});
}

describe('root-mfa and root-access-keys', () => {
  it('pass, fail and are unknown on the account summary flags', async () => {
    assert.equal((await decide(rootMfa, contextFor(summary({ AccountMFAEnabled: 1 })))).status, 'pass');
    const noMfa = await decide(rootMfa, contextFor(summary({ AccountMFAEnabled: 0 })));
    assert.equal(noMfa.status, 'fail');
    assert.deepEqual(evidenceWith(noMfa, 'fail'), ['AccountMFAEnabled = 0']);
    assert.equal((await decide(rootMfa, contextFor(summary({ Users: 3 })))).status, 'unknown');

    assert.equal((await decide(rootAccessKeys, contextFor(summary({ AccountAccessKeysPresent: 0 })))).status, 'pass');
    assert.equal((await decide(rootAccessKeys, contextFor(summary({ AccountAccessKeysPresent: 1 })))).status, 'fail');
    assert.equal((await decide(rootAccessKeys, contextFor(summary({})))).status, 'unknown');
  });

  it('name the root user in the partition of the home region', async () => {
    const gov = new RecordedApi().on('iam', 'us-gov-west-1', 'GetAccountSummary', { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 } }, {});
    for (const check of [rootMfa, rootAccessKeys]) {
      const outcome = await decide(check, contextFor(gov, { homeRegion: 'us-gov-west-1' }), 'us-gov-west-1');
      assert.equal(outcome.status, 'pass', outcome.reason);
      assert.match(outcome.evidence[0].resource ?? '', /^arn:aws-us-gov:iam::\d{12}:root$/);
    }
    const commercial = await decide(rootMfa, contextFor(summary({ AccountMFAEnabled: 1 })));
    assert.match(commercial.evidence[0].resource ?? '', /^arn:aws:iam::\d{12}:root$/);
  });

  it('share one GetAccountSummary input, so a run asks once', async () => {
    const api = summary({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 });
    await decide(rootMfa, contextFor(api));
    await decide(rootAccessKeys, contextFor(api));
    assert.deepEqual(api.calls.map((c) => JSON.stringify(c)), Array(2).fill(JSON.stringify({ service: 'iam', region: HOME, operation: 'GetAccountSummary', input: {} })));
  });
});

let n = 0;
function rootEvent(eventSource: string, eventName: string, extra: Record<string, unknown> = {}, type = 'Root') {
  n++;
  const record = { eventID: `e${n}`, eventTime: `2025-05-${String(10 + (n % 15)).padStart(2, '0')}T10:00:00Z`, eventSource, eventName, awsRegion: HOME, sourceIPAddress: '198.51.100.7', userIdentity: { type }, readOnly: false, ...extra };
  return { EventId: `e${n}`, EventName: eventName, EventSource: eventSource, CloudTrailEvent: JSON.stringify(record) };
}

const LOOKUP = {
  LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }],
  StartTime: new Date(NOW.getTime() - 90 * 24 * 3600 * 1000),
  EndTime: NOW,
};

describe('root-usage', () => {
  it('passes when root only signed in, paid bills, ran Organizations and set its own MFA', async () => {
    const api = new RecordedApi().on('cloudtrail', HOME, 'LookupEvents', {
      Events: [
        rootEvent('signin.amazonaws.com', 'ConsoleLogin'),
        rootEvent('billingconsole.amazonaws.com', 'UpdateBillingPreferences'),
        rootEvent('organizations.amazonaws.com', 'EnableAWSServiceAccess'),
        rootEvent('iam.amazonaws.com', 'EnableMFADevice', { requestParameters: { serialNumber: 'arn:aws:iam::111111111111:mfa/root' } }),
      ],
    }, LOOKUP);
    const outcome = await decide(rootUsage, contextFor(api));
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.deepEqual(evidenceWith(outcome, 'pass').sort(), ['1 permitted root event: Organizations', '1 permitted root event: billing', '1 permitted root event: root security settings', '1 permitted root event: sign-in']);
  });

  it('fails workload activity as root, and IAM changes to other users, listing the events', async () => {
    const api = new RecordedApi().on('cloudtrail', HOME, 'LookupEvents', {
      Events: [
        rootEvent('ec2.amazonaws.com', 'RunInstances'),
        rootEvent('iam.amazonaws.com', 'CreateAccessKey', { requestParameters: { userName: 'deploy' } }),
        rootEvent('signin.amazonaws.com', 'ConsoleLogin'),
      ],
    }, LOOKUP);
    const outcome = await decide(rootUsage, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.equal(outcome.reason, 'The root user made 2 calls outside the permitted tasks in the last 90 days.');
    const failing = evidenceWith(outcome, 'fail');
    assert.equal(failing.length, 2);
    assert.ok(failing.some((t) => /ec2\.amazonaws\.com RunInstances from 198\.51\.100\.7$/.test(t)));
    assert.ok(failing.some((t) => /iam\.amazonaws\.com CreateAccessKey/.test(t)));
  });

  it('ignores an IAM user named root (lookup by user name matches it too)', async () => {
    const api = new RecordedApi().on('cloudtrail', HOME, 'LookupEvents', { Events: [rootEvent('ec2.amazonaws.com', 'RunInstances', {}, 'IAMUser')] }, LOOKUP);
    const outcome = await decide(rootUsage, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.match(outcome.reason, /No root activity/);
  });

  it('searches us-east-1 and the checked regions, following NextToken, and dedupes events', async () => {
    const shared = rootEvent('s3.amazonaws.com', 'PutBucketAcl');
    const api = new RecordedApi()
      .on('cloudtrail', HOME, 'LookupEvents', { Events: [shared], NextToken: 't1' }, LOOKUP)
      .on('cloudtrail', HOME, 'LookupEvents', { Events: [shared, rootEvent('lambda.amazonaws.com', 'Invoke')] }, { ...LOOKUP, NextToken: 't1' })
      .on('cloudtrail', 'eu-west-1', 'LookupEvents', { Events: [] }, LOOKUP);
    const outcome = await decide(rootUsage, contextFor(api, { homeRegion: 'eu-west-1', regions: ['eu-west-1'] }));
    assert.equal(outcome.status, 'fail');
    assert.equal(evidenceWith(outcome, 'fail').length, 2);
    assert.deepEqual([...new Set(api.calls.map((c) => c.region))].sort(), ['eu-west-1', 'us-east-1']);
  });

  it('is unknown when a region\'s history is denied and nothing else fails', async () => {
    const api = new RecordedApi().on('cloudtrail', HOME, 'LookupEvents', { Events: [] }, LOOKUP).denies('cloudtrail', 'eu-west-1', 'LookupEvents');
    const outcome = await decide(rootUsage, contextFor(api, { regions: [HOME, 'eu-west-1'] }));
    assert.equal(outcome.status, 'unknown');
    assert.match(outcome.reason, /eu-west-1 could not be read in full/);
  });
});
