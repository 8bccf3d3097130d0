import { type AccountCheck, fail, pass, unknown } from './check';
import { accountSummary } from './support/account-summary';
import { partitionOf } from './support/aws';

export const rootMfa: AccountCheck = {
  id: 'root-mfa',
  scope: 'account',
  title: 'The root user has MFA',
  controls: ['ACCT-001'],
  rationale: 'The SOP has customers enable MFA on the root user after deployment: root can do anything, including closing the account, so a password alone is not enough.',
  calls: ['iam:GetAccountSummary'],
  decides: 'Passes when IAM\'s account summary reports AccountMFAEnabled = 1, fails on 0; without the flag it cannot decide.',
  remediation: 'Sign in as the root user, open Security credentials and assign a virtual or hardware MFA device to the root user.',
  async run(ctx) {
    const flag = (await accountSummary(ctx)).AccountMFAEnabled;
    const evidence = [{ text: `AccountMFAEnabled = ${flag ?? 'not reported'}`, resource: `arn:${partitionOf(ctx.homeRegion)}:iam::${ctx.api.accountId}:root` }];
    if (flag === 1) return pass('The root user has an MFA device.', [{ ...evidence[0], status: 'pass' }]);
    if (flag === 0) return fail('The root user has no MFA device.', [{ ...evidence[0], status: 'fail' }]);
    return unknown('IAM\'s account summary did not report AccountMFAEnabled.', evidence);
  },
};
