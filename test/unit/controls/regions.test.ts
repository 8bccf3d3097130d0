/**
 * Which regions an account is checked in: the enabled regions of its own partition (account:ListRegions,
 * else EC2 DescribeRegions), never another partition's; a region found not enabled is decided once, as
 * `unknown` for every check, and no check calls it.
 */
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts/model';
import type { CheckResult } from '../../../src/core/controls/check';
import { CHECKS, checkById } from '../../../src/core/controls/registry';
import { checkAccount } from '../../../src/core/controls/run';
import { ACCOUNT_STATES, CHECKED_ACCOUNT, EU } from './support/passing-account';
import { HOME, NOW, RecordedApi, account } from './support/recorded-api';

const guardduty = checkById('guardduty-all-regions')!;
const regionsOf = (result: CheckResult | undefined): string[] | undefined => result?.regions?.map((r) => r.region);
const asked = (api: RecordedApi): string[] => api.calls.map((c) => `${c.service}:${c.operation}@${c.region}`);

/** An api whose GuardDuty passes in every region, for tests about where checks run. */
function detectorsEverywhere(api: RecordedApi, regions: readonly string[]): RecordedApi {
  for (const region of regions) {
    api.on('guardduty', region, 'ListDetectors', { DetectorIds: ['d'] }, {});
    api.on('guardduty', region, 'GetDetector', { Status: 'ENABLED' }, { DetectorId: 'd' });
  }
  return api;
}

