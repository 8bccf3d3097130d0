import { branches } from '../template/evaluate';
import { type Resource, type TemplateNode, child } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { allApiEvents, apiOfEvent, globalsOf, implicitApiEvents } from './support/sam-api';

const ALLOW_ORIGIN_HEADERS = ['method.response.header.access-control-allow-origin', 'gatewayresponse.header.access-control-allow-origin'];

/**
 * Cross-origin requests are allowed only from named origins, never from `*`.
 *
 * Where CORS origins are written in a template:
 * - HTTP API `AWS::ApiGatewayV2::Api` CorsConfiguration.AllowOrigins, Lambda function URLs `AWS::Lambda::Url`
 *   Cors.AllowOrigins, SAM FunctionUrlConfig.Cors.AllowOrigins: a `*` item fails.
 * - REST APIs send the header themselves: an `AWS::ApiGateway::Method` integration response or an
 *   `AWS::ApiGateway::GatewayResponse` whose ResponseParameters map Access-Control-Allow-Origin to `'*'` fails.
 * - SAM `AWS::Serverless::Api` Cors (`"'*'"` as a string, or AllowOrigin `"'*'"`), SAM `AWS::Serverless::HttpApi`
 *   CorsConfiguration (`true` allows every origin, or AllowOrigins with `*`), and the same in Globals (reported
 *   once, on the Globals value, when an API inherits it).
 * - OpenAPI definitions (`Body`, `DefinitionBody`): the same response parameters, and x-amazon-apigateway-cors
 *   allowOrigins.
 * Origins from a parameter are judged by its Default; without one the rule cannot decide. Headers set by a
 * Lambda proxy integration's own code cannot be seen in a template.
 */
export const apigwCorsWildcard = defineRule({
  id: 'apigw-cors-wildcard',
  control: 'SEC-API',
  title: 'CORS allows only the product\'s own origins',
  severity: 'warning',
  rationale:
    'The security guide warns that the provided API construct enables CORS for a local demo app and must be restricted to your domain. With Access-Control-Allow-Origin `*`, any web site a user visits can call the API from their browser and read the responses.',
  remedy:
    'List the product\'s own origins instead of `*`, e.g. `AllowOrigins: [https://app.example.com]`, or in REST API response parameters `"\'https://app.example.com\'"`. There is no automatic fix: the domain is yours to name.',
  resourceTypes: [
    'AWS::ApiGatewayV2::Api',
    'AWS::ApiGateway::RestApi',
    'AWS::ApiGateway::Method',
    'AWS::ApiGateway::GatewayResponse',
    'AWS::Lambda::Url',
    'AWS::Serverless::Api',
    'AWS::Serverless::HttpApi',
    'AWS::Serverless::Function',
  ],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigatewayv2-api-cors.html#cfn-apigatewayv2-api-cors-alloworigins',
  checkResource(resource, ctx) {
    const props = resource.properties;
    switch (resource.type) {
      case 'AWS::ApiGatewayV2::Api':
        checkOriginList(ctx, resource, child(child(props, 'CorsConfiguration'), 'AllowOrigins'), 'HTTP API CORS configuration');
        checkOpenApi(ctx, resource, child(props, 'Body'));
        return;
      case 'AWS::ApiGateway::RestApi':
        checkOpenApi(ctx, resource, child(props, 'Body'));
        return;
      case 'AWS::ApiGateway::Method':
        for (const responses of branches(child(child(props, 'Integration'), 'IntegrationResponses'))) {
          for (const response of responses?.kind === 'seq' ? responses.items.flatMap((i) => branches(i)) : []) {
            checkHeaderMap(ctx, resource, child(response, 'ResponseParameters'), 'API method integration response');
          }
        }
        return;
      case 'AWS::ApiGateway::GatewayResponse':
        checkHeaderMap(ctx, resource, child(props, 'ResponseParameters'), 'API gateway response');
        return;
      case 'AWS::Lambda::Url':
        checkOriginList(ctx, resource, child(child(props, 'Cors'), 'AllowOrigins'), 'Lambda function URL CORS configuration');
        return;
      case 'AWS::Serverless::Api':
        checkSamApiCors(ctx, resource, child(props, 'Cors'));
        checkOpenApi(ctx, resource, child(props, 'DefinitionBody'));
        return;
      case 'AWS::Serverless::HttpApi':
        checkSamHttpApiCors(ctx, resource, child(props, 'CorsConfiguration'));
        checkOpenApi(ctx, resource, child(props, 'DefinitionBody'));
        return;
      case 'AWS::Serverless::Function':
        checkOriginList(ctx, resource, child(child(child(props, 'FunctionUrlConfig'), 'Cors'), 'AllowOrigins'), 'Lambda function URL CORS configuration');
        return;
    }
  },
  checkTemplate(ctx) {
    const template = ctx.template;
    const apis = ctx.resourcesOfType('AWS::Serverless::Api');
    const globalApiCors = child(globalsOf(template, 'Api'), 'Cors');
    // Globals reach an API that does not set the value itself (or sets a Cors map without AllowOrigin, which merges).
    const inheritsApiCors = implicitApiEvents(ctx, 'Api').length > 0 || apis.some((api) => {
      const own = child(api.properties, 'Cors');
      return own === undefined || (own.kind === 'map' && child(own, 'AllowOrigin') === undefined);
    });
    if (globalApiCors && inheritsApiCors) checkSamApiCors(ctx, undefined, globalApiCors);

    const globalHttpCors = child(globalsOf(template, 'HttpApi'), 'CorsConfiguration');
    const usesHttpGlobals =
      allApiEvents(ctx, ['HttpApi']).some((e) => apiOfEvent(ctx, e).kind === 'implicit') ||
      ctx.resourcesOfType('AWS::Serverless::HttpApi').some((api) => child(api.properties, 'CorsConfiguration') === undefined);
    if (globalHttpCors && usesHttpGlobals) checkSamHttpApiCors(ctx, undefined, globalHttpCors);

    // Lists are additive in Globals, so every function with a URL gets the global origins.
    const globalUrlOrigins = child(child(child(globalsOf(template, 'Function'), 'FunctionUrlConfig'), 'Cors'), 'AllowOrigins');
    if (globalUrlOrigins && ctx.resourcesOfType('AWS::Serverless::Function').length > 0) checkOriginList(ctx, undefined, globalUrlOrigins, 'Lambda function URL CORS configuration (Globals)');
  },
});

