import { type AccountCheck, fail, pass, unknown } from './check';
import { accountSummary } from './support/account-summary';
import { partitionOf } from './support/aws';

export const rootAccessKeys: AccountCheck = {
  id: 'root-access-keys',
  scope: 'account',
  title: 'The root user has no access keys',
  controls: ['ACCT-001'],
  rationale: 'Root access keys are long-term credentials with every permission and no way to narrow them; the SOP keeps root for a few console tasks, which need no keys.',
  calls: ['iam:GetAccountSummary'],
  decides: 'Passes when IAM\'s account summary reports AccountAccessKeysPresent = 0, fails when it is 1 or more; without the flag it cannot decide.',
  remediation: 'Sign in as the root user, open Security credentials, and delete the root access keys (move anything that uses them to an IAM role first).',
  async run(ctx) {
    const flag = (await accountSummary(ctx)).AccountAccessKeysPresent;
    const evidence = { text: `AccountAccessKeysPresent = ${flag ?? 'not reported'}`, resource: `arn:${partitionOf(ctx.homeRegion)}:iam::${ctx.api.accountId}:root` };
    if (flag === 0) return pass('The root user has no access keys.', [{ ...evidence, status: 'pass' }]);
    if (flag !== undefined && flag > 0) return fail('The root user has access keys.', [{ ...evidence, status: 'fail' }]);
    return unknown('IAM\'s account summary did not report AccountAccessKeysPresent.', [evidence]);
  },
};
