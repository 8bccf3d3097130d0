import * as assert from 'node:assert/strict';
import { federatedAccessOnly } from '../../../src/core/controls/federated-access-only';
import { HOME, RecordedApi, contextFor, decide, evidenceWith } from './support/recorded-api';

const SSO_PATH = '/aws-reserved/sso.amazonaws.com/';

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
    const api = iam([]).on('iam', HOME, 'ListRoles', { Roles: [{ RoleName: 'AWSReservedSSO_Admin_0123', Path: SSO_PATH, Arn: 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123' }], IsTruncated: false }, { PathPrefix: SSO_PATH });
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
    const api = iam([]).on('iam', HOME, 'ListRoles', { Roles: [], IsTruncated: false }, { PathPrefix: SSO_PATH });
    const outcome = await decide(federatedAccessOnly, contextFor(api));
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.reason, /no identity provider and no IAM Identity Center roles/);
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
