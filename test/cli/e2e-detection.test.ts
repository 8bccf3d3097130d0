/**
 * End to end through bin/sop-lens.js: what the CLI takes for a template. A template that CloudFormation
 * (or any JSON or YAML 1.2 reader) reads is linted whatever its line breaks, escapes or duplicate
 * sections; a file that may be a template but cannot be parsed fails the run; other files are skipped.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../../src/cli/format-json';
import { ensureCliBundle, runSopLens } from './support/cli-process';

const ONLY = ['--rules', 'cloudtrail-multi-region', '--format', 'json'];

/** The finding's place and rule, as a reader checks them against the file. */
type Place = [ruleId: string, line: number, column: number, endLine: number, endColumn: number];

describe('sop-lens CLI end to end: which files are templates', function () {
  this.timeout(180_000);
  let tmp: string;

  before(function () {
    ensureCliBundle();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-detection-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Writes `files` into a fresh folder and lints `args` there (the folder itself by default). */
  function lint(name: string, files: Record<string, string>, args: string[] = ['.']): { code: number | null; report: JsonReport; stderr: string; places: Place[] } {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    const r = runSopLens(['lint', ...args, ...ONLY], dir);
    const report = JSON.parse(r.stdout) as JsonReport;
    return { code: r.code, report, stderr: r.stderr, places: report.findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn]) };
  }

  describe('valid templates are never skipped', () => {
    it('JSON whose white space holds a carriage return on its own', () => {
      const text = ['{', '  "Resources": {', '    "Trail": {', '      "Type": "AWS::CloudTrail::Trail",', '      "Properties": { "IsLogging": true, "S3BucketName": "logs",', '        "IsMultiRegionTrail": false }', '    }', '  }', '}', ''].join('\r');
      const r = lint('json-cr', { 'stack.json': text });
      assert.deepEqual(r.places, [['cloudtrail-multi-region', 6, 31, 6, 36]]);
      assert.equal(r.code, 1);
      assert.equal(r.report.summary.filesScanned, 1);
    });

    it('JSON whose keys and values are written with escapes', () => {
      const text = '{"Re\\u0073ources": {"Trail": {"\\u0054ype": "AWS::CloudTrail::Tr\\u0061il", "Properties": {"IsLogging": true, "S3BucketName": "logs", "IsMultiRegion\\u0054rail": false}}}}\n';
      const r = lint('json-escapes', { 'stack.json': text });
      const column = text.indexOf('false') + 1;
      assert.deepEqual(r.places, [['cloudtrail-multi-region', 1, column, 1, column + 5]]);
      assert.equal(r.code, 1);
    });

    it('YAML whose line breaks are carriage returns on their own', () => {
      const text = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Trail:', '    Type: AWS::CloudTrail::Trail', '    Properties:', '      IsLogging: true', '      S3BucketName: logs', '      IsMultiRegionTrail: false', ''].join('\r');
      const r = lint('yaml-cr', { 'template.yaml': text });
      assert.deepEqual(r.places, [['cloudtrail-multi-region', 8, 27, 8, 32]]);
      assert.equal(r.code, 1);
    });

    it('a template with a decoy Resources section before the real one', () => {
      const text = '{"Resources": {"Decoy": {"Type": "Vendor::Thing::Widget"}},\n "Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"IsLogging": true, "S3BucketName": "logs", "IsMultiRegionTrail": false}}}}\n';
      const r = lint('decoy', { 'stack.json': text });
      assert.deepEqual(r.places, [['duplicate-key', 2, 2, 2, 13]]);
      assert.equal(r.code, 1);
    });
  });

  describe('a file that may be a template but cannot be parsed fails the run', () => {
    it('YAML with a Resources section and a syntax error', () => {
      const text = 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n   Properties:\n      IsMultiRegionTrail: false\n';
      const r = lint('broken-yaml', { 'network.yaml': text });
      assert.deepEqual(r.places, [['parse-error', 4, 1, 4, 2]]);
      assert.match(r.report.findings[0].message, /^YAML syntax error: /);
      assert.equal(r.report.findings[0].severity, 'error');
      assert.equal(r.code, 1);
    });

    it('JSON with a Resources section and a syntax error, explained as JSON', () => {
      const text = '{\n  "Resources": {\n    "Trail": { "Type": "AWS::CloudTrail::Trail" }\n    "Other": {}\n  }\n}\n';
      const r = lint('broken-json', { 'stack.json': text });
      assert.deepEqual(r.places, [['parse-error', 4, 5, 4, 12]]);
      assert.equal(r.report.findings[0].message, 'JSON syntax error: a comma was expected');
      assert.equal(r.code, 1);
    });

    it('a file named as a template, whatever it holds', () => {
      const r = lint('broken-by-name', { 'stack.template': 'Description: [unclosed\n' });
      assert.equal(r.places.length, 1);
      assert.equal(r.places[0][0], 'parse-error');
      assert.equal(r.code, 1);
    });

    it('a template with more aliases than SOP Lens expands, which could hide a violation', () => {
      const aliases = Array.from({ length: 1_001 }, (_, i) => `      - *t${i % 2}`).join('\n');
      const text = `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags:\n      - &t0 { Key: a, Value: b }\n      - &t1 { Key: c, Value: d }\n${aliases}\n`;
      const r = lint('aliases', { 'stack.yaml': text });
      assert.equal(r.code, 1, 'a part left unread fails the run');
      const limit = r.report.findings.find((f) => f.ruleId === 'parse-limit');
      assert.equal(limit?.severity, 'error');
    });

    it('but a broken file that is no template is skipped, with a note when it was named', () => {
      const files = { 'values.yaml': 'replicas: [1, 2\nimage: web\n' };
      const walked = lint('broken-other', files);
      assert.deepEqual({ code: walked.code, places: walked.places, scanned: walked.report.summary.filesScanned }, { code: 0, places: [], scanned: 0 });
      const named = lint('broken-other-named', files, ['values.yaml']);
      assert.equal(named.code, 0);
      assert.match(named.stderr, /values\.yaml is not a CloudFormation template; skipped/);
    });
  });
});
