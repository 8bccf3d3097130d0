/**
 * Accounts discovered from AWS Organizations: `ListAccounts` in the management account, ACTIVE accounts
 * only, each reached by assuming the organization's access role from the management-account profile.
 */
import type { AwsApi } from '../aws/api';
import { DEFAULT_ORGANIZATION_ROLE } from './accounts-file';
import type { Account } from './model';

interface OrganizationAccount {
  Id?: string;
  Arn?: string;
  Name?: string;
  Email?: string;
  /** Older field; `State` replaces it in newer API versions. */
  Status?: string;
  State?: string;
}

export interface DiscoveryOptions {
  /** The management-account profile the role assumption starts from; absent = the default chain. */
  readonly sourceProfile?: string;
  /** Region for the Organizations API (a global service answered in us-east-1). */
  readonly region?: string;
}

/** `arn:aws-us-gov:organizations::…` → `aws-us-gov`: the role ARN must be in the same partition. */
function partitionOf(arn: string | undefined): string {
  return /^arn:([\w-]+):/.exec(arn ?? '')?.[1] ?? 'aws';
}

function isActive(account: OrganizationAccount): boolean {
  return (account.State ?? account.Status) === 'ACTIVE';
}

/**
 * Every active account of the organization `api` is signed in to (its management account), as an entry
 * that assumes `roleName`. The management account itself has no such role: it is reached through the
 * management profile as it is.
 */
export async function discoverOrganizationAccounts(api: AwsApi, roleName: string = DEFAULT_ORGANIZATION_ROLE, options: DiscoveryOptions = {}): Promise<Account[]> {
  const region = options.region ?? 'us-east-1';
  const accounts: Account[] = [];
  let nextToken: string | undefined;
  do {
    const page = await api.call<{ Accounts?: OrganizationAccount[]; NextToken?: string }>('organizations', region, 'ListAccounts', nextToken ? { NextToken: nextToken } : {});
    for (const member of page.Accounts ?? []) {
      if (!member.Id || !isActive(member)) continue;
      const base = { id: member.Id, name: member.Name || member.Id, tags: { organization: /:account\/(o-[a-z0-9]+)\//.exec(member.Arn ?? '')?.[1] ?? 'organization' }, origin: 'organizations' as const };
      if (member.Id === api.accountId && options.sourceProfile) {
        accounts.push({ ...base, access: { kind: 'profile', profile: options.sourceProfile } });
      } else if (member.Id !== api.accountId) {
        const roleArn = `arn:${partitionOf(member.Arn)}:iam::${member.Id}:role/${roleName}`;
        accounts.push({ ...base, access: { kind: 'assume-role', roleArn, ...(options.sourceProfile ? { sourceProfile: options.sourceProfile } : {}) } });
      }
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return accounts;
}
