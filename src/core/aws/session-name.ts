/**
 * Who is signing in, as CloudTrail should see it. The role session name and the source identity are
 * derived from the source identity STS reports (never a fixed string), so an auditor reading
 * `assumed-role/OperatorAccess/sop-lens.alice` knows both the operator and the tool.
 */

/** What STS accepts in `RoleSessionName` and `SourceIdentity`: `[\w+=,.@-]{2,64}`. */
export const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MAX_LENGTH = 64;
export const SESSION_NAME_PREFIX = 'sop-lens.';

/**
 * The operator's name from a caller ARN:
 * `arn:aws:iam::999999999999:user/team/alice` → `alice`,
 * `arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Admin_0123/alice@acme.example` → `alice@acme.example`,
 * `arn:aws:sts::999999999999:federated-user/bob` → `bob`, `arn:aws:iam::999999999999:root` → `root`.
 * A name SOP Lens gave an earlier session (`sop-lens.alice`) yields the operator again (`alice`), so
 * role chaining does not stack prefixes.
 */
export function operatorFromArn(arn: string): string | undefined {
  const resource = /^arn:[^:]+:(?:iam|sts)::\d{12}:(.+)$/.exec(arn)?.[1];
  if (!resource) return undefined;
  if (resource === 'root') return 'root';
  const parts = resource.split('/');
  const kind = parts[0];
  let name: string | undefined;
  if (kind === 'user' || kind === 'federated-user') name = parts[parts.length - 1];
  else if (kind === 'assumed-role') name = parts.slice(2).join('/');
  if (!name) return undefined;
  return name.startsWith(SESSION_NAME_PREFIX) ? name.slice(SESSION_NAME_PREFIX.length) : name;
}

/** Replaces what STS refuses with `-`, trims to `max` characters; undefined when nothing is left. */
export function sanitizeForSts(text: string, max = MAX_LENGTH): string | undefined {
  const cleaned = text.replace(/[^\w+=,.@-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max);
  return cleaned.length >= 2 ? cleaned : undefined;
}

/**
 * `RoleSessionName` for a caller: `sop-lens.<operator>`, sanitised and at most 64 characters. Without a
 * usable operator name it falls back to the caller's account id, which still says where the call came from.
 */
export function roleSessionName(callerArn: string, callerAccountId?: string): string {
  const operator = operatorFromArn(callerArn) ?? callerAccountId ?? /:(\d{12}):/.exec(callerArn)?.[1] ?? 'unknown';
  const name = sanitizeForSts(`${SESSION_NAME_PREFIX}${operator}`);
  return name ?? `${SESSION_NAME_PREFIX}unknown`;
}

/** `SourceIdentity` for a caller: the operator's own name (it follows the session through role chaining). */
export function sourceIdentity(callerArn: string): string | undefined {
  const operator = operatorFromArn(callerArn);
  return operator ? sanitizeForSts(operator) : undefined;
}
