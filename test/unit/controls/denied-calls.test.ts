/**
 * No denied call turns into a pass, for every check of the registry: each call a check makes in a
 * recorded passing account state (each region, each page of a paginated listing) is denied in turn, and
 * the check must then not pass, unless another answer proves what it asks and it says what it could not
 * read. A check added to the registry is covered here once the states answer its calls.
 */
import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { Check, CheckResult } from '../../../src/core/controls/check';
import { CHECKS } from '../../../src/core/controls/registry';
import { checkAccount } from '../../../src/core/controls/run';
import { ACCOUNT_STATES, type AccountState, CHECKED_ACCOUNT, EU } from './support/passing-account';
import { NOW, type RecordedApi, type RecordedCall } from './support/recorded-api';

async function decideOne(check: Check, api: RecordedApi): Promise<CheckResult> {
  const [result] = await checkAccount(CHECKED_ACCOUNT, api, { checks: [check], now: () => NOW });
  return result;
}

function distinct(calls: readonly RecordedCall[]): RecordedCall[] {
  const unique: RecordedCall[] = [];
  for (const call of calls) if (!unique.some((u) => isDeepStrictEqual(u, call))) unique.push(call);
  return unique;
}

const describeCall = (c: RecordedCall): string => `${c.service}:${c.operation} in ${c.region} with ${JSON.stringify(c.input)}`;

/** What each check called in the states it passes in, for the coverage assertion. */
const called = new Map<string, Set<string>>();

describe('no denied call turns into a pass', () => {
  for (const state of ACCOUNT_STATES) {
    describe(`in the "${state.name}" account state`, () => {
      it('passes exactly the checks the state is built to pass', async () => {
        const results = await checkAccount(CHECKED_ACCOUNT, state.build(), { checks: CHECKS, now: () => NOW });
        const wrong = results.filter((r) => (r.status === 'pass') !== state.passes(r.checkId));
        assert.deepEqual(wrong.map((r) => `${r.checkId}: ${r.status} (${r.reason})`), []);
      });

      for (const check of CHECKS.filter((c) => state.passes(c.id))) {
        it(`${check.id}: denying any one of its calls leaves it undecided`, async () => {
          const api = state.build();
          assert.equal((await decideOne(check, api)).status, 'pass');
          const calls = distinct(api.calls);
          for (const c of calls) {
            const set = called.get(check.id) ?? new Set<string>();
            called.set(check.id, set.add(`${c.service}:${c.operation}`));
          }
          const passing: string[] = [];
          for (const call of calls) {
            const wrong = await passesWhenDenied(state, check, call);
            if (wrong) passing.push(wrong);
          }
          assert.deepEqual(passing, []);
        });
      }
    });
  }

  describe('a listing that is not read to its end', () => {
    const state = ACCOUNT_STATES[0];
    const check = CHECKS.find((c) => c.id === 'stack-termination-protection')!;

    it('leaves the check undecided when the pages hand back the token they were asked with', async () => {
      const api = state.build().on('cloudformation', EU, 'DescribeStacks', { Stacks: [], NextToken: 'again' }, { NextToken: 'again' });
      api.on('cloudformation', EU, 'DescribeStacks', { Stacks: [], NextToken: 'again' }, {});
      const result = await decideOne(check, api);
      assert.equal(result.status, 'unknown');
      assert.match(result.regions?.[1].reason ?? '', /handed back the page token it was asked with.*not read to its end/);
      assert.equal(api.count('DescribeStacks'), 4, 'two pages in each region, then it stops');
    });

    it('leaves the check undecided when the pages never end', async () => {
      const api = state.build();
      for (let page = 0; page < 1000; page++) api.on('cloudformation', EU, 'DescribeStacks', { Stacks: [], NextToken: `p${page + 1}` }, page ? { NextToken: `p${page}` } : {});
      const result = await decideOne(check, api);
      assert.equal(result.regions?.[1].status, 'unknown');
      assert.match(result.regions?.[1].reason ?? '', /more than 1000 pages/);
    });
  });

  // A sibling suite after the states' suites: mocha runs a suite's own tests before its child suites.
  describe('coverage', () => {
    it('has every check make every call it declares in some passing state', () => {
      for (const check of CHECKS) {
        const seen = called.get(check.id) ?? new Set<string>();
        assert.deepEqual(check.calls.filter((call) => !seen.has(call)), [], `${check.id} declares calls no passing state made it make`);
      }
    });
  });
});

/** Why the check's result is wrong with `call` denied, or undefined when it is right. */
async function passesWhenDenied(state: AccountState, check: Check, call: RecordedCall): Promise<string | undefined> {
  const api = state.build().injectDenial(call.service, call.region, call.operation, call.input);
  const result = await decideOne(check, api);
  const where = `${describeCall(call)} denied`;
  if (!api.calls.some((c) => isDeepStrictEqual(c, call))) return `${where}: the call was not made`;
  if (state.provenElsewhere[check.id]?.includes(call.operation)) {
    const said = [result, ...(result.regions ?? [])].some((o) => o.evidence.some((e) => e.status === 'unknown'));
    return said ? undefined : `${where}: ${result.status}, but nothing says what could not be read`;
  }
  return result.status === 'pass' ? `${where}: pass (${result.reason})` : undefined;
}
