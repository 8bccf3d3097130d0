import * as assert from 'node:assert/strict';
import { addEntries } from '../../../src/core/fix/edits';
import type { MapNode, Template } from '../../../src/core/template/model';
import { child } from '../../../src/core/template/model';
import { parseTemplate } from '../../../src/core/template/parse';
import { applyFix, yaml } from '../support/lint';

function parse(text: string): Template {
  const outcome = parseTemplate(text);
  assert.equal(outcome.kind, 'template');
  return (outcome as { template: Template }).template;
}

function propertiesOf(template: Template, id: string): MapNode {
  return template.resourceById.get(id)!.properties!;
}

describe('addEntries', () => {
  it('adds several keys to a block map in their order, keeping comments', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            UserPoolName: users # the only pool
        Other: { Type: AWS::SNS::Topic }
    `;
    const template = parse(t);
    const edit = addEntries(template, propertiesOf(template, 'Pool'), { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    assert.equal(
      applyFix(t, { title: 'x', edits: [edit] }),
      t.replace('# the only pool\n', '# the only pool\n      MfaConfiguration: "ON"\n      EnabledMfas:\n        - SOFTWARE_TOKEN_MFA\n'),
    );
  });

  it('quotes strings that YAML 1.1 readers (CloudFormation, cfn-lint) would take for booleans or dates', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            UserPoolName: users
    `;
    const template = parse(t);
    const edit = addEntries(template, propertiesOf(template, 'Pool'), { A: 'off', B: 'yes', Version: '2012-10-17', Plain: 'text' });
    assert.match(edit.newText, /A: "off"\n\s+B: "yes"\n\s+Version: "2012-10-17"\n\s+Plain: text$/);
  });

  it('adds to flow maps and JSON objects, and fills an empty flow map', () => {
    const flow = yaml`
      Resources:
        Pool: { Type: AWS::Cognito::UserPool, Properties: { UserPoolName: users } }
        Empty: { Type: AWS::Cognito::UserPool, Properties: {} }
    `;
    const template = parse(flow);
    const fixed = applyFix(flow, { title: 'x', edits: [addEntries(template, propertiesOf(template, 'Pool'), { A: 1, B: true })] });
    assert.match(fixed, /Properties: \{ UserPoolName: users, A: 1, B: true \}/);
    const empty = applyFix(flow, { title: 'x', edits: [addEntries(template, propertiesOf(template, 'Empty'), { A: 1, B: true })] });
    assert.match(empty, /Properties: \{"A":1,"B":true\}/);

    const json = JSON.stringify({ Resources: { Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'users' } } } }, null, 2);
    const jsonTemplate = parse(json);
    const jsonFixed = applyFix(json, { title: 'x', edits: [addEntries(jsonTemplate, propertiesOf(jsonTemplate, 'Pool'), { A: 1, B: ['x'] })] });
    assert.deepEqual(JSON.parse(jsonFixed).Resources.Pool.Properties, { UserPoolName: 'users', A: 1, B: ['x'] });
    assert.equal(child(propertiesOf(parse(jsonFixed), 'Pool'), 'B')?.kind, 'seq');
  });
});
