/**
 * federated-access-only through the real path: the SDK's IAM client against moto reads a role's trust
 * policy as IAM gives it, and a role the operator's hub account may assume is a federated way in.
 */
import * as assert from 'node:assert/strict';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Account } from '../../../src/core/accounts/model';
import { SdkAwsApi } from '../../../src/core/aws/sdk-api';
import { federatedAccessOnly } from '../../../src/core/controls/federated-access-only';
import { checkAccount } from '../../../src/core/controls/run';
import { type AwsBackend, seededBackend } from '../support/backend';

/** Keys no fixture knows: moto acts in its default account with them, which has no IAM users. */
const KEYS = { accessKeyId: 'SOPLENSTESTFEDERATE1', secretAccessKey: 'federated-test-secret' };
const ACCOUNT_ID = '123456789012';
const HUB_OPERATOR = 'arn:aws:iam::999999999999:role/HubOperator';

describe('federated-access-only against the AWS backend', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let iam: IAMClient;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    iam = new IAMClient({ region: 'us-east-1', endpoint: backend.endpoint, credentials: KEYS, maxAttempts: 1 });
  });
  after(() => iam.destroy());

  async function decide(): Promise<{ status: string; reason: string; evidence: readonly { text: string; status?: string }[] }> {
    const account: Account = { id: ACCOUNT_ID, name: 'moto default', access: { kind: 'profile', profile: 'none' }, homeRegion: 'us-east-1', tags: {}, origin: 'accounts-file' };
    const api = new SdkAwsApi({ accountId: ACCOUNT_ID, credentials: KEYS, endpoints: { default: backend.endpoint }, maxAttempts: 1 });
    try {
      const [result] = await checkAccount(account, api, { checks: [federatedAccessOnly] });
      return result;
    } finally {
      api.destroy();
    }
  }

  it('fails an account without users and without a way in, and passes it once a role trusts the hub account', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'LambdaExec', AssumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
    try {
      const without = await decide();
      assert.equal(without.status, 'fail', without.reason);
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: HUB_OPERATOR }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
      await iam.send(new CreateRoleCommand({ RoleName: 'OperatorAccess', AssumeRolePolicyDocument: JSON.stringify(trust) }));
      try {
        const withRole = await decide();
        assert.equal(withRole.status, 'pass', withRole.reason);
        assert.deepEqual(withRole.evidence.filter((e) => e.status === 'pass').map((e) => e.text), [`Role OperatorAccess may be assumed by account 999999999999 (${HUB_OPERATOR})`]);
      } finally {
        await iam.send(new DeleteRoleCommand({ RoleName: 'OperatorAccess' }));
      }
    } finally {
      await iam.send(new DeleteRoleCommand({ RoleName: 'LambdaExec' }));
    }
  });
});
