import { type Lookup, anchorOfAbsent } from '../template/evaluate';
import { type Resource, type ScalarValue, child, entry } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { type SamEvent, apiEvents, apiOfEvent, eventRoute, samSetting } from './support/sam-api';

/**
 * Every API method and route has an authorizer. CORS preflight (OPTIONS) is exempt: browsers send it without
 * credentials.
 *
 * - `AWS::ApiGateway::Method`: AuthorizationType NONE fails. CloudFormation documents AuthorizationType as
 *   required by API Gateway; a method without it has no authorizer and fails too.
 * - `AWS::ApiGatewayV2::Route`: AuthorizationType defaults to NONE; NONE or unset fails. On WebSocket APIs only the
 *   `$connect` route takes authorization, so other WebSocket routes are not checked. An HTTP API made by quick
 *   create (`Target` on the Api) has a `$default` route with no authorization: reported on `Target`.
 * - SAM `Api` and `HttpApi` events of functions and state machines: `Auth.Authorizer: NONE` fails; without
 *   `Auth.Authorizer`, the API's `Auth.DefaultAuthorizer` (its own, else Globals) decides, and no default fails.
 *   Routes written only inside an OpenAPI definition body are not read.
 * Values known only at deploy time (a parameter without Default, an API outside the template) are undecided.
 */
