import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'iam-wildcard-resource';

describe(RULE, () => {
  it('fails write actions on Resource "*", on the "*", listing them', () => {
    const t = yaml`
      Resources:
        FlowLogRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: vpc-flow-logs.amazonaws.com }, Action: sts:AssumeRole }] }
            Policies:
              - PolicyName: logs
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: [logs:CreateLogStream, logs:PutLogEvents, logs:DescribeLogGroups]
                      Resource: "*"
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '"*"');
    assert.equal(f.line, 12);
    assert.equal(f.column, 27);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'SEC-IAM: Policy allows write actions on every resource (Resource "*"): logs:CreateLogStream, logs:PutLogEvents');
    assert.equal(f.fix, undefined);
  });

  it('counts wildcard actions, permissions management and NotAction as write, and shortens long lists', () => {
    const t = yaml`
      Resources:
        P:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument:
              Statement:
                - { Effect: Allow, Action: [s3:Put*, iam:PassRole, sqs:SendMessage, sns:Publish, s3:GetObject], Resource: ["*"] }
                - { Effect: Allow, NotAction: iam:*, Resource: "*" }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => f.message), [
      'SEC-IAM: Policy allows write actions on every resource (Resource "*"): s3:Put*, iam:PassRole, sqs:SendMessage and 1 more',
      'SEC-IAM: Policy allows write actions on every resource (Resource "*"): every action not in NotAction',
    ]);
  });

  it('passes read-only actions, write actions AWS only accepts on "*", scoped resources and ABAC conditions', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        P:
          Type: AWS::IAM::Policy
          Properties:
            PolicyName: p
            Roles: [r]
            PolicyDocument:
              Statement:
                - { Effect: Allow, Action: [ec2:Describe*, s3:ListAllMyBuckets, dynamodb:Query], Resource: "*" }
                - { Effect: Allow, Action: [xray:PutTraceSegments, xray:PutTelemetryRecords, cloudwatch:PutMetricData], Resource: "*" }
                - { Effect: Allow, Action: s3:PutObject, Resource: !Sub "arn:aws:s3:::\${AWS::StackName}-exports/*" }
                - Effect: Allow
                  Action: [ec2:StopInstances, ec2:StartInstances]
                  Resource: "*"
                  Condition: { StringEquals: { aws:ResourceTag/team: ops } }
                - { Effect: Deny, Action: s3:DeleteObject, Resource: "*" }
    `), []);
  });

  it('checks both branches of !If and cannot decide a resource or an action from a parameter', () => {
    const t = yaml`
      Parameters:
        Target: { Type: String }
        Verb: { Type: String }
      Conditions:
        Dev: !Equals [!Ref AWS::Region, eu-west-1]
      Resources:
        P:
          Type: AWS::IAM::Policy
          Properties:
            PolicyName: p
            Roles: [r]
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: sqs:SendMessage
                  Resource: !If [Dev, "*", arn:aws:sqs:eu-west-1:111122223333:q]
                - Effect: Allow
                  Action: sqs:DeleteMessage
                  Resource: !Ref Target
                - Effect: Allow
                  Action: !Ref Verb
                  Resource: "*"
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [
      ['violation', '"*"'],
      ['undecided', '!Ref Target'],
      ['undecided', '!Ref Verb'],
    ]);
    assert.equal(found[1].message, 'SEC-IAM: Cannot decide whether the policy allows write actions on every resource: it comes from parameter Target, which has no Default.');
  });

  it('splits the default of a list parameter into its actions', () => {
    const t = yaml`
      Parameters:
        Actions: { Type: CommaDelimitedList, Default: "s3:GetObject,s3:PutObject" }
      Resources:
        P:
          Type: AWS::IAM::Policy
          Properties:
            PolicyName: p
            Roles: [r]
            PolicyDocument:
              Statement: [{ Effect: Allow, Action: !Ref Actions, Resource: "*" }]
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => f.message), ['SEC-IAM: Policy allows write actions on every resource (Resource "*"): s3:PutObject']);
  });

  it('does not ask about resources built from imports or attributes', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        P:
          Type: AWS::IAM::Policy
          Properties:
            PolicyName: p
            Roles: [r]
            PolicyDocument:
              Statement:
                - { Effect: Allow, Action: kms:Decrypt, Resource: !ImportValue data-KeyArn }
                - { Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Q.Arn }
        Q: { Type: AWS::SQS::Queue }
    `), []);
  });

  it('reads SAM inline statements and JSON templates', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs20.x
            Handler: index.handler
            CodeUri: src/
            Policies:
              Statement:
                - Effect: Allow
                  Action: s3:PutObject
                  Resource: "*"
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => textAt(t, f)), ['"*"']);
    const j = JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::GroupPolicy', Properties: { GroupName: 'g', PolicyName: 'p', PolicyDocument: { Statement: { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' } } } } } }, null, 2);
    const [f] = findingsOf(RULE, j);
    assert.equal(textAt(j, f), '"*"');
    assert.equal(f.message, 'SEC-IAM: Policy allows write actions on every resource (Resource "*"): kms:Decrypt');
  });
});
