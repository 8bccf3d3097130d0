import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'kms-key-rotation';

describe(RULE, () => {
  it('fails a symmetric key with rotation off, on the value, and fixes it', () => {
    const t = yaml`
      Resources:
        Key:
          Type: AWS::KMS::Key
          Properties:
            EnableKeyRotation: false  # TODO
            KeyPolicy: { Version: "2012-10-17", Statement: [] }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'false');
    assert.equal(f.line, 5);
    assert.equal(f.column, 26);
    assert.equal(f.message, 'SEC-KMS: KMS key does not rotate its key material (EnableKeyRotation: false)');
    assert.equal(f.severity, 'warning');
    const fixed = assertFixCleans(RULE, t);
    assert.match(fixed, /EnableKeyRotation: true {2}# TODO/);
  });

  it('fails a key that does not set rotation (default false) and adds it', () => {
    const t = yaml`
      Resources:
        Key:
          Type: AWS::KMS::Key
          Properties:
            KeySpec: SYMMETRIC_DEFAULT
            KeyPolicy: { Version: "2012-10-17", Statement: [] }
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Properties');
    assert.match(f.message, /EnableKeyRotation is not set; it defaults to false/);
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t + '      EnableKeyRotation: true\n');
  });

  it('passes keys that rotate and keys that cannot rotate', () => {
    assert.deepEqual(findingsOf(RULE, yaml`
      Resources:
        A: { Type: AWS::KMS::Key, Properties: { EnableKeyRotation: true, KeyPolicy: {} } }
        Rsa: { Type: AWS::KMS::Key, Properties: { KeySpec: RSA_2048, KeyUsage: SIGN_VERIFY, KeyPolicy: {} } }
        Hmac: { Type: AWS::KMS::Key, Properties: { KeySpec: HMAC_256, KeyUsage: GENERATE_VERIFY_MAC, KeyPolicy: {} } }
        Imported: { Type: AWS::KMS::Key, Properties: { Origin: EXTERNAL, KeyPolicy: {} } }
    `), []);
  });

  it('checks !If branches, and pairs branches of KeySpec with rotation only when it can', () => {
    const t = yaml`
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A: { Type: AWS::KMS::Key, Properties: { EnableKeyRotation: !If [Prod, true, false], KeyPolicy: {} } }
        B: { Type: AWS::KMS::Key, Properties: { KeySpec: !If [Prod, RSA_2048, SYMMETRIC_DEFAULT], EnableKeyRotation: !If [Prod, false, true], KeyPolicy: {} } }
        C: { Type: AWS::KMS::Key, Properties: { KeySpec: !If [Prod, RSA_2048, SYMMETRIC_DEFAULT], KeyPolicy: {} } }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => [f.resource, textAt(t, f)]), [
      ['A', 'false'],
      ['C', 'Properties'],
    ]);
  });

  it('cannot decide a key whose KeySpec comes from a parameter without a default', () => {
    const t = yaml`
      Parameters:
        Spec: { Type: String }
      Resources:
        Key: { Type: AWS::KMS::Key, Properties: { KeySpec: !Ref Spec, KeyPolicy: {} } }
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(f.kind, 'undecided');
    assert.equal(textAt(t, f), '!Ref Spec');
    assert.equal(f.message, 'SEC-KMS: Cannot decide whether the key can rotate automatically: it comes from parameter Spec, which has no Default.');
  });
});
