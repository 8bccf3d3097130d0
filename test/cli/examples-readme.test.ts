/**
 * The examples workspace's README lists every finding `sop-lens lint examples` reports (rule, resource,
 * severity; suppressed ones apart), and the top-level README promises a dozen deliberate gaps there: this
 * runs the real CLI on examples/ and holds the three together, so none can drift.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonReport } from '../../src/cli/format-json';
import { BIN, BUNDLE, REPO } from './support/paths';

interface Row {
  readonly file: string;
  readonly resource: string;
  readonly rule: string;
  readonly severity?: string;
}

/** The rows of the Markdown tables of one `## ` section whose first three cells are `file`, `resource`, `rule`. */
function tableRows(readme: string, heading: string): Row[][] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `examples/README.md has no "## ${heading}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  const tables: Row[][] = [];
  let current: Row[] | undefined;
  for (const line of readme.slice(start, end === -1 ? undefined : end).split('\n')) {
    const m = /^\| `([^`]+)` \| `([^`]+)` \| `([^`]+)` \| ([^|]*)\|/.exec(line);
    if (!m) {
      current = undefined;
      continue;
    }
    if (!current) tables.push((current = []));
    const severity = m[4].trim();
    current.push({ file: m[1], resource: m[2], rule: m[3], ...(/^(error|warning|info)$/.test(severity) ? { severity } : {}) });
  }
  return tables;
}

const key = (r: Row): string => [r.file, r.resource, r.rule, r.severity ?? ''].join(' ');

describe('examples/README.md and `sop-lens lint examples` agree', function () {
  this.timeout(180_000);
  let report: JsonReport;
  const readme = fs.readFileSync(path.join(REPO, 'examples', 'README.md'), 'utf8');

  before(() => {
    if (!fs.existsSync(BUNDLE)) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8', timeout: 170_000 });
      assert.equal(build.status, 0, `building the CLI bundle failed:\n${build.stderr}${build.stdout}`);
    }
    const run = spawnSync(process.execPath, [BIN, 'lint', 'examples', '--format', 'json'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    assert.ok(run.status === 0 || run.status === 1, `sop-lens lint examples exited ${String(run.status)}:\n${run.stderr}`);
    report = JSON.parse(run.stdout) as JsonReport;
  });

  it('lints every example template and none fails to parse', () => {
    assert.equal(report.summary.filesFailed, 0);
    assert.equal(report.files, 5);
    assert.deepEqual(report.findings.filter((f) => f.kind === 'parse').map((f) => f.message), []);
  });

  it('reports exactly the gaps and undecided values the README lists, at the severities it gives', () => {
    const listed = tableRows(readme, 'Deliberate SOP gaps').flat();
    const reported = report.findings.filter((f) => !f.suppressed).map((f) => ({ file: f.file.replace(/^examples\//, ''), resource: f.resource ?? '', rule: f.ruleId, severity: f.severity }));
    assert.deepEqual(reported.map(key).sort(), listed.map(key).sort());
  });

  it('suppresses exactly the reviewed exceptions the README lists, each with a reason in the template', () => {
    const listed = tableRows(readme, 'Reviewed exceptions').flat();
    const suppressed = report.findings.filter((f) => f.suppressed);
    assert.ok(suppressed.every((f) => (f.suppressed?.reason.length ?? 0) > 20));
    assert.deepEqual(suppressed.map((f) => key({ file: f.file.replace(/^examples\//, ''), resource: f.resource ?? '', rule: f.ruleId })).sort(), listed.map(key).sort());
  });

  it('has the dozen deliberate gaps the top-level README promises', () => {
    const [gaps] = tableRows(readme, 'Deliberate SOP gaps');
    assert.equal(gaps.length, 12);
    const top = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    assert.match(top, /mostly compliant, with a dozen deliberate SOP gaps listed in\s+\[examples\/README\.md\]/);
  });
});
