import * as assert from 'node:assert/strict';
import { actionMatches, isReadOnlyAction, isWildcardAction, onlyAcceptsAnyResource } from '../../../../src/core/rules/support/iam-actions';

describe('support/iam-actions', () => {
  it('treats List and Read verbs as read-only, in any case', () => {
    for (const a of ['s3:GetObject', 'ec2:DescribeInstances', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem', 'logs:FilterLogEvents', 'cloudtrail:LookupEvents', 'iam:SimulatePrincipalPolicy', 'S3:getobject', 'apigateway:GET', 'sqs:ListQueues']) {
      assert.equal(isReadOnlyAction(a), true, a);
    }
  });

  it('treats every other verb as write, including read-sounding ones AWS classifies as Write', () => {
    for (const a of ['s3:PutObject', 'iam:PassRole', 'kms:GenerateDataKey', 'kms:Decrypt', 'kms:Verify', 'elasticache:TestFailover', 'license-manager:CheckInLicense', 'sqs:ReceiveMessage', 'dynamodb:BatchWriteItem', 'cognito-identity:GetId', 's3:TagResource', 'ec2:CreateTags']) {
      assert.equal(isReadOnlyAction(a), false, a);
    }
  });

  it('reads wildcard actions by the verb they spell out before the wildcard', () => {
    assert.equal(isReadOnlyAction('ec2:Describe*'), true);
    assert.equal(isReadOnlyAction('s3:Get*'), true);
    assert.equal(isReadOnlyAction('s3:List?ucket'), true);
    for (const a of ['*', 's3:*', 's3:Put*', 's3:G*', 's3:*Object', '*:Get*', 'cognito-identity:Get*', 'GetObject', 's3:', 's3:GetObject,s3:PutObject', 's3:Get Object']) {
      assert.equal(isReadOnlyAction(a), false, a);
    }
  });

  it('recognises the action wildcards "*" and "service:*"', () => {
    assert.equal(isWildcardAction('*'), true);
    assert.equal(isWildcardAction('s3:*'), true);
    assert.equal(isWildcardAction('iam:**'), true);
    assert.equal(isWildcardAction('s3:Get*'), false);
    assert.equal(isWildcardAction('s3:GetObject'), false);
  });

  it('knows the write actions AWS only accepts on "*", and nothing that can be scoped', () => {
    assert.equal(onlyAcceptsAnyResource('xray:PutTraceSegments'), true);
    assert.equal(onlyAcceptsAnyResource('cloudwatch:putmetricdata'), true);
    assert.equal(onlyAcceptsAnyResource('kms:CreateKey'), true);
    assert.equal(onlyAcceptsAnyResource('logs:CreateLogGroup'), false);
    assert.equal(onlyAcceptsAnyResource('ec2:CreateNetworkInterface'), false);
    assert.equal(onlyAcceptsAnyResource('xray:*'), false);
  });

  it('matches action patterns as IAM does', () => {
    assert.equal(actionMatches('sts:Assume*', 'sts:AssumeRole'), true);
    assert.equal(actionMatches('STS:assumerole', 'sts:AssumeRole'), true);
    assert.equal(actionMatches('sts:AssumeRol?', 'sts:AssumeRole'), true);
    assert.equal(actionMatches('*', 'sts:AssumeRole'), true);
    assert.equal(actionMatches('sts:TagSession', 'sts:AssumeRole'), false);
    assert.equal(actionMatches('sts:AssumeRole.', 'sts:AssumeRoleX'), false);
  });
});
