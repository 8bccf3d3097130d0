import { type Lookup, anchorOfAbsent, asBoolean, branches, describeUnknown, lookup } from '../template/evaluate';
import { type MapNode, type Resource, type TemplateNode, child, entry } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { expectProperty } from './support/expect';
import { type Unknown, because, presenceOf } from './support/network';

type Privacy = { readonly kind: 'private' } | { readonly kind: 'public' } | ({ readonly kind: 'unknown' } & Unknown);

const DOMAIN_TYPES = ['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName'];
const API_TYPES = ['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi'];

export const apigwMutualTls = defineRule({
  id: 'apigw-mutual-tls',
  control: 'NETSEC-002',
  title: 'Public APIs require client certificates and cannot be reached around them',
  severity: 'error',
  rationale:
    'NETSEC-002 says publicly accessible endpoints require client certificates as well as server certificates. API Gateway checks client certificates only on a custom domain name with mutual TLS (MutualTlsAuthentication with a truststore), and only on regional custom domains. Every public API also keeps its default https://{api-id}.execute-api.{region}.amazonaws.com endpoint, which never asks for a client certificate, unless DisableExecuteApiEndpoint is true: left on, it lets any client walk around the custom domain. Private REST APIs (EndpointConfiguration PRIVATE) are reachable only from VPCs and are not checked. SAM\'s implicit APIs (a function\'s Api or HttpApi event without RestApiId or ApiId) cannot disable the default endpoint at all.',
  remedy:
    'Give the custom domain (a regional one) `MutualTlsAuthentication: { TruststoreUri: s3://<bucket>/<truststore.pem> }` with your client CA bundle, and set `DisableExecuteApiEndpoint: true` on each API so that clients must use that domain. For SAM functions, declare an AWS::Serverless::Api or AWS::Serverless::HttpApi with these settings and point the events at it (RestApiId / ApiId). The fix sets DisableExecuteApiEndpoint; the truststore is yours to provide.',
  resourceTypes: [...DOMAIN_TYPES, ...API_TYPES],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-domainname-mutualtlsauthentication.html',
  checkResource(resource, ctx) {
    if (DOMAIN_TYPES.includes(resource.type)) {
      if (domainPrivacy(ctx, resource.node, ['Properties', 'EndpointConfiguration', 'Types']).kind === 'private') return;
      checkTruststore(ctx, resource, resource.node, ['Properties'], 'API Gateway custom domain');
      return;
    }
    if (resource.type === 'AWS::Serverless::Api' || resource.type === 'AWS::Serverless::HttpApi') checkSamDomain(ctx, resource);
    checkDefaultEndpoint(ctx, resource);
  },
  checkTemplate(ctx) {
    checkGlobalsDomain(ctx);
    checkImplicitApis(ctx);
  },
});

/** The custom domain needs `MutualTlsAuthentication.TruststoreUri`. `start` is the resource, or a SAM `Domain` map. */
function checkTruststore(ctx: RuleContext, resource: Resource | undefined, start: MapNode, prefix: readonly string[], what: string, inherited?: MapNode): void {
  const path = [...prefix, 'MutualTlsAuthentication', 'TruststoreUri'];
  const reportPath = resource ? (prefix.length > 0 ? path : ['Properties', 'Domain', 'MutualTlsAuthentication', 'TruststoreUri']) : undefined;
  const inheritedSet = inherited !== undefined && presenceOf(ctx, inherited, ['MutualTlsAuthentication', 'TruststoreUri']).every((g) => g.kind === 'set');
  for (const p of presenceOf(ctx, start, path)) {
    if (p.kind === 'set' || inheritedSet) continue;
    if (p.kind === 'unknown') {
      ctx.report({ resource, at: p.node, path: reportPath, undecided: true, message: `Cannot decide whether the custom domain requires client certificates: ${because('its TruststoreUri', p.reason)}.` });
      continue;
    }
    const at = p.at.kind !== 'absent' ? p.at : resource ? anchorOfAbsent(resource, p.at) : globalsAnchor(ctx, p.at);
    ctx.report({ resource, at, path: reportPath, message: `${what} does not require client certificates (no MutualTlsAuthentication truststore)` });
  }
}

/** `anchorOfAbsent` for a map outside Resources (a `Domain` in Globals): the key that holds the map. */
function globalsAnchor(ctx: RuleContext, absent: Extract<Lookup, { kind: 'absent' }>): TemplateNode {
  const parent = absent.parent;
  const range = 'kind' in parent ? (keyOf(ctx.template.root, parent) ?? parent.range) : parent.keyRange;
  return { kind: 'scalar', value: null, range };
}

