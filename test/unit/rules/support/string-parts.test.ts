/**
 * Reading a string-valued property as the pieces it is built from, through a rule run by the linter (the
 * rules' only way to reach `stringParts`).
 */
import * as assert from 'node:assert/strict';
import { lintText } from '../../../../src/core/lint/lint';
import type { Rule } from '../../../../src/core/rules/rule';
import { type StringPart, stringParts } from '../../../../src/core/rules/support/string-parts';
import { child } from '../../../../src/core/template/model';
import { yaml } from '../../support/lint';

/** Reports, for each AWS::SSM::Parameter, the variants of its `Value` written as `text|ref:Id.Attr|?`. */
const probe: Rule = {
  id: 'probe',
  control: 'SEC-CFN',
  title: 'probe',
  severity: 'info',
  rationale: 'test',
  remedy: 'test',
  resourceTypes: ['AWS::SSM::Parameter'],
  reference: 'https://example.com',
  checkResource(resource, ctx) {
    const variants = stringParts(ctx, child(resource.properties, 'Value'));
    ctx.report({ resource, at: resource.typeRange, message: JSON.stringify(variants.map((v) => v.map(show))) });
  },
};

function show(p: StringPart): string {
  if (p.kind === 'text') return p.text;
  if (p.kind === 'ref') return `ref:${p.id}${p.attribute ? `.${p.attribute}` : ''}`;
  return '?';
}

/** The variants read from `value`, written as the `Value` of a parameter resource. */
function variantsOf(value: string): string[][] {
  const text = yaml`
    Parameters:
      Stage:
        Type: String
        Default: prod
      Secret:
        Type: String
    Conditions:
      IsProd: !Equals [!Ref Stage, prod]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
      Probe:
        Type: AWS::SSM::Parameter
        Properties:
          Type: String
          Value: ${value}
  `;
  const result = lintText(text, 'file:///t.yaml', {}, undefined, [probe]);
  assert.ok(result.kind === 'linted');
  const findings = result.findings.filter((f) => f.ruleId === 'probe');
  assert.equal(findings.length, 1);
  return JSON.parse(findings[0].message.replace(/^SEC-CFN: /, '')) as string[][];
}

describe('stringParts', () => {
  it('reads a literal as one piece, and an empty one as none', () => {
    assert.deepEqual(variantsOf('plain'), [['plain']]);
    assert.deepEqual(variantsOf('""'), [[]]);
  });

  it('resolves a parameter with a Default, and leaves one without as unknown', () => {
    assert.deepEqual(variantsOf('!Ref Stage'), [['prod']]);
    assert.deepEqual(variantsOf('!Ref Secret'), [['?']]);
  });

  it('reads !Sub into text, references and attributes, joining adjacent text', () => {
    assert.deepEqual(variantsOf('!Sub "arn:${AWS::Partition}:s3:::${Bucket}/${Stage}/*"'), [['arn:', 'ref:AWS::Partition', ':s3:::', 'ref:Bucket', '/prod/*']]);
    assert.deepEqual(variantsOf('!Sub "${Bucket.Arn}"'), [['ref:Bucket.Arn']]);
    assert.deepEqual(variantsOf('!Sub "${!Literal}-${Stage}"'), [['${Literal}-prod']]);
    assert.deepEqual(variantsOf('!Sub ["${Name}-x", { Name: !Ref Stage }]'), [['prod-x']]);
  });

  it('reads !Join and !GetAtt', () => {
    assert.deepEqual(variantsOf('!Join ["-", [a, !Ref Stage, !GetAtt Bucket.Arn]]'), [['a-prod-', 'ref:Bucket.Arn']]);
  });

  it('gives one variant per !If branch, and none for AWS::NoValue', () => {
    assert.deepEqual(variantsOf('!If [IsProd, !Sub "${Stage}-a", b]'), [['prod-a'], ['b']]);
    assert.deepEqual(variantsOf('!If [IsProd, x, !Ref AWS::NoValue]'), [['x']]);
    assert.deepEqual(variantsOf('!Ref AWS::NoValue'), []);
  });
});
