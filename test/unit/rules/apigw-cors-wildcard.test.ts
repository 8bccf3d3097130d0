import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'apigw-cors-wildcard';

function found(t: string): [string | undefined, string, string][] {
  return findingsOf(RULE, t).map((f) => [f.resource, f.kind, textAt(t, f)]);
}

describe(RULE, () => {
  it('fails an HTTP API that allows any origin, on the "*" item', () => {
    const t = yaml`
      Resources:
        Http:
          Type: AWS::ApiGatewayV2::Api
          Properties:
            Name: h
            ProtocolType: HTTP
            CorsConfiguration:
              AllowOrigins:
                - https://app.example.com
                - "*"
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '"*"');
    assert.equal(f.line, 10);
    assert.equal(f.column, 13);
    assert.equal(f.message, 'SEC-API: HTTP API CORS configuration allows any origin (AllowOrigins contains "*")');
    assert.equal(f.severity, 'warning');
    assert.equal(f.path, 'Properties.CorsConfiguration.AllowOrigins.1');
    assert.equal(f.fix, undefined);
  });

  it('fails REST API responses that send Access-Control-Allow-Origin: \'*\'', () => {
    const t = yaml`
      Resources:
        Options:
          Type: AWS::ApiGateway::Method
          Properties:
            RestApiId: api
            ResourceId: res
            HttpMethod: OPTIONS
            AuthorizationType: NONE
            Integration:
              Type: MOCK
              IntegrationResponses:
                - StatusCode: "200"
                  ResponseParameters:
                    method.response.header.Access-Control-Allow-Headers: "'Content-Type'"
                    method.response.header.Access-Control-Allow-Origin: "'*'"
            MethodResponses:
              - StatusCode: "200"
                ResponseParameters: { method.response.header.Access-Control-Allow-Origin: true }
        Default4xx:
          Type: AWS::ApiGateway::GatewayResponse
          Properties:
            RestApiId: api
            ResponseType: DEFAULT_4XX
            ResponseParameters:
              gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
        Named:
          Type: AWS::ApiGateway::GatewayResponse
          Properties:
            RestApiId: api
            ResponseType: DEFAULT_5XX
            ResponseParameters:
              gatewayresponse.header.Access-Control-Allow-Origin: "'https://app.example.com'"
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [
      ['Options', 'violation', `"'*'"`],
      ['Default4xx', 'violation', `"'*'"`],
    ]);
    assert.equal(findings[0].message, "SEC-API: API method integration response allows any origin (Access-Control-Allow-Origin: '*')");
  });

  it('fails SAM CORS settings: Api Cors string and map, HttpApi true, function URLs', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        StringCors: { Type: AWS::Serverless::Api, Properties: { StageName: prod, Cors: "'*'" } }
        MapCors: { Type: AWS::Serverless::Api, Properties: { StageName: prod, Cors: { AllowOrigin: "'*'", AllowMethods: "'GET'" } } }
        Named: { Type: AWS::Serverless::Api, Properties: { StageName: prod, Cors: "'https://app.example.com'" } }
        Http: { Type: AWS::Serverless::HttpApi, Properties: { CorsConfiguration: true } }
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: i.h
            InlineCode: x
            FunctionUrlConfig: { AuthType: AWS_IAM, Cors: { AllowOrigins: ["*"] } }
        Url: { Type: AWS::Lambda::Url, Properties: { AuthType: AWS_IAM, TargetFunctionArn: !GetAtt Fn.Arn, Cors: { AllowOrigins: ["https://app.example.com"] } } }
    `;
    assert.deepEqual(found(t), [
      ['StringCors', 'violation', `"'*'"`],
      ['MapCors', 'violation', `"'*'"`],
      ['Http', 'violation', 'true'],
      ['Fn', 'violation', '"*"'],
    ]);
    assert.equal(findingsOf(RULE, t)[2].message, 'SEC-API: SAM HTTP API CORS configuration allows any origin (CorsConfiguration: true allows every origin)');
  });

  it('reports a Globals wildcard once, where it is written, when an API inherits it', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Api:
          Cors:
            AllowOrigin: "'*'"
      Resources:
        A: { Type: AWS::Serverless::Api, Properties: { StageName: prod } }
        B: { Type: AWS::Serverless::Api, Properties: { StageName: prod, Cors: { AllowMethods: "'GET'" } } }
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [[undefined, 'violation', `"'*'"`]]);
    assert.equal(findings[0].line, 5);
    assert.equal(findings[0].path, 'Globals.Api.Cors.AllowOrigin');
    assert.equal(findings[0].message, `SEC-API: SAM API CORS configuration (Globals) allows any origin (AllowOrigin: "'*'")`);

    const overridden = yaml`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Api:
          Cors: "'*'"
      Resources:
        A: { Type: AWS::Serverless::Api, Properties: { StageName: prod, Cors: "'https://app.example.com'" } }
    `;
    assert.deepEqual(found(overridden), []);
  });

  it('reads OpenAPI definitions', () => {
    const t = yaml`
      Resources:
        Rest:
          Type: AWS::ApiGateway::RestApi
          Properties:
            Body:
              openapi: "3.0.1"
              paths:
                /items:
                  options:
                    x-amazon-apigateway-integration:
                      type: mock
                      responses:
                        default:
                          statusCode: "200"
                          responseParameters:
                            method.response.header.Access-Control-Allow-Origin: "'*'"
        Http:
          Type: AWS::ApiGatewayV2::Api
          Properties:
            Body:
              openapi: "3.0.1"
              x-amazon-apigateway-cors:
                allowOrigins: ["*"]
    `;
    assert.deepEqual(found(t), [
      ['Rest', 'violation', `"'*'"`],
      ['Http', 'violation', '"*"'],
    ]);
  });

  it('checks both !If branches, judges parameters by their default, and cannot decide without one', () => {
    const t = yaml`
      Parameters:
        Origins: { Type: CommaDelimitedList }
        AnyOrigin: { Type: CommaDelimitedList, Default: "*" }
        Origin: { Type: String }
      Conditions:
        Dev: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        Branches: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: a, ProtocolType: HTTP, CorsConfiguration: { AllowOrigins: !If [Dev, ["*"], [https://app.example.com]] } } }
        FromParameter: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: b, ProtocolType: HTTP, CorsConfiguration: { AllowOrigins: !Ref Origins } } }
        FromDefault: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: c, ProtocolType: HTTP, CorsConfiguration: { AllowOrigins: !Ref AnyOrigin } } }
        Header:
          Type: AWS::ApiGateway::GatewayResponse
          Properties:
            RestApiId: api
            ResponseType: DEFAULT_4XX
            ResponseParameters:
              gatewayresponse.header.Access-Control-Allow-Origin: !Sub "'\${Origin}'"
    `;
    const findings = findingsOf(RULE, t);
    assert.deepEqual(found(t), [
      ['Branches', 'violation', '"*"'],
      ['FromParameter', 'undecided', '!Ref Origins'],
      ['FromDefault', 'violation', '!Ref AnyOrigin'],
      ['Header', 'undecided', `!Sub "'\${Origin}'"`],
    ]);
    assert.equal(findings[1].message, 'SEC-API: Cannot decide whether CORS allows any origin: it comes from parameter Origins, which has no Default.');
    assert.equal(findings[2].message, 'SEC-API: HTTP API CORS configuration allows any origin (parameter AnyOrigin defaults to "*")');
  });
});
