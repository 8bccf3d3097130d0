/**
 * The proxy in front of moto: forwards every AWS call to moto except the few moto lacks, which the
 * emulation modules serve; applies injected faults and latency; counts calls; serves AWS's console
 * federation endpoint (`/federation`, landing on a local `/console` page); and offers control
 * endpoints under `/__proxy/` for tests and the demo.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceId } from '../../src/core/aws/services';
import { contactsEmulation } from './contacts';
import type { CallContext, Emulation } from './emulation';
import { FaultList, parseFault } from './faults';
import { CONSOLE_PATH, FEDERATION_PATH, federationRecord, handleConsolePage, handleFederation } from './federation';
import { eventDataStoresEmulation } from './event-data-stores';
import { lookupEventsEmulation } from './lookup-events';
import { assumeRoleEmulation } from './mfa';
import { motoQuery, xmlText } from './moto-calls';
import { regionsEmulation } from './regions';
import { describeRequest, type AwsRequest } from './request';
import { rootFlagsEmulation } from './root-flags';
import { approveDeviceCode, expireSsoTokens, ssoEmulations } from './sso';
import { ProxyState, type EmulatedState } from './state';
import { terminationProtectionEmulations } from './termination-protection';
import { totp } from './totp';
import { faultAnswer, jsonErrorFromXml, type WireResponse } from './wire-errors';

const EMULATIONS: readonly Emulation[] = [
  assumeRoleEmulation,
  lookupEventsEmulation,
  eventDataStoresEmulation,
  contactsEmulation,
  regionsEmulation,
  rootFlagsEmulation,
  ...terminationProtectionEmulations,
  ...ssoEmulations,
];

function emulationFor(service: ServiceId, action: string): Emulation | undefined {
  return EMULATIONS.find((emulation) => emulation.service === service && emulation.actions.includes(action));
}

export interface ProxyStats {
  readonly calls: number;
  readonly byCall: Record<string, number>;
  readonly byAccount: Record<string, number>;
}

export interface Proxy {
  readonly url: string;
  readonly port: number;
  readonly state: ProxyState;
  readonly faults: FaultList;
  stop(): Promise<void>;
}

function readBody(stream: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Headers that must not be copied from one hop to the next. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

function forward(motoUrl: string, request: AwsRequest, url: string, extraHeaders: Record<string, string>, authorization: string | undefined): Promise<WireResponse> {
  const target = new URL(url, motoUrl);
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
  }
  headers.host = String(request.headers.host ?? target.host);
  headers['content-length'] = String(request.body.length);
  if (authorization) headers.authorization = authorization;
  Object.assign(headers, extraHeaders);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(target, { method: request.method, headers }, (incoming) => {
      readBody(incoming).then((body) => {
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value !== undefined && !HOP_HEADERS.has(name)) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: incoming.statusCode ?? 502, headers: responseHeaders, body: body.toString('utf8') });
      }, reject);
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function send(response: http.ServerResponse, answer: WireResponse): void {
  const body = Buffer.from(answer.body, 'utf8');
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  response.end(body);
}

/** Calls whose answers replay mode may reuse: reads, outside sign-in (credentials must stay fresh). */
const REPLAYABLE = /^(Describe|Get|List|Lookup)/;
const UNREPLAYABLE_SERVICES: ReadonlySet<ServiceId> = new Set<ServiceId>(['sts', 'sso', 'sso-oidc']);