/** A list of origins (`AllowOrigins`): `*` allows every origin. A parameter is judged by its Default. */
function checkOriginList(ctx: RuleContext, resource: Resource | undefined, list: TemplateNode | undefined, where: string): void {
  for (const b of branches(list)) {
    if (!b) continue;
    if (b.kind === 'seq') {
      for (const item of b.items.flatMap((i) => branches(i))) if (item) checkOrigin(ctx, resource, item, where, (v) => v.trim() === '*', 'AllowOrigins contains "*"');
    } else if (b.kind === 'intrinsic' && b.name === 'Ref' && b.argument.kind === 'scalar' && ctx.template.parameters.has(String(b.argument.value))) {
      const parameter = ctx.template.parameters.get(String(b.argument.value))!;
      const def = parameter.defaultNode;
      const values = def?.kind === 'seq' ? def.items.map((i) => (i.kind === 'scalar' ? String(i.value) : '')) : def?.kind === 'scalar' ? String(def.value ?? '').split(',') : undefined;
      if (values === undefined) undecided(ctx, resource, b, `it comes from parameter ${parameter.name}, which has no Default`);
      else if (values.some((v) => v.trim() === '*')) fail(ctx, resource, b, `${where} allows any origin (parameter ${parameter.name} defaults to "*")`);
    } else if (b.kind === 'intrinsic') {
      checkOrigin(ctx, resource, b, where, (v) => v.split(',').some((o) => o.trim() === '*'), 'AllowOrigins contains "*"');
    }
  }
}

/** A REST API header value: `'*'` (quoted, as API Gateway mapping expressions need) allows every origin. */
function checkHeaderMap(ctx: RuleContext, resource: Resource | undefined, parameters: TemplateNode | undefined, where: string): void {
  for (const map of branches(parameters)) {
    if (map?.kind !== 'map') continue;
    for (const e of map.entries) {
      if (ALLOW_ORIGIN_HEADERS.includes(e.key.toLowerCase())) checkOrigin(ctx, resource, e.value, where, isWildcardHeader, "Access-Control-Allow-Origin: '*'");
    }
  }
}

