import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'iam-role-cross-account-mfa';

describe(RULE, () => {
  it('fails a role trusting another account without MFA or external id, and the fix requires MFA', () => {
    const t = yaml`
      Resources:
        AuditRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Principal:
                    AWS: arn:aws:iam::111122223333:root  # the operator account
                  Action: sts:AssumeRole
            ManagedPolicyArns: []
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'arn:aws:iam::111122223333:root');
    assert.equal(f.line, 10);
    assert.equal(f.column, 20);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'ACCT-002: Role trusts account 111122223333 without requiring MFA or an external ID');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t.replace(
      '            Action: sts:AssumeRole\n',
      '            Action: sts:AssumeRole\n            Condition:\n              Bool:\n                aws:MultiFactorAuthPresent: "true"\n',
    ));
  });

  it('reads account ids, user and role ARNs; skips this account, services and federated principals', () => {
    const t = yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal:
                    AWS:
                      - "444455556666"
                      - arn:aws:iam::777788889999:role/deployer
                      - !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
                      - !Ref AWS::AccountId
                      - !GetAtt Other.Arn
                    Service: ec2.amazonaws.com
                  Action: sts:AssumeRole
                - Effect: Allow
                  Principal: { Federated: arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com }
                  Action: sts:AssumeRoleWithWebIdentity
        Other:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => textAt(t, f)), ['"444455556666"', 'arn:aws:iam::777788889999:role/deployer']);
  });

  it('passes MFA and external-id conditions; IfExists does not count', () => {
    const role = (condition: string): string => yaml`
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: "111122223333" }
                  Action: sts:AssumeRole
                  Condition: ${condition}
    `;
    for (const ok of [
      '{ Bool: { aws:MultiFactorAuthPresent: true } }',
      '{ Bool: { "aws:MultiFactorAuthPresent": "true" } }',
      '{ NumericLessThan: { aws:MultiFactorAuthAge: 3600 } }',
      '{ "Null": { aws:MultiFactorAuthAge: "false" } }',
      '{ StringEquals: { sts:ExternalId: vendor-42 } }',
      '{ StringEquals: { sts:ExternalId: !Ref AWS::StackName } }',
    ]) {
      assert.deepEqual(findingsOf(RULE, role(ok)), [], ok);
    }
    for (const bad of [
      '{ BoolIfExists: { aws:MultiFactorAuthPresent: "true" } }',
      '{ StringEqualsIfExists: { sts:ExternalId: vendor-42 } }',
      '{ NumericLessThanIfExists: { aws:MultiFactorAuthAge: 3600 } }',
      '{ "Null": { aws:MultiFactorAuthAge: "true" } }',
      '{ Bool: { aws:MultiFactorAuthPresent: "false" } }',
      '{ StringNotEquals: { sts:ExternalId: x } }',
      '{ StringEquals: { aws:PrincipalTag/team: ops } }',
      '{ Bool: !If [Prod, { aws:MultiFactorAuthPresent: "true" }, { aws:SecureTransport: "true" }] }',
    ]) {
      assert.equal(findingsOf(RULE, role(bad)).length, 1, bad);
    }
  });

  it('fixes an existing Condition by adding Bool, or the key to Bool, or setting it to true', () => {
    const role = (condition: string): string => yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: "111122223333" }
                  Action: sts:AssumeRole
                  Condition:
                    ${condition}
    `;
    assert.match(assertFixCleans(RULE, role('StringEquals: { aws:PrincipalTag/team: ops }')), /aws:PrincipalTag\/team: ops \}\n {14}Bool:\n {16}aws:MultiFactorAuthPresent: "true"\n/);
    assert.match(assertFixCleans(RULE, role('Bool: { aws:SecureTransport: "true" }')), /Bool: \{ aws:SecureTransport: "true", aws:MultiFactorAuthPresent: "true" \}/);
    assert.match(assertFixCleans(RULE, role('Bool: { aws:MultiFactorAuthPresent: false }')), /Bool: \{ aws:MultiFactorAuthPresent: "true" \}/);
  });

  it('checks both branches of !If and cannot decide an account from a parameter or another stack', () => {
    const t = yaml`
      Parameters:
        Partner: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: !If [Prod, !Ref AWS::AccountId, "111122223333"] }
                  Action: sts:AssumeRole
        B:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: !Sub "arn:aws:iam::\${Partner}:root" }
                  Action: sts:AssumeRole
                - Effect: Allow
                  Principal: { AWS: !ImportValue shared-PartnerRoleArn }
                  Action: sts:AssumeRole
                  Condition: { Bool: { aws:MultiFactorAuthPresent: "true" } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', '"111122223333"'],
      ['B', 'undecided', '!Sub "arn:aws:iam::${Partner}:root"'],
    ]);
    assert.equal(found[1].message, 'ACCT-002: Cannot decide whether another account can assume the role without MFA or an external ID: it comes from parameter Partner, which has no Default.');
  });

  it('ignores statements that do not grant sts:AssumeRole', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        R:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - { Effect: Allow, Principal: { AWS: "111122223333" }, Action: sts:AssumeRole, Condition: { Bool: { aws:MultiFactorAuthPresent: "true" } } }
                - { Effect: Allow, Principal: { AWS: "111122223333" }, Action: sts:TagSession }
    `), []);
  });

  it('fixes JSON templates as JSON', () => {
    const j = JSON.stringify({
      Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] } } } },
    }, null, 2);
    const [f] = findingsOf(RULE, j);
    assert.equal(textAt(j, f), '"arn:aws:iam::111122223333:root"');
    const fixed = JSON.parse(assertFixCleans(RULE, j));
    assert.deepEqual(fixed.Resources.R.Properties.AssumeRolePolicyDocument.Statement[0].Condition, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
  });
});
