import type {
  GetLoginProfileCommandOutput,
  ListAccessKeysCommandOutput,
  ListOpenIDConnectProvidersCommandOutput,
  ListRolesCommandOutput,
  ListSAMLProvidersCommandOutput,
  ListUsersCommandOutput,
  Role,
  User,
} from '@aws-sdk/client-iam';
import { type AccountCheck, type CheckContext, type Evidence, fail, pass, unknown } from './check';
import { allPages, capped, orAbsent, seen, withToken } from './support/aws';
import { type WayIn, federatedWaysIn } from './support/trust-policy';

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
    'Fails for each IAM user with a console password or an active access key; passes only when no user has one and there is a federated way in: a SAML or OIDC identity provider, IAM Identity Center roles (AWSReservedSSO_*), or a role whose trust policy lets another AWS account (the operator\'s hub) or an identity provider of the account assume it. A role trusting only this account, an AWS service, "*" or a third party\'s software (sts:ExternalId) is not a way in for people.',
  remediation:
    'Move people to IAM Identity Center, a SAML provider with roles, or a role the operator\'s hub account assumes with MFA; give workloads IAM roles instead of keys; then delete the IAM users\' login profiles and access keys (aws iam delete-login-profile, aws iam delete-access-key).',
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
    if (!federated && federation.every((e) => e.status !== 'unknown')) return fail('No IAM user has long-term credentials, but there is no federated way in: no identity provider, no IAM Identity Center roles, no role another account may assume.', evidence);
    if (unreadable.length > 0 || !federated) return unknown('Not every IAM user, identity provider or role could be read.', evidence);
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

/**
 * The federated ways in: a `pass` line for each found, `unknown` for what could not be read. The roles
 * are read only when no identity provider already shows one.
 */
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
  const roles = await seen(iamList(ctx, 'ListRoles', { MaxItems: 1000 }, (page: ListRolesCommandOutput) => page.Roles));
  if (!roles.ok) return [...lines, { text: `IAM roles could not be read, so neither IAM Identity Center roles nor roles trusting another account could be looked for (${roles.reason})`, status: 'unknown' }];
  const roleLines = judgeRoles(roles.value, ctx.api.accountId);
  if (roleLines.some((l) => l.status === 'pass')) return [...lines, ...roleLines];
  return [...lines, ...roleLines, { text: 'No SAML or OIDC identity provider, no IAM Identity Center roles, and no role another account or an identity provider may assume', status: 'fail' }];
}

/** Identity Center roles as one line, each role with a federated way in as its own, unreadable trust policies as unknown. */
function judgeRoles(roles: readonly Role[], ownAccountId: string): Evidence[] {
  const sso = roles.filter((r) => IDENTITY_CENTER_ROLE.test(r.RoleName ?? '') && (r.Path ?? '').startsWith(IDENTITY_CENTER_PATH));
  const lines: Evidence[] = sso.length ? [{ text: `IAM Identity Center roles: ${sso.map((r) => r.RoleName).join(', ')}`, status: 'pass', resource: sso[0].Arn }] : [];
  const trusting: Evidence[] = [];
  for (const role of roles) {
    if (sso.includes(role)) continue;
    let ways: WayIn[];
    try {
      ways = federatedWaysIn(role.AssumeRolePolicyDocument ?? '{}', ownAccountId);
    } catch {
      lines.push({ text: `Role ${role.RoleName}: trust policy could not be read`, status: 'unknown', resource: role.Arn });
      continue;
    }
    if (ways.length) trusting.push({ text: `Role ${role.RoleName} may be assumed by ${ways.map(describeWayIn).join(', ')}`, status: 'pass', resource: role.Arn });
  }
  return [...lines, ...capped(trusting, 10, (e) => e, (n) => `... and ${n} more roles with a federated way in`)];
}

function describeWayIn(way: WayIn): string {
  if (way.kind === 'account') return `account ${way.account} (${way.principal})`;
  return `${way.kind === 'saml' ? 'SAML' : 'OIDC'} identity provider ${way.principal.split('/').slice(1).join('/')}`;
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
