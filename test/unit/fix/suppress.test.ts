/** The suppression the editor writes: in every shape of template, checked like a fix before it is written. */
import * as assert from 'node:assert/strict';
import { suppressionEdits } from '../../../src/core/fix/suppress';
import { applyFix, lint, yaml } from '../support/lint';

const REASON = 'Logs are reproducible from the source system';

function suppressed(text: string, id: string): string {
  const edits = suppressionEdits(text, id, 's3-versioning', REASON);
  assert.ok(edits, 'expected the suppression edits');
  const out = applyFix(text, { title: 'suppress', edits });
  const findings = lint(out);
  assert.deepEqual(findings.filter((f) => f.kind === 'parse'), [], `the suppression broke the template:\n${out}`);
  const versioning = findings.filter((f) => f.ruleId === 's3-versioning');
  assert.ok(versioning.length > 0 && versioning.every((f) => f.suppressed?.reason === REASON), `the finding is not suppressed:\n${out}`);
  return out;
}

describe('suppression edits', () => {
  it('write a suppression into a block resource, a flow resource, an empty Metadata and a CRLF file', () => {
    const block = yaml`
      Resources:
        Logs:
          Type: AWS::S3::Bucket
    `;
    assert.match(suppressed(block, 'Logs'), /\n {4}Metadata:\n {6}sop-lens:\n {8}suppress:\n {10}- rule: s3-versioning\n {12}reason: Logs are reproducible from the source system\n$/);
    suppressed(yaml`
      Resources:
        Logs: { Type: AWS::S3::Bucket, Metadata: }
    `, 'Logs');
    suppressed(yaml`
      Resources:
        Logs: { Type: AWS::S3::Bucket }
    `, 'Logs');
    const crlf = suppressed(block.replace(/\n/g, '\r\n'), 'Logs');
    assert.doesNotMatch(crlf, /[^\r]\n/);
  });

  it('refuse to write into Metadata that an alias shares with another resource', () => {
    const shared = yaml`
      Resources:
        Logs:
          Type: AWS::S3::Bucket
          Metadata: &meta
            owner: data
        Archive:
          Type: AWS::S3::Bucket
          Metadata: *meta
    `;
    assert.equal(suppressionEdits(shared, 'Logs', 's3-versioning', REASON), undefined);
    assert.equal(suppressionEdits(shared, 'Archive', 's3-versioning', REASON), undefined);
  });
});