/** What moto's EC2 DescribeRegions answers: every partition's regions, the other partitions' as not needing opt-in. */
const EMULATOR_DESCRIBE_REGIONS = {
  Regions: [
    { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
    { RegionName: 'af-south-1', OptInStatus: 'opted-in' },
    { RegionName: 'us-gov-west-1', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'cn-north-1', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'cn-northwest-1', OptInStatus: 'opt-in-not-required' },
  ],
};

describe('regions checked', () => {
  it('checks an account that names no regions in its own partition\'s enabled regions only, when ListRegions is refused', async () => {
    const api = new RecordedApi().denies('account', HOME, 'ListRegions');
    api.on('ec2', HOME, 'DescribeRegions', EMULATOR_DESCRIBE_REGIONS, { AllRegions: true });
    detectorsEverywhere(api, ['us-east-1', 'eu-west-1', 'af-south-1']);
    const [result] = await checkAccount(account({ homeRegion: HOME }), api, { checks: [guardduty], now: () => NOW });
    assert.deepEqual(regionsOf(result), ['af-south-1', 'eu-west-1', 'us-east-1']);
    assert.deepEqual(asked(api).filter((c) => !c.startsWith('guardduty:')), ['account:ListRegions@us-east-1', 'ec2:DescribeRegions@us-east-1']);
    assert.ok(!api.calls.some((c) => c.region.startsWith('cn-') || c.region.startsWith('us-gov-')), asked(api).join(', '));
  });

  it('asks ListRegions first and counts only ENABLED and ENABLED_BY_DEFAULT regions, over every page', async () => {
    const api = new RecordedApi();
    api.on('account', HOME, 'ListRegions', {
      Regions: [
        { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
        { RegionName: 'eu-south-1', RegionOptStatus: 'ENABLED' },
        { RegionName: 'me-south-1', RegionOptStatus: 'ENABLING' },
      ],
      NextToken: 'p2',
    }, { MaxResults: 50 });
    api.on('account', HOME, 'ListRegions', {
      Regions: [
        { RegionName: 'af-south-1', RegionOptStatus: 'DISABLING' },
        { RegionName: 'il-central-1', RegionOptStatus: 'DISABLED' },
        { RegionName: 'cn-north-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
        { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
      ],
    }, { MaxResults: 50, NextToken: 'p2' });
    detectorsEverywhere(api, ['us-east-1', 'eu-south-1', 'eu-west-1']);
    const [result] = await checkAccount(account(), api, { checks: [guardduty], now: () => NOW });
    assert.deepEqual(regionsOf(result), ['eu-south-1', 'eu-west-1', 'us-east-1']);
    assert.equal(api.count('DescribeRegions'), 0);
    assert.equal(result.status, 'pass', result.reason);
  });

  it('takes the partition from the role ARN when the account names no home region, and asks there', async () => {
    const api = new RecordedApi().denies('account', 'cn-north-1', 'ListRegions');
    api.on('ec2', 'cn-north-1', 'DescribeRegions', EMULATOR_DESCRIBE_REGIONS, { AllRegions: true });
    detectorsEverywhere(api, ['cn-north-1', 'cn-northwest-1']);
    const china = account({ access: { kind: 'assume-role', roleArn: 'arn:aws-cn:iam::111111111111:role/Audit' } });
    const [result] = await checkAccount(china, api, { checks: [guardduty], now: () => NOW });
    assert.deepEqual(regionsOf(result), ['cn-north-1', 'cn-northwest-1']);
  });

  it('needs no listing for an account that names only default regions', async () => {
    const api = detectorsEverywhere(new RecordedApi(), [HOME, EU]);
    const [result] = await checkAccount(account({ regions: [HOME, EU] }), api, { checks: [guardduty], now: () => NOW });
    assert.deepEqual(regionsOf(result), [HOME, EU]);
    assert.deepEqual(asked(api).filter((c) => !c.startsWith('guardduty:')), []);
  });

  describe('a named region the account has not enabled', () => {
    const trail = ACCOUNT_STATES.find((s) => s.name === 'trail')!;
    const withEuSouth: Account = { ...CHECKED_ACCOUNT, regions: [HOME, EU, 'eu-south-1'] };

    it('is unknown for every check, decided by one listing, with no call to it', async () => {
      const api = trail.build().on('account', HOME, 'ListRegions', { Regions: [{ RegionName: 'eu-south-1', RegionOptStatus: 'DISABLED' }, { RegionName: HOME, RegionOptStatus: 'ENABLED_BY_DEFAULT' }] }, { MaxResults: 50 });
      const results = await checkAccount(withEuSouth, api, { checks: CHECKS, now: () => NOW });
      assert.deepEqual(api.calls.filter((c) => c.region === 'eu-south-1'), []);
      assert.equal(api.count('ListRegions'), 1);
      const regional = results.filter((r) => r.regions);
      assert.ok(regional.length >= 5, `${regional.length} regional checks`);
      for (const r of regional) {
        assert.deepEqual(regionsOf(r), [HOME, EU, 'eu-south-1'], r.checkId);
        const southern = r.regions![2];
        assert.equal(southern.status, 'unknown', r.checkId);
        assert.equal(southern.reason, 'eu-south-1 is not enabled in this account (account:ListRegions says DISABLED). Enable it in the account (AWS console: Account, AWS Regions) or remove it from the account\'s regions.');
        assert.equal(r.status, 'unknown', `${r.checkId}: ${r.reason}`);
        assert.deepEqual(r.regions!.slice(0, 2).map((g) => g.status), ['pass', 'pass'], r.checkId);
      }
      assert.deepEqual(results.filter((r) => !r.regions && r.status !== 'pass').map((r) => `${r.checkId}: ${r.reason}`), [], 'account checks are decided in the enabled regions');
    });

    it('is probed once when the regions cannot be listed, and then called no more', async () => {
      const api = trail.build().denies('account', HOME, 'ListRegions').denies('ec2', HOME, 'DescribeRegions');
      api.fails('sts', 'eu-south-1', 'GetCallerIdentity', 'InvalidClientTokenId', 'region-disabled');
      const results = await checkAccount(withEuSouth, api, { checks: CHECKS, now: () => NOW });
      assert.deepEqual(asked(api).filter((c) => c.endsWith('@eu-south-1')), ['sts:GetCallerIdentity@eu-south-1']);
      for (const r of results.filter((x) => x.regions)) {
        assert.equal(r.regions![2].status, 'unknown', r.checkId);
        assert.match(r.regions![2].reason, /^sts:GetCallerIdentity in eu-south-1 failed \(InvalidClientTokenId\)\. test$/);
      }
    });

    it('is checked when the probe answers', async () => {
      const api = detectorsEverywhere(new RecordedApi(), [HOME, 'eu-south-1']).denies('account', HOME, 'ListRegions').denies('ec2', HOME, 'DescribeRegions');
      api.on('sts', 'eu-south-1', 'GetCallerIdentity', { Account: '111111111111' }, {});
      const [result] = await checkAccount(account({ regions: [HOME, 'eu-south-1'] }), api, { checks: [guardduty], now: () => NOW });
      assert.deepEqual(result.regions?.map((r) => [r.region, r.status]), [[HOME, 'pass'], ['eu-south-1', 'pass']]);
      assert.equal(api.count('GetCallerIdentity'), 1);
    });
  });

  it('never calls a named region of another partition, and says so for every check', async () => {
    const api = detectorsEverywhere(new RecordedApi(), [HOME]);
    const [result] = await checkAccount(account({ regions: [HOME, 'cn-north-1'] }), api, { checks: [guardduty], now: () => NOW });
    assert.deepEqual(result.regions?.map((r) => [r.region, r.status]), [[HOME, 'pass'], ['cn-north-1', 'unknown']]);
    assert.equal(result.regions?.[1].reason, 'cn-north-1 is in the aws-cn partition, and this account is in aws: remove it from the account\'s regions.');
    assert.ok(!api.calls.some((c) => c.region === 'cn-north-1'));
  });

  it('narrows an account without regions to the selection: a selected region not enabled is unknown, one of another partition is not this account\'s', async () => {
    const api = detectorsEverywhere(new RecordedApi(), [HOME]).on('account', HOME, 'ListRegions', { Regions: [{ RegionName: HOME, RegionOptStatus: 'ENABLED_BY_DEFAULT' }, { RegionName: 'me-south-1', RegionOptStatus: 'DISABLED' }] }, { MaxResults: 50 });
    const [result] = await checkAccount(account(), api, { checks: [guardduty], regions: [HOME, 'me-south-1', 'cn-north-1'], now: () => NOW });
    assert.deepEqual(result.regions?.map((r) => [r.region, r.status]), [[HOME, 'pass'], ['me-south-1', 'unknown']]);
    assert.match(result.regions?.[1].reason ?? '', /^me-south-1 is not enabled in this account/);
  });

  it('leaves a check that reads every region undecided when the regions cannot be listed, while the others decide', async () => {
    const trail = ACCOUNT_STATES.find((s) => s.name === 'trail')!;
    const api = trail.build().denies('account', HOME, 'ListRegions').denies('ec2', HOME, 'DescribeRegions');
    const results = await checkAccount({ ...CHECKED_ACCOUNT, regions: undefined }, api, { checks: [checkById('cloudtrail-dynamodb-data-events')!, checkById('root-mfa')!], now: () => NOW });
    assert.deepEqual(results.map((r) => [r.checkId, r.status]), [['cloudtrail-dynamodb-data-events', 'unknown'], ['root-mfa', 'pass']]);
    assert.match(results[0].reason, /^Could not list the account's enabled regions: account:ListRegions in us-east-1 failed \(AccessDenied\); ec2:DescribeRegions in us-east-1 failed \(AccessDenied\)/);
    assert.equal(api.count('ListTables'), 0);
  });
});
