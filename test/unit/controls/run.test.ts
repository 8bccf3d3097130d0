/** The check runner with fake checks and a recorded api: errors to statuses, regions, cancellation, many accounts. */
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts/model';
import type { AwsApi } from '../../../src/core/aws/api';
import { AwsAccessError, type AwsErrorKind } from '../../../src/core/aws/errors';
import type { ServiceId } from '../../../src/core/aws/services';
import { type AccountCheck, type Check, type CheckContext, type Outcome, type RegionalCheck, fail, pass } from '../../../src/core/controls/check';
import { CANCELLED_REASON, checkAccount, checkAccounts, outcomeFromError } from '../../../src/core/controls/run';

const ACCOUNT: Account = {
  id: '111111111111',
  name: 'prod',
  access: { kind: 'profile', profile: 'prod' },
  tags: {},
  origin: 'accounts-file',
};

const declaration = { title: 't', controls: ['ACCT-001'] as const, rationale: 'r', calls: [] as const, decides: 'd', remediation: 'x' };

function accountCheck(id: string, run: (ctx: CheckContext) => Promise<Outcome>): AccountCheck {
  return { ...declaration, controls: [...declaration.controls], calls: [], id, scope: 'account', run };
}
function regionalCheck(id: string, runRegion: (ctx: CheckContext, region: string) => Promise<Outcome>): RegionalCheck {
  return { ...declaration, controls: [...declaration.controls], calls: [], id, scope: 'regional', runRegion };
}

function denied(kind: AwsErrorKind, region: string): AwsAccessError {
  return new AwsAccessError(kind, `guardduty:ListDetectors in ${region}: ${kind}`, 'Do something.', { region });
}

/** An api answering every call with `answer` (the region listing), recording what was asked. */
function regionsApi(answer: () => Promise<unknown>): AwsApi & { asked: string[] } {
  const asked: string[] = [];
  return {
    accountId: ACCOUNT.id,
    asked,
    call<Output>(service: ServiceId, region: string, operation: string): Promise<Output> {
      asked.push(`${service}:${operation}@${region}`);
      return answer() as Promise<Output>;
    },
  };
}

const noCalls = regionsApi(() => Promise.reject(new Error('no call expected')));
const fixedNow = () => new Date('2025-06-01T12:00:00Z');

