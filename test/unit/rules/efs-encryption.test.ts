import * as assert from 'node:assert/strict';
import { assertFixCleans, findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'efs-encryption';

describe(RULE, () => {
  it('fails a file system without Encrypted, on the Properties key, and the fix adds it', () => {
    const t = yaml`
      Resources:
        Files:
          Type: AWS::EFS::FileSystem
          Properties:
            PerformanceMode: generalPurpose
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'Properties');
    assert.equal(f.line, 4);
    assert.equal(f.column, 5);
    assert.equal(f.message, 'NETSEC-002: EFS file system is not encrypted (Encrypted is not set; it defaults to false)');
    assert.equal(f.fix?.title, 'Set Encrypted: true (replaces an existing file system: copy its data first)');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t + '      Encrypted: true\n');
  });

  it('fails a file system with no Properties at all, on its logical id, and the fix adds them', () => {
    const t = yaml`
      Resources:
        Files:
          Type: AWS::EFS::FileSystem
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(textAt(t, f), 'Files');
    const fixed = assertFixCleans(RULE, t);
    assert.equal(fixed, t + '    Properties:\n      Encrypted: true\n');
  });

  it('fails Encrypted: false on the value, passes true, checks !If branches and cannot decide a parameter without a Default', () => {
    const t = yaml`
      Parameters:
        Enc: { Type: String }
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "111111111111"]
      Resources:
        A: { Type: AWS::EFS::FileSystem, Properties: { Encrypted: false } }
        B: { Type: AWS::EFS::FileSystem, Properties: { Encrypted: true } }
        C: { Type: AWS::EFS::FileSystem, Properties: { Encrypted: !If [Prod, true, false] } }
        D: { Type: AWS::EFS::FileSystem, Properties: { Encrypted: !Ref Enc } }
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => [f.resource, f.kind, textAt(t, f)]), [
      ['A', 'violation', 'false'],
      ['C', 'violation', 'false'],
      ['D', 'undecided', '!Ref Enc'],
    ]);
    assert.equal(found[0].message, 'NETSEC-002: EFS file system is not encrypted');
    assert.equal(found[2].message, 'NETSEC-002: Cannot decide whether the file system is encrypted: it comes from parameter Enc, which has no Default.');
  });
});