export async function startProxy(options: { motoUrl: string; port?: number; latencyMs?: number }): Promise<Proxy> {
  const { motoUrl } = options;
  const state = new ProxyState();
  const faults = new FaultList();
  let globalLatencyMs = options.latencyMs ?? 0;
  /** Keys moto does not know (asked once; cleared on reset, when moto's keys change anyway). */
  const unknownKeys = new Set<string>();
  let stats = { calls: 0, byCall: {} as Record<string, number>, byAccount: {} as Record<string, number> };
  /**
   * Replay mode, for the benchmark only: moto answers one call at a time, so its service time, not the
   * checks' scheduling, bounds a many-account run. With replay on, the answer to a read-only call seen
   * before (same account, region, action and request) comes from memory, after the injected latency.
   */
  let replay: Map<string, WireResponse> | undefined;

  /** The account of an access key: the fixture's, one learned from an AssumeRole answer, or moto's owner of it. */
  async function accountOf(request: AwsRequest): Promise<{ account?: string; arn?: string }> {
    const known = state.key(request.accessKeyId);
    if (known) return known;
    if (!request.accessKeyId || !request.accessKeyId.startsWith('AKIA') || unknownKeys.has(request.accessKeyId)) return {};
    const answer = await motoQuery(motoUrl, { signingName: 'sts', account: '000000000000', region: 'us-east-1', params: { Action: 'GetAccessKeyInfo', Version: '2011-06-15', AccessKeyId: request.accessKeyId } });
    const account = xmlText(answer.body, 'Account');
    if (!account || account === '000000000000') {
      unknownKeys.add(request.accessKeyId);
      return {};
    }
    state.learnedKeys.set(request.accessKeyId, { account });
    return { account };
  }

  function count(service: ServiceId, action: string, account: string | undefined): void {
    stats.calls += 1;
    const call = `${service}:${action}`;
    stats.byCall[call] = (stats.byCall[call] ?? 0) + 1;
    const key = account ?? 'unknown';
    stats.byAccount[key] = (stats.byAccount[key] ?? 0) + 1;
  }

  async function handleAws(incoming: http.IncomingMessage, request: AwsRequest): Promise<WireResponse> {
    const service = request.service;
    const known = await accountOf(request);
    // SSO calls carry no key: they act in the account they name.
    const account = known.account ?? (service === 'sso' ? (request.query.get('account_id') ?? undefined) : undefined);
    if (!service) return forward(motoUrl, request, incoming.url ?? '/', {}, undefined);
    count(service, request.action, account);
    const { latencyMs, failure: kind } = faults.match({ service, action: request.action, account, region: request.region });
    if (latencyMs + globalLatencyMs > 0) await sleep(latencyMs + globalLatencyMs);
    if (kind) return faultAnswer(service, kind, { action: request.action, callerArn: known.arn });

    const context: CallContext = { state, motoUrl, request, service, account, callerArn: known.arn };
    const emulation = emulationFor(service, request.action);
    const served = await emulation?.handle?.(context);
    if (served) return served;

    const replayKey = replay && REPLAYABLE.test(request.action) && !UNREPLAYABLE_SERVICES.has(service) ? `${account}|${request.region}|${service}|${request.action}|${incoming.method}|${incoming.url}|${request.body.toString('utf8')}` : undefined;
    const replayed = replayKey ? replay?.get(replayKey) : undefined;
    if (replayed) return replayed;

    // A fixed test key stands for a moto user: put that user's real key in its place and name the account.
    const fixed = request.accessKeyId ? state.emulated.keys[request.accessKeyId] : undefined;
    const extra: Record<string, string> = fixed ? { 'x-moto-account-id': fixed.account } : {};
    const authorization = fixed?.motoAccessKeyId && request.headers.authorization ? request.headers.authorization.replace(request.accessKeyId!, fixed.motoAccessKeyId) : undefined;
    let answer = await forward(motoUrl, request, incoming.url ?? '/', extra, authorization);
    answer = jsonErrorFromXml(service, answer.status, answer.headers['content-type'] ?? '', answer.body) ?? answer;
    if (emulation?.rewrite) answer = await emulation.rewrite(context, answer);
    if (replayKey && answer.status === 200) replay?.set(replayKey, answer);
    return answer;
  }

  async function handleControl(method: string, path: string, url: URL, body: Buffer): Promise<WireResponse> {
    const json = (value: unknown, status = 200): WireResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
    const input = (): Record<string, unknown> => (body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {});
    switch (`${method} ${path}`) {
      case 'POST /__proxy/reset': {
        const reset = await fetch(`${motoUrl}/moto-api/reset`, { method: 'POST' });
        await reset.arrayBuffer();
        state.reset();
        unknownKeys.clear();
        faults.clear();
        replay = undefined;
        stats = { calls: 0, byCall: {}, byAccount: {} };
        return json({ reset: true });
      }
      case 'POST /__proxy/fixture':
        state.emulated = input() as unknown as EmulatedState;
        state.seededAt = new Date().toISOString();
        return json({ fixture: state.emulated.fixture });
      case 'GET /__proxy/seed':
        return json({ fixture: state.emulated.fixture || undefined, seededAt: state.seededAt, accounts: Object.keys(state.emulated.rootFlags) });
      case 'GET /__proxy/faults':
        return json(faults.list());
      case 'POST /__proxy/faults': {
        const value = input();
        const list = Array.isArray(value) ? value : [value];
        try {
          faults.add(list.map(parseFault), url.searchParams.get('fixture') === 'true');
        } catch (error) {
          return json({ error: (error as Error).message }, 400);
        }
        return json(faults.list());
      }
      case 'DELETE /__proxy/faults':
        faults.clearInjected();
        return json(faults.list());
      case 'GET /__proxy/stats':
        return json(stats);
      case 'DELETE /__proxy/stats':
        stats = { calls: 0, byCall: {}, byAccount: {} };
        return json(stats);
      case 'POST /__proxy/latency': {
        const ms = Number(input().ms);
        if (!Number.isFinite(ms) || ms < 0) return json({ error: 'ms must be a number >= 0' }, 400);
        globalLatencyMs = ms;
        return json({ ms });
      }
      case 'POST /__proxy/replay': {
        const on = input().on === true;
        replay = on ? (replay ?? new Map()) : undefined;
        return json({ on });
      }
      case 'POST /__proxy/sso/approve': {
        const userCode = typeof input().userCode === 'string' ? (input().userCode as string) : '';
        return approveDeviceCode(state, userCode) ? json({ approved: userCode }) : json({ error: `no pending device authorization with user code ${userCode}` }, 404);
      }
      case 'POST /__proxy/sso/expire':
        return json({ expired: expireSsoTokens(state) });
      case 'GET /__proxy/federation':
        return json(federationRecord(state));
      case 'GET /__proxy/mfa-code': {
        const serial = url.searchParams.get('serial') ?? '';
        const device = state.emulated.mfaDevices[serial];
        return device ? json({ serial, code: totp(device.secret) }) : json({ error: `no virtual MFA device ${serial} in the fixture` }, 404);
      }
      default:
        return json({ error: `no control endpoint ${method} ${path}` }, 404);
    }
  }

  const server = http.createServer((incoming, outgoing) => {
    void (async () => {
      try {
        const body = await readBody(incoming);
        const url = new URL(incoming.url ?? '/', 'http://proxy.invalid');
        const method = incoming.method ?? 'GET';
        if (url.pathname.startsWith('/__proxy/')) return send(outgoing, await handleControl(method, url.pathname, url, body));
        if (url.pathname === FEDERATION_PATH) return send(outgoing, handleFederation(state, method, url, incoming.headers));
        if (url.pathname === CONSOLE_PATH) return send(outgoing, handleConsolePage(state, url));
        if (url.pathname.startsWith('/moto-api/')) return send(outgoing, await forward(motoUrl, describeRequest(method, incoming.url ?? '/', incoming.headers, body), incoming.url ?? '/', {}, undefined));
        send(outgoing, await handleAws(incoming, describeRequest(method, incoming.url ?? '/', incoming.headers, body)));
      } catch (error) {
        send(outgoing, { status: 500, headers: { 'content-type': 'text/plain' }, body: `proxy error: ${(error as Error).message}` });
      }
    })();
  });
  // Node's default. Node's HTTP client keeps an idle socket for the announced timeout less a second, so
  // announcing 1 s made every call open a new connection, which AWS's endpoints never make a client do.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    faults,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
