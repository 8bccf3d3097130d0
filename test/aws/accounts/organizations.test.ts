/**
 * Organizations discovery against moto through the real SDK path: the hub profile signs in to the
 * management account, ListAccounts gives the organization's accounts (ACTIVE only), each becomes an
 * entry that assumes the configured role from the hub profile, and the accounts file wins on merge.
 * The expected accounts are read with an independent SDK client (moto gives members random ids).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { parseAccountsFile } from '../../../src/core/accounts/accounts-file';
import { discoverAccountsFromOrganization } from '../../../src/core/accounts/discover';
import type { Account } from '../../../src/core/accounts/model';
import { mergeAccounts } from '../../../src/core/accounts/registry';
import { AwsAccessError } from '../../../src/core/aws/errors';
import { signIn, type SignInPrompts } from '../../../src/core/aws/sign-in';
import { REPO } from '../../cli/support/paths';
import { FIXTURE_ACCOUNTS, seededBackend, type AwsBackend } from '../support/backend';
import { ALICE, clientConfig } from '../support/clients';

const FIXTURES = path.join(REPO, 'test', 'aws-backend', 'fixtures');

const NO_PROMPTS: SignInPrompts = {
  mfaCode: () => Promise.reject(new Error('discovery through the hub profile must not ask for an MFA code')),
  showDeviceCode: () => Promise.reject(new Error('discovery through the hub profile must not start an Identity Center sign-in')),
};

interface Listed {
  readonly id: string;
  readonly name: string;
  readonly state: string;
}

describe('Organizations discovery against the AWS backend', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let listed: Listed[];

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-org-'));
    env = { HOME: home, AWS_CONFIG_FILE: path.join(FIXTURES, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURES, 'aws-credentials') };
    const organizations = new OrganizationsClient(clientConfig(backend, ALICE));
    try {
      const answer = await organizations.send(new ListAccountsCommand({}));
      listed = (answer.Accounts ?? []).map((a) => ({ id: a.Id!, name: a.Name!, state: String(a.State ?? a.Status) }));
    } finally {
      organizations.destroy();
    }
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  const options = () => ({ endpoints: { default: backend.endpoint }, prompts: NO_PROMPTS, env });
  const member = (name: string) => listed.find((a) => a.name === name)!;

  it('the fixture holds an organization with an active and a closed member (precondition)', () => {
    assert.ok(member('Initech sandbox'), JSON.stringify(listed));
    assert.equal(member('Initech sandbox').state, 'ACTIVE');
    assert.equal(member('Initech retired').state, 'SUSPENDED');
    assert.ok(listed.some((a) => a.id === FIXTURE_ACCOUNTS.hub));
  });

  it('lists the active accounts from the management profile, each with the role to assume', async () => {
    const found = await discoverAccountsFromOrganization({ profile: 'hub', roleName: 'OrganizationAccountAccessRole' }, options());
    assert.equal(found.managementAccountId, FIXTURE_ACCOUNTS.hub);
    assert.equal(found.managementArn, 'arn:aws:iam::999999999999:user/alice');
    const active = listed.filter((a) => a.state === 'ACTIVE').map((a) => a.id);
    assert.deepEqual(found.accounts.map((a) => a.id).sort(), [...active].sort());
    assert.ok(!found.accounts.some((a) => a.id === member('Initech retired').id), 'the closed account is not listed');

    const sandbox = found.accounts.find((a) => a.id === member('Initech sandbox').id)!;
    assert.equal(sandbox.name, 'Initech sandbox');
    assert.equal(sandbox.origin, 'organizations');
    assert.match(sandbox.tags.organization ?? '', /^o-[a-z0-9]+$/);
    assert.deepEqual(sandbox.access, { kind: 'assume-role', roleArn: `arn:aws:iam::${sandbox.id}:role/OrganizationAccountAccessRole`, sourceProfile: 'hub' });
    // The management account has no access role of its own: it is reached through the profile as it is.
    assert.deepEqual(found.accounts.find((a) => a.id === FIXTURE_ACCOUNTS.hub)?.access, { kind: 'profile', profile: 'hub' });
  });

  it('builds the role ARNs with the configured role name', async () => {
    const found = await discoverAccountsFromOrganization({ profile: 'hub', roleName: 'SopLensAudit' }, options());
    const sandbox = found.accounts.find((a) => a.id === member('Initech sandbox').id)!;
    assert.equal(sandbox.access.kind === 'assume-role' && sandbox.access.roleArn, `arn:aws:iam::${sandbox.id}:role/SopLensAudit`);
  });

  it('gives entries that sign in: AssumeRole into the role moto created in the member', async () => {
    const found = await discoverAccountsFromOrganization({ profile: 'hub', roleName: 'OrganizationAccountAccessRole' }, options());
    const sandbox = found.accounts.find((a) => a.id === member('Initech sandbox').id)!;
    const session = await signIn(sandbox, options());
    assert.equal(session.accountId, sandbox.id);
    assert.match(session.arn, new RegExp(`^arn:aws:sts::${sandbox.id}:assumed-role/OrganizationAccountAccessRole/`));
  });

  it('merges after the accounts file: an account the file names keeps the file\'s entry', async () => {
    const sandboxId = member('Initech sandbox').id;
    const text = [
      'version: 1',
      'organizations: { profile: hub }',
      'accounts:',
      '  - name: Acme staging',
      '    id: "222222222222"',
      '    access: { roleArn: arn:aws:iam::222222222222:role/OperatorAccess, sourceProfile: hub }',
      '  - name: Initech sandbox (curated)',
      `    id: "${sandboxId}"`,
      '    access: { profile: hub }',
      '',
    ].join('\n');
    const file = parseAccountsFile(text);
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.organizations, { profile: 'hub', roleName: 'OrganizationAccountAccessRole' });
    const found = await discoverAccountsFromOrganization(file.organizations, options());
    const merged = mergeAccounts({ file: file.accounts, organizations: found.accounts });
    const row = (a: Account) => `${a.name} ${a.id} ${a.origin}`;
    assert.deepEqual(merged.map(row), [`Acme staging 222222222222 accounts-file`, `Initech sandbox (curated) ${sandboxId} accounts-file`, `master ${FIXTURE_ACCOUNTS.hub} organizations`]);
  });

  it('says why when the management profile may not list the accounts', async () => {
    await backend.addFaults({ kind: 'access-denied', service: 'organizations', action: 'ListAccounts', account: FIXTURE_ACCOUNTS.hub });
    try {
      await assert.rejects(discoverAccountsFromOrganization({ profile: 'hub', roleName: 'OrganizationAccountAccessRole' }, options()), (error: unknown) => {
        assert.ok(error instanceof AwsAccessError, String(error));
        assert.equal(error.kind, 'access-denied');
        assert.match(error.message, /profile hub may not list the organization's accounts/);
        assert.match(error.action, /organizations:ListAccounts/);
        return true;
      });
    } finally {
      await backend.clearFaults();
    }
  });

  it('says why when the management profile does not exist', async () => {
    await assert.rejects(discoverAccountsFromOrganization({ profile: 'no-such-profile', roleName: 'OrganizationAccountAccessRole' }, options()), (error: unknown) => {
      assert.ok(error instanceof AwsAccessError, String(error));
      assert.equal(error.kind, 'no-source-credentials');
      assert.match(error.message, /no AWS profile named no-such-profile/);
      return true;
    });
  });
});
