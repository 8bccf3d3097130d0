import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'vpc-flow-logs';

describe(RULE, () => {
  it('fails a VPC that no flow log refers to, on its Type value, with no fix', () => {
    const t = yaml`
      Resources:
        Vpc:
          Type: AWS::EC2::VPC
          Properties:
            CidrBlock: 10.0.0.0/16
        Subnet:
          Type: AWS::EC2::Subnet
          Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24 }
        SubnetFlowLog:
          Type: AWS::EC2::FlowLog
          Properties: { ResourceId: !Ref Subnet, ResourceType: Subnet, TrafficType: ALL, LogDestinationType: s3, LogDestination: arn:aws:s3:::logs }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'AWS::EC2::VPC');
    assert.equal(f.line, 3);
    assert.equal(f.column, 11);
    assert.equal(f.severity, 'warning');
    assert.equal(f.resource, 'Vpc');
    assert.equal(f.message, 'NETSEC-001: VPC has no flow log (no AWS::EC2::FlowLog with ResourceType VPC refers to it in this template)');
    assert.equal(f.fix, undefined);
  });

  it('passes VPCs whose flow log refers to them by Ref, !GetAtt or !Sub, and fails the one left out', () => {
    const t = yaml`
      Resources:
        A: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
        B: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.1.0.0/16 } }
        C: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.2.0.0/16 } }
        D: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.3.0.0/16 } }
        LogA: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !Ref A, ResourceType: VPC, TrafficType: ALL } }
        LogB: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !GetAtt B.VpcId, ResourceType: VPC, TrafficType: ALL } }
        LogC:
          Type: AWS::EC2::FlowLog
          Properties:
            ResourceId: !Sub "\${C}"
            ResourceType: VPC
            TrafficType: REJECT
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => f.resource), ['D']);
  });

  it('cannot decide when the flow log exists only under another condition, or in one !If branch', () => {
    const t = yaml`
      Parameters:
        Kind: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
        LogA:
          Type: AWS::EC2::FlowLog
          Condition: Prod
          Properties: { ResourceId: !Ref A, ResourceType: VPC, TrafficType: ALL }
        B: { Type: AWS::EC2::VPC, Condition: Prod, Properties: { CidrBlock: 10.1.0.0/16 } }
        LogB:
          Type: AWS::EC2::FlowLog
          Condition: Prod
          Properties: { ResourceId: !Ref B, ResourceType: VPC, TrafficType: ALL }
        C: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.2.0.0/16 } }
        LogC:
          Type: AWS::EC2::FlowLog
          Properties: { ResourceId: !Ref C, ResourceType: !Ref Kind, TrafficType: ALL }
        D: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.3.0.0/16 } }
        LogD:
          Type: AWS::EC2::FlowLog
          Properties:
            ResourceId: !If [Prod, !Ref D, !Ref AWS::NoValue]
            ResourceType: VPC
            TrafficType: ALL
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'undecided', 'Prod'],
      ['C', 'undecided', '!Ref Kind'],
      ['D', 'undecided', '!If [Prod, !Ref D, !Ref AWS::NoValue]'],
    ]);
    assert.equal(found[0].message, 'NETSEC-001: Cannot decide whether VPC A has a flow log in every deployment: flow log LogA exists only when condition Prod is true.');
    assert.equal(found[1].message, 'NETSEC-001: Cannot decide whether VPC C has a flow log in every deployment: flow log LogC has a ResourceType that cannot be known: it comes from parameter Kind, which has no Default.');
    assert.equal(found[2].line, 24);
  });

  it('works on JSON templates', () => {
    const t = JSON.stringify({ Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"AWS::EC2::VPC"');
  });
});
