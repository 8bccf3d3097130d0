/**
 * AWS errors in the wire shape of each service's protocol, so the SDK (or the AWS CLI) parses them into
 * the error name a real AWS answer would give.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceId } from '../../src/core/aws/services';
import { encodeXml } from './moto-calls';

export type Protocol = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml';

/** The protocol the current SDK v3 client of each service speaks. */
export const PROTOCOLS: Record<ServiceId, Protocol> = {
  sts: 'query',
  iam: 'query',
  cloudformation: 'query',
  sns: 'query',
  ec2: 'ec2',
  // CloudWatch now speaks JSON 1.0 with the awsQueryCompatible trait: error names come from a header.
  cloudwatch: 'json',
  cloudtrail: 'json',
  config: 'json',
  dynamodb: 'json',
  organizations: 'json',
  guardduty: 'rest-json',
  account: 'rest-json',
  sso: 'rest-json',
  'sso-oidc': 'rest-json',
  s3: 'rest-xml',
  s3control: 'rest-xml',
};

/** Services whose JSON API keeps the error codes of its former query API (`x-amzn-query-error`). */
const QUERY_COMPATIBLE: ReadonlySet<ServiceId> = new Set<ServiceId>(['cloudwatch']);

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** An AWS error as data: the code the SDK should raise, the message, the HTTP status, sender or receiver. */
export interface AwsErrorSpec {
  readonly code: string;
  readonly message: string;
  readonly status: number;
  readonly type?: 'Sender' | 'Receiver';
}

export function errorResponse(service: ServiceId, error: AwsErrorSpec): WireResponse {
  const requestId = randomUUID();
  const type = error.type ?? (error.status >= 500 ? 'Receiver' : 'Sender');
  const base = { 'x-amzn-requestid': requestId };
  switch (PROTOCOLS[service]) {
    case 'query':
      return {
        status: error.status,
        headers: { ...base, 'content-type': 'text/xml' },
        body:
          `<ErrorResponse xmlns="https://${service}.amazonaws.com/doc/"><Error><Type>${type}</Type><Code>${encodeXml(error.code)}</Code>` +
          `<Message>${encodeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'ec2':
      return {
        status: error.status,
        headers: { ...base, 'content-type': 'text/xml' },
        body: `<Response><Errors><Error><Code>${encodeXml(error.code)}</Code><Message>${encodeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'json': {
      const headers: Record<string, string> = { ...base, 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code };
      if (QUERY_COMPATIBLE.has(service)) headers['x-amzn-query-error'] = `${error.code};${type}`;
      return { status: error.status, headers, body: JSON.stringify({ __type: error.code, message: error.message }) };
    }
    case 'rest-json':
      return {
        status: error.status,
        headers: { ...base, 'content-type': 'application/json', 'x-amzn-errortype': error.code },
        body: JSON.stringify({ message: error.message }),
      };
    case 'rest-xml':
      return {
        status: error.status,
        headers: { 'x-amz-request-id': requestId, 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${encodeXml(error.code)}</Code><Message>${encodeXml(error.message)}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
  }
}

/** Kinds of failure the fault injector and the emulated operations produce, per protocol family. */
export type FailureKind = 'throttle' | 'server-error' | 'access-denied' | 'expired-token' | 'opted-out' | NotAwsKind;

/**
 * Answers no AWS service gives, whatever the protocol: what a captive portal or a proxy's error page
 * sends instead (`html-page`, with status 200), and a 500 whose body is no AWS error (a load balancer's
 * or a gateway's plain-text message).
 */
export type NotAwsKind = 'html-page' | 'unshaped-server-error';

/** The proxy's answer to a call a fault matched. */
export function faultAnswer(service: ServiceId, kind: FailureKind, detail: { action: string; callerArn?: string; resource?: string }): WireResponse {
  switch (kind) {
    case 'html-page':
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html>\n<html><head><title>Network login</title></head><body><h1>Sign in to continue</h1><form method="post"><input name="user"></form></body></html>\n',
      };
    case 'unshaped-server-error':
      return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination' };
    default:
      return errorResponse(service, failure(service, kind, detail));
  }
}

export function failure(service: ServiceId, kind: Exclude<FailureKind, NotAwsKind>, detail: { action: string; callerArn?: string; resource?: string }): AwsErrorSpec {
  const protocol = PROTOCOLS[service];
  const jsonLike = (protocol === 'json' && !QUERY_COMPATIBLE.has(service)) || protocol === 'rest-json';
  const xmlRest = protocol === 'rest-xml';
  const caller = detail.callerArn ?? 'arn:aws:iam::000000000000:user/unknown';
  switch (kind) {
    case 'throttle':
      if (xmlRest) return { code: 'SlowDown', message: 'Please reduce your request rate.', status: 503 };
      if (jsonLike) return { code: service === 'guardduty' || service === 'account' ? 'TooManyRequestsException' : 'ThrottlingException', message: 'Rate exceeded', status: service === 'guardduty' || service === 'account' ? 429 : 400 };
      return { code: 'Throttling', message: 'Rate exceeded', status: 400 };
    case 'server-error':
      if (xmlRest) return { code: 'InternalError', message: 'We encountered an internal error. Please try again.', status: 500 };
      return { code: jsonLike ? 'InternalServerException' : 'InternalFailure', message: 'An internal error occurred.', status: 500, type: 'Receiver' };
    case 'access-denied': {
      const message = `User: ${caller} is not authorized to perform: ${service}:${detail.action}${detail.resource ? ` on resource: ${detail.resource}` : ''}`;
      if (jsonLike) return { code: 'AccessDeniedException', message, status: service === 'guardduty' || service === 'account' ? 403 : 400 };
      return { code: 'AccessDenied', message, status: 403 };
    }
    case 'expired-token':
      if (xmlRest) return { code: 'ExpiredToken', message: 'The provided token has expired.', status: 400 };
      if (jsonLike) return { code: 'ExpiredTokenException', message: 'The security token included in the request is expired', status: 400 };
      return { code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403 };
    case 'opted-out':
      // What a region the account has not enabled answers: the token is unknown there.
      if (xmlRest) return { code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.', status: 403 };
      if (jsonLike) return { code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', status: 400 };
      return { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 };
  }
}

/**
 * moto answers some denied calls to JSON services with an XML body the SDK cannot parse; rewrite those
 * into the JSON error of the protocol. Returns undefined when the answer needs no rewriting.
 */
export function jsonErrorFromXml(service: ServiceId, status: number, contentType: string, body: string): WireResponse | undefined {
  const protocol = PROTOCOLS[service];
  if (status < 400 || (protocol !== 'json' && protocol !== 'rest-json')) return undefined;
  if (!/xml|html/.test(contentType) && !body.trimStart().startsWith('<')) return undefined;
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? 'InternalFailure';
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? 'Error';
  const jsonCode = code === 'AccessDenied' && !QUERY_COMPATIBLE.has(service) ? 'AccessDeniedException' : code;
  return errorResponse(service, { code: jsonCode, message, status });
}
