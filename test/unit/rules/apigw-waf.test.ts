import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'apigw-waf';

function found(t: string): [string | undefined, string, string, string][] {
  return findingsOf(RULE, t).map((f) => [f.resource, f.kind, f.severity, textAt(t, f)]);
}

const ACL = 'Acl: { Type: AWS::WAFv2::WebACL, Properties: { Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl }, Rules: [] } }';

describe(RULE, () => {
  it('fails a REST API stage without a web ACL association, on its Type value', () => {
    const t = yaml`
      Resources:
        Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: api } }
        Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: !Ref Api } }
        Stage:
          Type: AWS::ApiGateway::Stage
          Properties: { RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: prod }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(f.resource, 'Stage');
    assert.equal(textAt(t, f), 'AWS::ApiGateway::Stage');
    assert.equal(f.line, 5);
    assert.equal(f.column, 11);
    assert.equal(f.message, 'SEC-API: API Gateway stage prod is not associated with an AWS WAF web ACL');
    assert.equal(f.severity, 'error');
    assert.equal(f.fix, undefined);
  });

  it('passes stages named by an association through !Sub, !Join or the literal stage name', () => {
    const t = yaml`
      Resources:
        ${ACL}
        Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: api } }
        Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: !Ref Api } }
        Prod: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: prod } }
        Test: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: test } }
        Dev: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: dev } }
        ProdAcl:
          Type: AWS::WAFv2::WebACLAssociation
          Properties:
            WebACLArn: !GetAtt Acl.Arn
            ResourceArn: !Sub arn:\${AWS::Partition}:apigateway:\${AWS::Region}::/restapis/\${Api}/stages/\${Prod}
        TestAcl:
          Type: AWS::WAFv2::WebACLAssociation
          Properties:
            WebACLArn: !GetAtt Acl.Arn
            ResourceArn: !Join ["", ["arn:aws:apigateway:", !Ref AWS::Region, "::/restapis/", !Ref Api, "/stages/test"]]
        DevAcl:
          Type: AWS::WAFv2::WebACLAssociation
          Properties:
            WebACLArn: !GetAtt Acl.Arn
            ResourceArn: !Sub
              - arn:aws:apigateway:\${AWS::Region}::/restapis/\${ApiId}/stages/dev
              - ApiId: !Ref Api
    `;
    assert.deepEqual(found(t), []);
  });

  it('fails the stage a deployment creates, on its StageName, and passes it when associated', () => {
    const t = yaml`
      Resources:
        Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: api } }
        Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: !Ref Api, StageName: v1 } }
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'v1');
    assert.equal(f.message, 'SEC-API: API Gateway stage v1 (created by the deployment) is not associated with an AWS WAF web ACL');
    const associated = t + `  ${ACL}\n  Assoc: { Type: AWS::WAFv2::WebACLAssociation, Properties: { WebACLArn: !GetAtt Acl.Arn, ResourceArn: !Sub "arn:aws:apigateway:\${AWS::Region}::/restapis/\${Api}/stages/v1" } }\n`;
    assert.deepEqual(found(associated), []);
  });

  it('handles SAM APIs, the implicit API and private APIs', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        ${ACL}
        Covered: { Type: AWS::Serverless::Api, Properties: { StageName: prod } }
        CoveredAcl: { Type: AWS::WAFv2::WebACLAssociation, Properties: { WebACLArn: !GetAtt Acl.Arn, ResourceArn: !Sub "arn:aws:apigateway:\${AWS::Region}::/restapis/\${Covered}/stages/\${Covered.Stage}" } }
        ByStageId: { Type: AWS::Serverless::Api, Properties: { StageName: prod } }
        ByStageIdAcl: { Type: AWS::WAFv2::WebACLAssociation, Properties: { WebACLArn: !GetAtt Acl.Arn, ResourceArn: !Sub "arn:aws:apigateway:\${AWS::Region}::/restapis/\${ByStageId}/stages/\${ByStageIdprodStage}" } }
        Open: { Type: AWS::Serverless::Api, Properties: { StageName: prod } }
        Private: { Type: AWS::Serverless::Api, Properties: { StageName: prod, EndpointConfiguration: { Type: PRIVATE } } }
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: i.h
            InlineCode: x
            Events:
              Get: { Type: Api, Properties: { Path: /x, Method: get } }
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [
      ['Open', 'violation', 'error', 'AWS::Serverless::Api'],
      ['Fn', 'violation', 'error', 'Api'],
    ]);
    assert.equal(findings[0].message, 'SEC-API: SAM API stage prod is not associated with an AWS WAF web ACL');
    assert.equal(findings[1].message, 'SEC-API: Stage Prod of the implicit SAM API ServerlessRestApi is not associated with an AWS WAF web ACL');

    const implicitCovered = t.replace('Events:', 'Events:').concat(`  ImplicitAcl: { Type: AWS::WAFv2::WebACLAssociation, Properties: { WebACLArn: !GetAtt Acl.Arn, ResourceArn: !Sub "arn:aws:apigateway:\${AWS::Region}::/restapis/\${ServerlessRestApi}/stages/Prod" } }\n`);
    assert.deepEqual(found(implicitCovered).map((f) => f[0]), ['Open']);
  });

  it('reports HTTP and WebSocket APIs as information: they cannot take a web ACL', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Http: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: h, ProtocolType: HTTP } }
        Ws: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: w, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action } }
        SamHttp: { Type: AWS::Serverless::HttpApi }
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: i.h
            InlineCode: x
            Events:
              All: { Type: HttpApi }
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [
      ['Http', 'violation', 'info', 'HTTP'],
      ['Ws', 'violation', 'info', 'WEBSOCKET'],
      ['SamHttp', 'violation', 'info', 'AWS::Serverless::HttpApi'],
      ['Fn', 'violation', 'info', 'HttpApi'],
    ]);
    assert.equal(
      findings[0].message,
      'SEC-API: HTTP API cannot be protected by AWS WAF: web ACLs attach only to REST API stages. Use a REST API, or put a CloudFront distribution with a web ACL in front of it',
    );
    assert.match(findings[1].message, /^SEC-API: WebSocket API cannot be protected by AWS WAF/);
    // The note stays informational whatever severity the rule is set to.
    assert.equal(findingsOf(RULE, t, { rules: { [RULE]: 'error' } })[0].severity, 'info');
  });

  it('cannot decide when an association ARN is known only at deploy time, and ignores associations of other resources', () => {
    const t = yaml`
      Parameters:
        Target: { Type: String }
      Resources:
        ${ACL}
        Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: api } }
        Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: !Ref Api } }
        Stage: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: prod } }
        Alb: { Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: { Subnets: [a, b] } }
        AlbAcl: { Type: AWS::WAFv2::WebACLAssociation, Properties: { WebACLArn: !GetAtt Acl.Arn, ResourceArn: !Ref Alb } }
        Somewhere: { Type: AWS::WAFv2::WebACLAssociation, Properties: { WebACLArn: !GetAtt Acl.Arn, ResourceArn: !Ref Target } }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(f.kind, 'undecided');
    assert.equal(textAt(t, f), 'AWS::ApiGateway::Stage');
    assert.equal(f.message, 'SEC-API: Cannot decide whether API Gateway stage prod is protected by AWS WAF: the ResourceArn of Somewhere is not known (it comes from parameter Target, which has no Default).');
    assert.equal(findingsOf(RULE, t.replace(/ {2}Somewhere:.*\n/, ''))[0].kind, 'violation');
  });

  it('does not count WAF Classic, and needs every !If branch of the ARN to name the stage', () => {
    const t = yaml`
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        ${ACL}
        Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: api } }
        Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: !Ref Api } }
        Classic: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: old } }
        ClassicAcl: { Type: AWS::WAFRegional::WebACLAssociation, Properties: { WebACLId: acl, ResourceArn: !Sub "arn:aws:apigateway:\${AWS::Region}::/restapis/\${Api}/stages/old" } }
        Half: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: half } }
        HalfAcl:
          Type: AWS::WAFv2::WebACLAssociation
          Properties:
            WebACLArn: !GetAtt Acl.Arn
            ResourceArn: !If [Prod, !Sub "arn:aws:apigateway:\${AWS::Region}::/restapis/\${Api}/stages/half", !Sub "arn:aws:apigateway:\${AWS::Region}::/restapis/\${Api}/stages/other"]
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(findings.map((f) => f.resource), ['Classic', 'Half']);
    assert.equal(findings[0].message, 'SEC-API: API Gateway stage old is not associated with an AWS WAF web ACL; ClassicAcl is an AWS WAF Classic association, and WAF Classic has reached end of support');
  });
});
