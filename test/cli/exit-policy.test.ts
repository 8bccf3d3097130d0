import * as assert from 'node:assert/strict';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE_OR_IO, exitCodeFor } from '../../src/cli/exit-policy';
import { finding, report } from './support/report';

describe('cli exit policy', () => {
  const error = finding({ file: 'a.yaml', severity: 'error' });
  const warning = finding({ file: 'a.yaml', severity: 'warning', line: 9 });
  const info = finding({ file: 'a.yaml', severity: 'info', kind: 'undecided', line: 11 });

  it('exits 0 for a clean run, and for no files at all', () => {
    assert.equal(exitCodeFor(report([], [{ file: 'clean.yaml', status: 'linted', findings: [] }]), 'error'), EXIT_OK);
    assert.equal(exitCodeFor(report([]), 'error'), EXIT_OK);
  });

  it('fails on errors by default, and on warnings only with --fail-on warning', () => {
    assert.equal(exitCodeFor(report([error]), 'error'), EXIT_FINDINGS);
    assert.equal(exitCodeFor(report([warning]), 'error'), EXIT_OK);
    assert.equal(exitCodeFor(report([warning]), 'warning'), EXIT_FINDINGS);
    assert.equal(exitCodeFor(report([error]), 'warning'), EXIT_FINDINGS);
  });

  it('never fails on info (undecided values)', () => {
    assert.equal(exitCodeFor(report([info]), 'error'), EXIT_OK);
    assert.equal(exitCodeFor(report([info]), 'warning'), EXIT_OK);
  });

  it('counts parse errors as errors', () => {
    const parse = finding({ file: 'bad.yaml', ruleId: 'parse-error', control: null, resource: null, path: null, kind: 'parse', message: 'YAML syntax error: x' });
    assert.equal(exitCodeFor(report([parse]), 'error'), EXIT_FINDINGS);
  });

  it('never counts suppressed findings', () => {
    const suppressed = finding({ file: 'a.yaml', suppressed: { reason: 'reviewed' } });
    assert.equal(exitCodeFor(report([suppressed]), 'error'), EXIT_OK);
    assert.equal(exitCodeFor(report([suppressed, { ...warning, suppressed: { reason: 'ok' } }]), 'warning'), EXIT_OK);
  });

  it('exits 2 when a file could not be read, whatever was found', () => {
    assert.equal(exitCodeFor(report([error], [{ file: 'gone.yaml', status: 'error', error: 'cannot read it (EACCES)' }]), 'error'), EXIT_USAGE_OR_IO);
    assert.equal(exitCodeFor(report([], [{ file: 'gone.yaml', status: 'error', error: 'cannot read it (EACCES)' }]), 'error'), EXIT_USAGE_OR_IO);
  });
});
