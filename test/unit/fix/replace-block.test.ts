import * as assert from 'node:assert/strict';
import { replaceBlock } from '../../../src/core/fix/edits';
import { child } from '../../../src/core/template/model';
import { parseTemplate } from '../../../src/core/template/parse';
import { applyFix, yaml } from '../support/lint';

function valueAt(text: string, ...path: string[]) {
  const parsed = parseTemplate(text);
  assert.equal(parsed.kind, 'template');
  if (parsed.kind !== 'template') throw new Error('not a template');
  let node = parsed.template.root as Parameters<typeof child>[0];
  for (const key of path) node = child(node, key);
  assert.ok(node);
  return { template: parsed.template, node };
}

describe('replaceBlock', () => {
  it('writes a block list in place of a block list, at its column, keeping what follows and the comments it replaces', () => {
    const t = yaml`
      Resources:
        L:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            DefaultActions:
            - Type: forward   # old
              TargetGroupArn: tg
            # kept
            Port: 80
    `;
    const { template, node } = valueAt(t, 'Resources', 'L', 'Properties', 'DefaultActions');
    const out = applyFix(t, { title: 't', edits: [replaceBlock(template, node, [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS' } }])] });
    assert.equal(out, t.replace('      - Type: forward   # old\n        TargetGroupArn: tg\n', '      # old\n      - Type: redirect\n        RedirectConfig:\n          Protocol: HTTPS\n'));
  });

  it('writes inline in place of a flow collection, and as JSON in JSON', () => {
    const t = yaml`
      Resources:
        L: { Type: AWS::Test::Thing, Properties: { List: [a, b] } }
    `;
    const flow = valueAt(t, 'Resources', 'L', 'Properties', 'List');
    assert.equal(applyFix(t, { title: 't', edits: [replaceBlock(flow.template, flow.node, ['c'])] }), t.replace('[a, b]', '["c"]'));
    const j = JSON.stringify({ Resources: { L: { Type: 'AWS::Test::Thing', Properties: { List: ['a'] } } } }, null, 2);
    const json = valueAt(j, 'Resources', 'L', 'Properties', 'List');
    const out = applyFix(j, { title: 't', edits: [replaceBlock(json.template, json.node, [{ k: 1 }])] });
    assert.deepEqual(JSON.parse(out).Resources.L.Properties.List, [{ k: 1 }]);
  });
});
