/**
 * A suppressed finding keeps the fix the rule offers, whether the rule hands it over rendered or as a
 * function rendered on first read (spreading a lazy finding would drop its fix getter).
 */
import * as assert from 'node:assert/strict';
import { lintText } from '../../src/core/lint/lint';

const POOL = (suppress: string): string => `Resources:
  Pool:
    Type: AWS::Cognito::UserPool
${suppress}    Properties:
      MfaConfiguration: "OFF"
`;

const SUPPRESSED = `    Metadata:
      sop-lens:
        suppress:
          - rule: cognito-mfa
            reason: MFA comes from the identity provider
`;

function mfaFinding(text: string) {
  const result = lintText(text, 'file:///pool.yaml', { only: ['cognito-mfa'] });
  assert.equal(result.kind, 'linted');
  const findings = result.kind === 'linted' ? result.findings.filter((f) => f.ruleId === 'cognito-mfa') : [];
  assert.equal(findings.length, 1);
  return findings[0];
}

describe('suppressed findings and fixes', () => {
  it('keeps the lazily rendered fix of a suppressed finding, the same fix as unsuppressed', () => {
    const plain = mfaFinding(POOL(''));
    const suppressed = mfaFinding(POOL(SUPPRESSED));
    assert.equal(plain.suppressed, undefined);
    assert.deepEqual(suppressed.suppressed, { reason: 'MFA comes from the identity provider' });
    assert.ok(plain.fix, 'the unsuppressed finding offers a fix');
    assert.ok(suppressed.fix, 'the suppressed finding still offers it');
    assert.equal(suppressed.fix.title, plain.fix.title);
    assert.equal(suppressed.fix.edits.length, plain.fix.edits.length);
    assert.equal(suppressed.fix.edits[0].newText, plain.fix.edits[0].newText);
  });
});
