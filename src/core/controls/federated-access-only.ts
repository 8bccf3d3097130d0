import type {
  GetLoginProfileCommandOutput,
  ListAccessKeysCommandOutput,
  ListOpenIDConnectProvidersCommandOutput,
  ListRolesCommandOutput,
  ListSAMLProvidersCommandOutput,
  ListUsersCommandOutput,
  User,
} from '@aws-sdk/client-iam';
import { type AccountCheck, type CheckContext, type Evidence, fail, pass, unknown } from './check';
import { allPages, capped, orAbsent, seen, withToken } from './support/aws';

/** Where IAM Identity Center puts the roles of its permission sets in every account it serves. */
const IDENTITY_CENTER_PATH = '/aws-reserved/sso.amazonaws.com/';
const IDENTITY_CENTER_ROLE = /^AWSReservedSSO_/;
const NO_SUCH_ENTITY = ['NoSuchEntity', 'NoSuchEntityException'];

export const federatedAccessOnly: AccountCheck = {
  id: 'federated-access-only',
  scope: 'account',
  title: 'People reach the account through federation, not IAM users with long-term credentials',
  controls: ['ACCT-002'],
  rationale:
    'The SOP federates operators into customer accounts through a corporate identity provider and assumed roles, so access uses short-lived STS credentials. IAM users with passwords or access keys are long-term credentials that outlive the people and machines they were made for.',
  calls: ['iam:ListUsers', 'iam:GetLoginProfile', 'iam:ListAccessKeys', 'iam:ListSAMLProviders', 'iam:ListOpenIDConnectProviders', 'iam:ListRoles'],
  decides:
    'Fails for each IAM user with a console password or an active access key; passes only when no user has one and the account trusts a SAML or OIDC identity provider or has IAM Identity Center roles (AWSReservedSSO_*).',
  remediation:
    'Move people to IAM Identity Center or a SAML provider with roles; give workloads IAM roles instead of keys; then delete the IAM users\' login profiles and access keys (aws iam delete-login-profile, aws iam delete-access-key).',
  async run(ctx) {
    const [users, federation] = await Promise.all([
      iamList(ctx, 'ListUsers', {}, (page: ListUsersCommandOutput) => page.Users),
      federationEvidence(ctx),
    ]);
    const userLines = (await Promise.all(users.map((u) => judgeUser(ctx, u)))).filter((e): e is Evidence => e !== undefined);
    const withCredentials = userLines.filter((e) => e.status === 'fail');
    const unreadable = userLines.filter((e) => e.status === 'unknown');
    const evidence = [
      ...capped(withCredentials, 30, (e) => e, (n) => `... and ${n} more IAM users with long-term credentials`),
      ...unreadable,
      ...federation,
      { text: `${users.length} IAM user${users.length === 1 ? '' : 's'}, ${withCredentials.length} with long-term credentials` },
    ];
    const federated = federation.some((e) => e.status === 'pass');
    if (withCredentials.length > 0) return fail(`${withCredentials.length} IAM user${withCredentials.length > 1 ? 's have' : ' has'} long-term credentials.`, evidence);
    if (!federated && federation.every((e) => e.status !== 'unknown')) return fail('No IAM user has long-term credentials, but the account has no identity provider and no IAM Identity Center roles.', evidence);
    if (unreadable.length > 0 || !federated) return unknown('Not every IAM user or identity provider could be read.', evidence);
    return pass('No IAM user has long-term credentials, and access is federated.', evidence);
  },
};

/** The user's long-term credentials as evidence; undefined when it has none. */
async function judgeUser(ctx: CheckContext, user: User): Promise<Evidence | undefined> {
  const name = user.UserName ?? '';
  const [profile, keys] = await Promise.all([
    seen(orAbsent(ctx.api.call<GetLoginProfileCommandOutput>('iam', ctx.homeRegion, 'GetLoginProfile', { UserName: name }), ...NO_SUCH_ENTITY)),
    seen(iamList(ctx, 'ListAccessKeys', { UserName: name }, (page: ListAccessKeysCommandOutput) => page.AccessKeyMetadata)),
  ]);
  const held: string[] = [];
  if (profile.ok && profile.value) held.push('a console password');
  if (keys.ok) {
    const active = keys.value.filter((k) => k.Status === 'Active');
    if (active.length) held.push(`${active.length} active access key${active.length > 1 ? 's' : ''} (${active.map((k) => k.AccessKeyId).join(', ')})`);
  }
  const resource = user.Arn ?? name;
  if (held.length) return { text: `IAM user ${name}: ${held.join(' and ')}`, status: 'fail', resource };
  if (!profile.ok || !keys.ok) return { text: `IAM user ${name}: credentials could not be read (${!profile.ok ? profile.reason : !keys.ok ? keys.reason : ''})`, status: 'unknown', resource };
  return undefined;
}

/** Identity providers and Identity Center roles: a `pass` line for each found, `unknown` for what could not be read. */
async function federationEvidence(ctx: CheckContext): Promise<Evidence[]> {
  const [saml, oidc] = await Promise.all([
    seen(ctx.api.call<ListSAMLProvidersCommandOutput>('iam', ctx.homeRegion, 'ListSAMLProviders', {})),
    seen(ctx.api.call<ListOpenIDConnectProvidersCommandOutput>('iam', ctx.homeRegion, 'ListOpenIDConnectProviders', {})),
  ]);
  const lines: Evidence[] = [];
  if (saml.ok) lines.push(...(saml.value.SAMLProviderList ?? []).map((p): Evidence => ({ text: `SAML identity provider ${p.Arn?.split('/').pop()}`, status: 'pass', resource: p.Arn })));
  else lines.push({ text: `SAML providers could not be read (${saml.reason})`, status: 'unknown' });
  if (oidc.ok) lines.push(...(oidc.value.OpenIDConnectProviderList ?? []).map((p): Evidence => ({ text: `OIDC identity provider ${p.Arn?.split('/').pop()}`, status: 'pass', resource: p.Arn })));
  else lines.push({ text: `OIDC providers could not be read (${oidc.reason})`, status: 'unknown' });
  if (lines.some((l) => l.status === 'pass')) return lines;
  const roles = await seen(iamList(ctx, 'ListRoles', { PathPrefix: IDENTITY_CENTER_PATH }, (page: ListRolesCommandOutput) => page.Roles));
  if (!roles.ok) return [...lines, { text: `IAM Identity Center roles could not be read (${roles.reason})`, status: 'unknown' }];
  const sso = roles.value.filter((r) => IDENTITY_CENTER_ROLE.test(r.RoleName ?? '') && (r.Path ?? '').startsWith(IDENTITY_CENTER_PATH));
  if (sso.length) return [...lines, { text: `IAM Identity Center roles: ${sso.map((r) => r.RoleName).join(', ')}`, status: 'pass', resource: sso[0].Arn }];
  return [...lines, { text: 'No SAML or OIDC identity provider and no IAM Identity Center roles', status: 'fail' }];
}

/** Every item of an IAM list operation (IAM pages with `IsTruncated` and `Marker`, asked in the home region). */
function iamList<Page extends { IsTruncated?: boolean; Marker?: string }, Item>(
  ctx: CheckContext,
  operation: string,
  input: object,
  items: (page: Page) => readonly Item[] | undefined,
): Promise<Item[]> {
  return allPages(
    (token) => ctx.api.call<Page>('iam', ctx.homeRegion, operation, withToken(input, 'Marker', token)),
    items,
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
}
