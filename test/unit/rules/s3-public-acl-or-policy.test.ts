import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 's3-public-acl-or-policy';

describe(RULE, () => {
  it('fails a public canned ACL on its value, and the fix makes it Private', () => {
    const t = yaml`
      Resources:
        Site:
          Type: AWS::S3::Bucket
          Properties:
            AccessControl: PublicRead  # legacy website
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'PublicRead');
    assert.equal(f.line, 5);
    assert.equal(f.column, 22);
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'SEC-S3: S3 bucket ACL is public (AccessControl: PublicRead)');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /AccessControl: Private {2}# legacy website/);
  });

  it('fails PublicReadWrite and AuthenticatedRead in both branches of !If, and cannot decide a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Acl: { Type: String }
      Conditions:
        Open: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::S3::Bucket
          Properties:
            AccessControl: !If [Open, PublicReadWrite, AuthenticatedRead]
        B:
          Type: AWS::S3::Bucket
          Properties:
            AccessControl: !Ref Acl
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'PublicReadWrite'],
      ['A', 'violation', 'AuthenticatedRead'],
      ['B', 'undecided', '!Ref Acl'],
    ]);
    assert.equal(found[2].message, 'SEC-S3: Cannot decide whether the bucket ACL is public: it comes from parameter Acl, which has no Default.');
  });

  it('passes private ACLs, no ACL, and a parameter defaulting to a private ACL', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        Acl: { Type: String, Default: BucketOwnerFullControl }
      Resources:
        A: { Type: AWS::S3::Bucket, Properties: { AccessControl: Private } }
        B: { Type: AWS::S3::Bucket, Properties: { AccessControl: LogDeliveryWrite } }
        C: { Type: AWS::S3::Bucket }
        D: { Type: AWS::S3::Bucket, Properties: { AccessControl: !Ref Acl } }
    `), []);
  });

  it('fails a bucket policy that allows Principal * without a Condition, on the principal, naming the bucket', () => {
    const t = yaml`
      Resources:
        Site:
          Type: AWS::S3::Bucket
        SitePolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Site
            PolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Principal: "*"
                  Action: s3:GetObject
                  Resource: !Sub "\${Site.Arn}/*"
                - Effect: Allow
                  Principal: { AWS: [arn:aws:iam::111111111111:root, "*"] }
                  Action: s3:PutObject
                  Resource: !Sub "\${Site.Arn}/*"
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.line, f.column]), [
      ['SitePolicy', '"*"', 12, 24],
      ['SitePolicy', '"*"', 16, 64],
    ]);
    assert.equal(found[0].message, 'SEC-S3: Bucket policy allows anyone (Principal *) without a Condition on bucket Site');
    assert.equal(found[0].fix, undefined);
  });

  it('passes conditioned, denying and named-principal statements', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Site:
          Type: AWS::S3::Bucket
        SitePolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Site
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: "*"
                  Action: s3:GetObject
                  Resource: !Sub "\${Site.Arn}/*"
                  Condition: { StringEquals: { "aws:SourceVpce": vpce-1a2b3c4d } }
                - Effect: Deny
                  Principal: "*"
                  Action: s3:*
                  Resource: !Sub "\${Site.Arn}/*"
                  Condition: { Bool: { "aws:SecureTransport": "false" } }
                - Effect: Allow
                  Principal: { Service: cloudfront.amazonaws.com }
                  Action: s3:GetObject
                  Resource: !Sub "\${Site.Arn}/*"
    `), []);
  });

  it('fails a Condition that one branch of !If removes, and a policy on a bucket outside the template', () => {
    const t = yaml`
      Conditions:
        Internal: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        ExternalPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: shared-assets
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: { AWS: "*" }
                  Action: s3:GetObject
                  Resource: arn:aws:s3:::shared-assets/*
                  Condition: !If [Internal, { IpAddress: { "aws:SourceIp": 10.0.0.0/8 } }, !Ref AWS::NoValue]
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '"*"');
    assert.equal(f.message, 'SEC-S3: Bucket policy allows anyone (Principal *) without a Condition');
  });

  it('cannot decide a policy document or statement known only at deploy time', () => {
    const t = yaml`
      Parameters:
        Doc: { Type: String }
      Resources:
        A:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: a
            PolicyDocument: !Ref Doc
        B:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: b
            PolicyDocument:
              Statement:
                - !ImportValue SharedStatement
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'undecided', '!Ref Doc'],
      ['B', 'undecided', '!ImportValue SharedStatement'],
    ]);
    assert.equal(found[0].message, 'SEC-S3: Cannot decide whether the bucket policy is public: it refers to Doc, known only at deploy time.');
    assert.equal(found[1].message, 'SEC-S3: Cannot decide whether the bucket policy is public: the statement is imported from another stack at deploy time.');
  });

  it('works on JSON templates', () => {
    const t = JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { AccessControl: 'PublicRead' } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"PublicRead"');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(JSON.parse(fixed).Resources.B.Properties.AccessControl, 'Private');
  });
});
