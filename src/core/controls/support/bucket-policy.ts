/**
 * Reads an S3 bucket policy for statements that deny deleting log objects to everyone (`Principal: "*"`
 * or `NotPrincipal`), whatever exceptions their conditions make. A deny aimed at named principals only
 * protects against those, so it does not count.
 */

/** The deletes a CloudTrail log bucket must refuse: both, since with versioning a plain delete only hides the object. */
export const LOG_DELETE_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion'] as const;

interface Statement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
}

/** Which of `actions` on `objectArn` some statement denies to everyone. Throws on a policy that is not JSON. */
export function deniedToEveryone(policy: string, actions: readonly string[], objectArn: string): string[] {
  const parsed = JSON.parse(policy) as { Statement?: Statement | readonly Statement[] };
  const statements = asList(parsed.Statement);
  const denies = statements.filter((s) => s.Effect === 'Deny' && appliesToEveryone(s) && coversResource(s, objectArn));
  return actions.filter((action) => denies.some((s) => coversAction(s, action)));
}

function asList<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function appliesToEveryone(s: Statement): boolean {
  if (s.NotPrincipal !== undefined) return true;
  const p = s.Principal;
  if (p === '*') return true;
  if (p && typeof p === 'object') return asList((p as { AWS?: string | string[] }).AWS).includes('*');
  return false;
}

function coversAction(s: Statement, action: string): boolean {
  if (s.NotAction !== undefined) return !asList(s.NotAction).some((pattern) => wildcardMatch(pattern, action, true));
  return asList(s.Action).some((pattern) => wildcardMatch(pattern, action, true));
}

function coversResource(s: Statement, arn: string): boolean {
  if (s.NotResource !== undefined) return !asList(s.NotResource).some((pattern) => wildcardMatch(pattern, arn, false));
  return asList(s.Resource).some((pattern) => wildcardMatch(pattern, arn, false));
}

/** IAM wildcards: `*` any run of characters, `?` one character. Actions compare case-insensitively. */
function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}
