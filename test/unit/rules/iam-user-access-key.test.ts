import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'iam-user-access-key';

describe(RULE, () => {
  it('fails every access key, on its Type value, naming the user, with no fix', () => {
    const t = yaml`
      Resources:
        Deployer:
          Type: AWS::IAM::User
        DeployerKey:
          Type: AWS::IAM::AccessKey  # for the CI server
          Properties:
            UserName: !Ref Deployer
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'AWS::IAM::AccessKey');
    assert.equal(f.line, 5);
    assert.equal(f.column, 11);
    assert.equal(f.severity, 'error');
    assert.equal(f.resource, 'DeployerKey');
    assert.equal(f.message, 'ACCT-002: IAM access key creates long-term credentials for user Deployer');
    assert.equal(f.fix, undefined);
  });

  it('names a literal user, and still fails an Inactive key or one whose user is a parameter', () => {
    const t = yaml`
      Parameters:
        User: { Type: String }
      Resources:
        A: { Type: AWS::IAM::AccessKey, Properties: { UserName: ci-bot, Status: Inactive } }
        B: { Type: AWS::IAM::AccessKey, Properties: { UserName: !Ref User } }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => [f.resource, f.kind, f.message]), [
      ['A', 'violation', 'ACCT-002: IAM access key creates long-term credentials for user ci-bot'],
      ['B', 'violation', 'ACCT-002: IAM access key creates long-term credentials'],
    ]);
  });

  it('passes templates without access keys (users, roles, login-less)', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        U: { Type: AWS::IAM::User }
        R:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
    `), []);
  });

  it('works on JSON templates', () => {
    const j = JSON.stringify({ Resources: { K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'u' } } } }, null, 2);
    const [f] = findingsOf(RULE, j);
    assert.equal(textAt(j, f), '"AWS::IAM::AccessKey"');
  });
});
