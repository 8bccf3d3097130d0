import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'iam-role-trust-wildcard';

describe(RULE, () => {
  it('fails Principal AWS: "*" with no Condition, on the "*"', () => {
    const t = yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Principal:
                    AWS: "*"
                  Action: sts:AssumeRole
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '"*"');
    assert.equal(f.line, 10);
    assert.equal(f.column, 20);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'ACCT-002: Role trust policy lets any AWS account assume the role (Principal "*" with no Condition)');
    assert.equal(f.path, 'Properties.AssumeRolePolicyDocument');
    assert.equal(f.fix, undefined);
  });

  it('fails Principal: "*" and "*" inside a list of principals', () => {
    const t = yaml`
      Resources:
        A:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement: [{ Effect: Allow, Principal: "*", Action: sts:AssumeRole }]
        B:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: [arn:aws:iam::111122223333:root, "*"] }
                  Action: "sts:*"
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => [f.resource, textAt(t, f)]), [['A', '"*"'], ['B', '"*"']]);
  });

  it('passes "*" limited by a Condition, Deny statements, named principals and services', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        OrgWide:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: "*" }
                  Action: sts:AssumeRole
                  Condition: { StringEquals: { aws:PrincipalOrgID: o-abc123 } }
                - Effect: Deny
                  Principal: "*"
                  Action: sts:AssumeRole
        Named:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root", Service: lambda.amazonaws.com }
                  Action: sts:AssumeRole
    `), []);
  });

  it('checks both branches of !If, and cannot decide a principal from a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Trusted: { Type: String }
      Conditions:
        Open: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: !If [Open, "*", arn:aws:iam::111122223333:root] }
                  Action: sts:AssumeRole
        B:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: !Ref Trusted }
                  Action: sts:AssumeRole
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', '"*"'],
      ['B', 'undecided', '!Ref Trusted'],
    ]);
    assert.equal(found[1].message, 'ACCT-002: Cannot decide whether any AWS account can assume the role: it comes from parameter Trusted, which has no Default.');
  });

  it('reads a parameter default and the trust policy of a SAM function whose role SAM generates', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Parameters:
        Trusted: { Type: String, Default: "*" }
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs20.x
            Handler: index.handler
            InlineCode: "exports.handler = async () => 1"
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: !Ref Trusted }
                  Action: sts:AssumeRole
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(f.resource, 'Fn');
    assert.equal(textAt(t, f), '!Ref Trusted');
    assert.equal(f.kind, 'violation');
  });

  it('works on JSON templates', () => {
    const j = JSON.stringify({
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } } } },
    }, null, 2);
    const [f] = findingsOf(RULE, j);
    assert.equal(textAt(j, f), '"*"');
  });
});
