/**
 * Reads an IAM role's trust policy for the federated ways in it gives people: a role that principals of
 * another AWS account may assume (the operator's hub, reached through federation and role chaining), or
 * that a SAML or OIDC identity provider of the account may assume into. What is not a way in for people:
 * - the account itself (its own root, users or roles): that is a step inside, not a way in;
 * - an AWS service principal (`lambda.amazonaws.com`): workloads, not people;
 * - `*` (anyone): no account is named, so nothing says who comes in;
 * - a statement requiring `sts:ExternalId`: AWS's pattern for a third party's software, which people
 *   switching roles cannot present;
 * - web identity federation of public providers (Cognito identity pools, Login with Amazon, Google,
 *   Facebook): an application's end users.
 */

export interface WayIn {
  readonly kind: 'account' | 'saml' | 'oidc';
  /** The principal as the policy names it. */
  readonly principal: string;
  /** For `account`: the trusted account's id. */
  readonly account?: string;
}

interface Statement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const ACCOUNT_OF_PRINCIPAL = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/;
const PROVIDER = /^arn:[\w-]+:iam::\d{12}:(saml-provider|oidc-provider)\//;

/**
 * The ways in for people that `document` allows, as IAM gives it (`ListRoles` URL-encodes it; plain JSON
 * is read too). Throws when it is not a JSON policy.
 */
export function federatedWaysIn(document: string, ownAccountId: string): WayIn[] {
  const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
  const policy = JSON.parse(text) as { Statement?: Statement | readonly Statement[] };
  const ways: WayIn[] = [];
  for (const s of asList(policy.Statement)) {
    if (s.Effect !== 'Allow' || requiresExternalId(s)) continue;
    const principal = s.Principal;
    if (!principal || typeof principal !== 'object') continue;
    const { AWS: aws, Federated: federated } = principal as { AWS?: string | string[]; Federated?: string | string[] };
    if (allows(s, 'sts:AssumeRole')) {
      for (const p of asList(aws)) {
        const account = /^\d{12}$/.test(p) ? p : ACCOUNT_OF_PRINCIPAL.exec(p)?.[1];
        if (account && account !== ownAccountId) ways.push({ kind: 'account', principal: p, account });
      }
    }
    for (const p of asList(federated)) {
      const provider = PROVIDER.exec(p)?.[1];
      if (provider === 'saml-provider' && allows(s, 'sts:AssumeRoleWithSAML')) ways.push({ kind: 'saml', principal: p });
      if (provider === 'oidc-provider' && allows(s, 'sts:AssumeRoleWithWebIdentity')) ways.push({ kind: 'oidc', principal: p });
    }
  }
  return ways;
}

function asList<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function requiresExternalId(s: Statement): boolean {
  return Object.values(s.Condition ?? {}).some((operands) => Object.keys(operands ?? {}).some((key) => key.toLowerCase() === 'sts:externalid'));
}

function allows(s: Statement, action: string): boolean {
  if (s.NotAction !== undefined) return !asList(s.NotAction).some((pattern) => actionMatches(pattern, action));
  return asList(s.Action).some((pattern) => actionMatches(pattern, action));
}

/** IAM action wildcards (`*`, `?`), compared case-insensitively. */
function actionMatches(pattern: string, action: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(action);
}
