import * as assert from 'node:assert/strict';
import { formatText } from '../../src/cli/format-text';
import { finding, report } from './support/report';

const LINE = /^(?<file>[^:\s][^:]*):(?<line>\d+):(?<column>\d+): (?<severity>error|warning|info) (?<rule>[a-z0-9-]+) (?<message>.+)$/;

describe('cli text format', () => {
  const findings = [
    finding({ file: 'b/stack.yaml', line: 12, column: 9, severity: 'warning', ruleId: 'test-bucket-versioning', control: 'SEC-S3', message: 'SEC-S3: Bucket versioning is not enabled' }),
    finding({ file: 'a.yaml', line: 30, column: 5 }),
    finding({ file: 'a.yaml', line: 4, column: 27, severity: 'info', kind: 'undecided', message: 'ACCT-001: Cannot decide whether the trail is multi-region: it comes from\nparameter P.' }),
    finding({ file: 'a.yaml', line: 50, column: 7, suppressed: { reason: 'reviewed' } }),
  ];
  const skipped = [{ file: 'compose.yaml', status: 'not-cloudformation' as const }];

  it('writes one compiler-style line per unsuppressed finding, grouped by file in position order, then a summary', () => {
    const text = formatText(report(findings, skipped), { color: false });
    assert.equal(
      text,
      [
        'a.yaml:4:27: info test-trail-multi-region ACCT-001: Cannot decide whether the trail is multi-region: it comes from parameter P.',
        'a.yaml:30:5: error test-trail-multi-region ACCT-001: CloudTrail trail is not multi-region',
        '',
        'b/stack.yaml:12:9: warning test-bucket-versioning SEC-S3: Bucket versioning is not enabled',
        '',
        '1 error, 1 warning, 1 info, 1 suppressed in 2 files scanned, 1 skipped (not CloudFormation)',
        '',
      ].join('\n'),
    );
    for (const line of text.split('\n').slice(0, -3).filter(Boolean)) assert.match(line, LINE);
  });

  it('writes only the summary for a clean run', () => {
    assert.equal(formatText(report([], [{ file: 'ok.yaml', status: 'linted', findings: [] }]), { color: false }), '0 errors, 0 warnings, 0 info in 1 file scanned\n');
  });

  it('mentions files that could not be linted', () => {
    const text = formatText(report([], [{ file: 'x.yaml', status: 'error', error: 'cannot read it (EACCES)' }]), { color: false });
    assert.equal(text, '0 errors, 0 warnings, 0 info in 0 files scanned, 1 could not be linted\n');
  });

  it('colours severities only when asked, keeping the same text', () => {
    const plain = formatText(report(findings), { color: false });
    const colored = formatText(report(findings), { color: true });
    assert.ok(!/\u001b\[/.test(plain));
    assert.match(colored, /\u001b\[31merror\u001b\[0m/);
    assert.match(colored, /\u001b\[33mwarning\u001b\[0m/);
    assert.equal(colored.replace(/\u001b\[[0-9;]*m/g, ''), plain);
  });
});