function keyOf(root: TemplateNode, target: TemplateNode): { start: number; end: number } | undefined {
  if (root.kind === 'map') {
    for (const e of root.entries) {
      if (e.value === target) return e.keyRange;
      const found = keyOf(e.value, target);
      if (found) return found;
    }
  } else if (root.kind === 'seq') {
    for (const item of root.items) {
      const found = keyOf(item, target);
      if (found) return found;
    }
  } else if (root.kind === 'intrinsic') {
    return keyOf(root.argument, target);
  }
  return undefined;
}

/** A SAM API's own `Domain` (merged over `Globals` by SAM): mutual TLS may come from either. */
function checkSamDomain(ctx: RuleContext, api: Resource): void {
  const global = globalsMap(ctx, api.type === 'AWS::Serverless::Api' ? 'Api' : 'HttpApi', 'Domain');
  for (const found of ctx.property(api, 'Domain')) {
    for (const domain of found.kind === 'found' ? branches(found.node) : []) {
      if (domain?.kind !== 'map') continue;
      const privacy = samEndpointPrivacy(ctx, [domain], global ? [global] : [], 'EndpointConfiguration');
      if (privacy.kind === 'private') continue;
      checkTruststore(ctx, api, domain, [], `Custom domain of ${api.logicalId}`, global);
    }
  }
}

/** A `Domain` in `Globals` applies to every SAM API (implicit ones too); it is checked once, where it is written. */
function checkGlobalsDomain(ctx: RuleContext): void {
  for (const section of ['Api', 'HttpApi']) {
    const domain = globalsMap(ctx, section, 'Domain');
    if (!domain) continue;
    if (samEndpointPrivacy(ctx, [domain], [], 'EndpointConfiguration').kind === 'private') continue;
    checkTruststore(ctx, undefined, domain, [], `Custom domain in Globals.${section}`);
  }
}

function globalsMap(ctx: RuleContext, section: string, key: string): MapNode | undefined {
  const node = child(child(child(ctx.template.root, 'Globals'), section), key);
  return node?.kind === 'map' ? node : undefined;
}

function checkDefaultEndpoint(ctx: RuleContext, api: Resource): void {
  const privacy = apiPrivacy(ctx, api);
  if (privacy.kind === 'private') return;
  const disabled = ctx.scalars(api, 'DisableExecuteApiEndpoint');
  if (disabled.every((d) => d.kind === 'known' && asBoolean(d.value) === true)) return;
  if (disabled.every((d) => d.kind === 'absent') && bodyDisablesEndpoint(ctx, api)) return;
  if (privacy.kind === 'unknown') {
    ctx.report({ resource: api, at: privacy.node, path: ['Properties', 'EndpointConfiguration'], undecided: true, message: `Cannot decide whether the API is public: ${because('its endpoint type', privacy.reason)}.` });
    return;
  }
  expectProperty(ctx, api, {
    path: ['DisableExecuteApiEndpoint'],
    ok: (v) => asBoolean(v) === true,
    absentIsOk: false,
    absentMessage: 'API keeps its default execute-api endpoint, which takes no client certificate (DisableExecuteApiEndpoint is not set)',
    wrongMessage: () => 'API keeps its default execute-api endpoint, which takes no client certificate',
    subject: 'whether the default execute-api endpoint is disabled',
    fixValue: true,
    fixTitle: 'Set DisableExecuteApiEndpoint: true',
  });
}

/** `x-amazon-apigateway-endpoint-configuration: { disableExecuteApiEndpoint: true }` in an inline OpenAPI body. */
function bodyDisablesEndpoint(ctx: RuleContext, api: Resource): boolean {
  const bodyKey = api.type.startsWith('AWS::Serverless::') ? 'DefinitionBody' : 'Body';
  const outcomes = ctx.scalars(api, bodyKey, 'x-amazon-apigateway-endpoint-configuration', 'disableExecuteApiEndpoint');
  return outcomes.length > 0 && outcomes.every((o) => o.kind === 'known' && asBoolean(o.value) === true);
}

function apiPrivacy(ctx: RuleContext, api: Resource): Privacy {
  switch (api.type) {
    case 'AWS::ApiGateway::RestApi':
      return domainPrivacy(ctx, api.node, ['Properties', 'EndpointConfiguration', 'Types']);
    case 'AWS::Serverless::Api': {
      const local = ctx.property(api, 'EndpointConfiguration').flatMap((f) => (f.kind === 'found' ? [f.node] : []));
      const global = child(child(ctx.template.root, 'Globals'), 'Api');
      const globalConfig = child(global, 'EndpointConfiguration');
      return samEndpointPrivacy(ctx, local, globalConfig ? [globalConfig] : [], undefined);
    }
    default:
      // HTTP and WebSocket APIs have no private endpoint type.
      return { kind: 'public' };
  }
}

