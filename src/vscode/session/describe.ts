/** How accounts and sessions are named in pickers, the status bar and the log. Never shows a secret. */
import type { Account } from '../../core/accounts/model';
import { remainingMs, type AwsSession } from '../../core/aws/credentials';
import { describeError } from '../../core/aws/errors';

/** The role a sign-in ends in: `OperatorAccess`, `AuditRole`, or the profile name. */
export function roleOf(account: Account): string {
  switch (account.access.kind) {
    case 'assume-role':
      return account.access.roleArn.split('/').pop() ?? account.access.roleArn;
    case 'sso':
      return account.access.roleName;
    case 'profile':
      return `profile ${account.access.profile}`;
  }
}

/** The progress title of a sign-in: `Assuming OperatorAccess in Acme production (111111111111)`. */
export function signInTitle(account: Account): string {
  const where = `${account.name} (${account.id})`;
  return account.access.kind === 'profile' ? `Signing in to ${where} with profile ${account.access.profile}` : `Assuming ${roleOf(account)} in ${where}`;
}

/** The log line of a sign-in: `Assumed OperatorAccess in Acme production (111111111111) as <arn>, expires <time>`. */
export function signedInLine(account: Account, session: AwsSession): string {
  const done = account.access.kind === 'profile' ? `Signed in to ${account.name} (${session.accountId}) with profile ${account.access.profile}` : `Assumed ${roleOf(account)} in ${account.name} (${session.accountId})`;
  return `${done} as ${session.arn}, expires ${session.credentials.expiration?.toISOString() ?? 'never (long-term keys)'} (${session.access.description})`;
}

/** `role OperatorAccess (MFA)`, `Identity Center AuditRole`, `profile audit`. */
export function accessLabel(account: Account): string {
  const access = account.access;
  switch (access.kind) {
    case 'assume-role':
      return `role ${roleOf(account)}${access.via?.length ? ` via ${access.via.length} hop${access.via.length > 1 ? 's' : ''}` : ''}${access.mfaSerial ? ' (MFA)' : ''}`;
    case 'sso':
      return `Identity Center ${access.roleName}`;
    case 'profile':
      return `profile ${access.profile}`;
  }
}

/** `52 min`, `1 h 05 min`, `< 1 min`; empty for long-term credentials. */
export function formatTimeLeft(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function timeLeft(session: AwsSession, now = new Date()): string {
  return formatTimeLeft(remainingMs(session.credentials, now));
}

/** `22:41` today, or the date and time when it is further away. */
export function formatExpiry(session: AwsSession, now = new Date()): string {
  const expiration = session.credentials.expiration;
  if (!expiration) return 'never (long-term keys)';
  const sameDay = expiration.toDateString() === now.toDateString();
  return sameDay ? expiration.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : expiration.toLocaleString();
}

export function tagsLabel(account: Account): string {
  return Object.entries(account.tags)
    .map(([key, value]) => `${key}: ${value}`)
    .join(' · ');
}

/** `SOP Lens: <what happened>. <what to do>` for an error notification, without doubled full stops. */
export function errorNotice(error: { readonly message: string; readonly action: string }): string {
  return `SOP Lens: ${describeError(error)}`;
}
