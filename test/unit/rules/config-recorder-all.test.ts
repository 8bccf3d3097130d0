import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'config-recorder-all';

describe(RULE, () => {
  it('fails a recorder without RecordingGroup (AWS default leaves out global types), and the fix adds the group', () => {
    const t = yaml`
      Resources:
        Recorder:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: !GetAtt ConfigRole.Arn
        ConfigRole:
          Type: AWS::IAM::Role
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'ACCT-001: AWS Config recorder does not record global IAM resource types (RecordingGroup is not set; by default IncludeGlobalResourceTypes is false)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(
      fixed,
      t.replace('RoleARN: !GetAtt ConfigRole.Arn\n', 'RoleARN: !GetAtt ConfigRole.Arn\n      RecordingGroup:\n        AllSupported: true\n        IncludeGlobalResourceTypes: true\n'),
    );
  });

  it('fails IncludeGlobalResourceTypes: false on the value and AllSupported left out on the RecordingGroup key', () => {
    const t = yaml`
      Resources:
        A:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: arn:aws:iam::111111111111:role/config
            RecordingGroup:
              AllSupported: true
              IncludeGlobalResourceTypes: false
        B:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: arn:aws:iam::111111111111:role/config
            RecordingGroup:
              IncludeGlobalResourceTypes: true
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.message]), [
      ['A', 'false', 'ACCT-001: AWS Config recorder does not record global IAM resource types (IncludeGlobalResourceTypes is false)'],
      ['B', 'RecordingGroup', 'ACCT-001: AWS Config recorder does not record all supported resource types (AllSupported is not set in RecordingGroup; it defaults to false)'],
    ]);
    const onlyA = t.slice(0, t.indexOf('  B:'));
    assert.match(assertFixCleans(RULE, onlyA), /IncludeGlobalResourceTypes: true\n$/);
    const onlyB = 'Resources:\n' + t.slice(t.indexOf('  B:'));
    assert.match(assertFixCleans(RULE, onlyB), /RecordingGroup:\n {8}IncludeGlobalResourceTypes: true\n {8}AllSupported: true\n$/);
  });

  it('fails AllSupported: false with a list of types, without a fix (dropping the list is the author\'s call)', () => {
    const t = yaml`
      Resources:
        Recorder:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: arn:aws:iam::111111111111:role/config
            RecordingGroup:
              AllSupported: false
              IncludeGlobalResourceTypes: true
              ResourceTypes: [AWS::EC2::Instance]
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.message, 'ACCT-001: AWS Config recorder does not record all supported resource types (AllSupported is false)');
    assert.equal(f.fix, undefined);
  });

  it('fails a recording strategy other than ALL_SUPPORTED_RESOURCE_TYPES, once, on the strategy', () => {
    const t = yaml`
      Resources:
        Excl:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: arn:aws:iam::111111111111:role/config
            RecordingGroup:
              AllSupported: false
              IncludeGlobalResourceTypes: false
              ExclusionByResourceTypes:
                ResourceTypes: [AWS::IAM::User, AWS::IAM::Role]
              RecordingStrategy:
                UseOnly: EXCLUSION_BY_RESOURCE_TYPES
        Incl:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: arn:aws:iam::111111111111:role/config
            RecordingGroup:
              ResourceTypes: [AWS::S3::Bucket]
              RecordingStrategy: { UseOnly: INCLUSION_BY_RESOURCE_TYPES }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f), f.message, f.path]), [
      ['Excl', 'EXCLUSION_BY_RESOURCE_TYPES', 'ACCT-001: AWS Config recorder excludes resource types from recording (recording strategy EXCLUSION_BY_RESOURCE_TYPES: AWS::IAM::User, AWS::IAM::Role)', 'Properties.RecordingGroup.RecordingStrategy.UseOnly'],
      ['Incl', 'INCLUSION_BY_RESOURCE_TYPES', 'ACCT-001: AWS Config recorder records only the resource types it lists (recording strategy INCLUSION_BY_RESOURCE_TYPES)', 'Properties.RecordingGroup.RecordingStrategy.UseOnly'],
    ]);
    assert.ok(found.every((f) => f.fix === undefined));
  });

  it('passes a recorder of all supported types including global ones, with or without the ALL strategy', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Parameters:
        Global: { Type: String, Default: "true" }
      Resources:
        A:
          Type: AWS::Config::ConfigurationRecorder
          Properties: { RoleARN: r, RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true } }
        B:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: r
            RecordingGroup:
              AllSupported: "true"
              IncludeGlobalResourceTypes: !Ref Global
              RecordingStrategy: { UseOnly: ALL_SUPPORTED_RESOURCE_TYPES }
    `), []);
  });

  it('does not require global types when the option is off', () => {
    const t = yaml`
      Resources:
        A: { Type: AWS::Config::ConfigurationRecorder, Properties: { RoleARN: r } }
        B: { Type: AWS::Config::ConfigurationRecorder, Properties: { RoleARN: r, RecordingGroup: { AllSupported: true } } }
        C: { Type: AWS::Config::ConfigurationRecorder, Properties: { RoleARN: r, RecordingGroup: { AllSupported: false, ResourceTypes: [AWS::S3::Bucket] } } }
    `;
    const found = findingsOf(RULE, t, { ruleOptions: { [RULE]: { requireGlobalResourceTypes: false } } });
    assert.deepEqual(found.map((f) => [f.resource, textAt(t, f)]), [['C', 'false']]);
  });

  it('checks both !If branches and cannot decide values known only at deploy time', () => {
    const t = yaml`
      Parameters:
        Strategy: { Type: String }
      Conditions:
        Home: !Equals [!Ref AWS::Region, us-east-1]
      Resources:
        A:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: r
            RecordingGroup:
              AllSupported: true
              IncludeGlobalResourceTypes: !If [Home, true, false]
        B:
          Type: AWS::Config::ConfigurationRecorder
          Properties:
            RoleARN: r
            RecordingGroup:
              AllSupported: true
              IncludeGlobalResourceTypes: true
              RecordingStrategy: { UseOnly: !Ref Strategy }
        C:
          Type: AWS::Config::ConfigurationRecorder
          Properties: { RoleARN: r, RecordingGroup: !ImportValue SharedGroup }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['B', 'undecided', '!Ref Strategy'],
      ['C', 'undecided', '!ImportValue SharedGroup'],
    ]);
    assert.equal(found[1].message, 'ACCT-001: Cannot decide the AWS Config recording strategy: it comes from parameter Strategy, which has no Default.');
  });

  it('fixes a JSON template as JSON', () => {
    const t = JSON.stringify({ Resources: { Recorder: { Type: 'AWS::Config::ConfigurationRecorder', Properties: { RoleARN: 'r', RecordingGroup: { AllSupported: true } } } } }, null, 2);
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), '"RecordingGroup"');
    const fixed = assertFixCleans(RULE, t);
    assert.deepEqual(JSON.parse(fixed).Resources.Recorder.Properties.RecordingGroup, { AllSupported: true, IncludeGlobalResourceTypes: true });
  });
});
