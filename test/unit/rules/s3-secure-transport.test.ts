import * as assert from 'node:assert/strict';
import { applyFix, assertFixCleans, findingsOf, lint, textAt, yaml } from '../support/lint';

const RULE = 's3-secure-transport';

/** A bucket policy statement that passes. */
const TLS_DENY = `
                - Effect: Deny
                  Principal: "*"
                  Action: s3:*
                  Resource: [!GetAtt Data.Arn, !Sub "\${Data.Arn}/*"]
                  Condition: { Bool: { "aws:SecureTransport": "false" } }`;

describe(RULE, () => {
  it('fails a bucket with no bucket policy, on its Type, and the fix adds a TLS-only policy resource', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: data
        Topic:
          Type: AWS::SNS::Topic
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'AWS::S3::Bucket');
    assert.equal(f.line, 3);
    assert.equal(f.column, 11);
    assert.equal(f.severity, 'error');
    assert.equal(f.resource, 'Data');
    assert.equal(f.message, 'SEC-S3: S3 bucket accepts requests without TLS (no bucket policy denies aws:SecureTransport false)');
    assert.equal(f.fix?.title, 'Add bucket policy DataTlsOnlyPolicy denying requests without TLS');
    const fixed = assertFixCleans(RULE, t);
    const added = [
      '  DataTlsOnlyPolicy:',
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      '      Bucket:',
      '        Ref: Data',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Sid: DenyInsecureTransport',
      '            Effect: Deny',
      '            Principal: "*"',
      '            Action: s3:*',
      '            Resource:',
      '              - Fn::GetAtt:',
      '                  - Data',
      '                  - Arn',
      '              - Fn::Sub: ${Data.Arn}/*',
      '            Condition:',
      '              Bool:',
      '                aws:SecureTransport: "false"',
    ];
    assert.equal(fixed, `${t}${added.join('\n')}\n`);
  });

  it('gives the added policy the bucket\'s Condition and a free logical id', () => {
    const t = yaml`
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Condition: Prod
        DataTlsOnlyPolicy:
          Type: AWS::SNS::Topic
    `;
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /\n {2}DataTlsOnlyPolicy2:\n {4}Type: AWS::S3::BucketPolicy\n {4}Condition: Prod\n/);
  });

  it('fails a bucket policy without the TLS deny, on its Statement key, and the fix appends the statement', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
        DataPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Data
            PolicyDocument:
              Version: "2012-10-17"
              Statement:
                - Sid: DenyInsecureTransport  # an older, incomplete attempt
                  Effect: Deny
                  Principal: "*"
                  Action: s3:GetObject
                  Resource: !Sub "\${Data.Arn}/*"
                  Condition: { Bool: { "aws:SecureTransport": "false" } }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Statement');
    assert.equal(f.line, 10);
    assert.equal(f.column, 9);
    assert.equal(f.resource, 'DataPolicy');
    assert.equal(f.path, 'Properties.PolicyDocument.Statement');
    assert.equal(f.message, 'SEC-S3: Bucket policy of Data does not deny requests without TLS (no Deny of s3:* for Principal * when aws:SecureTransport is false)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(
      fixed,
      t +
        [
          '          - Sid: DenyInsecureTransport2',
          '            Effect: Deny',
          '            Principal: "*"',
          '            Action: s3:*',
          '            Resource:',
          '              - Fn::GetAtt:',
          '                  - Data',
          '                  - Arn',
          '              - Fn::Sub: ${Data.Arn}/*',
          '            Condition:',
          '              Bool:',
          '                aws:SecureTransport: "false"',
          '',
        ].join('\n'),
    );
  });

  it('passes the canonical statement and its common spellings', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
        DataPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Data
            PolicyDocument:
              Statement:${TLS_DENY}
        Joined:
          Type: AWS::S3::Bucket
        JoinedPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Joined
            PolicyDocument:
              Statement:
                - Effect: Deny
                  Principal: { AWS: "*" }
                  Action: ["s3:*"]
                  Resource:
                    - !Join ["", ["arn:aws:s3:::", !Ref Joined]]
                    - !Join ["", ["arn:aws:s3:::", !Ref Joined, "/*"]]
                  Condition: { BoolIfExists: { "aws:SecureTransport": false } }
        Everything:
          Type: AWS::S3::Bucket
        EverythingPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Everything
            PolicyDocument:
              Statement:
                Effect: Deny
                Principal: "*"
                Action: "*"
                Resource: "*"
                Condition: { Bool: { aws:SecureTransport: ["false"] } }
    `), []);
  });

  it('links a policy to its bucket by literal name or by the same !Sub name', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: !Sub "\${AWS::StackName}-data"
        DataPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Sub "\${AWS::StackName}-data"
            PolicyDocument:
              Statement:${TLS_DENY}
        Logs:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: acme-logs
        LogsPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: acme-logs
            PolicyDocument:
              Statement:
                - Effect: Deny
                  Principal: "*"
                  Action: s3:*
                  Resource: [arn:aws:s3:::acme-logs, arn:aws:s3:::acme-logs/*]
                  Condition: { Bool: { "aws:SecureTransport": "false" } }
    `), []);
  });

  it('fails a TLS deny that leaves out the bucket or its objects, on its Resource', () => {
    const t = yaml`
      Resources:
        Data:
          Type: AWS::S3::Bucket
        DataPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Data
            PolicyDocument:
              Statement:
                - Effect: Deny
                  Principal: "*"
                  Action: s3:*
                  Resource: !GetAtt Data.Arn
                  Condition: { Bool: { "aws:SecureTransport": "false" } }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), '!GetAtt Data.Arn');
    assert.equal(f.message, "SEC-S3: Bucket policy's aws:SecureTransport deny does not cover its objects (<bucket ARN>/*) of bucket Data");
  });

  it('does not count a deny narrowed by another condition, or one that only some deployments get', () => {
    const t = yaml`
      Conditions:
        Strict: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::S3::Bucket
        APolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref A
            PolicyDocument:
              Statement:
                - Effect: Deny
                  Principal: "*"
                  Action: s3:*
                  Resource: "*"
                  Condition:
                    Bool: { "aws:SecureTransport": "false" }
                    IpAddress: { "aws:SourceIp": 203.0.113.0/24 }
        B:
          Type: AWS::S3::Bucket
        BPolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref B
            PolicyDocument:
              Statement:
                - !If
                  - Strict
                  - { Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }
                  - !Ref AWS::NoValue
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['APolicy', 'violation', 'Statement'],
      ['BPolicy', 'violation', 'Statement'],
    ]);
    // The fix appends a plain statement after the conditional one.
    const fixed = applyFix(t, found[1].fix);
    assert.ok(!lint(fixed).some((f) => f.kind === 'parse'));
    assert.ok(!findingsOf(RULE, fixed).some((f) => f.resource === 'BPolicy'));
  });

  it('cannot decide a bucket that a policy may name at deploy time, or a Resource known only at deploy time', () => {
    const t = yaml`
      Parameters:
        BucketName: { Type: String }
      Resources:
        A:
          Type: AWS::S3::Bucket
        Unlinked:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref BucketName
            PolicyDocument: { Statement: [] }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(f.kind, 'undecided');
    assert.equal(textAt(t, f), 'AWS::S3::Bucket');
    assert.equal(f.message, 'SEC-S3: Cannot decide whether the bucket refuses requests without TLS: bucket policy Unlinked names its bucket by a value that is known only at deploy time (it comes from parameter BucketName, which has no Default).');

    const u = yaml`
      Parameters:
        Objects: { Type: String }
      Resources:
        A:
          Type: AWS::S3::Bucket
        APolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref A
            PolicyDocument:
              Statement:
                - { Effect: Deny, Principal: "*", Action: "s3:*", Resource: [!GetAtt A.Arn, !Ref Objects], Condition: { Bool: { "aws:SecureTransport": "false" } } }
    `;
    const [g, ...others] = findingsOf(RULE, u);
    assert.equal(others.length, 0);
    assert.equal(g.kind, 'undecided');
    assert.equal(textAt(u, g), '!Ref Objects');
    assert.equal(g.message, "SEC-S3: Cannot decide whether the bucket refuses requests without TLS: the statement's Resource is known only at deploy time.");
  });

  it('fills an empty statement list', () => {
    const t = yaml`
      Resources:
        A:
          Type: AWS::S3::Bucket
        APolicy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref A
            PolicyDocument: { Statement: [] }
    `;
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /PolicyDocument: \{ Statement: \[\{"Sid":"DenyInsecureTransport","Effect":"Deny"/);
  });

  it('works on JSON templates: appends to the policy, or adds one, as JSON', () => {
    const withPolicy = JSON.stringify(
      {
        Resources: {
          Data: { Type: 'AWS::S3::Bucket' },
          DataPolicy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: { Bucket: { Ref: 'Data' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Data.Arn}/*' } }] } },
          },
        },
      },
      null,
      2,
    );
    const [f] = findingsOf(RULE, withPolicy);
    assert.equal(textAt(withPolicy, f), '"Statement"');
    const appended = JSON.parse(assertFixCleans(RULE, withPolicy));
    assert.deepEqual(appended.Resources.DataPolicy.Properties.PolicyDocument.Statement[1], {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [{ 'Fn::GetAtt': ['Data', 'Arn'] }, { 'Fn::Sub': '${Data.Arn}/*' }],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });

    const bare = JSON.stringify({ Resources: { Data: { Type: 'AWS::S3::Bucket' } } }, null, 2);
    const added = JSON.parse(assertFixCleans(RULE, bare));
    assert.equal(added.Resources.DataTlsOnlyPolicy.Type, 'AWS::S3::BucketPolicy');
    assert.deepEqual(added.Resources.DataTlsOnlyPolicy.Properties.Bucket, { Ref: 'Data' });
  });
});
