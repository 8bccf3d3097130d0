/**
 * The regions an account is checked in, through the real path (the SDK clients against moto and the
 * proxy): a profile-only account without regions is checked in its partition's enabled regions, never in
 * another partition's (moto's DescribeRegions names China and GovCloud regions as if enabled); a named
 * region the account has not enabled is decided once, with no call to it.
 */
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts/model';
import type { ApiCallRecord } from '../../../src/core/aws/api';
import { regionPartition } from '../../../src/core/aws/services';
import { SdkAwsApi } from '../../../src/core/aws/sdk-api';
import { CHECKS } from '../../../src/core/controls/registry';
import { checkAccount } from '../../../src/core/controls/run';
import { type AwsBackend, FIXTURE_ACCOUNTS, seededBackend } from '../support/backend';
import { assumeRole } from '../support/clients';
import { type CheckWorkspace, checkWorkspace } from './support/cli';

/** The hub operator's profile (fixtures/aws-config) as the only account, naming no regions. */
const PROFILE_ONLY = `version: 1
accounts:
  - name: hub-operator
    id: "999999999999"
    access: { profile: hub-operator }
`;

describe('regions checked against the AWS backend', function () {
  this.timeout(120_000);
  let backend: AwsBackend;
  let ws: CheckWorkspace;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    ws = checkWorkspace(backend, PROFILE_ONLY);
  });
  afterEach(() => backend.clearFaults());
  after(() => ws.dispose());

  async function regionsChecked(): Promise<string[]> {
    const { report, stderr } = await ws.check('--checks', 'guardduty-all-regions');
    const [guardduty] = report.accounts[0].checks;
    assert.ok(guardduty.regions.length > 0, `${guardduty.status}: ${guardduty.reason} ${stderr}`);
    return guardduty.regions.map((r) => r.region);
  }

  it('checks a profile-only account in the enabled regions of its own partition (account:ListRegions)', async () => {
    const regions = await regionsChecked();
    assert.deepEqual(regions.filter((r) => regionPartition(r) !== 'aws'), []);
    assert.ok(regions.includes('us-east-1') && regions.includes('eu-west-1'), regions.join(', '));
  });

  it('does the same through EC2 DescribeRegions when ListRegions is denied, dropping the other partitions moto names', async () => {
    await backend.addFaults({ kind: 'access-denied', service: 'account', action: 'ListRegions', account: FIXTURE_ACCOUNTS.hub });
    await backend.resetStats();
    const regions = await regionsChecked();
    assert.deepEqual(regions.filter((r) => regionPartition(r) !== 'aws'), []);
    assert.ok(regions.includes('us-east-1') && regions.includes('eu-west-1'), regions.join(', '));
    const stats = await backend.stats();
    assert.equal(stats.byCall['ec2:DescribeRegions'], 1, JSON.stringify(stats.byCall));
  });

  it('decides a named region the account has not enabled once, as unknown for every check, and never calls it', async () => {
    const staging: Account = {
      id: FIXTURE_ACCOUNTS.acmeStaging,
      name: 'Acme staging',
      access: { kind: 'assume-role', roleArn: `arn:aws:iam::${FIXTURE_ACCOUNTS.acmeStaging}:role/OperatorAccess` },
      regions: ['us-east-1', 'eu-west-1', 'eu-south-1'],
      homeRegion: 'us-east-1',
      tags: {},
      origin: 'accounts-file',
    };
    const credentials = await assumeRole(backend, staging.id, 'OperatorAccess');
    const calls: ApiCallRecord[] = [];
    const api = new SdkAwsApi({ accountId: staging.id, credentials, endpoints: { default: backend.endpoint }, maxAttempts: 1, onCall: (c) => calls.push(c) });
    try {
      const results = await checkAccount(staging, api, { checks: CHECKS });
      assert.deepEqual(calls.filter((c) => c.region === 'eu-south-1').map((c) => `${c.service}:${c.operation}`), []);
      assert.equal(calls.filter((c) => c.operation === 'ListRegions').length, 1);
      const regional = results.filter((r) => r.regions);
      assert.ok(regional.length >= 5);
      for (const r of regional) {
        const southern = r.regions?.find((g) => g.region === 'eu-south-1');
        assert.equal(southern?.status, 'unknown', r.checkId);
        assert.match(southern?.reason ?? '', /^eu-south-1 is not enabled in this account \(account:ListRegions says DISABLED\)\. Enable it/);
      }
    } finally {
      api.destroy();
    }
  });
});