function checkSamApiCors(ctx: RuleContext, api: Resource | undefined, cors: TemplateNode | undefined): void {
  const where = api ? 'SAM API CORS configuration' : 'SAM API CORS configuration (Globals)';
  for (const b of branches(cors)) {
    if (!b) continue;
    const origin = b.kind === 'map' ? child(b, 'AllowOrigin') : b;
    if (origin) checkOrigin(ctx, api, origin, where, isWildcardHeader, "AllowOrigin: \"'*'\"");
  }
}

function checkSamHttpApiCors(ctx: RuleContext, api: Resource | undefined, cors: TemplateNode | undefined): void {
  const where = api ? 'SAM HTTP API CORS configuration' : 'SAM HTTP API CORS configuration (Globals)';
  for (const b of branches(cors)) {
    if (!b) continue;
    if (b.kind === 'map') {
      checkOriginList(ctx, api, child(b, 'AllowOrigins'), where);
      continue;
    }
    for (const outcome of ctx.scalarsOf(b, b)) {
      if (outcome.kind === 'unknown') undecided(ctx, api, outcome.node, outcome.reason);
      else if (outcome.kind === 'known' && (outcome.value === true || String(outcome.value).toLowerCase() === 'true')) fail(ctx, api, outcome.node, `${where} allows any origin (CorsConfiguration: true allows every origin)`);
      else if (outcome.kind === 'known' && isWildcardHeader(String(outcome.value))) fail(ctx, api, outcome.node, `${where} allows any origin (CorsConfiguration: "*")`);
    }
  }
}

/** OpenAPI definitions carry CORS in response parameters and in x-amazon-apigateway-cors. */
function checkOpenApi(ctx: RuleContext, resource: Resource, body: TemplateNode | undefined, depth = 0): void {
  if (!body || depth > 30) return;
  if (body.kind === 'seq') for (const item of body.items) checkOpenApi(ctx, resource, item, depth + 1);
  if (body.kind === 'intrinsic' && body.name === 'Fn::If') for (const b of branches(body)) checkOpenApi(ctx, resource, b, depth + 1);
  if (body.kind !== 'map') return;
  for (const e of body.entries) {
    const key = e.key.toLowerCase();
    if (ALLOW_ORIGIN_HEADERS.includes(key)) checkOrigin(ctx, resource, e.value, 'OpenAPI definition response', isWildcardHeader, "Access-Control-Allow-Origin: '*'");
    else if (key === 'x-amazon-apigateway-cors') checkOriginList(ctx, resource, child(e.value, 'allowOrigins'), 'OpenAPI x-amazon-apigateway-cors');
    else checkOpenApi(ctx, resource, e.value, depth + 1);
  }
}

function checkOrigin(ctx: RuleContext, resource: Resource | undefined, node: TemplateNode, where: string, wildcard: (value: string) => boolean, detail: string): void {
  for (const outcome of ctx.scalarsOf(node, node)) {
    if (outcome.kind === 'unknown') undecided(ctx, resource, outcome.node, outcome.reason);
    else if (outcome.kind === 'known' && outcome.value !== null && wildcard(String(outcome.value))) {
      fail(ctx, resource, outcome.node, `${where} allows any origin (${outcome.node.kind === 'scalar' ? detail : `${detail}, from a parameter default`})`);
    }
  }
}

function isWildcardHeader(value: string): boolean {
  const v = value.trim();
  return v === "'*'" || v === '*';
}

function fail(ctx: RuleContext, resource: Resource | undefined, at: TemplateNode, message: string): void {
  ctx.report({ resource, at, message, path: pathTo(resource?.node ?? ctx.template.root, at) });
}

function undecided(ctx: RuleContext, resource: Resource | undefined, at: TemplateNode, reason: string): void {
  ctx.report({ resource, at, undecided: true, message: `Cannot decide whether CORS allows any origin: ${reason}.`, path: pathTo(resource?.node ?? ctx.template.root, at) });
}

/** Where a node sits under `root` (a resource, or the template for Globals), as a property path. */
function pathTo(root: TemplateNode, target: TemplateNode): (string | number)[] | undefined {
  if (root === target) return [];
  const children: [string | number | undefined, TemplateNode][] =
    root.kind === 'map' ? root.entries.map((e) => [e.key, e.value]) : root.kind === 'seq' ? root.items.map((item, i) => [i, item]) : root.kind === 'intrinsic' ? [[undefined, root.argument]] : [];
  for (const [key, node] of children) {
    const rest = pathTo(node, target);
    if (rest) return key === undefined ? rest : [key, ...rest];
  }
  return undefined;
}