/** `EndpointConfiguration.Types` of a REST API or domain name: private when the list holds PRIVATE. */
function domainPrivacy(ctx: RuleContext, start: MapNode, path: readonly string[]): Privacy {
  const out: Privacy[] = [];
  for (const found of lookup(start, path)) {
    if (found.kind === 'absent') out.push({ kind: 'public' });
    else if (found.kind === 'unknown') out.push({ kind: 'unknown', node: found.node, reason: found.reason });
    else {
      for (const list of branches(found.node)) {
        if (list === undefined) out.push({ kind: 'public' });
        else if (list.kind !== 'seq') out.push({ kind: 'unknown', node: list, reason: describeUnknown(list) });
        else out.push(privacyOfValues(ctx, list.items));
      }
    }
  }
  return combine(out);
}

/**
 * SAM's `EndpointConfiguration` (a string such as PRIVATE, or `{ Type: PRIVATE }`), from the resource or,
 * when it has none, from `Globals`. `key` reads it inside a `Domain` map.
 */
function samEndpointPrivacy(ctx: RuleContext, local: readonly TemplateNode[], global: readonly TemplateNode[], key: string | undefined): Privacy {
  const read = (nodes: readonly TemplateNode[]): TemplateNode[] =>
    nodes.flatMap((n) => (key ? branches(child(n, key)) : branches(n))).flatMap((n) => (n === undefined ? [] : n.kind === 'map' ? branches(entry(n, 'Type')?.value) : [n])).filter((n): n is TemplateNode => n !== undefined);
  const values = read(local);
  const chosen = values.length > 0 ? values : read(global);
  if (chosen.length === 0) return { kind: 'public' };
  return combine(chosen.map((v) => privacyOfValues(ctx, [v])));
}

function privacyOfValues(ctx: RuleContext, items: readonly TemplateNode[]): Privacy {
  let unknown: Privacy | undefined;
  for (const item of items) {
    for (const o of ctx.scalarsOf(item, item)) {
      if (o.kind === 'known' && String(o.value).toUpperCase() === 'PRIVATE') return { kind: 'private' };
      if (o.kind === 'unknown') unknown ??= { kind: 'unknown', node: o.node, reason: o.reason };
    }
  }
  return unknown ?? { kind: 'public' };
}

/** Public when one deployment is public; else unknown when one is unknown; else private. */
function combine(all: readonly Privacy[]): Privacy {
  return all.find((p) => p.kind === 'public') ?? all.find((p) => p.kind === 'unknown') ?? { kind: 'private' };
}

/** SAM creates `ServerlessRestApi` / `ServerlessHttpApi` for events that name no API; their default endpoint stays on. */
function checkImplicitApis(ctx: RuleContext): void {
  const implicit = [
    { eventType: 'Api', apiKey: 'RestApiId', name: 'ServerlessRestApi', globals: 'Api' },
    { eventType: 'HttpApi', apiKey: 'ApiId', name: 'ServerlessHttpApi', globals: 'HttpApi' },
  ];
  for (const kind of implicit) {
    if (ctx.template.resourceById.has(kind.name)) continue;
    if (kind.globals === 'Api') {
      const globalConfig = child(child(child(ctx.template.root, 'Globals'), 'Api'), 'EndpointConfiguration');
      if (globalConfig && samEndpointPrivacy(ctx, [globalConfig], [], undefined).kind === 'private') continue;
    }
    const first = firstImplicitEvent(ctx, kind.eventType, kind.apiKey);
    if (!first) continue;
    ctx.report({
      resource: first.fn,
      at: first.typeNode,
      path: ['Properties', 'Events', first.event, 'Type'],
      message: `Event ${first.event} creates SAM's implicit ${kind.name}, whose default execute-api endpoint cannot be disabled and takes no client certificate`,
    });
  }
}

function firstImplicitEvent(ctx: RuleContext, eventType: string, apiKey: string): { fn: Resource; event: string; typeNode: TemplateNode } | undefined {
  for (const fn of ctx.resourcesOfType('AWS::Serverless::Function')) {
    const events = fn.properties && child(fn.properties, 'Events');
    if (events?.kind !== 'map') continue;
    for (const e of events.entries) {
      const typeEntry = e.value.kind === 'map' ? entry(e.value, 'Type') : undefined;
      if (!typeEntry || typeEntry.value.kind !== 'scalar' || typeEntry.value.value !== eventType) continue;
      const apiId = child(child(e.value, 'Properties'), apiKey);
      if (apiId === undefined) return { fn, event: e.key, typeNode: typeEntry.value };
    }
  }
  return undefined;
}