describe('checkAccount', () => {
  it('decides account checks, and regional checks per region combined', async () => {
    const seen: string[] = [];
    const checks: Check[] = [
      accountCheck('root-mfa', () => Promise.resolve(pass('Root has MFA.'))),
      regionalCheck('guardduty-all-regions', (_ctx, region) => {
        seen.push(region);
        return Promise.resolve(region === 'eu-west-1' ? fail('No detector.', [{ text: 'no detector', region }]) : pass('Detector on.'));
      }),
    ];
    const results = await checkAccount({ ...ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }, noCalls, { checks, now: fixedNow });
    assert.deepEqual(seen.sort(), ['eu-west-1', 'us-east-1']);
    assert.deepEqual(results[0], { checkId: 'root-mfa', accountId: ACCOUNT.id, status: 'pass', reason: 'Root has MFA.', evidence: [], decidedAt: '2025-06-01T12:00:00.000Z' });
    assert.equal(results[1].status, 'fail');
    assert.match(results[1].reason, /eu-west-1/);
    assert.deepEqual(results[1].regions?.map((r) => [r.region, r.status]), [['us-east-1', 'pass'], ['eu-west-1', 'fail']]);
    assert.deepEqual(results[1].regions?.[1].evidence, [{ text: 'no detector', region: 'eu-west-1' }]);
    assert.equal(noCalls.asked.length, 0, 'an account with regions needs no DescribeRegions');
  });

  it('turns an AWS error in one region into unknown for that region while the others decide', async () => {
    const check = regionalCheck('config-all-regions', (_ctx, region) => (region === 'eu-west-1' ? Promise.reject(denied('access-denied', region)) : Promise.resolve(pass('Recording.'))));
    const [result] = await checkAccount({ ...ACCOUNT, regions: ['us-east-1', 'eu-west-1', 'us-west-2'] }, noCalls, { checks: [check] });
    assert.equal(result.status, 'unknown');
    assert.deepEqual(result.regions?.map((r) => r.status), ['pass', 'unknown', 'pass']);
    assert.equal(result.regions?.[1].reason, 'guardduty:ListDetectors in eu-west-1: access-denied. Do something.', 'the reason says what to do');
    assert.match(result.reason, /eu-west-1 .*2 of 3 regions pass/);
  });

  it('maps error kinds: could-not-see kinds are unknown, broken things are error', () => {
    for (const kind of ['access-denied', 'throttled', 'region-disabled', 'expired-token', 'timeout'] as const) assert.equal(outcomeFromError(denied(kind, 'r')).status, 'unknown', kind);
    for (const kind of ['service', 'network', 'role-not-found', 'mfa-invalid'] as const) assert.equal(outcomeFromError(denied(kind, 'r')).status, 'error', kind);
    assert.deepEqual(outcomeFromError(denied('cancelled', 'r')), { status: 'unknown', reason: CANCELLED_REASON, evidence: [] });
    assert.deepEqual(outcomeFromError(new TypeError('x is undefined')), { status: 'error', reason: 'The check failed: x is undefined', evidence: [] });
  });

  it('narrows the account regions by the selection, and asks for enabled regions when the account names none', async () => {
    const regionsSeen = (results: { regions?: readonly { region: string }[] }[]) => results[0].regions?.map((r) => r.region);
    const check = regionalCheck('g', () => Promise.resolve(pass('ok')));
    const named = await checkAccount({ ...ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }, noCalls, { checks: [check], regions: ['eu-west-1', 'ap-south-1'] });
    assert.deepEqual(regionsSeen(named), ['eu-west-1']);

    const api = regionsApi(() =>
      Promise.resolve({
        Regions: [
          { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
          { RegionName: 'me-south-1', RegionOptStatus: 'DISABLED' },
          { RegionName: 'af-south-1', RegionOptStatus: 'ENABLED' },
          { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
        ],
      }),
    );
    const enabled = await checkAccount({ ...ACCOUNT, homeRegion: 'eu-west-1' }, api, { checks: [check] });
    assert.deepEqual(regionsSeen(enabled), ['af-south-1', 'eu-west-1', 'us-east-1']);
    assert.deepEqual(api.asked, ['account:ListRegions@eu-west-1']);
    const narrowed = await checkAccount(ACCOUNT, api, { checks: [check], regions: ['us-east-1', 'af-south-1'] });
    assert.deepEqual(regionsSeen(narrowed), ['us-east-1', 'af-south-1']);
    assert.equal(api.asked[1], 'account:ListRegions@us-east-1', 'home region defaults to us-east-1');
  });

  it('leaves regional checks unknown when the enabled regions cannot be listed, and still decides account checks', async () => {
    const api = regionsApi(() => Promise.reject(new AwsAccessError('access-denied', 'ec2:DescribeRegions was denied (UnauthorizedOperation)', 'Allow it.')));
    const checks = [regionalCheck('g', () => Promise.resolve(pass('ok'))), accountCheck('root-mfa', () => Promise.resolve(pass('MFA on.')))];
    const [regional, account] = await checkAccount(ACCOUNT, api, { checks });
    assert.equal(regional.status, 'unknown');
    assert.match(regional.reason, /^Could not list the account's enabled regions: ec2:DescribeRegions was denied/);
    assert.equal(account.status, 'pass');
    const selected = await checkAccount(ACCOUNT, api, { checks, regions: ['eu-west-1'] });
    assert.deepEqual(selected[0].regions?.map((r) => r.region), ['eu-west-1'], 'an explicit selection is used as is');
  });

  it('ends undecided checks as unknown "cancelled" as soon as the run is aborted, and reports each result', async () => {
    const controller = new AbortController();
    const never = new Promise<Outcome>(() => undefined);
    const reported: string[] = [];
    const checks = [
      accountCheck('quick', () => Promise.resolve(pass('done'))),
      accountCheck('stuck', () => never),
      regionalCheck('stuck-regional', () => never),
    ];
    const running = checkAccount({ ...ACCOUNT, regions: ['us-east-1', 'eu-west-1'] }, noCalls, { checks, signal: controller.signal, onResult: (r) => reported.push(`${r.checkId}:${r.status}`) });
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(reported, ['quick:pass']);
    controller.abort();
    const results = await running;
    assert.deepEqual(results.map((r) => [r.checkId, r.status]), [['quick', 'pass'], ['stuck', 'unknown'], ['stuck-regional', 'unknown']]);
    assert.equal(results[1].reason, CANCELLED_REASON);
    assert.deepEqual(results[2].regions?.map((r) => r.reason), [CANCELLED_REASON, CANCELLED_REASON]);
    assert.equal(reported.length, 3);
  });

  it('starts nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const results = await checkAccount(ACCOUNT, noCalls, {
      checks: [accountCheck('a', () => ((ran = true), Promise.resolve(pass('x')))), regionalCheck('b', () => ((ran = true), Promise.resolve(pass('x'))))],
      signal: controller.signal,
    });
    assert.equal(ran, false);
    assert.deepEqual(results.map((r) => r.status), ['unknown', 'unknown']);
    assert.equal(noCalls.asked.length, 0);
  });
});

