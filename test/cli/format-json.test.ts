import * as assert from 'node:assert/strict';
import { type JsonReport, formatJson } from '../../src/cli/format-json';
import { finding, report } from './support/report';

describe('cli JSON format', () => {
  it('writes version, files scanned, every finding with its fields in order, and a summary', () => {
    const findings = [
      finding({ file: 'b.yaml' }),
      finding({ file: 'a.yaml', line: 3, suppressed: { reason: 'Legacy trail, replaced in Q3.' } }),
      finding({ file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 1, ruleId: 'parse-error', control: null, resource: null, path: null, kind: 'parse', message: 'YAML syntax error: bad indentation' }),
    ];
    const json = JSON.parse(formatJson(report(findings, [{ file: 'c.yaml', status: 'not-cloudformation' }]))) as JsonReport;
    assert.deepEqual(Object.keys(json), ['version', 'files', 'findings', 'summary']);
    assert.equal(json.version, '9.9.9');
    assert.equal(json.files, 2);
    assert.deepEqual(
      json.findings.map((f) => `${f.file}:${f.line}`),
      ['a.yaml:1', 'a.yaml:3', 'b.yaml:7'],
    );
    assert.deepEqual(Object.keys(json.findings[0]), ['file', 'ruleId', 'control', 'severity', 'resource', 'path', 'line', 'column', 'endLine', 'endColumn', 'message', 'kind', 'suppressed']);
    assert.deepEqual(json.findings[0], {
      file: 'a.yaml',
      ruleId: 'parse-error',
      control: null,
      severity: 'error',
      resource: null,
      path: null,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      message: 'YAML syntax error: bad indentation',
      kind: 'parse',
      suppressed: null,
    });
    assert.deepEqual(json.findings[1].suppressed, { reason: 'Legacy trail, replaced in Q3.' });
    assert.deepEqual(json.summary, { error: 2, warning: 0, info: 0, suppressed: 1, filesScanned: 2, filesSkipped: 1, filesFailed: 0 });
  });

  it('writes an empty findings list for a clean run', () => {
    const json = JSON.parse(formatJson(report([], [{ file: 'ok.yaml', status: 'linted', findings: [] }]))) as JsonReport;
    assert.deepEqual(json.findings, []);
    assert.equal(json.files, 1);
  });
});
