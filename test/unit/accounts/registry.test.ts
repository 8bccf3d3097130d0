/** Merging the account sources, grouping, finding; and Organizations discovery over a paginated fake. */
import * as assert from 'node:assert/strict';
import { discoverOrganizationAccounts } from '../../../src/core/accounts/organizations';
import { findAccount, findAccounts, groupByTag, mergeAccounts, tagNames } from '../../../src/core/accounts/registry';
import type { Account } from '../../../src/core/accounts/model';
import type { AwsApi } from '../../../src/core/aws/api';

const role = (id: string, name = 'OperatorAccess'): Account['access'] => ({ kind: 'assume-role', roleArn: `arn:aws:iam::${id}:role/${name}` });
const account = (id: string, name: string, origin: Account['origin'], extra: Partial<Account> = {}): Account => ({ id, name, origin, tags: {}, access: role(id), ...extra });

describe('account registry', () => {
  it('lets the file win over profiles and profiles over Organizations: profiles add only accounts the file does not name', () => {
    const merged = mergeAccounts({
      file: [account('111111111111', 'Acme prod (file)', 'accounts-file')],
      profiles: [
        account('111111111111', 'acme-prod', 'aws-config'),
        account('111111111111', 'acme-prod-readonly', 'aws-config', { access: role('111111111111', 'ReadOnly') }),
        account('222222222222', 'acme-dev', 'aws-config'),
      ],
      organizations: [
        account('111111111111', 'Acme Prod', 'organizations', { access: role('111111111111', 'OrganizationAccountAccessRole') }),
        account('333333333333', 'Acme Test', 'organizations', { access: role('333333333333', 'OrganizationAccountAccessRole') }),
      ],
    });
    assert.deepEqual(merged.map((a) => a.name), ['Acme prod (file)', 'acme-dev', 'Acme Test']);
  });

  it('keeps every way into an account among profiles when no file names it, deduping by id and access', () => {
    const merged = mergeAccounts({
      profiles: [
        account('111111111111', 'acme-prod', 'aws-config'),
        account('111111111111', 'acme-prod-again', 'aws-config'),
        account('111111111111', 'acme-prod-readonly', 'aws-config', { access: role('111111111111', 'ReadOnly') }),
      ],
    });
    assert.deepEqual(merged.map((a) => a.name), ['acme-prod', 'acme-prod-readonly']);
  });

  it('groups by a tag, untagged last, and lists the tag names', () => {
    const accounts = [
      account('1'.repeat(12), 'a', 'accounts-file', { tags: { customer: 'Globex' } }),
      account('2'.repeat(12), 'b', 'accounts-file'),
      account('3'.repeat(12), 'c', 'accounts-file', { tags: { customer: 'Acme', environment: 'prod' } }),
      account('4'.repeat(12), 'd', 'accounts-file', { tags: { customer: 'Acme' } }),
    ];
    assert.deepEqual(groupByTag(accounts, 'customer').map((g) => [g.value, g.accounts.map((a) => a.name)]), [['Acme', ['c', 'd']], ['Globex', ['a']], [undefined, ['b']]]);
    assert.deepEqual(tagNames(accounts), ['customer', 'environment']);
  });

  it('finds by id, exact name (any case), then part of a name', () => {
    const accounts = [account('111111111111', 'Acme production', 'accounts-file'), account('222222222222', 'Acme production EU', 'accounts-file'), account('333333333333', 'Globex', 'accounts-file')];
    assert.equal(findAccount(accounts, '222222222222')?.name, 'Acme production EU');
    assert.equal(findAccount(accounts, 'acme PRODUCTION')?.id, '111111111111');
    assert.deepEqual(findAccounts(accounts, 'acme').map((a) => a.id), ['111111111111', '222222222222']);
    assert.equal(findAccount(accounts, 'acme'), undefined, 'ambiguous');
    assert.equal(findAccount(accounts, 'initech'), undefined);
  });
});

describe('Organizations discovery', () => {
  it('pages through ListAccounts, keeps ACTIVE accounts and reaches the management account through its profile', async () => {
    const pages: Record<string, { Accounts: object[]; NextToken?: string }> = {
      '': { Accounts: [{ Id: '999999999999', Name: 'Management', Arn: 'arn:aws:organizations::999999999999:account/o-abc123/999999999999', Status: 'ACTIVE' }, { Id: '111111111111', Name: 'Acme', Arn: 'arn:aws:organizations::999999999999:account/o-abc123/111111111111', Status: 'ACTIVE' }], NextToken: 'p2' },
      p2: { Accounts: [{ Id: '222222222222', Name: 'Gone', Status: 'SUSPENDED' }, { Id: '333333333333', Name: 'GovCloud twin', Arn: 'arn:aws-us-gov:organizations::999999999999:account/o-abc123/333333333333', State: 'ACTIVE' }] },
    };
    const calls: string[] = [];
    const api: AwsApi = {
      accountId: '999999999999',
      call: <T>(service: string, region: string, operation: string, input?: object) => {
        const token = (input as { NextToken?: string }).NextToken ?? '';
        calls.push(`${service}:${operation}@${region}:${token}`);
        return Promise.resolve(pages[token] as T);
      },
    };
    const accounts = await discoverOrganizationAccounts(api, 'AuditAccess', { sourceProfile: 'management' });
    assert.deepEqual(calls, ['organizations:ListAccounts@us-east-1:', 'organizations:ListAccounts@us-east-1:p2']);
    assert.deepEqual(accounts.map((a) => [a.id, a.name, a.access]), [
      ['999999999999', 'Management', { kind: 'profile', profile: 'management' }],
      ['111111111111', 'Acme', { kind: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/AuditAccess', sourceProfile: 'management' }],
      ['333333333333', 'GovCloud twin', { kind: 'assume-role', roleArn: 'arn:aws-us-gov:iam::333333333333:role/AuditAccess', sourceProfile: 'management' }],
    ]);
    assert.ok(accounts.every((a) => a.origin === 'organizations' && a.tags.organization === 'o-abc123'));
  });
});
