import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'elb-tls-policy';

const listener = (protocol: string, policy: string): string => yaml`
  Resources:
    Listener:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1
        Protocol: ${protocol}
        Port: 443
        Certificates: [{ CertificateArn: arn:aws:acm:us-east-1:111111111111:certificate/abc }]
${policy}        DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: "200" } }]
`;

describe(RULE, () => {
  it('fails an HTTPS listener with no SslPolicy (CloudFormation gives it ELBSecurityPolicy-2016-08), and the fix sets a TLS 1.2 policy', () => {
    const t = listener('HTTPS', '');
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.severity, 'warning');
    assert.equal(f.path, 'Properties.SslPolicy');
    assert.equal(f.message, 'NETSEC-002: Load balancer listener accepts TLS 1.0 and 1.1: it names no SslPolicy, so CloudFormation gives it ELBSecurityPolicy-2016-08');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /\n {6}SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n/);
  });

  it('fails a TLS listener whose policy allows TLS 1.0 or 1.1, on the value, and the fix replaces it', () => {
    for (const [policy, oldest] of [
      ['ELBSecurityPolicy-TLS13-1-1-2021-06', 'TLS 1.1'],
      ['ELBSecurityPolicy-FS-2018-06', 'TLS 1.0'],
      ['ELBSecurityPolicy-2016-08', 'TLS 1.0'],
    ]) {
      const t = listener('TLS', `        SslPolicy: ${policy}\n`);
      const [f, ...rest] = findingsOf(RULE, t);
      assert.equal(rest.length, 0, policy);
      assert.equal(textAt(t, f), policy);
      assert.equal(f.message, `NETSEC-002: Load balancer listener accepts ${oldest} (SslPolicy: ${policy})`);
      assert.equal(assertFixCleans(RULE, t), t.replace(policy, 'ELBSecurityPolicy-TLS13-1-2-2021-06'));
    }
  });

  it('passes TLS 1.2+ policies and HTTP, TCP or UDP listeners, and cannot decide an unknown policy name', () => {
    for (const policy of ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06', 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09']) {
      assert.deepEqual(findingsOf(RULE, listener('HTTPS', `        SslPolicy: ${policy}\n`)), [], policy);
    }
    for (const protocol of ['HTTP', 'TCP', 'UDP']) assert.deepEqual(findingsOf(RULE, listener(protocol, '')), [], protocol);
    const t = listener('HTTPS', '        SslPolicy: ELBSecurityPolicy-TLS13-9-9-2031-01\n');
    const [f] = findingsOf(RULE, t);
    assert.equal(f.kind, 'undecided');
    assert.equal(f.message, 'NETSEC-002: Cannot decide whether the listener accepts TLS below 1.2: SslPolicy ELBSecurityPolicy-TLS13-9-9-2031-01 is not a security policy SOP Lens knows.');
  });

  it('cannot decide a listener whose Protocol is a parameter when its policy would allow TLS 1.0', () => {
    const t = yaml`
      Parameters:
        Protocol: { Type: String }
      Resources:
        Listener:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties: { LoadBalancerArn: arn, Protocol: !Ref Protocol, Port: 443, DefaultActions: [] }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(f.kind, 'undecided');
    assert.equal(textAt(t, f), '!Ref Protocol');
  });

  it('checks Classic Load Balancer HTTPS and SSL listeners: the default policy, a reference policy and a custom one', () => {
    const t = yaml`
      Resources:
        Default:
          Type: AWS::ElasticLoadBalancing::LoadBalancer
          Properties:
            Listeners:
              - { LoadBalancerPort: "443", InstancePort: "80", Protocol: HTTPS, SSLCertificateId: arn }
              - { LoadBalancerPort: "80", InstancePort: "80", Protocol: HTTP }
        Reference:
          Type: AWS::ElasticLoadBalancing::LoadBalancer
          Properties:
            Listeners:
              - { LoadBalancerPort: "443", InstancePort: "80", Protocol: SSL, SSLCertificateId: arn, PolicyNames: [Tls] }
            Policies:
              - PolicyName: Tls
                PolicyType: SSLNegotiationPolicyType
                Attributes: [{ Name: Reference-Security-Policy, Value: ELBSecurityPolicy-TLS-1-1-2017-01 }]
        Custom:
          Type: AWS::ElasticLoadBalancing::LoadBalancer
          Properties:
            Listeners:
              - { LoadBalancerPort: "443", InstancePort: "80", Protocol: HTTPS, SSLCertificateId: arn }
            Policies:
              - PolicyName: Mine
                PolicyType: SSLNegotiationPolicyType
                LoadBalancerPorts: ["443"]
                Attributes:
                  - { Name: Protocol-TLSv1, Value: "true" }
                  - { Name: Protocol-TLSv1.2, Value: "true" }
        Strict:
          Type: AWS::ElasticLoadBalancing::LoadBalancer
          Properties:
            Listeners:
              - { LoadBalancerPort: "443", InstancePort: "80", Protocol: HTTPS, SSLCertificateId: arn, PolicyNames: [Tls12] }
            Policies:
              - { PolicyName: Tls12, PolicyType: SSLNegotiationPolicyType, Attributes: [{ Name: Reference-Security-Policy, Value: ELBSecurityPolicy-TLS-1-2-2017-01 }] }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['Default', 'violation', 'HTTPS'],
      ['Reference', 'violation', 'ELBSecurityPolicy-TLS-1-1-2017-01'],
      ['Custom', 'violation', '"true"'],
    ]);
    assert.equal(found[0].message, 'NETSEC-002: Classic Load Balancer listener accepts TLS 1.0 and 1.1: it has no SSL negotiation policy, so Elastic Load Balancing gives it ELBSecurityPolicy-2016-08');
    assert.equal(found[1].message, 'NETSEC-002: Classic Load Balancer listener accepts TLS 1.1 (Reference-Security-Policy: ELBSecurityPolicy-TLS-1-1-2017-01)');
    assert.equal(found[2].message, 'NETSEC-002: Classic Load Balancer listener accepts TLS 1.0 (its custom SSL negotiation policy enables it)');
    assert.ok(found.every((f) => f.fix === undefined));
  });
});
