import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'cloudtrail-dynamodb-data-events';

const TABLE = '  Table: { Type: AWS::DynamoDB::Table, Properties: { BillingMode: PAY_PER_REQUEST } }\n';

describe(RULE, () => {
  it('fails a trail without selectors when the template has a table, on Properties, and the fix adds a selector', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
    ` + TABLE;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'SEC-MON: CloudTrail trail does not log DynamoDB data events (the template defines table Table)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(
      fixed,
      t.replace(
        'S3BucketName: logs\n',
        'S3BucketName: logs\n      EventSelectors:\n        - ReadWriteType: All\n          IncludeManagementEvents: true\n          DataResources:\n            - Type: AWS::DynamoDB::Table\n              Values:\n                - arn:aws:dynamodb\n',
      ),
    );
  });

  it('says nothing without tables, or with tables but no trail', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Trail: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: logs } }
    `), []);
    assert.deepEqual(findingsOf(RULE, 'Resources:\n' + TABLE), []);
  });

  it('counts global tables and SAM simple tables', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Trail: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: logs } }
        G: { Type: AWS::DynamoDB::GlobalTable, Properties: { AttributeDefinitions: [], KeySchema: [], Replicas: [] } }
        S: { Type: AWS::Serverless::SimpleTable }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => f.message), ['SEC-MON: CloudTrail trail does not log DynamoDB data events (the template defines tables G, S)']);
  });

  it('fails basic selectors without a DynamoDB data resource, on the EventSelectors key, and appends a selector', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            EventSelectors:
              - ReadWriteType: All
                DataResources:
                  - Type: AWS::S3::Object
                    Values: [arn:aws:s3]
    ` + TABLE;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'EventSelectors');
    assert.equal(f.path, 'Properties.EventSelectors');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /Values: \[arn:aws:s3\]\n {8}- ReadWriteType: All\n {10}IncludeManagementEvents: false\n {10}DataResources:\n {12}- Type: AWS::DynamoDB::Table\n/);
  });

  it('fails advanced selectors without DynamoDB data, and appends an advanced selector', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            AdvancedEventSelectors:
              - Name: Management
                FieldSelectors:
                  - { Field: eventCategory, Equals: [Management] }
              - Name: DynamoDB streams only
                FieldSelectors:
                  - { Field: eventCategory, Equals: [Data] }
                  - { Field: resources.type, Equals: [AWS::DynamoDB::Stream] }
    ` + TABLE;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'AdvancedEventSelectors');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /\n {8}- Name: DynamoDB data events\n {10}FieldSelectors:\n {12}- Field: eventCategory\n/);
  });

  it('passes basic and advanced selectors that log DynamoDB data events, and a logging event data store', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        Category: { Type: String, Default: Data }
      Resources:
        A:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            EventSelectors:
              - DataResources: [{ Type: AWS::DynamoDB::Table, Values: [!GetAtt Table.Arn] }]
        B:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            AdvancedEventSelectors:
              - FieldSelectors:
                  - { Field: resources.type, Equals: [AWS::DynamoDB::Table] }
                  - { Field: eventCategory, Equals: [!Ref Category] }
    ` + TABLE), []);
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        Trail: { Type: AWS::CloudTrail::Trail, Properties: { IsLogging: true, S3BucketName: logs } }
        Store:
          Type: AWS::CloudTrail::EventDataStore
          Properties:
            AdvancedEventSelectors:
              - FieldSelectors:
                  - { Field: eventCategory, Equals: [Data] }
                  - { Field: resources.type, Equals: [AWS::DynamoDB::Table] }
    ` + TABLE), []);
  });

  it('fixes a JSON template as JSON', () => {
    const t = JSON.stringify({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, S3BucketName: 'b' } }, T: { Type: 'AWS::DynamoDB::Table' } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"Properties"');
    const fixed = JSON.parse(assertFixCleans(RULE, t));
    assert.deepEqual(fixed.Resources.Trail.Properties.EventSelectors, [
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::DynamoDB::Table', Values: ['arn:aws:dynamodb'] }] },
    ]);
  });

  it('checks both !If branches and cannot decide values known only at deploy time', () => {
    const t = yaml`
      Parameters:
        Type: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            EventSelectors: !If
              - Prod
              - [{ DataResources: [{ Type: AWS::DynamoDB::Table, Values: [arn:aws:dynamodb] }] }]
              - !Ref AWS::NoValue
        B:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            S3BucketName: logs
            EventSelectors: [{ DataResources: [{ Type: !Ref Type, Values: [arn:aws:dynamodb] }] }]
    ` + TABLE;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'EventSelectors'],
      ['B', 'undecided', '!Ref Type'],
    ]);
    assert.equal(found[1].message, 'SEC-MON: Cannot decide whether the trail logs DynamoDB data events: it comes from parameter Type, which has no Default.');
  });
});
