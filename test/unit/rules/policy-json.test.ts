/**
 * Policy documents written as JSON strings (a quoted or block scalar, a JSON template's string, a `Fn::Sub`
 * of JSON): every policy rule reads them as it reads a map, and points inside the string where it can.
 */
import * as assert from 'node:assert/strict';
import { alignOffsets } from '../../../src/core/template/embedded-json';
import { findingsOf, lint, textAt, yaml } from '../support/lint';

describe('policy documents written as JSON strings', () => {
  it('a trust policy in a block scalar: iam-role-trust-wildcard fires on the "*" inside it', () => {
    const t = yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: |
              {
                "Version": "2012-10-17",
                "Statement": [
                  { "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "sts:AssumeRole" }
                ]
              }
    `;
    const [f, ...rest] = findingsOf('iam-role-trust-wildcard', t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '"*"');
    assert.equal(f.line, 9);
    assert.equal(f.column, 56);
    assert.equal(f.kind, 'violation');
    assert.equal(f.path, 'Properties.AssumeRolePolicyDocument');
    assert.equal(f.fix, undefined);
  });

  it('inline policies in single- and double-quoted scalars: the identity rules fire on the values, escapes and all', () => {
    const t = yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
            Policies:
              - PolicyName: single
                PolicyDocument: '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*", "Sid": "it''s"}]}'
              - PolicyName: double
                PolicyDocument: "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:PutObject\\", \\"Resource\\": \\"\\u002a\\"}]}"
    `;
    const action = findingsOf('iam-wildcard-action', t);
    assert.deepEqual(action.map((f) => [f.kind, textAt(t, f), f.line, f.path]), [['violation', '"*"', 8, 'Properties.Policies.0.PolicyDocument']]);
    const resource = findingsOf('iam-wildcard-resource', t);
    assert.deepEqual(resource.map((f) => [f.kind, textAt(t, f), f.line, f.path]), [['violation', '\\"\\u002a\\"', 10, 'Properties.Policies.1.PolicyDocument']]);
  });

  it('a JSON template whose bucket policy is a JSON string: s3-public-acl-or-policy fires inside it, and s3-secure-transport reads its deny', () => {
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' },
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::site', 'arn:aws:s3:::site/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    const t = JSON.stringify({ Resources: { Site: { Type: 'AWS::S3::Bucket' }, SitePolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Site' }, PolicyDocument: policy } } } }, null, 2) + '\n';
    const [f, ...rest] = findingsOf('s3-public-acl-or-policy', t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '\\"*\\"');
    const principal = '\\"Principal\\":';
    assert.equal(f.range.start, t.indexOf(principal) + principal.length, 'the first Principal, the one that allows');
    assert.deepEqual(findingsOf('s3-secure-transport', t), []);
  });

  it('a !Sub of JSON: references inside strings are deploy-time text, a reference standing for a value cannot be decided', () => {
    const t = yaml`
      Parameters:
        Statements: { Type: String }
      Resources:
        Site:
          Type: AWS::S3::Bucket
        SitePolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Site
            PolicyDocument: !Sub |
              {
                "Statement": [
                  { "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                    "Resource": ["arn:\${AWS::Partition}:s3:::\${Site}", "arn:\${AWS::Partition}:s3:::\${Site}/*"],
                    "Condition": { "Bool": { "aws:SecureTransport": "false" } } },
                  { "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "s3:GetObject", "Resource": "arn:\${AWS::Partition}:s3:::\${Site}/*" }
                ]
              }
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: !Sub '{"Statement": \${Statements}}'
    `;
    assert.deepEqual(findingsOf('s3-secure-transport', t), []);
    assert.deepEqual(findingsOf('s3-public-acl-or-policy', t).map((f) => [f.kind, textAt(t, f), f.line]), [['violation', '"*"', 16]]);
    const trust = findingsOf('iam-role-trust-wildcard', t);
    assert.deepEqual(trust.map((f) => [f.kind, textAt(t, f)]), [['undecided', '${Statements}']]);
    assert.equal(findingsOf('invalid-policy-json', t).length, 0);
  });

  it('a string that is not JSON is reported once, where it goes wrong, and no rule reports it again', () => {
    const t = yaml`
      Resources:
        Site:
          Type: AWS::S3::Bucket
        SitePolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Site
            PolicyDocument: |
              {
                "Statement": [
                  { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", }
                ]
              }
        Key:
          Type: AWS::KMS::Key
          Properties:
            KeyPolicy: "not json"
        Topic:
          Type: AWS::SNS::TopicPolicy
          Properties:
            Topics: [arn:aws:sns:us-east-1:111111111111:t]
            PolicyDocument: !Sub '{"Statement": [\${Statement}'
    `;
    const all = lint(t);
    const invalid = all.filter((f) => f.ruleId === 'invalid-policy-json');
    assert.deepEqual(invalid.map((f) => [f.resource, f.path, textAt(t, f), f.line, f.severity, f.kind]), [
      ['SitePolicy', 'Properties.PolicyDocument', '}', 11, 'error', 'parse'],
      ['Key', 'Properties.KeyPolicy', 'n', 17, 'error', 'parse'],
    ]);
    assert.match(invalid[0].message, /^PolicyDocument is a string that is not valid JSON \(expected a "quoted" key, found '}'\): CloudFormation rejects it\./);
    // The policy rules skip the broken document: s3-secure-transport says nothing more about SitePolicy.
    assert.deepEqual(all.filter((f) => f.resource === 'SitePolicy' && f.ruleId !== 'invalid-policy-json').map((f) => f.ruleId), []);
    // The topic policy's text depends on what ${Statement} holds: not reported as invalid.
    assert.ok(!invalid.some((f) => f.resource === 'Topic'));
  });

  it('keeps positions through escapes, quotes, folding and block indentation, and gives up honestly', () => {
    const check = (source: string, value = '{"a": "b"}'): string | undefined => {
      const offsets = alignOffsets(source, value);
      return offsets ? [...value].map((_, i) => source[offsets[i]]).join('') : undefined;
    };
    assert.equal(check('"{\\"a\\": \\"b\\"}"'), '{\\a\\: \\b\\}');
    assert.equal(check(`'{"a": "b"}'`), '{"a": "b"}');
    assert.equal(check('|\n  {"a": "b"}\n'), '{"a": "b"}');
    assert.equal(check('>-\n  {"a":\n  "b"}\n'), '{"a": "b"}');
    assert.equal(check('"{\\"a\\": \\x22b\\x22}"'), '{\\a\\: \\b\\}');
    assert.equal(check('"{\\"a\\":\\\n   \\"b\\"}"', '{"a":"b"}'), '{\\a\\:\\b\\}');
    assert.equal(alignOffsets('"something else"', '{"a": "b"}'), undefined);
  });
});
