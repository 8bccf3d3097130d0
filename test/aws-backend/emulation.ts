/**
 * The shape of one emulated concern: which calls it takes, and either serves them itself or rewrites
 * moto's answer to them.
 */
import type { ServiceId } from '../../src/core/aws/services';
import type { AwsRequest } from './request';
import type { ProxyState } from './state';
import type { WireResponse } from './wire-errors';

export interface CallContext {
  readonly state: ProxyState;
  readonly motoUrl: string;
  readonly request: AwsRequest;
  readonly service: ServiceId;
  /** The account the caller acts in, where known. */
  readonly account: string | undefined;
  /** The caller's ARN, where known (for AccessDenied messages as AWS words them). */
  readonly callerArn: string | undefined;
}

export interface Emulation {
  readonly service: ServiceId;
  readonly actions: readonly string[];
  /** Answers the call itself; `undefined` lets it through to moto. */
  handle?(context: CallContext): Promise<WireResponse | undefined> | WireResponse | undefined;
  /** Adjusts moto's answer. */
  rewrite?(context: CallContext, response: WireResponse): Promise<WireResponse> | WireResponse;
}

export function jsonResponse(body: unknown, contentType = 'application/json', status = 200): WireResponse {
  return { status, headers: { 'content-type': contentType }, body: body === undefined ? '' : JSON.stringify(body) };
}

export function xmlResponse(body: string, status = 200): WireResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body };
}

export function parseJsonBody(request: AwsRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(request.body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
