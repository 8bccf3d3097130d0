/**
 * Organizations discovery end to end, shared by the CLI and the Accounts view: sign in to the
 * management account through its profile (or the default chain), learn which account that is from STS
 * `GetCallerIdentity`, list the organization's accounts with `ListAccounts` and return them as entries
 * that assume the organization's access role from the same profile. Credentials stay in this function.
 */
import type { AwsEndpoints } from '../aws/clients';
import { AwsAccessError, classifyAwsError } from '../aws/errors';
import { SdkAwsApi } from '../aws/sdk-api';
import { type SignInPrompts, signInContext } from '../aws/sign-in';
import { sourceCredentials } from '../aws/source-credentials';
import { DEFAULT_ORGANIZATION_ROLE, type OrganizationsDiscovery } from './accounts-file';
import type { Account } from './model';
import { discoverOrganizationAccounts } from './organizations';

export interface OrganizationDiscoveryOptions {
  readonly endpoints?: AwsEndpoints;
  /** MFA code and Identity Center prompts, for a management profile that needs them. */
  readonly prompts: SignInPrompts;
  /** Environment for the shared config paths and the default chain; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Progress lines; never given a secret. */
  readonly log?: (line: string) => void;
}

export interface DiscoveredOrganization {
  /** The account the management profile signed in to. */
  readonly managementAccountId: string;
  /** The identity that listed the accounts, e.g. `arn:aws:iam::999999999999:user/alice`. */
  readonly managementArn: string;
  /** The active accounts, the management account included (through its profile). */
  readonly accounts: Account[];
}

/** Where discovery's credentials come from, in words: `profile management` or `the default credentials`. */
export function describeSource(settings: OrganizationsDiscovery): string {
  return settings.profile ? `profile ${settings.profile}` : 'the default credentials';
}

/**
 * Stands in for the account while its id is unknown: sign-in prompts (MFA, Identity Center) name it,
 * and its errors carry no account id yet.
 */
function managementPlaceholder(settings: OrganizationsDiscovery): Account {
  return {
    id: '',
    name: `the management account (${describeSource(settings)})`,
    access: { kind: 'profile', profile: settings.profile ?? 'default' },
    tags: {},
    origin: 'organizations',
  };
}

/** The reason in words the user can act on, for the failures discovery is known to meet. */
function discoveryError(error: unknown, settings: OrganizationsDiscovery, accountId?: string): AwsAccessError {
  const classified = classifyAwsError(error, { service: 'organizations', operation: 'ListAccounts', accountId });
  const code = classified.details.code;
  const source = describeSource(settings);
  if (code === 'AWSOrganizationsNotInUseException') {
    return new AwsAccessError('service', `Account ${accountId ?? '(unknown)'} reached through ${source} is not in an organization`, 'Name the management account\'s profile under organizations: profile in .sop/accounts.yaml.', { service: 'organizations', operation: 'ListAccounts', code, accountId });
  }
  if (classified.kind === 'access-denied' && classified.details.service === 'organizations') {
    return new AwsAccessError('access-denied', `${source} may not list the organization's accounts (${classified.details.code ?? 'AccessDenied'})`, 'Use a profile of the management account (or a delegated administrator) allowed organizations:ListAccounts.', classified.details);
  }
  return classified;
}

/**
 * The accounts of the organization the management profile belongs to. Throws `AwsAccessError` with
 * the reason (no credentials, MFA, not in an organization, denied) and what to do.
 */
export async function discoverAccountsFromOrganization(settings: OrganizationsDiscovery, options: OrganizationDiscoveryOptions): Promise<DiscoveredOrganization> {
  // The placeholder has no home region: STS goes to the environment's region, else us-east-1.
  const ctx = signInContext(managementPlaceholder(settings), options);
  const log = ctx.log;
  let source;
  try {
    // The profile's whole chain (keys, role, Identity Center, credential_process), then GetCallerIdentity.
    source = await sourceCredentials(settings.profile, ctx);
  } catch (error) {
    throw error instanceof AwsAccessError ? error : classifyAwsError(error, { service: 'sts', operation: 'sign-in' });
  }
  log(`Organizations: signed in to ${source.accountId} as ${source.arn} (${source.description})`);
  const api = new SdkAwsApi({ accountId: source.accountId, credentials: source.credentials, endpoints: options.endpoints, signal: options.signal });
  try {
    const accounts = await discoverOrganizationAccounts(api, settings.roleName || DEFAULT_ORGANIZATION_ROLE, { ...(settings.profile ? { sourceProfile: settings.profile } : {}) });
    log(`Organizations: ${accounts.length} active account${accounts.length === 1 ? '' : 's'} in the organization of ${source.accountId}`);
    return { managementAccountId: source.accountId, managementArn: source.arn, accounts };
  } catch (error) {
    throw discoveryError(error, settings, source.accountId);
  } finally {
    api.destroy();
  }
}

