import * as assert from 'node:assert/strict';
import { FINGERPRINT_KEY, SARIF_SCHEMA_URI, artifactLocation, toSarif } from '../../src/cli/format-sarif';
import { HOMEPAGE } from '../../src/cli/version';
import { assertValidSarif, compileSarifValidator, findSarifSchema } from './support/sarif-schema';
import { BUCKET_RULE, TRAIL_RULE, finding, report } from './support/report';
import type { SarifLog, SarifResult } from './support/sarif-types';

const sarif = (r: ReturnType<typeof report>): SarifLog => toSarif(r) as unknown as SarifLog;

describe('cli SARIF format', () => {
  const violation = finding({ file: 'stacks/audit trail.yaml', line: 35, column: 27, endLine: 35, endColumn: 32 });
  const undecided = finding({ file: 'stacks/audit trail.yaml', resource: 'Workload', line: 43, severity: 'info', kind: 'undecided', message: 'ACCT-001: Cannot decide whether the trail is multi-region.' });
  const suppressed = finding({ file: 'stacks/audit trail.yaml', resource: 'Residency', line: 70, suppressed: { reason: 'Data residency audit, reviewed by security.' } });
  const warning = finding({ file: 'b.json', ruleId: BUCKET_RULE.id, control: 'SEC-S3', severity: 'warning', resource: 'Logs', path: 'Properties.VersioningConfiguration', message: 'SEC-S3: versioning off' });
  const parse = finding({ file: 'broken.yaml', ruleId: 'parse-error', control: null, resource: null, path: null, line: 9, column: 1, endLine: 9, endColumn: 1, kind: 'parse', message: 'YAML syntax error: All mapping items must start at the same column' });
  const failed = { file: 'locked.yaml', status: 'error' as const, error: 'cannot read it (EACCES)' };
  const log = sarif(report([violation, undecided, suppressed, warning, parse], [failed]));
  const run = log.runs[0];
  const result = (ruleId: string, line: number): SarifResult => {
    const found = run.results.find((r) => r.ruleId === ruleId && r.locations[0].physicalLocation.region.startLine === line);
    assert.ok(found, `no ${ruleId} result on line ${line}`);
    return found;
  };

  it('is valid SARIF 2.1.0 (validated against the JSON schema)', () => {
    assertValidSarif(log);
  });

  it('is checked by a validator that does reject invalid SARIF', function () {
    const found = findSarifSchema();
    if (!found) return assertValidSarif(log); // fails, saying how to provide the schema
    const validate = compileSarifValidator(found.schema);
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = 'info';
    delete (broken.runs[0].results[1] as Partial<SarifResult>).message;
    broken.runs[0].results[2].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].results[3].locations[0].physicalLocation.artifactLocation.uri = 'has space.yaml';
    assert.equal(validate(broken), false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    for (const p of ['/runs/0/results/0/level', '/runs/0/results/1', '/runs/0/results/2/locations/0/physicalLocation/region/startLine', '/runs/0/results/3/locations/0/physicalLocation/artifactLocation/uri']) {
      assert.ok(paths.includes(p), `expected an error at ${p}, got ${paths.join(', ')}`);
    }
  });

  it('describes the tool and every rule that ran, plus the file-level rules', () => {
    assert.equal(log.$schema, SARIF_SCHEMA_URI);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.deepEqual({ ...run.tool.driver, rules: undefined }, { name: 'SOP Lens', version: '9.9.9', semanticVersion: '9.9.9', informationUri: HOMEPAGE, rules: undefined });
    const ids = run.tool.driver.rules.map((r) => r.id);
    assert.deepEqual(ids.slice(0, 2), [TRAIL_RULE.id, BUCKET_RULE.id]);
    assert.ok(ids.includes('parse-error') && ids.includes('duplicate-key') && ids.includes('suppression-reason-missing'));
    assert.equal(new Set(ids).size, ids.length);
    const trail = run.tool.driver.rules[0];
    assert.deepEqual(trail.shortDescription, { text: TRAIL_RULE.title });
    assert.deepEqual(trail.fullDescription, { text: TRAIL_RULE.rationale });
    assert.equal(trail.helpUri, TRAIL_RULE.reference);
    assert.match(trail.help.text, /^Set `IsMultiRegionTrail: true`\.\n\nSOP control ACCT-001 \(Secure account governance\): /);
    assert.match(trail.help.markdown, /\*\*SOP control ACCT-001\*\*/);
    assert.deepEqual(trail.defaultConfiguration, { level: 'error' });
    assert.deepEqual(trail.properties.tags, ['security', 'ACCT-001']);
    assert.equal(trail.properties.control, 'ACCT-001');
    assert.deepEqual(run.tool.driver.rules[1].defaultConfiguration, { level: 'warning' });
  });

  it('writes one result per finding, pointing at its rule, place and resource', () => {
    assert.equal(run.results.length, 5);
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    const v = result(TRAIL_RULE.id, 35);
    assert.equal(v.level, 'error');
    assert.deepEqual(v.message, { text: 'ACCT-001: CloudTrail trail is not multi-region' });
    assert.deepEqual(v.locations[0].physicalLocation, {
      artifactLocation: { uri: 'stacks/audit%20trail.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 35, startColumn: 27, endLine: 35, endColumn: 32 },
    });
    assert.deepEqual(v.locations[0].logicalLocations, [{ name: 'Trail', fullyQualifiedName: 'Resources.Trail', kind: 'resource' }]);
    assert.equal(v.suppressions, undefined);
    assert.equal(result(TRAIL_RULE.id, 43).level, 'note');
    assert.equal(result(BUCKET_RULE.id, 7).level, 'warning');
    const p = result('parse-error', 9);
    assert.equal(p.level, 'error');
    assert.equal(p.locations[0].logicalLocations, undefined);
  });

  it('keeps suppressed findings as results with an in-source suppression and its justification', () => {
    assert.deepEqual(result(TRAIL_RULE.id, 70).suppressions, [{ kind: 'inSource', justification: 'Data residency audit, reviewed by security.' }]);
  });

  it('reports files that could not be read as tool execution notifications', () => {
    assert.equal(run.invocations[0].executionSuccessful, false);
    assert.deepEqual(run.invocations[0].toolExecutionNotifications.map((n) => n.message.text), ['locked.yaml: cannot read it (EACCES)']);
  });

  it('fingerprints by rule, file, resource and path, not by line, and tells repeats apart', () => {
    const moved = sarif(report([{ ...violation, line: 80, endLine: 80 }]));
    assert.equal(moved.runs[0].results[0].partialFingerprints[FINGERPRINT_KEY], result(TRAIL_RULE.id, 35).partialFingerprints[FINGERPRINT_KEY]);
    assert.notEqual(result(TRAIL_RULE.id, 43).partialFingerprints[FINGERPRINT_KEY], result(TRAIL_RULE.id, 35).partialFingerprints[FINGERPRINT_KEY]);
    const twice = sarif(report([violation, { ...violation, line: 36, endLine: 36 }]));
    const [a, b] = twice.runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.equal(b, `${a}:2`);
  });

  it('writes relative URIs against %SRCROOT%, escaping what URIs cannot hold', () => {
    assert.deepEqual(artifactLocation('infra/stack.yaml'), { uri: 'infra/stack.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('infra/a #1?.yaml'), { uri: 'infra/a%20%231%3F.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('c:d/x.yaml'), { uri: './c:d/x.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('../other/x.yaml'), { uri: '../other/x.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('D:/work/x.yaml'), { uri: 'file:///D:/work/x.yaml' });
  });

  it('is valid for a clean run too', () => {
    const clean = sarif(report([], [{ file: 'ok.yaml', status: 'linted', findings: [] }]));
    assert.deepEqual(clean.runs[0].results, []);
    assert.equal(clean.runs[0].invocations[0].executionSuccessful, true);
    assertValidSarif(clean);
  });
});
