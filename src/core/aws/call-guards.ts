/**
 * What every SDK client checks around each call (`createClient` adds both to its middleware stack):
 *
 * - Before the request is signed: credentials and tokens go only over HTTPS or to this machine.
 * - Once it has been sent, whatever happened: the failure is tagged with the host it went to and the
 *   setting that chose that host, so the error can say which host could not be reached, or answered
 *   as no AWS service does, and what to change.
 * - When the answer arrives, before the SDK parses it: an HTML page is no AWS answer, whatever the
 *   protocol (the SDK's XML parsers read some HTML pages as an empty, successful answer).
 */
import { insecureEndpoint, isLoopbackHost, NotAwsAnswer, recordEndpoint, type EndpointOrigin } from './errors';
import type { ServiceId } from './services';

interface RequestLike {
  readonly protocol?: string;
  readonly hostname?: string;
  readonly port?: number;
}

interface ResponseLike {
  readonly statusCode?: number;
  readonly headers?: Record<string, string | undefined>;
  body?: unknown;
}

type Handler = (args: { request?: unknown }) => Promise<{ response?: unknown; output?: unknown }>;
/** The SDK's middleware shape, reduced to what these use. */
export type CallMiddleware = (next: Handler, context: { commandName?: string }) => Handler;

function hostOf(request: RequestLike): string {
  return `${request.hostname ?? ''}${request.port ? `:${request.port}` : ''}`;
}

/** Refuses insecure endpoints and tags every failure with where the call went (the `build` step: outside retries, before signing). */
export function endpointGuard(service: ServiceId, region: string, setting: string | undefined): CallMiddleware {
  return (next, context) => async (args) => {
    const request = (args.request ?? {}) as RequestLike;
    const origin: EndpointOrigin = { host: hostOf(request), ...(setting !== undefined ? { setting } : {}) };
    const operation = (context.commandName ?? 'call').replace(/Command$/, '');
    const where = `${service}:${operation} in ${region}`;
    if (request.protocol === 'http:' && !isLoopbackHost(request.hostname ?? '')) {
      throw insecureEndpoint(origin, where, { service, operation, region });
    }
    try {
      return await next(args);
    } catch (error) {
      recordEndpoint(error, origin);
      throw error;
    }
  };
}

/** An answer AWS never gives: a page of HTML (the `deserialize` step, innermost: each attempt's raw answer). */
export function htmlAnswerCheck(): CallMiddleware {
  return (next) => async (args) => {
    const result = await next(args);
    const response = result.response as ResponseLike | undefined;
    const type = headerOf(response?.headers, 'content-type');
    if (!response || !type || !/html/i.test(type)) return result;
    // Only a declared HTML answer is read here; the SDK reads the body again from the buffer.
    const body = await bodyBytes(response.body);
    if (looksLikeHtml(body)) throw new NotAwsAnswer(response.statusCode ?? 0, `an HTML page (HTTP ${response.statusCode ?? 'unknown'})`);
    response.body = body;
    return result;
  };
}

function headerOf(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return new Uint8Array();
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A document whose first element is `<!DOCTYPE html>`, `<html>`, `<head>` or `<body>` (after an optional XML declaration and comments). */
function looksLikeHtml(body: Uint8Array): boolean {
  const start = Buffer.from(body.subarray(0, 1024)).toString('utf8');
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i.test(start);
}
