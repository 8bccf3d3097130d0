import * as assert from 'node:assert/strict';
import { federatedAccessOnly } from '../../../src/core/controls/federated-access-only';
import { role } from './support/passing-account';
import { HOME, RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';

const SSO_PATH = '/aws-reserved/sso.amazonaws.com/';
const ALL_ROLES = { MaxItems: 1000 };
const HUB_OPERATOR = 'arn:aws:iam::999999999999:role/HubOperator';

function withRoles(api: RecordedApi, roles: object[]): RecordedApi {
  return api.on('iam', HOME, 'ListRoles', { Roles: roles, IsTruncated: false }, ALL_ROLES);
}

function iam(users: string[], opts: { passwords?: string[]; keys?: Record<string, string[]>; saml?: string[] } = {}): RecordedApi {
  const api = new RecordedApi().on('iam', HOME, 'ListUsers', { Users: users.map((u) => ({ UserName: u, Arn: `arn:aws:iam::111111111111:user/${u}` })), IsTruncated: false }, {});
  for (const u of users) {
    if (opts.passwords?.includes(u)) api.on('iam', HOME, 'GetLoginProfile', { LoginProfile: { UserName: u } }, { UserName: u });
    else api.fails('iam', HOME, 'GetLoginProfile', 'NoSuchEntityException', 'service', { UserName: u });
    const keys = opts.keys?.[u] ?? [];
    api.on('iam', HOME, 'ListAccessKeys', { AccessKeyMetadata: keys.map((k, i) => ({ AccessKeyId: `AKIA${i}`, Status: k })), IsTruncated: false }, { UserName: u });
  }
  api.on('iam', HOME, 'ListSAMLProviders', { SAMLProviderList: (opts.saml ?? []).map((n) => ({ Arn: `arn:aws:iam::111111111111:saml-provider/${n}` })) }, {});
  api.on('iam', HOME, 'ListOpenIDConnectProviders', { OpenIDConnectProviderList: [] }, {});
  return api;
}

describe('federated-access-only', () => {
  it('passes with no long-term credentials and a SAML provider', async () => {
    const api = iam(['ci-readonly'], { keys: { 'ci-readonly': ['Inactive'] }, saml: ['Okta'] });
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.deepEqual(evidenceWith(outcome, 'pass'), ['SAML identity provider Okta']);
    assert.equal(api.count('ListRoles'), 0);
  });

  it('passes with IAM Identity Center roles when there is no provider', async () => {
    const api = withRoles(iam([]), [{ RoleName: 'AWSReservedSSO_Admin_0123', Path: SSO_PATH, Arn: 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123' }]);
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'pass');
    assert.deepEqual(evidenceWith(outcome, 'pass'), ['IAM Identity Center roles: AWSReservedSSO_Admin_0123']);
  });

  it('fails each user with a console password or an active key, naming them', async () => {
    const api = iam(['alice', 'deploy', 'bob'], { passwords: ['alice'], keys: { deploy: ['Active', 'Inactive'], alice: ['Active'] }, saml: ['Okta'] });
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.equal(outcome.reason, '2 IAM users have long-term credentials.');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['IAM user alice: a console password and 1 active access key (AKIA0)', 'IAM user deploy: 1 active access key (AKIA0)']);
    assert.equal(outcome.evidence.find((e) => e.status === 'fail')?.resource, 'arn:aws:iam::111111111111:user/alice');
  });

  it('fails when nobody has long-term credentials but nothing federates either', async () => {
    const api = withRoles(iam([]), []);
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.reason, /no federated way in: no identity provider, no IAM Identity Center roles, no role another account may assume/);
  });

  it('passes with a role the operator\'s hub account may assume, naming the role and the account', async () => {
    const api = withRoles(iam(['ci'], { keys: { ci: ['Inactive'] } }), [role('lambda-exec', { Service: 'lambda.amazonaws.com' }), role('OperatorAccess', { AWS: [HUB_OPERATOR] }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })]);
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.deepEqual(evidenceWith(outcome, 'pass'), [`Role OperatorAccess may be assumed by account 999999999999 (${HUB_OPERATOR})`]);
    assert.equal(outcome.evidence.find((e) => e.status === 'pass')?.resource, 'arn:aws:iam::111111111111:role/OperatorAccess');
  });

  it('reads trust policies as IAM gives them (URL-encoded) and as plain JSON, with the account as a bare id', async () => {
    const plain = { RoleName: 'FromHub', Arn: 'arn:aws:iam::111111111111:role/FromHub', Path: '/', AssumeRolePolicyDocument: JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: '999999999999' }, Action: ['sts:AssumeRole', 'sts:TagSession'] } }) };
    const outcome = await decide(federatedAccessOnly, contextFor(withRoles(iam([]), [plain])));
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.deepEqual(evidenceWith(outcome, 'pass'), ['Role FromHub may be assumed by account 999999999999 (999999999999)']);
  });

  it('counts a role a SAML provider of the account may assume into', async () => {
    const saml = role('Federated', { Federated: 'arn:aws:iam::111111111111:saml-provider/Okta' }, { Action: 'sts:AssumeRoleWithSAML' });
    const outcome = await decide(federatedAccessOnly, contextFor(withRoles(iam([]), [saml])));
    assert.equal(outcome.status, 'pass', outcome.reason);
    assert.deepEqual(evidenceWith(outcome, 'pass'), ['Role Federated may be assumed by SAML identity provider Okta']);
  });

  it('does not count roles trusting only this account, an AWS service, anyone, a third party\'s software or an app\'s end users', async () => {
    const roles = [
      role('SelfAdmin', { AWS: 'arn:aws:iam::111111111111:root' }),
      role('SelfRole', { AWS: ['111111111111', 'arn:aws:iam::111111111111:role/Deployer'] }),
      role('Lambda', { Service: ['lambda.amazonaws.com'] }),
      role('Anyone', { AWS: '*' }),
      role('AnyoneToo', '*'),
      role('Vendor', { AWS: 'arn:aws:iam::464622532012:root' }, { Condition: { StringEquals: { 'sts:ExternalId': 'acme-1234' } } }),
      role('TagOnly', { AWS: HUB_OPERATOR }, { Action: 'sts:TagSession' }),
      role('Denied', { AWS: HUB_OPERATOR }, { Effect: 'Deny' }),
      role('AppUsers', { Federated: 'cognito-identity.amazonaws.com' }, { Action: 'sts:AssumeRoleWithWebIdentity' }),
    ];
    const outcome = await decide(federatedAccessOnly, contextFor(withRoles(iam([]), roles)));
    assert.equal(outcome.status, 'fail', outcome.reason);
    assert.deepEqual(evidenceWith(outcome, 'pass'), []);
  });

  it('is unknown, not a pass or a fail, when the roles cannot be listed and no provider shows a way in', async () => {
    const api = iam([]).denies('iam', HOME, 'ListRoles', ALL_ROLES);
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'unknown');
    assert.match(evidenceWith(outcome, 'unknown')[0], /^IAM roles could not be read/);
  });

  it('follows ListRoles pagination to the role that trusts the hub', async () => {
    const api = iam([]);
    api.on('iam', HOME, 'ListRoles', { Roles: [role('Lambda', { Service: 'lambda.amazonaws.com' })], IsTruncated: true, Marker: 'r2' }, ALL_ROLES);
    api.on('iam', HOME, 'ListRoles', { Roles: [role('OperatorAccess', { AWS: HUB_OPERATOR })], IsTruncated: false }, { ...ALL_ROLES, Marker: 'r2' });
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'pass', outcome.reason);
  });

  it('is unknown when a role\'s trust policy is not JSON and nothing else shows a way in', async () => {
    const broken = { RoleName: 'Broken', Arn: 'arn:aws:iam::111111111111:role/Broken', Path: '/', AssumeRolePolicyDocument: '%7Bnot json' };
    const outcome = await decide(federatedAccessOnly, contextFor(withRoles(iam([]), [broken])));
    assert.equal(outcome.status, 'unknown');
    assert.deepEqual(evidenceWith(outcome, 'unknown'), ['Role Broken: trust policy could not be read']);
  });

  it('follows ListUsers pagination', async () => {
    const api = iam(['a', 'b'], { keys: { b: ['Active'] }, saml: ['Okta'] });
    api.on('iam', HOME, 'ListUsers', { Users: [{ UserName: 'a' }], IsTruncated: true, Marker: 'm1' }, {});
    api.on('iam', HOME, 'ListUsers', { Users: [{ UserName: 'b' }], IsTruncated: false }, { Marker: 'm1' });
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(evidenceWith(outcome, 'fail'), ['IAM user b: 1 active access key (AKIA0)']);
  });

  it('is unknown when a user\'s login profile is denied and nothing else fails', async () => {
    const api = iam(['alice'], { saml: ['Okta'] }).denies('iam', HOME, 'GetLoginProfile', { UserName: 'alice' });
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'unknown');
    assert.match(evidenceWith(outcome, 'unknown')[0], /^IAM user alice: credentials could not be read/);
  });
});
