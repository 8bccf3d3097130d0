import { defineRule } from './rule';
import { protectionOf, restStages } from './support/api-stages';
import { IMPLICIT_HTTP_API, implicitApiEvents } from './support/sam-api';

/**
 * Public REST API stages are protected by an AWS WAF web ACL.
 *
 * - Every REST API stage of the template (see support/api-stages.ts: Stage resources, deployments with a
 *   StageName, SAM APIs and SAM's implicit API) needs an `AWS::WAFv2::WebACLAssociation` whose ResourceArn names
 *   it, e.g. `!Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}` or with the
 *   stage name written out. Private APIs (endpoint type PRIVATE) are not public-facing and pass.
 * - An association whose ARN is known only at deploy time makes the stage undecided, not protected.
 * - AWS WAF Classic (`AWS::WAFRegional::WebACLAssociation`) has reached end of support and does not count; the
 *   message says when one names the stage.
 * - HTTP and WebSocket APIs (`AWS::ApiGatewayV2::Api`, `AWS::Serverless::HttpApi`, SAM's implicit HTTP API)
 *   cannot be associated with a web ACL at all: reported as information, suggesting a REST API or CloudFront
 *   with a web ACL in front.
 */
export const apigwWaf = defineRule({
  id: 'apigw-waf',
  control: 'SEC-API',
  title: 'Public API Gateway REST API stages are protected by AWS WAF',
  severity: 'error',
  rationale:
    'The security guide states that the API\'s public endpoint is protected by AWS WAF. Without a web ACL, the API takes injection attempts, scanners and floods straight to its integrations, and IP restrictions cannot be applied.',
  remedy:
    'Add an `AWS::WAFv2::WebACL` with Scope REGIONAL (AWS managed rule groups are a good start) and an `AWS::WAFv2::WebACLAssociation` with `ResourceArn: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${MyApi}/stages/${MyStage}`. HTTP APIs cannot take a web ACL: use a REST API, or put a CloudFront distribution with a web ACL in front of the API.',
  // REST API stages are checked over the whole template (checkTemplate); HTTP APIs one by one.
  resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment', 'AWS::Serverless::Api', 'AWS::ApiGatewayV2::Api', 'AWS::Serverless::HttpApi'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-wafv2-webaclassociation.html',
  checkResource(api, ctx) {
    if (!HTTP_API_TYPES.includes(api.type)) return;
    if (api.type === 'AWS::Serverless::HttpApi') {
      ctx.report({ resource: api, at: api.typeRange, severity: 'info', message: HTTP_API_NOTE });
      return;
    }
    // Neither protocol of API Gateway v2 can take a web ACL; an API imported from Body without ProtocolType is HTTP.
    for (const protocol of ctx.scalars(api, 'ProtocolType')) {
      const kind = protocol.kind === 'known' ? (String(protocol.value) === 'WEBSOCKET' ? 'WebSocket' : 'HTTP') : protocol.kind === 'absent' ? 'HTTP' : 'HTTP or WebSocket';
      const at = protocol.kind === 'absent' ? api.typeRange : protocol.node;
      ctx.report({ resource: api, at, path: ['Properties', 'ProtocolType'], severity: 'info', message: HTTP_API_NOTE.replace('HTTP API', `${kind} API`) });
    }
  },
  checkTemplate(ctx) {
    const associations = ctx.resourcesOfType('AWS::WAFv2::WebACLAssociation');
    const classic = ctx.resourcesOfType('AWS::WAFRegional::WebACLAssociation');
    for (const stage of restStages(ctx)) {
      if (stage.isPrivate) continue;
      const protection = protectionOf(ctx, stage, associations);
      if (protection.kind === 'protected') continue;
      if (protection.kind === 'maybe') {
        ctx.report({ resource: stage.owner, at: stage.at, undecided: true, message: `Cannot decide whether ${stage.label} is protected by AWS WAF: the ResourceArn of ${protection.by.logicalId} is not known (${protection.reason}).` });
        continue;
      }
      const old = protectionOf(ctx, stage, classic);
      const detail = old.kind === 'protected' ? `; ${old.by.logicalId} is an AWS WAF Classic association, and WAF Classic has reached end of support` : '';
      ctx.report({ resource: stage.owner, at: stage.at, message: `${capitalise(stage.label)} is not associated with an AWS WAF web ACL${detail}` });
    }
    const implicit = implicitApiEvents(ctx, 'HttpApi')[0];
    if (implicit) {
      ctx.report({ resource: implicit.owner, at: implicit.typeNode, severity: 'info', message: HTTP_API_NOTE.replace('HTTP API', `HTTP API (the implicit SAM API ${IMPLICIT_HTTP_API})`) });
    }
  },
});

const HTTP_API_TYPES = ['AWS::ApiGatewayV2::Api', 'AWS::Serverless::HttpApi'];

const HTTP_API_NOTE =
  'HTTP API cannot be protected by AWS WAF: web ACLs attach only to REST API stages. Use a REST API, or put a CloudFront distribution with a web ACL in front of it';

function capitalise(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
