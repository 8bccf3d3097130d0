import * as assert from 'node:assert/strict';
import { mayBeTemplateByName, parseTemplate } from '../../../src/core/template/parse';
import { LineIndex } from '../../../src/core/template/positions';
import { type IntrinsicNode, type Template, child } from '../../../src/core/template/model';
import { lookup, lookupProperty, scalarOutcomes } from '../../../src/core/template/evaluate';
import { yaml } from '../support/lint';

function parse(text: string): Template {
  const outcome = parseTemplate(text);
  assert.equal(outcome.kind, 'template', JSON.stringify(outcome));
  return (outcome as { template: Template }).template;
}

describe('parseTemplate', () => {
  it('keeps the source range of every key and value', () => {
    const t = yaml`
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: assets
    `;
    const template = parse(t);
    const bucket = template.resourceById.get('Bucket')!;
    assert.equal(t.slice(bucket.logicalIdRange.start, bucket.logicalIdRange.end), 'Bucket');
    assert.equal(t.slice(bucket.typeRange.start, bucket.typeRange.end), 'AWS::S3::Bucket');
    const name = child(bucket.properties, 'BucketName')!;
    assert.equal(t.slice(name.range.start, name.range.end), 'assets');
  });

  it('indexes resources by type, in template order, and keeps each Metadata map', () => {
    const t = yaml`
      Resources:
        Logs:
          Type: AWS::S3::Bucket
          Metadata:
            sop-lens: { suppress: [] }
        Queue:
          Type: AWS::SQS::Queue
        Assets:
          Type: AWS::S3::Bucket
          Metadata: not a map
    `;
    const template = parse(t);
    assert.deepEqual(template.resourcesOfType('AWS::S3::Bucket').map((r) => r.logicalId), ['Logs', 'Assets']);
    assert.deepEqual(template.resourcesOfType('AWS::SQS::Queue').map((r) => r.logicalId), ['Queue']);
    assert.deepEqual(template.resourcesOfType('AWS::SNS::Topic'), []);
    assert.equal(template.resourceById.get('Logs')!.metadata?.entries[0].key, 'sop-lens');
    assert.equal(template.resourceById.get('Queue')!.metadata, undefined);
    assert.equal(template.resourceById.get('Assets')!.metadata, undefined);
  });

  it('reads keys the same whether they repeat across templates or not', () => {
    // The fast parser shares one string per distinct key: a key must never come back as another one.
    const a = parse(yaml`
      Resources:
        A:
          Type: AWS::S3::Bucket
          Properties: { VersioningConfiguration: { Status: Enabled }, ObjectLockEnabled: true }
    `);
    const b = parse(yaml`
      Resources:
        B:
          Type: AWS::S3::Bucket
          Properties:
            ObjectLockEnabled: false
            VersioningConfiguration:
              Status: Suspended
    `);
    assert.deepEqual(a.resources[0].properties!.entries.map((e) => e.key), ['VersioningConfiguration', 'ObjectLockEnabled']);
    assert.deepEqual(b.resources[0].properties!.entries.map((e) => e.key), ['ObjectLockEnabled', 'VersioningConfiguration']);
    assert.equal(child(child(b.resources[0].properties, 'VersioningConfiguration'), 'Status')?.kind, 'scalar');
  });

  it('reads names that are special to JavaScript objects as written', () => {
    // Shared keys are made unique through an object's property names: `__proto__` and "0" are no exception.
    const t = parse(yaml`
      Resources:
        A:
          Type: AWS::S3::Bucket
          Properties: { __proto__: 1, "0": 2, "": 3, constructor: 4, toString: 5 }
    `);
    assert.deepEqual(t.resources[0].properties!.entries.map((e) => e.key), ['__proto__', '0', '', 'constructor', 'toString']);
    assert.equal(t.resources[0].type, 'AWS::S3::Bucket');
  });

  const SHORT_FORMS: [string, string][] = [
    ['!Ref X', 'Ref'],
    ['!Sub "${X}-a"', 'Fn::Sub'],
    ['!GetAtt X.Arn', 'Fn::GetAtt'],
    ['!Join ["", [a, b]]', 'Fn::Join'],
    ['!Select [0, !GetAZs ""]', 'Fn::Select'],
    ['!Split [",", "a,b"]', 'Fn::Split'],
    ['!If [C, a, b]', 'Fn::If'],
    ['!Equals [a, b]', 'Fn::Equals'],
    ['!And [!Condition C, !Condition D]', 'Fn::And'],
    ['!Or [!Condition C, !Condition D]', 'Fn::Or'],
    ['!Not [!Condition C]', 'Fn::Not'],
    ['!Condition C', 'Condition'],
    ['!FindInMap [M, a, b]', 'Fn::FindInMap'],
    ['!Base64 text', 'Fn::Base64'],
    ['!Cidr [10.0.0.0/16, 4, 8]', 'Fn::Cidr'],
    ['!ImportValue shared-vpc', 'Fn::ImportValue'],
    ['!GetAZs ""', 'Fn::GetAZs'],
    ['!Transform { Name: AWS::Include, Parameters: { Location: s3://b/k } }', 'Fn::Transform'],
  ];
  for (const [source, name] of SHORT_FORMS) {
    it(`understands ${source.split(' ')[0]} with its range starting at the tag`, () => {
      const t = `Resources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties:\n      V: ${source}\n`;
      const node = child(parse(t).resourceById.get('X')!.properties, 'V') as IntrinsicNode;
      assert.equal(node.kind, 'intrinsic');
      assert.equal(node.name, name);
      assert.equal(node.shortForm, true);
      assert.equal(t.slice(node.range.start, node.range.end), source);
    });
  }

  it('understands long forms in YAML and JSON', () => {
    const t = JSON.stringify({ Resources: { X: { Type: 'AWS::SNS::Topic', Properties: { A: { Ref: 'P' }, B: { 'Fn::GetAtt': ['Y', 'Arn'] }, C: { 'Fn::Sub': 'x' } } } } });
    const props = parse(t).resourceById.get('X')!.properties!;
    assert.deepEqual(props.entries.map((e) => (e.value.kind === 'intrinsic' ? e.value.name : e.value.kind)), ['Ref', 'Fn::GetAtt', 'Fn::Sub']);
  });

  it('does not mistake a property named Condition for the Condition function', () => {
    const t = yaml`
      Resources:
        P:
          Type: AWS::IAM::Policy
          Properties:
            PolicyDocument:
              Statement:
                - Condition: { Bool: { aws:SecureTransport: "false" } }
    `;
    const statement = lookup(parse(t).resourceById.get('P')!.node, ['Properties', 'PolicyDocument', 'Statement', 0]);
    assert.equal(statement[0].kind === 'found' && statement[0].node.kind, 'map');
  });

  it('evaluates a Ref to a parameter with its Default, and FindInMap over literals', () => {
    const t = yaml`
      Parameters:
        Env: { Type: String, Default: prod }
        Free: { Type: String }
      Mappings:
        Settings: { prod: { Retention: 365 } }
      Resources:
        X:
          Type: AWS::Logs::LogGroup
          Properties:
            A: !Ref Env
            B: !FindInMap [Settings, !Ref Env, Retention]
            C: !Ref Free
            D: !GetAtt Y.Arn
    `;
    const template = parse(t);
    const props = template.resourceById.get('X')!.properties!;
    const value = (k: string) => scalarOutcomes(template, child(props, k), props).map((o) => (o.kind === 'known' ? o.value : o.kind));
    assert.deepEqual(value('A'), ['prod']);
    assert.deepEqual(value('B'), [365]);
    assert.deepEqual(value('C'), ['unknown']);
    assert.deepEqual(value('D'), ['unknown']);
  });

  it('follows both branches of !If, and AWS::NoValue as absent', () => {
    const t = yaml`
      Conditions:
        Prod: !Equals [a, b]
      Resources:
        X:
          Type: AWS::S3::Bucket
          Properties:
            VersioningConfiguration: !If [Prod, { Status: Enabled }, !Ref AWS::NoValue]
    `;
    const found = lookup(parse(t).resourceById.get('X')!.node, ['Properties', 'VersioningConfiguration', 'Status']);
    assert.deepEqual(found.map((f) => f.kind), ['found', 'absent']);
  });

  it('looks a property up through plain maps: found with its entry, or absent where the path stops', () => {
    const t = yaml`
      Resources:
        X:
          Type: AWS::S3::Bucket
          Properties:
            VersioningConfiguration:
              Status: Enabled
            LoggingConfiguration:
            Tags: [{ Key: a, Value: b }]
    `;
    const x = parse(t).resourceById.get('X')!;
    const [found, ...more] = lookupProperty(x, ['VersioningConfiguration', 'Status']);
    assert.equal(more.length, 0);
    assert.ok(found.kind === 'found' && found.node.kind === 'scalar' && found.node.value === 'Enabled' && found.entry?.key === 'Status');
    const [absent] = lookupProperty(x, ['VersioningConfiguration', 'MfaDelete', 'X']);
    assert.ok(absent.kind === 'absent' && 'kind' in absent.parent && absent.parent === child(x.properties, 'VersioningConfiguration'));
    assert.deepEqual(absent.missing, ['MfaDelete', 'X']);
    // A key written with no value: the missing keys go under that key.
    const [underNull] = lookupProperty(x, ['LoggingConfiguration', 'DestinationBucketName']);
    assert.ok(underNull.kind === 'absent' && !('kind' in underNull.parent) && underNull.parent.key === 'LoggingConfiguration');
    assert.deepEqual(underNull.missing, ['DestinationBucketName']);
    // Lists are walked by index.
    const [tag] = lookupProperty(x, ['Tags', 0, 'Value']);
    assert.ok(tag.kind === 'found' && tag.node.kind === 'scalar' && tag.node.value === 'b');
    assert.equal(lookupProperty(x, ['Tags', 3, 'Value'])[0].kind, 'absent');
    assert.deepEqual(lookup(x.node, ['Properties', 'VersioningConfiguration', 'Status']), lookupProperty(x, ['VersioningConfiguration', 'Status']));
  });

  it('detects SAM templates', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn: { Type: AWS::Serverless::Function, Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: src/ } }
    `;
    assert.equal(parse(t).isSam, true);
  });

  it('indexes references between resources (Ref, GetAtt, Sub)', () => {
    const t = yaml`
      Resources:
        Bucket: { Type: AWS::S3::Bucket }
        Policy:
          Type: AWS::S3::BucketPolicy
          Properties:
            Bucket: !Ref Bucket
            PolicyDocument:
              Statement:
                - Resource: [!GetAtt Bucket.Arn, !Sub "\${Bucket.Arn}/*", !Sub "\${!Literal}"]
    `;
    const refs = parse(t).referencesTo('Bucket');
    assert.deepEqual(refs.map((r) => [r.from.logicalId, r.path.join('.'), r.attribute ?? null]), [
      ['Policy', 'Properties.Bucket', null],
      ['Policy', 'Properties.PolicyDocument.Statement.0.Resource.0', 'Arn'],
      ['Policy', 'Properties.PolicyDocument.Statement.0.Resource.1', 'Arn'],
    ]);
  });

  describe('bad input', () => {
    it('gives one syntax problem at the error position for malformed YAML', () => {
      const t = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: [x\n  B:\n    Type: AWS::SNS::Topic\n';
      const outcome = parseTemplate(t);
      assert.equal(outcome.kind, 'invalid');
      const problems = outcome.kind === 'invalid' ? outcome.problems : [];
      assert.equal(problems.length, 1);
      assert.equal(problems[0].code, 'syntax');
      assert.ok(problems[0].range.start >= t.indexOf('Properties'), `at ${problems[0].range.start}`);
    });

    it('reports duplicate keys and still parses the template', () => {
      const t = 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Type: AWS::SQS::Queue\n';
      const outcome = parseTemplate(t);
      assert.equal(outcome.kind, 'template');
      const problems = outcome.kind === 'template' ? outcome.problems : [];
      assert.deepEqual(problems.map((p) => [p.code, t.slice(p.range.start, p.range.end)]), [['duplicate-key', 'Type']]);
    });

    it('bounds alias expansion ("billion laughs") and stays fast', () => {
      const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Metadata:', '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i < 30; i++) lines.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
      lines.push('Resources:', '  T: { Type: AWS::SNS::Topic, Properties: { X: *a29 } }');
      const started = Date.now();
      const outcome = parseTemplate(lines.join('\n'));
      assert.ok(Date.now() - started < 5000);
      assert.equal(outcome.kind, 'template');
    });

    it('bounds very deep nesting', () => {
      const depth = 5000;
      const t = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      const outcome = parseTemplate(t);
      assert.notEqual(outcome.kind, 'not-cloudformation');
      if (outcome.kind === 'template') assert.ok(outcome.problems.some((p) => p.code === 'limit'));
    });

    it('rejects multi-document files that look like CloudFormation, ignores other ones', () => {
      assert.equal(parseTemplate('Resources:\n  A: { Type: AWS::SNS::Topic }\n---\nfoo: bar\n').kind, 'invalid');
      assert.equal(parseTemplate('kind: Service\n---\nkind: Deployment\n').kind, 'not-cloudformation');
    });

    it('reports a template without a Resources map', () => {
      const outcome = parseTemplate('AWSTemplateFormatVersion: "2010-09-09"\nDescription: nothing yet\n');
      assert.equal(outcome.kind, 'invalid');
    });
  });

  describe('what is a template', () => {
    it('reads YAML whose line breaks are lone carriage returns, every range exact', () => {
      const t = 'Resources:\r  Bucket:\r    Type: AWS::S3::Bucket\r    Properties:\r      BucketName: "a\r        b"\r';
      const template = parse(t);
      const bucket = template.resourceById.get('Bucket')!;
      assert.equal(t.slice(bucket.logicalIdRange.start, bucket.logicalIdRange.end), 'Bucket');
      assert.equal(t.slice(bucket.typeRange.start, bucket.typeRange.end), 'AWS::S3::Bucket');
      const name = child(bucket.properties, 'BucketName')!;
      assert.equal(t.slice(name.range.start, name.range.end), '"a\r        b"');
      // A line break in a quoted scalar folds to a space, as YAML 1.2 has it.
      assert.deepEqual(name.kind === 'scalar' && name.value, 'a b');
      const lines = new LineIndex(t);
      assert.deepEqual(lines.positionAt(bucket.typeRange.start), { line: 2, character: 10 });
      assert.deepEqual(lines.positionAt(name.range.start), { line: 4, character: 18 });
      assert.deepEqual(lines.positionAt(name.range.end), { line: 5, character: 10 });
    });

    it('reads JSON whose white space holds lone carriage returns and tabs, and escaped keys', () => {
      const t = '{\r\t"Re\\u0073ources": {\r\t\t"Bucket": {"Type": "AWS::S3::Bucket"}\r\t}\r}';
      const template = parse(t);
      assert.equal(template.format, 'json');
      assert.equal(t.slice(template.resourcesEntry.keyRange.start, template.resourcesEntry.keyRange.end), '"Re\\u0073ources"');
      const bucket = template.resourceById.get('Bucket')!;
      assert.equal(t.slice(bucket.typeRange.start, bucket.typeRange.end), '"AWS::S3::Bucket"');
      assert.deepEqual(new LineIndex(t).positionAt(bucket.logicalIdRange.start), { line: 2, character: 2 });
    });

    it('counts LF, CRLF and a lone CR as one line break each', () => {
      const lines = new LineIndex('a\nb\r\nc\rd\r\re');
      assert.deepEqual([0, 2, 5, 7, 9, 10].map((o) => lines.positionAt(o)), [
        { line: 0, character: 0 },
        { line: 1, character: 0 },
        { line: 2, character: 0 },
        { line: 3, character: 0 },
        { line: 4, character: 0 },
        { line: 5, character: 0 },
      ]);
    });

    it('sees through a decoy Resources section', () => {
      const outcome = parseTemplate('{"Resources": {"D": {"Type": "Vendor::X::Y"}}, "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}');
      assert.equal(outcome.kind, 'template');
      assert.deepEqual(outcome.kind === 'template' && outcome.problems.map((p) => p.code), ['duplicate-key']);
    });

    it('reports a file it cannot parse when its name or its readable part says template', () => {
      const broken = 'a: [1\nb: 2\n';
      assert.equal(parseTemplate(broken, 'file:///w/values.yaml').kind, 'not-cloudformation');
      for (const uri of ['stack.template', 'template.yaml', 'C:\\w\\App.Template.JSON', 'file:///w/net.cfn.yml']) assert.equal(parseTemplate(broken, uri).kind, 'invalid', uri);
      for (const head of ['AWSTemplateFormatVersion: "2010-09-09"\n', 'Resources:\n  A: 1\n', 'Transform: AWS::Serverless-2016-10-31\n']) {
        assert.equal(parseTemplate(head + broken, 'x.yaml').kind, 'invalid', head);
      }
      assert.equal(parseTemplate('{"Resources": {"A": 1 "B": 2}}', 'x.json').kind, 'invalid');
      assert.equal(parseTemplate('{"name": "x" "version": 1}', 'package.json').kind, 'not-cloudformation');
    });

    it('names templates by their extension or a template or cfn part', () => {
      const yes = ['a.template', 'template.yaml', 'template.yml', 'template.json', 'app.template.json', 'net.cfn.yaml', 'file:///w/x/Stack.TEMPLATE'];
      const no = ['values.yaml', 'templates.yaml', 'package.json', 'template', 'template.txt', 'cfn-lint.yaml', ''];
      assert.deepEqual(yes.filter((n) => !mayBeTemplateByName(n)), []);
      assert.deepEqual(no.filter(mayBeTemplateByName), []);
    });

    it('reports, never skips, a file nested too deep to read', () => {
      const depth = 5000;
      for (const [t, uri] of [
        [`x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, 'x.yaml'],
        [`{"x": ${'['.repeat(depth * 4)}${']'.repeat(depth * 4)}}`, 'x.json'],
      ]) {
        const outcome = parseTemplate(t, uri);
        assert.equal(outcome.kind, 'invalid', uri);
        assert.match(outcome.kind === 'invalid' ? outcome.problems[0].message : '', /nested deeper than 256 levels/);
      }
    });
  });

  describe('files that are not CloudFormation', () => {
    const NOT_CFN: Record<string, string> = {
      kubernetes: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { replicas: 2 }\n',
      'github workflow': 'name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
      'docker compose': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n',
      'helm values with a Resources key': 'Resources:\n  limits: { cpu: 100m }\n',
      'package.json': '{ "name": "x", "version": "1.0.0" }',
      'empty file': '',
      'a scalar': 'just text\n',
      'malformed non-template YAML': 'a: [1, 2\nb: c\n',
    };
    for (const [name, text] of Object.entries(NOT_CFN)) {
      it(`leaves a ${name} alone`, () => assert.equal(parseTemplate(text).kind, 'not-cloudformation'));
    }
  });
});
