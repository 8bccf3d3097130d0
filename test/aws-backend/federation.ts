/**
 * AWS's federation endpoint (`https://signin.aws.amazon.com/federation`), which moto lacks, as AWS
 * documents it for custom identity brokers: `getSigninToken` exchanges a role session's temporary
 * credentials (the `Session` JSON of `sessionId`, `sessionKey`, `sessionToken`, and an optional
 * `SessionDuration` of 900 to 43,200 seconds) for `{"SigninToken": ...}`; `login` takes the token (valid
 * for 15 minutes), the `Destination` and the `Issuer`, and redirects to the console signed in.
 *
 * The console is not emulated: `login` lands on a small local page (`/console?session=<id>`) that names
 * the role, the session and where AWS would have gone, so the demo's Open Console ends somewhere real.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { xmlText } from './moto-calls';
import type { ConsoleSession, ProxyState } from './state';
import type { WireResponse } from './wire-errors';

/** Path of the federation endpoint on the proxy: point `sopLens.endpoints.signin` at `<proxy>/federation`. */
export const FEDERATION_PATH = '/federation';
/** Path of the local page `login` lands on. */
export const CONSOLE_PATH = '/console';

const SIGNIN_TOKEN_TTL_MS = 15 * 60_000;
const SESSION_DURATION = { min: 900, max: 43_200 } as const;

/** Notes the temporary credentials in an STS AssumeRole answer (`<Credentials>` XML) as issued to `arn`. */
export function rememberIssuedCredentials(state: ProxyState, accessKeyId: string, assumeRoleXml: string, arn: string): void {
  const secretAccessKey = xmlText(assumeRoleXml, 'SecretAccessKey');
  const sessionToken = xmlText(assumeRoleXml, 'SessionToken');
  const expiresAt = Date.parse(xmlText(assumeRoleXml, 'Expiration') ?? '');
  if (!secretAccessKey || !sessionToken || !Number.isFinite(expiresAt)) return;
  state.issuedCredentials.set(accessKeyId, { secretAccessKey, sessionToken, arn, expiresAt });
}

function text(status: number, body: string): WireResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${body}\n` };
}

function html(status: number, title: string, body: string): WireResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>\n<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#16191f}dt{font-weight:600;margin-top:.6rem}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}.note{color:#5f6b7a}</style>\n</head><body>\n${body}\n</body></html>\n`,
  };
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The role behind an assumed-role session ARN (`arn:aws:sts::A:assumed-role/R/S`), and the session name. */
export function roleOfSession(arn: string): { roleArn: string; sessionName: string; account: string } | undefined {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  return match ? { roleArn: `arn:${match[1]}:iam::${match[2]}:role/${match[3]}`, sessionName: match[4], account: match[2] } : undefined;
}

function getSigninToken(state: ProxyState, query: URLSearchParams, now: number): WireResponse {
  let session: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
  try {
    session = JSON.parse(query.get('Session') ?? '') as typeof session;
  } catch {
    return text(400, 'getSigninToken needs Session: the JSON {"sessionId","sessionKey","sessionToken"} of temporary credentials');
  }
  if (typeof session?.sessionId !== 'string' || typeof session.sessionKey !== 'string' || typeof session.sessionToken !== 'string') {
    return text(400, 'Session must hold sessionId, sessionKey and sessionToken: the federation endpoint accepts only temporary credentials');
  }
  const durationText = query.get('SessionDuration');
  const duration = durationText === null ? undefined : Number(durationText);
  if (duration !== undefined && (!Number.isInteger(duration) || duration < SESSION_DURATION.min || duration > SESSION_DURATION.max)) {
    return text(400, `SessionDuration must be a whole number of seconds from ${SESSION_DURATION.min} to ${SESSION_DURATION.max}`);
  }
  const issued = state.issuedCredentials.get(session.sessionId);
  if (!issued || issued.secretAccessKey !== session.sessionKey || issued.sessionToken !== session.sessionToken) {
    return text(400, 'The credentials in Session are not valid temporary credentials from AssumeRole or IAM Identity Center');
  }
  if (issued.expiresAt <= now) return text(400, 'The credentials in Session have expired');
  const token = randomBytes(48).toString('base64url');
  // Without SessionDuration the console session lasts as long as the credentials do.
  state.signinTokens.set(token, { token, arn: issued.arn, issuedAt: now, sessionEndsAt: duration === undefined ? issued.expiresAt : now + duration * 1000 });
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ SigninToken: token }) };
}

