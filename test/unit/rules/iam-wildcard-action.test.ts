import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'iam-wildcard-action';

describe(RULE, () => {
  it('fails "*" and "service:*" in an inline role policy, on the action', () => {
    const t = yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
            Policies:
              - PolicyName: app
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action:
                        - s3:*
                        - dynamodb:GetItem
                      Resource: "*"
                    - Effect: Allow
                      Action: "*"
                      Resource: "*"
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [textAt(t, f), f.message]), [
      ['s3:*', 'SEC-IAM: Policy allows every s3 action ("s3:*")'],
      ['"*"', 'SEC-IAM: Policy allows every action ("*")'],
    ]);
    assert.equal(found[0].line, 12);
    assert.equal(found[0].column, 21);
    assert.equal(found[0].severity, 'error');
    assert.equal(found[0].path, 'Properties.Policies.0.PolicyDocument');
    assert.equal(found[0].fix, undefined);
  });

  it('fails Allow with NotAction, on the NotAction key', () => {
    const t = yaml`
      Resources:
        Policy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument:
              Statement:
                - Effect: Allow
                  NotAction: iam:*
                  Resource: "*"
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'NotAction');
    assert.equal(f.message, 'SEC-IAM: Policy allows every action except those in NotAction');
  });

  it('passes named and verb-wildcard actions, Deny statements, and a boundary-only managed policy', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        P:
          Type: AWS::IAM::Policy
          Properties:
            PolicyName: p
            Roles: [r]
            PolicyDocument:
              Statement:
                - { Effect: Allow, Action: [s3:GetObject, s3:List*], Resource: arn:aws:s3:::b/* }
                - { Effect: Deny, Action: "*", Resource: "*", Condition: { Bool: { aws:SecureTransport: false } } }
                - { Effect: Deny, NotAction: s3:GetObject, Resource: "*" }
        Boundary:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument: { Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }
        Role:
          Type: AWS::IAM::Role
          Properties:
            PermissionsBoundary: !Ref Boundary
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
    `), []);
  });

  it('checks both branches of !If and cannot decide an action from a parameter', () => {
    const t = yaml`
      Parameters:
        Action: { Type: String }
      Conditions:
        Dev: !Equals [!Ref AWS::Region, eu-west-1]
      Resources:
        P:
          Type: AWS::IAM::RolePolicy
          Properties:
            RoleName: r
            PolicyName: p
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: !If [Dev, "dynamodb:*", dynamodb:GetItem]
                  Resource: "*"
                - Effect: Allow
                  Action: !Ref Action
                  Resource: arn:aws:sqs:eu-west-1:111122223333:q
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.kind, textAt(t, f)]), [
      ['violation', '"dynamodb:*"'],
      ['undecided', '!Ref Action'],
    ]);
    assert.equal(found[1].message, 'SEC-IAM: Cannot decide whether the policy allows every action: it comes from parameter Action, which has no Default.');
  });

  it('reads inline statements of a SAM function whose role SAM generates, and JSON templates', () => {
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
              - SQSPollerPolicy: { QueueName: q }
              - Statement:
                  - Effect: Allow
                    Action: sqs:*
                    Resource: "*"
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => textAt(t, f)), ['sqs:*']);
    const j = JSON.stringify({ Resources: { U: { Type: 'AWS::IAM::UserPolicy', Properties: { UserName: 'u', PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['ec2:*'], Resource: '*' }] } } } } }, null, 2);
    assert.deepEqual(findingsOf(RULE, j).map((f) => textAt(j, f)), ['"ec2:*"']);
  });
});
