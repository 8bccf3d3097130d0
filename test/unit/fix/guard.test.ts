/**
 * The guard every fix passes before it is offered: applied to the text, parsed and linted again. Rules
 * written for the test build the broken fixes a real rule should never build.
 */
import * as assert from 'node:assert/strict';
import { normalise } from '../../../src/core/fix/guard';
import type { Finding } from '../../../src/core/lint/finding';
import { fixVerdictOf, lintText } from '../../../src/core/lint/lint';
import { type Fix, type Rule, type TextEdit, defineRule } from '../../../src/core/rules/rule';
import { child } from '../../../src/core/template/model';
import { findingsOf, yaml } from '../support/lint';

const TEMPLATE = yaml`
  Resources:
    Topic:
      Type: AWS::SNS::Topic
      Properties:
        TopicName: alerts
    Queue:
      Type: AWS::SQS::Queue
`;

/** A rule that reports every SNS topic named "alerts", with the fix `edits` builds. */
function ruleWithFix(edits: (text: string) => readonly TextEdit[]): Rule {
  return defineRule({
    id: 'test-topic-name',
    control: 'SEC-KMS',
    title: 'test',
    severity: 'error',
    rationale: 'test',
    remedy: 'test',
    resourceTypes: ['AWS::SNS::Topic'],
    reference: 'https://example.com',
    checkResource(topic, ctx) {
      const name = child(topic.properties, 'TopicName');
      if (name?.kind === 'scalar' && name.value === 'alerts') ctx.report({ resource: topic, at: name, message: 'named alerts', fix: (): Fix => ({ title: 'rename', edits: edits(ctx.template.text) }) });
    },
  });
}

function onlyFinding(text: string, rule: Rule): Finding {
  const result = lintText(text, 'test.yaml', {}, undefined, [rule]);
  assert.equal(result.kind, 'linted');
  const findings = result.kind === 'linted' ? result.findings : [];
  assert.equal(findings.length, 1);
  return findings[0];
}

const at = (text: string, needle: string): number => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i;
};

describe('the fix guard', () => {
  it('offers a fix that parses and removes the finding, in the file\'s line breaks', () => {
    const crlf = TEMPLATE.replace(/\n/g, '\r\n');
    const rule = ruleWithFix((text) => [{ start: at(text, 'alerts'), end: at(text, 'alerts') + 6, newText: 'alarms\n      DisplayName: Alarms' }]);
    const verdict = fixVerdictOf(onlyFinding(crlf, rule));
    assert.equal(verdict.kind, 'offered');
    assert.deepEqual(verdict.kind === 'offered' && verdict.fix.edits.map((e) => e.newText), ['alarms\r\n      DisplayName: Alarms']);
  });

  it('refuses a fix whose result does not parse, and says why', () => {
    const rule = ruleWithFix((text) => [{ start: at(text, 'alerts'), end: at(text, 'alerts') + 6, newText: 'alarms\n  Broken: [' }]);
    const finding = onlyFinding(TEMPLATE, rule);
    assert.equal(finding.fix, undefined);
    const verdict = fixVerdictOf(finding);
    assert.equal(verdict.kind, 'refused');
    assert.match(verdict.kind === 'refused' ? verdict.reason : '', /^the fixed file would not parse \(YAML syntax error: /);
  });

  it('refuses a fix that leaves the finding', () => {
    const rule = ruleWithFix((text) => [{ start: at(text, 'Queue:'), end: at(text, 'Queue:'), newText: '# a comment\n  ' }]);
    const verdict = fixVerdictOf(onlyFinding(TEMPLATE, rule));
    assert.deepEqual(verdict.kind === 'refused' && verdict.reason, 'the finding would still be there after the fix');
  });

  it('refuses a fix that adds a parse problem, such as a duplicate key', () => {
    const rule = ruleWithFix((text) => [{ start: at(text, 'alerts'), end: at(text, 'alerts') + 6, newText: 'alarms\n      TopicName: again' }]);
    const verdict = fixVerdictOf(onlyFinding(TEMPLATE, rule));
    assert.match(verdict.kind === 'refused' ? verdict.reason : '', /^the fixed file would have a new problem: Duplicate key TopicName/);
  });

  it('refuses a fix that removes another resource', () => {
    const rule = ruleWithFix((text) => [
      { start: at(text, 'alerts'), end: at(text, 'alerts') + 6, newText: 'alarms' },
      { start: at(text, 'Queue:'), end: at(text, 'Queue:') + 5, newText: 'Queues' },
    ]);
    const verdict = fixVerdictOf(onlyFinding(TEMPLATE, rule));
    assert.deepEqual(verdict.kind === 'refused' && verdict.reason, 'it would remove resource Queue');
  });

  it('refuses a fix on anchored Properties that every alias shares, on either side of the alias', () => {
    const t = yaml`
      Resources:
        Orders:
          Type: AWS::DynamoDB::Table
          Properties: &table
            BillingMode: PAY_PER_REQUEST
            PointInTimeRecoverySpecification:
              PointInTimeRecoveryEnabled: false
        Sessions:
          Type: AWS::DynamoDB::Table
          Properties: *table
    `;
    const found = findingsOf('dynamodb-pitr', t).filter((f) => f.kind === 'violation');
    assert.ok(found.length > 0);
    for (const f of found) {
      const verdict = fixVerdictOf(f);
      assert.equal(verdict.kind, 'refused', `${f.resource}: ${JSON.stringify(verdict)}`);
      assert.match(verdict.kind === 'refused' ? verdict.reason : '', /^it would also change resource (Orders|Sessions) \(a YAML alias shares the value it edits\)$/);
      assert.equal(f.fix, undefined);
    }
  });

  it('merges insertions at one place in the order the fix lists them, and rejects overlapping edits', () => {
    assert.deepEqual(normalise('abc', [{ start: 1, end: 1, newText: 'x' }, { start: 1, end: 1, newText: 'y' }]), [{ start: 1, end: 1, newText: 'xy' }]);
    assert.deepEqual(normalise('abc', [{ start: 0, end: 2, newText: 'x' }, { start: 1, end: 3, newText: 'y' }]), 'its edits overlap');
    assert.deepEqual(normalise('abc', [{ start: 2, end: 4, newText: 'x' }]), 'its edits fall outside the file');
  });
});
