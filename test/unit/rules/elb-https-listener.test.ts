import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'elb-https-listener';

describe(RULE, () => {
  it('fails an HTTP listener that forwards, on the action type, and the fix redirects to HTTPS', () => {
    const t = yaml`
      Resources:
        Http:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTP
            Port: 80
            DefaultActions:
              - Type: forward  # plaintext!
                TargetGroupArn: !Ref Web
            # end of listener
        Web: { Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: { Port: 80, Protocol: HTTP } }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'forward');
    assert.equal(f.line, 9);
    assert.equal(f.column, 17);
    assert.equal(f.message, 'NETSEC-002: HTTP listener does not redirect to HTTPS (its default action is forward)');
    assert.equal(f.fix?.title, 'Replace the default actions with a redirect to HTTPS (port 443, HTTP 301)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(
      fixed,
      t.replace(
        '        - Type: forward  # plaintext!\n          TargetGroupArn: !Ref Web\n',
        '        # plaintext!\n        - Type: redirect\n          RedirectConfig:\n            Protocol: HTTPS\n            Port: "443"\n            StatusCode: HTTP_301\n',
      ),
    );
  });

  it('passes redirects to HTTPS and listeners that are not HTTP', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Redirect:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTP
            Port: 80
            DefaultActions:
              - Type: redirect
                RedirectConfig: { Protocol: HTTPS, Port: "443", Host: "#{host}", Path: "/#{path}", Query: "#{query}", StatusCode: HTTP_301 }
        Https:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties: { LoadBalancerArn: !Ref Alb, Protocol: HTTPS, Port: 443, DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Web }] }
        Tcp:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties: { LoadBalancerArn: !Ref Nlb, Protocol: TCP, Port: 80, DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Web }] }
        Geneve:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties: { LoadBalancerArn: !Ref Gwlb, DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Web }] }
    `), []);
  });

  it('fails redirects that keep HTTP and fixed responses', () => {
    const t = yaml`
      Resources:
        KeepsProtocol:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTP
            DefaultActions:
              - Type: redirect
                RedirectConfig:
                  Port: "8080"
                  StatusCode: HTTP_302
        ToHttp:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTP
            DefaultActions:
              - { Type: redirect, RedirectConfig: { Protocol: HTTP, Host: other.example, StatusCode: HTTP_301 } }
        Fixed:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: HTTP
            DefaultActions:
              - { Type: fixed-response, FixedResponseConfig: { StatusCode: "404" } }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => [f.resource, textAt(t, f), f.message]), [
      ['KeepsProtocol', 'RedirectConfig', 'NETSEC-002: HTTP listener redirects without switching to HTTPS (RedirectConfig has no Protocol, so it keeps HTTP)'],
      ['ToHttp', 'HTTP', 'NETSEC-002: HTTP listener redirects to HTTP, not HTTPS'],
      ['Fixed', 'fixed-response', 'NETSEC-002: HTTP listener does not redirect to HTTPS (its default action is fixed-response)'],
    ]);
  });

  it('checks both branches of !If and cannot decide a Protocol without a Default when the actions would fail', () => {
    const t = yaml`
      Parameters:
        Proto: { Type: String }
      Conditions:
        Tls: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Conditional:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: !If [Tls, HTTPS, HTTP]
            DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Web }]
        FromParam:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: !Ref Proto
            DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Web }]
        FromParamRedirects:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Alb
            Protocol: !Ref Proto
            DefaultActions: [{ Type: redirect, RedirectConfig: { Protocol: HTTPS, StatusCode: HTTP_301 } }]
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['Conditional', 'violation', 'forward'],
      ['FromParam', 'undecided', '!Ref Proto'],
    ]);
    assert.equal(found[1].message, 'NETSEC-002: Cannot decide whether the listener serves plain HTTP: its Protocol comes from parameter Proto, which has no Default.');
    // The listener is HTTPS in some deployments: a redirect to HTTPS there would loop, so there is no fix.
    assert.equal(found[0].fix, undefined);
  });

  it('fixes a flow-style list inline', () => {
    const t = yaml`
      Resources:
        Http:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties: { LoadBalancerArn: !Ref Alb, Protocol: HTTP, DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Web }] }
    `;
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace('[{ Type: forward, TargetGroupArn: !Ref Web }]', '[{"Type":"redirect","RedirectConfig":{"Protocol":"HTTPS","Port":"443","StatusCode":"HTTP_301"}}]'));
  });

  it('works on JSON templates and fixes them as JSON', () => {
    const t = JSON.stringify(
      {
        Resources: {
          Http: {
            Type: 'AWS::ElasticLoadBalancingV2::Listener',
            Properties: { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/a/b', Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }] },
          },
        },
      },
      null,
      2,
    );
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"forward"');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Http.Properties.DefaultActions, [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]);
    assert.equal(JSON.parse(fixed).Resources.Http.Properties.Port, 80);
  });
});
