/** STS AssumeRole as AWS decides it: MFA codes checked against the fixture's virtual device, trust and existence of the role. */
import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { WRONG_MFA_CODE_MESSAGE } from '../../aws-backend/mfa';
import { totp } from '../../aws-backend/totp';
import { FIXTURE_ACCOUNTS, HUB_MFA_SERIAL, seededBackend, type AwsBackend } from '../support/backend';
import { ALICE, assumeRole, clientConfig, errorOf } from '../support/clients';

const PRODUCTION_ROLE = 'arn:aws:iam::111111111111:role/OperatorAccess';

describe('AWS backend: AssumeRole with MFA', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let sts: STSClient;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    sts = new STSClient(clientConfig(backend, ALICE));
  });

  after(() => sts.destroy());

  async function denial(input: Omit<ConstructorParameters<typeof AssumeRoleCommand>[0], 'RoleSessionName'>): Promise<Error> {
    return errorOf(sts.send(new AssumeRoleCommand({ RoleSessionName: 'alice', ...input })));
  }

  it('lets alice in with the current code of her device, as an authenticator app computes it', async () => {
    const code = await backend.mfaCode(HUB_MFA_SERIAL);
    assert.equal(code, totp('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'));
    const answer = await sts.send(new AssumeRoleCommand({ RoleArn: PRODUCTION_ROLE, RoleSessionName: 'alice', SerialNumber: HUB_MFA_SERIAL, TokenCode: code }));
    assert.match(answer.AssumedRoleUser?.Arn ?? '', /^arn:aws:sts::111111111111:assumed-role\/OperatorAccess\/alice$/);
  });

  it('refuses a wrong code with the message AWS gives', async () => {
    const current = await backend.mfaCode(HUB_MFA_SERIAL);
    const wrong = String((Number(current) + 500_000) % 1_000_000).padStart(6, '0');
    const error = await denial({ RoleArn: PRODUCTION_ROLE, SerialNumber: HUB_MFA_SERIAL, TokenCode: wrong });
    assert.equal(error.name, 'AccessDenied');
    assert.equal(error.message, WRONG_MFA_CODE_MESSAGE);
  });

  it('refuses a role that requires MFA when no code is sent', async () => {
    const error = await denial({ RoleArn: PRODUCTION_ROLE });
    assert.equal(error.name, 'AccessDenied');
    assert.equal(error.message, `User: arn:aws:iam::999999999999:user/alice is not authorized to perform: sts:AssumeRole on resource: ${PRODUCTION_ROLE}`);
  });

  it('lets alice into a role without an MFA condition without a code', async () => {
    const credentials = await assumeRole(backend, FIXTURE_ACCOUNTS.acmeStaging, 'OperatorAccess');
    const identity = await new STSClient(clientConfig(backend, credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, FIXTURE_ACCOUNTS.acmeStaging);
  });

  it('refuses a role that does not exist as AWS does', async () => {
    const missing = 'arn:aws:iam::111111111111:role/NoSuchRole';
    const error = await denial({ RoleArn: missing });
    assert.equal(error.name, 'AccessDenied');
    assert.match(error.message, /is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role\/NoSuchRole/);
  });

  it('chains: alice into HubOperator with MFA, then into Globex without another code', async () => {
    const hub = await assumeRole(backend, FIXTURE_ACCOUNTS.hub, 'HubOperator', { mfa: true });
    const globex = await assumeRole(backend, FIXTURE_ACCOUNTS.globex, 'OperatorAccess', { from: hub });
    const identity = await new STSClient(clientConfig(backend, globex)).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, FIXTURE_ACCOUNTS.globex);
  });

  it('refuses a role whose trust policy does not name the caller', async () => {
    const staging = await assumeRole(backend, FIXTURE_ACCOUNTS.acmeStaging, 'OperatorAccess');
    const error = await errorOf(assumeRole(backend, FIXTURE_ACCOUNTS.globex, 'OperatorAccess', { from: staging }));
    assert.equal(error.name, 'AccessDenied');
  });
});
