import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'iam-aws-managed-policy';

describe(RULE, () => {
  it('fails each AWS managed policy ARN of a role, on the ARN, and passes customer managed ones', () => {
    const t = yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
            ManagedPolicyArns:
              - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess
              - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
              - !Ref OwnPolicy
              - !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/team-boundary
              - arn:aws:iam::111122223333:policy/shared
        OwnPolicy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument: { Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: arn:aws:s3:::b/* }] }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => textAt(t, f)), [
      'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess',
      '!Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    assert.equal(found[0].message, 'SEC-IAM: AWS managed policy AmazonDynamoDBFullAccess is attached');
    assert.equal(found[0].severity, 'warning');
    assert.equal(found[0].line, 7);
    assert.equal(found[0].column, 11);
    assert.equal(found[0].path, 'Properties.ManagedPolicyArns.0');
    assert.equal(found[0].fix, undefined);
    assert.equal(found[1].message, 'SEC-IAM: AWS managed policy AWSLambdaBasicExecutionRole is attached');
  });

  it('checks users and groups, both branches of !If, and cannot decide an ARN from a parameter', () => {
    const t = yaml`
      Parameters:
        ExtraPolicy: { Type: String }
        Default: { Type: String, Default: arn:aws:iam::aws:policy/ReadOnlyAccess }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Admins:
          Type: AWS::IAM::Group
          Properties:
            ManagedPolicyArns:
              - !If [Prod, arn:aws:iam::aws:policy/AdministratorAccess, !Ref AWS::NoValue]
              - !Ref ExtraPolicy
        Ops:
          Type: AWS::IAM::User
          Properties:
            ManagedPolicyArns: [!Ref Default]
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['Admins', 'violation', 'arn:aws:iam::aws:policy/AdministratorAccess'],
      ['Admins', 'undecided', '!Ref ExtraPolicy'],
      ['Ops', 'violation', '!Ref Default'],
    ]);
    assert.equal(found[1].message, 'SEC-IAM: Cannot decide whether an AWS managed policy is attached: it comes from parameter ExtraPolicy, which has no Default.');
    assert.equal(found[2].message, 'SEC-IAM: AWS managed policy ReadOnlyAccess is attached');
  });

  it('reads a whole ManagedPolicyArns given by a list parameter', () => {
    const t = yaml`
      Parameters:
        Attached: { Type: CommaDelimitedList, Default: "arn:aws:iam::111122223333:policy/own,arn:aws:iam::aws:policy/PowerUserAccess" }
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
            ManagedPolicyArns: !Ref Attached
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => [textAt(t, f), f.message]), [['!Ref Attached', 'SEC-IAM: AWS managed policy PowerUserAccess is attached']]);
  });

  it('reads SAM Policies: names and ARNs are AWS managed, policy templates and statements are not', () => {
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
              - AmazonDynamoDBFullAccess
              - DynamoDBCrudPolicy: { TableName: !Ref Table }
              - Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: arn:aws:s3:::b/* }]
              - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
        Table:
          Type: AWS::Serverless::SimpleTable
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [textAt(t, f), f.message]), [
      ['AmazonDynamoDBFullAccess', 'SEC-IAM: AWS managed policy AmazonDynamoDBFullAccess is attached'],
      ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'SEC-IAM: AWS managed policy AmazonS3ReadOnlyAccess is attached'],
      ['Properties', 'SEC-IAM: AWS managed policy AWSLambdaBasicExecutionRole is attached (SAM adds it to the role it generates when Role is not set)'],
    ]);
  });

  it('reports the policies SAM adds for Tracing and VpcConfig, from the function or from Globals', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          Tracing: Active
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs20.x
            Handler: index.handler
            CodeUri: src/
            VpcConfig:
              SubnetIds: [subnet-1]
              SecurityGroupIds: [sg-1]
        Quiet:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs20.x
            Handler: index.handler
            CodeUri: src/
            Role: arn:aws:iam::111122223333:role/quiet
            VpcConfig: { SubnetIds: [subnet-1], SecurityGroupIds: [sg-1] }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => [f.resource, textAt(t, f), f.message.replace(/ \(.*/, '')]), [
      ['Fn', 'Properties', 'SEC-IAM: AWS managed policy AWSLambdaBasicExecutionRole is attached'],
      ['Fn', 'Active', 'SEC-IAM: AWS managed policy AWSXrayWriteOnlyAccess is attached'],
      ['Fn', 'VpcConfig', 'SEC-IAM: AWS managed policy AWSLambdaVPCAccessExecutionRole is attached'],
    ]);
  });

  it('ignores the Policies of a SAM function that has its own Role, and Tracing: Disabled', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs20.x
            Handler: index.handler
            CodeUri: src/
            Role: !GetAtt FnRole.Arn
            Tracing: Disabled
            Policies: [AmazonS3FullAccess]
        FnRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
    `), []);
  });

  it('survives a malformed !If among the ARNs (it once recursed without end)', () => {
    const t = yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
            ManagedPolicyArns: [!If [OnlyCondition], arn:aws:iam::aws:policy/ReadOnlyAccess]
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => [f.kind, textAt(t, f)]), [
      ['undecided', '!If [OnlyCondition]'],
      ['violation', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ]);
  });

  it('reads SAM state machines and JSON templates', () => {
    const j = JSON.stringify({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: { Flow: { Type: 'AWS::Serverless::StateMachine', Properties: { DefinitionUri: 'flow.asl.json', Policies: ['AWSStepFunctionsFullAccess', { LambdaInvokePolicy: { FunctionName: 'f' } }] } } },
    }, null, 2);
    const found = findingsOf(RULE, j);
    assert.deepEqual(found.map((f) => textAt(j, f)), ['"AWSStepFunctionsFullAccess"']);
  });
});