describe('checkAccounts', () => {
  const accounts: Account[] = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'].map((id, i) => ({ ...ACCOUNT, id, name: `acct-${i}`, regions: ['us-east-1'] }));

  it('checks accounts with a bound, keeps their order, and destroys each api', async () => {
    let active = 0;
    let peak = 0;
    let destroyed = 0;
    const check = accountCheck('slow', async (ctx) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5 + Number(ctx.account.id[0]) * 2));
      active--;
      return pass(`ok ${ctx.account.id}`);
    });
    const done: string[] = [];
    const results = await checkAccounts(
      accounts,
      (account) => Promise.resolve({ api: { accountId: account.id, call: () => Promise.reject(new Error('none')), destroy: () => void destroyed++ } as AwsApi }),
      { checks: [check], accountConcurrency: 2, onAccount: (a) => done.push(a.id) },
    );
    assert.equal(peak, 2);
    assert.deepEqual(results.map((r) => r.account.id), accounts.map((a) => a.id));
    assert.deepEqual(results.map((r) => r.results[0].reason), accounts.map((a) => `ok ${a.id}`));
    assert.equal(done.length, 5);
    assert.equal(destroyed, 5);
  });

  it('reports a failed sign-in as an error for every check of that account, with what to do', async () => {
    const checks = [accountCheck('a', () => Promise.resolve(pass('x'))), regionalCheck('b', () => Promise.resolve(pass('y')))];
    let signIns = 0;
    const results = await checkAccounts(
      accounts.slice(0, 2),
      (account) => {
        signIns++;
        return account.id === '222222222222'
          ? Promise.reject(new AwsAccessError('mfa-invalid', 'The MFA code was not accepted for arn:aws:iam::222222222222:role/Audit.', 'Enter the current code from your device.'))
          : Promise.resolve({ api: noCalls });
      },
      { checks },
    );
    assert.equal(signIns, 2);
    assert.deepEqual(results[0].results.map((r) => r.status), ['pass', 'pass']);
    assert.deepEqual(results[1].results.map((r) => [r.checkId, r.status]), [['a', 'error'], ['b', 'error']]);
    assert.equal(
      results[1].results[0].reason,
      'Could not sign in to acct-1 (222222222222): The MFA code was not accepted for arn:aws:iam::222222222222:role/Audit. Enter the current code from your device.',
    );
  });

  it('records in every result the access the account was reached with, and none after a failed sign-in', async () => {
    const access = { arn: 'arn:aws:sts::111111111111:assumed-role/OperatorAccess/sop-lens.alice', method: 'assume-role' as const, roles: ['arn:aws:iam::111111111111:role/OperatorAccess'], mfa: true, description: 'role OperatorAccess from profile hub (MFA)' };
    const checks = [accountCheck('a', () => Promise.resolve(pass('x'))), regionalCheck('b', () => Promise.resolve(pass('y')))];
    const [reached, refused] = await checkAccounts(accounts.slice(0, 2), (account) => (account.id === '111111111111' ? Promise.resolve({ api: noCalls, access }) : Promise.reject(new Error('denied'))), { checks });
    assert.deepEqual(reached.access, access);
    assert.deepEqual(reached.results.map((r) => r.access), [access, access]);
    assert.equal(refused.access, undefined);
    assert.deepEqual(refused.results.map((r) => r.access), [undefined, undefined]);
  });

  it('ends accounts still signing in as cancelled when aborted', async () => {
    const controller = new AbortController();
    const running = checkAccounts(accounts.slice(0, 3), () => new Promise<{ api: AwsApi }>(() => undefined), { checks: [accountCheck('a', () => Promise.resolve(pass('x')))], signal: controller.signal, accountConcurrency: 1 });
    setTimeout(() => controller.abort(), 5);
    const results = await running;
    assert.deepEqual(results.map((r) => r.results[0].reason), [CANCELLED_REASON, CANCELLED_REASON, CANCELLED_REASON]);
  });
});