function login(state: ProxyState, query: URLSearchParams, headers: IncomingHttpHeaders, now: number): WireResponse {
  const signin = state.signinTokens.get(query.get('SigninToken') ?? '');
  if (!signin || now - signin.issuedAt > SIGNIN_TOKEN_TTL_MS) {
    return html(400, 'Sign-in failed', '<h1>Sign-in failed</h1>\n<p>The sign-in token is missing, unknown or older than 15 minutes. Open the console again from SOP Lens.</p>');
  }
  const destination = query.get('Destination') ?? '';
  if (!/^https?:\/\/[^\s]+$/.test(destination)) {
    return html(400, 'Sign-in failed', '<h1>Sign-in failed</h1>\n<p>The login request needs a Destination: the URL of the console page to open.</p>');
  }
  const userAgent = headers['user-agent'];
  const session: ConsoleSession = {
    id: randomBytes(12).toString('hex'),
    arn: signin.arn,
    destination,
    issuer: query.get('Issuer') ?? undefined,
    startedAt: now,
    endsAt: signin.sessionEndsAt,
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
  };
  state.consoleSessions.set(session.id, session);
  // Relative to /federation, so the redirect also works behind a proxy that serves the backend under a path.
  return { status: 302, headers: { location: consolePagePath(session).slice(1), 'cache-control': 'no-store', 'content-type': 'text/plain' }, body: '' };
}

export function consolePagePath(session: Pick<ConsoleSession, 'id'>): string {
  return `${CONSOLE_PATH}?session=${session.id}`;
}

/** `GET /federation?Action=getSigninToken|login&...` */
export function handleFederation(state: ProxyState, method: string, url: URL, headers: IncomingHttpHeaders, now = Date.now()): WireResponse {
  if (method !== 'GET') return text(405, 'The federation endpoint takes GET requests');
  const action = url.searchParams.get('Action');
  if (action === 'getSigninToken') return getSigninToken(state, url.searchParams, now);
  if (action === 'login') return login(state, url.searchParams, headers, now);
  return text(400, `Unknown Action ${JSON.stringify(action)}: the federation endpoint takes getSigninToken and login`);
}

/** `GET /console?session=<id>`: the local page a `login` lands on. */
export function handleConsolePage(state: ProxyState, url: URL): WireResponse {
  const session = state.consoleSessions.get(url.searchParams.get('session') ?? '');
  if (!session) return html(404, 'No console session', '<h1>No console session</h1>\n<p>This console session is unknown (the demo backend was restarted or reset). Open the console again from SOP Lens.</p>');
  const role = roleOfSession(session.arn);
  const rows: [string, string][] = [
    ['Role', role?.roleArn ?? session.arn],
    ['Session', role?.sessionName ?? ''],
    ['Account', role?.account ?? ''],
    ['Signed in as', session.arn],
    ['Console session ends', new Date(session.endsAt).toISOString()],
    ...(session.issuer ? ([['Issuer', session.issuer]] as [string, string][]) : []),
  ];
  return html(
    200,
    `AWS console (demo): ${role?.roleArn ?? session.arn}`,
    `<h1>Signed in to the AWS console</h1>\n<p>As the role <strong>${escapeHtml(role?.roleArn ?? session.arn)}</strong>, session <strong>${escapeHtml(role?.sessionName ?? '')}</strong>.</p>\n` +
      `<dl>\n${rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}\n</dl>\n` +
      `<p class="note">This page stands in for the AWS Management Console in the SOP Lens demo: its federation endpoint took the session's temporary credentials, as AWS's does. On AWS, the sign-in would now open <code>${escapeHtml(session.destination)}</code>.</p>`,
  );
}

/** What `GET /__proxy/federation` reports to tests: the tokens issued and the console sessions opened. */
export function federationRecord(state: ProxyState): { signinTokens: { token: string; arn: string; issuedAt: string }[]; consoleSessions: (Omit<ConsoleSession, 'startedAt' | 'endsAt'> & { page: string; roleArn?: string; sessionName?: string; startedAt: string; endsAt: string })[] } {
  return {
    signinTokens: [...state.signinTokens.values()].map(({ token, arn, issuedAt }) => ({ token, arn, issuedAt: new Date(issuedAt).toISOString() })),
    consoleSessions: [...state.consoleSessions.values()].map((session) => ({
      ...session,
      page: consolePagePath(session),
      roleArn: roleOfSession(session.arn)?.roleArn,
      sessionName: roleOfSession(session.arn)?.sessionName,
      startedAt: new Date(session.startedAt).toISOString(),
      endsAt: new Date(session.endsAt).toISOString(),
    })),
  };
}
