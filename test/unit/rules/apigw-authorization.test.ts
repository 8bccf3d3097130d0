import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'apigw-authorization';

function found(t: string): [string | undefined, string, string][] {
  return findingsOf(RULE, t).map((f) => [f.resource, f.kind, textAt(t, f)]);
}

describe(RULE, () => {
  it('fails a REST method with AuthorizationType NONE, on the value, and exempts OPTIONS', () => {
    const t = yaml`
      Resources:
        Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: api } }
        Get:
          Type: AWS::ApiGateway::Method
          Properties:
            RestApiId: !Ref Api
            ResourceId: !GetAtt Api.RootResourceId
            HttpMethod: GET
            AuthorizationType: NONE
            Integration: { Type: MOCK }
        Preflight:
          Type: AWS::ApiGateway::Method
          Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: OPTIONS, AuthorizationType: NONE, Integration: { Type: MOCK } }
        Protected:
          Type: AWS::ApiGateway::Method
          Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: POST, AuthorizationType: COGNITO_USER_POOLS, AuthorizerId: abc, Integration: { Type: MOCK } }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(f.resource, 'Get');
    assert.equal(textAt(t, f), 'NONE');
    assert.equal(f.line, 9);
    assert.equal(f.column, 26);
    assert.equal(f.message, 'SEC-API: API Gateway method GET requires no authorization (AuthorizationType: NONE)');
    assert.equal(f.severity, 'error');
    assert.equal(f.fix, undefined);
  });

  it('fails a method without AuthorizationType on its Properties key', () => {
    const t = yaml`
      Resources:
        Get:
          Type: AWS::ApiGateway::Method
          Properties: { RestApiId: api, ResourceId: res, HttpMethod: GET }
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.message, 'SEC-API: API Gateway method GET requires no authorization (AuthorizationType is not set; it has no authorizer)');
  });

  it('fails HTTP API routes without authorization, and skips preflight and non-$connect WebSocket routes', () => {
    const t = yaml`
      Resources:
        Http: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: h, ProtocolType: HTTP } }
        Open: { Type: AWS::ApiGatewayV2::Route, Properties: { ApiId: !Ref Http, RouteKey: "GET /items" } }
        None: { Type: AWS::ApiGatewayV2::Route, Properties: { ApiId: !Ref Http, RouteKey: "POST /items", AuthorizationType: NONE } }
        Jwt: { Type: AWS::ApiGatewayV2::Route, Properties: { ApiId: !Ref Http, RouteKey: "DELETE /items", AuthorizationType: JWT, AuthorizerId: a } }
        Preflight: { Type: AWS::ApiGatewayV2::Route, Properties: { ApiId: !Ref Http, RouteKey: "OPTIONS /items" } }
        Ws: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: w, ProtocolType: WEBSOCKET, RouteSelectionExpression: "$request.body.action" } }
        Connect: { Type: AWS::ApiGatewayV2::Route, Properties: { ApiId: !Ref Ws, RouteKey: $connect } }
        Message: { Type: AWS::ApiGatewayV2::Route, Properties: { ApiId: !Ref Ws, RouteKey: sendmessage } }
        WsDefault: { Type: AWS::ApiGatewayV2::Route, Properties: { ApiId: !Ref Ws, RouteKey: $default } }
    `;
    assert.deepEqual(found(t), [
      ['Open', 'violation', 'Properties'],
      ['None', 'violation', 'NONE'],
      ['Connect', 'violation', 'Properties'],
    ]);
    assert.equal(findingsOf(RULE, t)[0].message, 'SEC-API: API Gateway route GET /items requires no authorization (AuthorizationType is not set; it defaults to NONE)');
  });

  it('fails an HTTP API made by quick create, on Target', () => {
    const t = yaml`
      Resources:
        Quick: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: q, ProtocolType: HTTP, Target: arn:aws:lambda:us-east-1:111111111111:function:f } }
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Target');
    assert.equal(f.message, 'SEC-API: HTTP API quick create (Target) makes a $default route that requires no authorization');
  });

  it('fails SAM events without an authorizer when their API has no default, and Authorizer: NONE', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Api:
          Type: AWS::Serverless::Api
          Properties: { StageName: prod }
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: i.h
            InlineCode: x
            Events:
              List:
                Type: Api
                Properties: { RestApiId: !Ref Api, Path: /items, Method: get }
              Implicit:
                Type: Api
                Properties:
                  Path: /public
                  Method: post
                  Auth:
                    Authorizer: NONE
              Preflight:
                Type: Api
                Properties: { RestApiId: !Ref Api, Path: /items, Method: options }
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [
      ['Fn', 'violation', 'Properties'],
      ['Fn', 'violation', 'NONE'],
    ]);
    assert.equal(findings[0].line, 15);
    assert.equal(findings[0].message, 'SEC-API: Api event List (GET /items) requires no authorization: it sets no Authorizer and API Api has no Auth.DefaultAuthorizer');
    assert.equal(findings[1].message, 'SEC-API: Api event Implicit (POST /public) requires no authorization (Authorizer: NONE)');
  });

  it('passes SAM events covered by a default authorizer, from the API or from Globals', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Api:
          Auth: { DefaultAuthorizer: AWS_IAM }
      Resources:
        Http:
          Type: AWS::Serverless::HttpApi
          Properties:
            Auth:
              DefaultAuthorizer: Cognito
              Authorizers:
                Cognito: { JwtConfiguration: { issuer: "https://cognito-idp.us-east-1.amazonaws.com/pool", audience: [c] }, IdentitySource: $request.header.Authorization }
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: i.h
            InlineCode: x
            Events:
              Rest: { Type: Api, Properties: { Path: /a, Method: get } }
              HttpEvent: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /b, Method: get } }
              Own: { Type: HttpApi, Properties: { Path: /c, Method: get, Auth: { Authorizer: AWS_IAM } } }
    `;
    assert.deepEqual(found(t), []);
  });

  it('fails an implicit HTTP API catch-all event with no default authorizer', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: i.h
            InlineCode: x
            Events:
              All:
                Type: HttpApi
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'All');
    assert.equal(f.message, 'SEC-API: HttpApi event All ($default) requires no authorization: it sets no Authorizer and the implicit SAM API has no Auth.DefaultAuthorizer');
  });

  it('checks both !If branches and cannot decide values known only at deploy time', () => {
    const t = yaml`
      Parameters:
        Auth: { Type: String }
        ApiId: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A:
          Type: AWS::ApiGateway::Method
          Properties: { RestApiId: api, ResourceId: res, HttpMethod: GET, AuthorizationType: !If [Prod, AWS_IAM, NONE] }
        B:
          Type: AWS::ApiGateway::Method
          Properties: { RestApiId: api, ResourceId: res, HttpMethod: GET, AuthorizationType: !Ref Auth }
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: i.h
            InlineCode: x
            Events:
              External: { Type: Api, Properties: { RestApiId: !Ref ApiId, Path: /x, Method: get } }
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [
      ['A', 'violation', 'NONE'],
      ['B', 'undecided', '!Ref Auth'],
      ['Fn', 'undecided', 'Properties'],
    ]);
    assert.equal(findings[1].message, 'SEC-API: Cannot decide whether the API Gateway method GET requires authorization: it comes from parameter Auth, which has no Default.');
    assert.equal(findings[2].message, 'SEC-API: Cannot decide whether Api event External (GET /x) requires authorization: it has no Authorizer and its API is not defined in this template.');
  });
});
