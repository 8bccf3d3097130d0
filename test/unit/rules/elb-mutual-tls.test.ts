import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'elb-mutual-tls';

const ALB = `
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [subnet-1, subnet-2] }
  Internal:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internal, Subnets: [subnet-1, subnet-2] }`;

describe(RULE, () => {
  it('fails an HTTPS listener of an internet-facing load balancer without mutual TLS, on the Properties key', () => {
    const t = yaml`
      Resources:
        Https:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTPS
            Port: 443
            Certificates: [{ CertificateArn: arn:aws:acm:us-east-1:111111111111:certificate/abc }]
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
    ` + ALB + '\n';
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'NETSEC-002: Internet-facing HTTPS listener does not require client certificates (MutualAuthentication Mode is not set and defaults to off; load balancer Alb)');
    assert.equal(f.fix, undefined);
  });

  it('fails Mode off and passthrough on the value, passes verify and internal load balancers', () => {
    const t = yaml`
      Resources:
        Off:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !GetAtt Alb.LoadBalancerArn
            Protocol: HTTPS
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
            MutualAuthentication: { Mode: "off" }
        Passthrough:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTPS
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
            MutualAuthentication:
              Mode: passthrough
        Verify:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTPS
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
            MutualAuthentication: { Mode: verify, TrustStoreArn: !Ref Store }
        OnInternal:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Internal
            Protocol: HTTPS
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
        PlainHttp:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTP
            DefaultActions: [{ Type: redirect, RedirectConfig: { Protocol: HTTPS, StatusCode: HTTP_301 } }]
        Store: { Type: AWS::ElasticLoadBalancingV2::TrustStore, Properties: { CaCertificatesBundleS3Bucket: b, CaCertificatesBundleS3Key: k } }
    ` + ALB + '\n';
    assert.deepEqual(findingsOf(RULE, t).map((f) => [f.resource, textAt(t, f), f.message]), [
      ['Off', '"off"', 'NETSEC-002: Internet-facing HTTPS listener does not verify client certificates (Mode off; load balancer Alb)'],
      ['Passthrough', 'passthrough', 'NETSEC-002: Internet-facing HTTPS listener does not verify client certificates (Mode passthrough; load balancer Alb)'],
    ]);
  });

  it('checks both branches of !If on the Scheme', () => {
    const t = yaml`
      Conditions:
        Public: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Lb:
          Type: AWS::ElasticLoadBalancingV2::LoadBalancer
          Properties: { Scheme: !If [Public, internet-facing, internal], Subnets: [subnet-1] }
        Https:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Lb
            Protocol: HTTPS
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(f.kind, 'violation');
    assert.equal(textAt(t, f), 'Properties');
  });

  it('cannot decide when the load balancer is not in the template or its Scheme is a parameter, unless mTLS is on', () => {
    const t = yaml`
      Parameters:
        Scheme: { Type: String }
      Resources:
        Lb:
          Type: AWS::ElasticLoadBalancingV2::LoadBalancer
          Properties: { Scheme: !Ref Scheme, Subnets: [subnet-1] }
        External:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !ImportValue shared-alb-arn
            Protocol: HTTPS
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
        FromParam:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Lb
            Protocol: HTTPS
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
        ExternalVerified:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !ImportValue shared-alb-arn
            Protocol: HTTPS
            DefaultActions: [{ Type: forward, TargetGroupArn: arn:tg }]
            MutualAuthentication: { Mode: verify, TrustStoreArn: arn:ts }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['External', 'undecided', '!ImportValue shared-alb-arn'],
      ['FromParam', 'undecided', '!Ref Scheme'],
    ]);
    assert.equal(found[0].message, 'NETSEC-002: Cannot decide whether the listener must require client certificates: its load balancer is not defined in this template.');
    assert.equal(found[1].message, 'NETSEC-002: Cannot decide whether the listener must require client certificates: the Scheme of load balancer Lb comes from parameter Scheme, which has no Default.');
  });
});
