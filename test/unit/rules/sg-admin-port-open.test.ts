import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'sg-admin-port-open';

describe(RULE, () => {
  it('fails SSH open to 0.0.0.0/0 in a security group, on the CIDR value, with no fix', () => {
    const t = yaml`
      Resources:
        Bastion:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: bastion
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 22
                ToPort: 22
                CidrIp: 0.0.0.0/0
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '0.0.0.0/0');
    assert.equal(f.message, 'NETSEC-001: Security group rule opens SSH (22) to the internet (0.0.0.0/0)');
    assert.equal(f.severity, 'error');
    assert.equal(f.line, 10);
    assert.equal(f.column, 19);
    assert.equal(f.resource, 'Bastion');
    assert.equal(f.path, 'Properties.SecurityGroupIngress.CidrIp');
    assert.equal(f.fix, undefined);
  });

  it('fails a port range covering RDP open to ::/0, and a standalone ingress resource', () => {
    const t = yaml`
      Resources:
        Sg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: windows
            SecurityGroupIngress:
              - { IpProtocol: "6", FromPort: 3000, ToPort: 4000, CidrIpv6: "::/0" }
        Ingress:
          Type: AWS::EC2::SecurityGroupIngress
          Properties:
            GroupId: !Ref Sg
            IpProtocol: TCP
            FromPort: "0"
            ToPort: "65535"
            CidrIp: 0.0.0.0/0
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.message]), [
      ['Sg', '"::/0"', 'NETSEC-001: Security group rule opens RDP (3389) to the internet (::/0)'],
      ['Ingress', '0.0.0.0/0', 'NETSEC-001: Security group rule opens SSH (22) and RDP (3389) to the internet (0.0.0.0/0)'],
    ]);
    assert.equal(found[1].path, 'Properties.CidrIp');
  });

  it('fails IpProtocol -1 (all traffic), whatever the ports say', () => {
    const t = yaml`
      Resources:
        Sg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: open
            SecurityGroupIngress:
              - IpProtocol: -1
                FromPort: 443
                ToPort: 443
                CidrIp: 0.0.0.0/0
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(f.message, 'NETSEC-001: Security group rule allows all traffic, including SSH (22) and RDP (3389), from the internet (0.0.0.0/0)');
  });

  it('counts a parameter whose Default is 0.0.0.0/0, and points at the Ref', () => {
    const t = yaml`
      Parameters:
        AdminCidr: { Type: String, Default: 0.0.0.0/0 }
      Resources:
        Sg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: admin
            SecurityGroupIngress:
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AdminCidr }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '!Ref AdminCidr');
    assert.equal(f.message, 'NETSEC-001: Security group rule opens SSH (22) to the internet (0.0.0.0/0, the Default of parameter AdminCidr)');
  });

  it('passes restricted sources, other ports and protocols, VPC ranges and egress', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        VpnCidr: { Type: String, Default: 203.0.113.0/24 }
      Resources:
        Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
        Sg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: fine
            SecurityGroupIngress:
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 203.0.113.0/24 }
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref VpnCidr }
              - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }
              - { IpProtocol: tcp, FromPort: 23, ToPort: 3388, CidrIp: 0.0.0.0/0 }
              - { IpProtocol: udp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }
              - { IpProtocol: icmp, FromPort: -1, ToPort: -1, CidrIp: 0.0.0.0/0 }
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !GetAtt Vpc.CidrBlock }
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: !Select [0, !GetAtt Vpc.Ipv6CidrBlocks] }
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: sg-0123456789abcdef0 }
            SecurityGroupEgress:
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }
    `), []);
  });

  it('checks both branches of !If, on the CIDR and on the whole rule', () => {
    const t = yaml`
      Conditions:
        Open: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Sg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: conditional
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 22
                ToPort: 22
                CidrIp: !If [Open, 0.0.0.0/0, 10.0.0.0/8]
              - !If
                - Open
                - { IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0 }
                - !Ref AWS::NoValue
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [
      ['violation', '0.0.0.0/0'],
      ['violation', '0.0.0.0/0'],
    ]);
    assert.equal(found[0].line, 12);
    assert.equal(found[1].line, 15);
    assert.match(found[1].message, /opens RDP \(3389\)/);
  });

  it('cannot decide a CIDR or a port from a parameter without a Default, when the rest would open an admin port', () => {
    const t = yaml`
      Parameters:
        Cidr: { Type: String }
        Port: { Type: Number }
      Resources:
        Sg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: params
            SecurityGroupIngress:
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr }
              - { IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, CidrIp: 0.0.0.0/0 }
              - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !Ref Cidr }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, f.severity, textAt(t, f)]), [
      ['undecided', 'info', '!Ref Cidr'],
      ['undecided', 'info', '!Ref Port'],
    ]);
    assert.equal(found[0].message, 'NETSEC-001: Cannot decide whether the rule opens SSH (22) to the internet: the CIDR comes from parameter Cidr, which has no Default.');
    assert.equal(found[1].message, 'NETSEC-001: Cannot decide whether the rule opens SSH (22) and RDP (3389) to the internet (0.0.0.0/0): the port range comes from parameter Port, which has no Default.');
  });

  it('takes the administrative ports from its option', () => {
    const t = yaml`
      Resources:
        Sg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: custom
            SecurityGroupIngress:
              - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }
              - { IpProtocol: tcp, FromPort: 5985, ToPort: 5986, CidrIp: 0.0.0.0/0 }
    `;
    const found = findingsOf(RULE, t, { ruleOptions: { [RULE]: { ports: '5985, 5986' } } });
    assert.deepEqual(found.map((f) => f.message), ['NETSEC-001: Security group rule opens port 5985 and port 5986 to the internet (0.0.0.0/0)']);
    assert.equal(found[0].line, 8);
  });
});
