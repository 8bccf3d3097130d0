/**
 * What the proxy needs to know about one AWS request: which service and operation, which access key,
 * which region (from the SigV4 credential scope) and, once resolved, which account.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceId } from '../../src/core/aws/services';
import { PROTOCOLS } from './wire-errors';

export interface AwsRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly service: ServiceId | undefined;
  /** Operation name as in the API reference (`AssumeRole`), or `METHOD /path` where not derivable. */
  readonly action: string;
  readonly region: string;
  readonly accessKeyId: string | undefined;
  /** Parameters of a query-protocol call (form body or query string). */
  readonly params: URLSearchParams;
}

/** SigV4 signing names to the project's service ids (S3 Control signs as `s3`; told apart by path). */
const SIGNING_NAMES: Record<string, ServiceId> = {
  sts: 'sts',
  iam: 'iam',
  cloudtrail: 'cloudtrail',
  monitoring: 'cloudwatch',
  sns: 'sns',
  config: 'config',
  guardduty: 'guardduty',
  s3: 's3',
  account: 'account',
  dynamodb: 'dynamodb',
  cloudformation: 'cloudformation',
  organizations: 'organizations',
  ec2: 'ec2',
};

const CREDENTIAL = /Credential=([^/\s,]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

export function credentialScope(headers: IncomingHttpHeaders, query: URLSearchParams): { accessKeyId: string; region: string; signingName: string } | undefined {
  const authorization = headers.authorization ?? '';
  const match = CREDENTIAL.exec(authorization) ?? CREDENTIAL.exec(`Credential=${query.get('X-Amz-Credential') ?? ''}`);
  return match ? { accessKeyId: match[1], region: match[3], signingName: match[4] } : undefined;
}

function unsignedService(path: string): ServiceId | undefined {
  if (path === '/client/register' || path === '/device_authorization' || path === '/token') return 'sso-oidc';
  if (path === '/federation/credentials' || path.startsWith('/assignment/') || path === '/logout') return 'sso';
  return undefined;
}

const S3_SUBRESOURCES: Record<string, string> = {
  versioning: 'BucketVersioning',
  policy: 'BucketPolicy',
  encryption: 'BucketEncryption',
  publicAccessBlock: 'PublicAccessBlock',
  lifecycle: 'BucketLifecycleConfiguration',
  acl: 'BucketAcl',
  logging: 'BucketLogging',
  replication: 'BucketReplication',
  tagging: 'BucketTagging',
  location: 'BucketLocation',
};

const VERBS: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', POST: 'Post', HEAD: 'Head' };

function restAction(service: ServiceId, method: string, path: string, query: URLSearchParams): string {
  const verb = VERBS[method] ?? method;
  switch (service) {
    case 'account':
    case 'sso-oidc': {
      const names: Record<string, string> = { '/client/register': 'RegisterClient', '/device_authorization': 'StartDeviceAuthorization', '/token': 'CreateToken' };
      if (names[path]) return names[path];
      const segment = path.split('/').filter(Boolean)[0] ?? '';
      return segment.charAt(0).toUpperCase() + segment.slice(1);
    }
    case 'sso': {
      const names: Record<string, string> = { '/federation/credentials': 'GetRoleCredentials', '/assignment/roles': 'ListAccountRoles', '/assignment/accounts': 'ListAccounts', '/logout': 'Logout' };
      return names[path] ?? `${method} ${path}`;
    }
    case 's3control':
      if (path.endsWith('/configuration/publicAccessBlock')) return `${verb}PublicAccessBlock`;
      return `${method} ${path}`;
    case 's3': {
      const segments = path.split('/').filter(Boolean);
      if (segments.length === 0) return 'ListBuckets';
      const sub = Object.keys(S3_SUBRESOURCES).find((key) => query.has(key));
      if (segments.length === 1) {
        if (sub) return `${verb}${S3_SUBRESOURCES[sub]}`;
        return method === 'PUT' ? 'CreateBucket' : method === 'DELETE' ? 'DeleteBucket' : method === 'HEAD' ? 'HeadBucket' : 'ListObjects';
      }
      return `${verb}Object`;
    }
    case 'guardduty':
      if (method === 'GET' && path === '/detector') return 'ListDetectors';
      if (method === 'POST' && path === '/detector') return 'CreateDetector';
      if (method === 'GET' && /^\/detector\/[^/]+$/.test(path)) return 'GetDetector';
      return `${method} ${path}`;
    default:
      return `${method} ${path}`;
  }
}

export function describeRequest(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): AwsRequest {
  const parsed = new URL(url, 'http://proxy.invalid');
  const query = parsed.searchParams;
  const scope = credentialScope(headers, query);
  let service: ServiceId | undefined = scope ? SIGNING_NAMES[scope.signingName] : unsignedService(parsed.pathname);
  if (service === 's3' && (parsed.pathname.startsWith('/v20180820/') || headers['x-amz-account-id'] !== undefined)) service = 's3control';
  const contentType = String(headers['content-type'] ?? '');
  const params = contentType.includes('x-www-form-urlencoded') ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams(query);
  let action = `${method} ${parsed.pathname}`;
  if (service) {
    const protocol = PROTOCOLS[service];
    if (protocol === 'query' || protocol === 'ec2') action = params.get('Action') ?? action;
    else if (protocol === 'json') action = String(headers['x-amz-target'] ?? '').split('.').pop() || action;
    else action = restAction(service, method, parsed.pathname, query);
  }
  // The SSO portal and SSO-OIDC are regional but unsigned; their region is in the host name when there is one.
  const hostRegion = /\.([a-z]{2}-[a-z]+-\d)\.amazonaws\.com/.exec(String(headers.host ?? ''))?.[1];
  return {
    method,
    path: parsed.pathname,
    query,
    headers,
    body,
    service,
    action,
    region: scope?.region ?? hostRegion ?? 'us-east-1',
    accessKeyId: scope?.accessKeyId,
    params,
  };
}
