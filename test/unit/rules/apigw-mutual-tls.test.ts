import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'apigw-mutual-tls';

describe(RULE, () => {
  it('fails a REST API that keeps its execute-api endpoint, on the Properties key, and the fix disables it', () => {
    const t = yaml`
      Resources:
        Api:
          Type: AWS::ApiGateway::RestApi
          Properties:
            Name: notes
            EndpointConfiguration:
              Types: [REGIONAL]
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.message, 'NETSEC-002: API keeps its default execute-api endpoint, which takes no client certificate (DisableExecuteApiEndpoint is not set)');
    assert.equal(f.fix?.title, 'Set DisableExecuteApiEndpoint: true');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t + '      DisableExecuteApiEndpoint: true\n');
  });

  it('fails DisableExecuteApiEndpoint: false on HTTP APIs, and passes disabled, private and OpenAPI-disabled APIs', () => {
    const t = yaml`
      Resources:
        Http:
          Type: AWS::ApiGatewayV2::Api
          Properties: { Name: http, ProtocolType: HTTP, DisableExecuteApiEndpoint: false }
        Disabled:
          Type: AWS::ApiGatewayV2::Api
          Properties: { Name: ws, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action, DisableExecuteApiEndpoint: "true" }
        Private:
          Type: AWS::ApiGateway::RestApi
          Properties: { Name: private, EndpointConfiguration: { Types: [PRIVATE], VpcEndpointIds: [vpce-1] } }
        FromBody:
          Type: AWS::ApiGateway::RestApi
          Properties:
            Body:
              openapi: 3.0.1
              info: { title: body, version: "1" }
              x-amazon-apigateway-endpoint-configuration:
                disableExecuteApiEndpoint: true
              paths: {}
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.message]), [
      ['Http', 'false', 'NETSEC-002: API keeps its default execute-api endpoint, which takes no client certificate'],
    ]);
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /ProtocolType: HTTP, DisableExecuteApiEndpoint: true \}/);
  });

  it('fails custom domain names without a truststore, and passes those with one or that are private', () => {
    const t = yaml`
      Resources:
        Edge:
          Type: AWS::ApiGateway::DomainName
          Properties:
            DomainName: api.example.com
            CertificateArn: arn:aws:acm:us-east-1:111111111111:certificate/abc
        NoUri:
          Type: AWS::ApiGatewayV2::DomainName
          Properties:
            DomainName: v2.example.com
            DomainNameConfigurations: [{ CertificateArn: arn:cert, EndpointType: REGIONAL }]
            MutualTlsAuthentication:
              TruststoreVersion: "1"
        Mtls:
          Type: AWS::ApiGateway::DomainName
          Properties:
            DomainName: mtls.example.com
            RegionalCertificateArn: arn:cert
            EndpointConfiguration: { Types: [REGIONAL] }
            MutualTlsAuthentication: { TruststoreUri: !Sub "s3://\${Bucket}/truststore.pem" }
        PrivateDomain:
          Type: AWS::ApiGateway::DomainName
          Properties: { DomainName: internal.example.com, CertificateArn: arn:cert, EndpointConfiguration: { Types: [PRIVATE] } }
        Bucket: { Type: AWS::S3::Bucket }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.message]), [
      ['Edge', 'Properties', 'NETSEC-002: API Gateway custom domain does not require client certificates (no MutualTlsAuthentication truststore)'],
      ['NoUri', 'MutualTlsAuthentication', 'NETSEC-002: API Gateway custom domain does not require client certificates (no MutualTlsAuthentication truststore)'],
    ]);
    assert.equal(found[0].fix, undefined);
  });

  it('checks SAM APIs: their Domain (merged with Globals) and their default endpoint', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        HttpApi:
          Domain:
            MutualTlsAuthentication: { TruststoreUri: s3://bucket/truststore.pem }
      Resources:
        Rest:
          Type: AWS::Serverless::Api
          Properties:
            StageName: v1
            Domain:
              DomainName: api.example.com
              CertificateArn: arn:cert
              EndpointConfiguration: REGIONAL
        Http:
          Type: AWS::Serverless::HttpApi
          Properties:
            DisableExecuteApiEndpoint: true
            Domain: { DomainName: http.example.com, CertificateArn: arn:cert }
        PrivateRest:
          Type: AWS::Serverless::Api
          Properties: { StageName: v1, EndpointConfiguration: { Type: PRIVATE } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.message]), [
      ['Rest', 'Domain', 'NETSEC-002: Custom domain of Rest does not require client certificates (no MutualTlsAuthentication truststore)'],
      ['Rest', 'Properties', 'NETSEC-002: API keeps its default execute-api endpoint, which takes no client certificate (DisableExecuteApiEndpoint is not set)'],
    ]);
    assert.equal(found[0].path, 'Properties.Domain.MutualTlsAuthentication.TruststoreUri');
  });

  it('checks a Domain in Globals once, where it is written', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Api:
          Domain:
            DomainName: api.example.com
            CertificateArn: arn:cert
      Resources:
        Rest:
          Type: AWS::Serverless::Api
          Properties: { StageName: v1, DisableExecuteApiEndpoint: true }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Domain');
    assert.equal(f.line, 4);
    assert.equal(f.resource, undefined);
    assert.equal(f.message, 'NETSEC-002: Custom domain in Globals.Api does not require client certificates (no MutualTlsAuthentication truststore)');
  });

  it("fails the first event that makes SAM create an implicit API, unless Globals make it private", () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: python3.12
            Handler: app.handler
            CodeUri: src/
            Events:
              Get: { Type: Api, Properties: { Path: /notes, Method: get } }
              Put: { Type: Api, Properties: { Path: /notes, Method: put } }
              Named: { Type: Api, Properties: { Path: /x, Method: get, RestApiId: !Ref Explicit } }
        Explicit:
          Type: AWS::Serverless::Api
          Properties: { StageName: v1, DisableExecuteApiEndpoint: true }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.line]), [['Fn', 'Api', 10]]);
    assert.equal(found[0].message, "NETSEC-002: Event Get creates SAM's implicit ServerlessRestApi, whose default execute-api endpoint cannot be disabled and takes no client certificate");
    assert.equal(found[0].fix, undefined);
    const privateGlobals = t.replace('Resources:', 'Globals:\n  Api:\n    EndpointConfiguration: PRIVATE\nResources:');
    assert.deepEqual(findingsOf(RULE, privateGlobals), []);
    const privateMap = t.replace('Resources:', 'Globals:\n  Api:\n    EndpointConfiguration: { Type: PRIVATE, VPCEndpointIds: [vpce-1] }\nResources:');
    assert.deepEqual(findingsOf(RULE, privateMap), []);
  });

  it('checks both branches of !If and cannot decide an endpoint type or truststore from a parameter without a Default', () => {
    const t = yaml`
      Parameters:
        EndpointType: { Type: String }
        Truststore: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        Conditional:
          Type: AWS::ApiGateway::RestApi
          Properties: { Name: c, DisableExecuteApiEndpoint: !If [Prod, true, false] }
        Param:
          Type: AWS::ApiGateway::RestApi
          Properties: { Name: p, EndpointConfiguration: { Types: [!Ref EndpointType] } }
        Domain:
          Type: AWS::ApiGateway::DomainName
          Properties: { DomainName: d.example.com, RegionalCertificateArn: arn:cert, MutualTlsAuthentication: { TruststoreUri: !Ref Truststore } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['Conditional', 'violation', 'false'],
      ['Param', 'undecided', '!Ref EndpointType'],
      ['Domain', 'undecided', '!Ref Truststore'],
    ]);
    assert.equal(found[1].message, 'NETSEC-002: Cannot decide whether the API is public: its endpoint type comes from parameter EndpointType, which has no Default.');
  });
});