export const apigwAuthorization = defineRule({
  id: 'apigw-authorization',
  control: 'SEC-API',
  title: 'API Gateway methods and routes require authorization',
  severity: 'error',
  rationale:
    'The security guide states that the API only allows authorized users from Amazon Cognito. A method or route with authorization NONE can be called by anyone on the internet.',
  remedy:
    'Give the method or route an authorizer: `AuthorizationType: COGNITO_USER_POOLS` with `AuthorizerId` (REST), `JWT` with a Cognito issuer (HTTP API), `CUSTOM` (Lambda authorizer) or `AWS_IAM`. In SAM, set `Auth.DefaultAuthorizer` on the API (or in Globals) and do not set `Authorizer: NONE` on events.',
  resourceTypes: ['AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Api', 'AWS::Serverless::Function', 'AWS::Serverless::StateMachine'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-method.html#cfn-apigateway-method-authorizationtype',
  checkResource(resource, ctx) {
    switch (resource.type) {
      case 'AWS::ApiGateway::Method':
        return checkMethod(ctx, resource);
      case 'AWS::ApiGatewayV2::Route':
        return checkRoute(ctx, resource);
      case 'AWS::ApiGatewayV2::Api':
        return checkQuickCreate(ctx, resource);
      default:
        for (const event of apiEvents(resource)) checkEvent(ctx, event);
    }
  },
});

function checkMethod(ctx: RuleContext, method: Resource): void {
  const verb = knownString(ctx, method, 'HttpMethod');
  if (verb?.toUpperCase() === 'OPTIONS') return;
  const label = `API Gateway method${verb ? ' ' + verb.toUpperCase() : ''}`;
  checkAuthorizationType(ctx, method, ctx.property(method, 'AuthorizationType'), label, 'it has no authorizer');
}

function checkRoute(ctx: RuleContext, route: Resource): void {
  const key = knownString(ctx, route, 'RouteKey');
  if (key !== undefined && /^OPTIONS\s/i.test(key)) return;
  if (key !== undefined && key !== '$connect' && isWebSocket(ctx, route, key)) return;
  const label = `API Gateway route${key ? ' ' + key : ''}`;
  checkAuthorizationType(ctx, route, ctx.property(route, 'AuthorizationType'), label, 'it defaults to NONE');
}

/** WebSocket route keys are `$connect`, `$disconnect`, `$default` or an action name; HTTP ones are `VERB /path` or `$default`. */
function isWebSocket(ctx: RuleContext, route: Resource, key: string): boolean {
  const api = ctx.targetOf(child(route.properties, 'ApiId'));
  const protocol = api ? ctx.scalars(api, 'ProtocolType') : [];
  if (protocol.length === 1 && protocol[0].kind === 'known') return protocol[0].value === 'WEBSOCKET';
  return !/^[A-Z]+ \//i.test(key) && key !== '$default';
}

function checkAuthorizationType(ctx: RuleContext, resource: Resource, lookups: Lookup[], label: string, absentDetail: string): void {
  const path = ['Properties', 'AuthorizationType'];
  for (const found of lookups) {
    if (found.kind === 'absent') {
      ctx.report({ resource, at: anchorOfAbsent(resource, found), path, message: `${label} requires no authorization (AuthorizationType is not set; ${absentDetail})` });
    } else if (found.kind === 'unknown') {
      ctx.report({ resource, at: found.node, path, undecided: true, message: `Cannot decide whether the ${label} requires authorization: ${found.reason}.` });
    } else {
      for (const outcome of ctx.scalarsOf(found.node, found.node)) {
        if (outcome.kind === 'unknown') ctx.report({ resource, at: outcome.node, path, undecided: true, message: `Cannot decide whether the ${label} requires authorization: ${outcome.reason}.` });
        else if (outcome.kind === 'absent') ctx.report({ resource, at: outcome.node, path, message: `${label} requires no authorization (AuthorizationType is removed in one branch; ${absentDetail})` });
        else if (isNone(outcome.value)) ctx.report({ resource, at: outcome.node, path, message: `${label} requires no authorization (AuthorizationType: NONE)` });
      }
    }
  }
}

function checkQuickCreate(ctx: RuleContext, api: Resource): void {
  const target = entry(api.properties, 'Target');
  if (!target) return;
  const protocol = ctx.scalars(api, 'ProtocolType');
  if (protocol.some((o) => o.kind === 'known' && o.value === 'WEBSOCKET')) return;
  ctx.report({ resource: api, at: target.keyRange, path: ['Properties', 'Target'], message: 'HTTP API quick create (Target) makes a $default route that requires no authorization' });
}

function checkEvent(ctx: RuleContext, event: SamEvent): void {
  const route = eventRoute(ctx, event);
  if (route.method?.toUpperCase() === 'OPTIONS') return;
  const owner = event.owner;
  const label = `${event.type} event ${event.name} (${route.label})`;
  const path = ['Properties', 'Events', event.name, 'Properties', 'Auth', 'Authorizer'];
  for (const found of ctx.property(owner, 'Events', event.name, 'Properties', 'Auth', 'Authorizer')) {
    if (found.kind === 'unknown') {
      ctx.report({ resource: owner, at: found.node, path, undecided: true, message: `Cannot decide whether ${label} requires authorization: ${found.reason}.` });
    } else if (found.kind === 'found') {
      for (const outcome of ctx.scalarsOf(found.node, found.node)) {
        if (outcome.kind === 'unknown') ctx.report({ resource: owner, at: outcome.node, path, undecided: true, message: `Cannot decide whether ${label} requires authorization: ${outcome.reason}.` });
        else if (outcome.kind === 'known' && isNone(outcome.value)) ctx.report({ resource: owner, at: outcome.node, path, message: `${label} requires no authorization (Authorizer: NONE)` });
      }
    } else {
      checkDefaultAuthorizer(ctx, event, label, anchorOfAbsent(owner, found));
    }
  }
}

/** An event without its own authorizer takes its API's default authorizer. */
function checkDefaultAuthorizer(ctx: RuleContext, event: SamEvent, label: string, at: ReturnType<typeof anchorOfAbsent>): void {
  const owner = event.owner;
  const api = apiOfEvent(ctx, event);
  if (api.kind === 'unknown') {
    ctx.report({ resource: owner, at, undecided: true, message: `Cannot decide whether ${label} requires authorization: it has no Authorizer and its API is not defined in this template.` });
    return;
  }
  const section = event.type === 'Api' ? 'Api' : 'HttpApi';
  const apiResource = api.kind === 'resource' ? api.api : undefined;
  if (apiResource && !apiResource.type.startsWith('AWS::Serverless::')) {
    ctx.report({ resource: owner, at, undecided: true, message: `Cannot decide whether ${label} requires authorization: it has no Authorizer and its API ${apiResource.logicalId} is not a SAM API.` });
    return;
  }
  const apiName = apiResource ? `API ${apiResource.logicalId}` : 'the implicit SAM API';
  for (const def of samSetting(ctx, apiResource, section, ['Auth', 'DefaultAuthorizer'])) {
    if (def.kind === 'absent' || (def.kind === 'found' && ctx.scalarsOf(def.node, def.node).some((o) => o.kind === 'known' && (o.value === null || isNone(o.value))))) {
      ctx.report({ resource: owner, at, message: `${label} requires no authorization: it sets no Authorizer and ${apiName} has no Auth.DefaultAuthorizer` });
      return;
    }
    const unknown = def.kind === 'unknown' ? def : def.kind === 'found' ? ctx.scalarsOf(def.node, def.node).find((o) => o.kind === 'unknown') : undefined;
    if (unknown?.kind === 'unknown') {
      ctx.report({ resource: owner, at, undecided: true, message: `Cannot decide whether ${label} requires authorization: the default authorizer of ${apiName} is not known (${unknown.reason}).` });
      return;
    }
  }
}

function isNone(value: ScalarValue): boolean {
  return String(value).toUpperCase() === 'NONE';
}

function knownString(ctx: RuleContext, resource: Resource, property: string): string | undefined {
  const outcomes = ctx.scalars(resource, property);
  return outcomes.length === 1 && outcomes[0].kind === 'known' && outcomes[0].value !== null ? String(outcomes[0].value) : undefined;
}
