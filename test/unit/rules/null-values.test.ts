/**
 * A property written with no value (`MfaConfiguration:`) is a template CloudFormation rejects: it is reported
 * once, as a `null-value` error on the key, and every rule treats the property as not set. The second test
 * writes each property of a corpus with no value and compares the findings with the same template without
 * the property, so a rule that reads a null as set, as false or as anything else than absent is caught.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../src/core/lint/finding';
import { RULES } from '../../../src/core/rules/registry';
import { type MapEntry, type TemplateNode } from '../../../src/core/template/model';
import { parseTemplate } from '../../../src/core/template/parse';
import { assertFixCleans, findingsOf, lint, textAt, yaml } from '../support/lint';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

describe('null-value: a property written with no value', () => {
  it('is reported once, as an error on the key, however many rules read it', () => {
    const t = yaml`
      Resources:
        Pool:
          Type: AWS::Cognito::UserPool
          Properties:
            MfaConfiguration:
            UserPoolName: notes
        Method:
          Type: AWS::ApiGateway::Method
          Properties:
            HttpMethod: GET
            ResourceId: abc
            RestApiId: def
            AuthorizationType: ~
    `;
    const found = findingsOf('null-value', t);
    assert.deepEqual(found.map((f) => [f.resource, f.path, textAt(t, f), f.line, f.severity, f.kind]), [
      ['Pool', 'Properties.MfaConfiguration', 'MfaConfiguration', 5, 'error', 'parse'],
      ['Method', 'Properties.AuthorizationType', 'AuthorizationType', 13, 'error', 'parse'],
    ]);
    assert.equal(found[0].message, 'MfaConfiguration has no value: CloudFormation rejects null values. Give it a value or remove the key; until then SOP Lens treats it as not set.');
  });

  it('is what a rule whose fix adds the property fills in, keeping the key where it is', () => {
    const t = yaml`
      Resources:
        Trail:
          Type: AWS::CloudTrail::Trail
          Properties:
            IsLogging: true
            IsMultiRegionTrail:
            S3BucketName: logs
    `;
    const [f, ...rest] = findingsOf('cloudtrail-multi-region', t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'IsMultiRegionTrail');
    assert.equal(f.kind, 'violation');
    const fixed = assertFixCleans('cloudtrail-multi-region', t);
    assert.equal(fixed, t.replace('IsMultiRegionTrail:', 'IsMultiRegionTrail: true'));
    const json = JSON.stringify({ Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, IsMultiRegionTrail: null, S3BucketName: 'logs' } } } }, null, 2);
    assert.equal(assertFixCleans('cloudtrail-multi-region', json), json.replace('"IsMultiRegionTrail": null', '"IsMultiRegionTrail": true'));
  });

  it('reports list items and values outside resources too, and cannot be suppressed', () => {
    const t = yaml`
      Metadata:
        sop-lens:
          suppress:
            - rule: null-value
              reason: we like them
      Outputs:
        Name:
          Value:
      Resources:
        Sg:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: web
            SecurityGroupIngress:
              -
    `;
    const found = lint(t).filter((f) => f.ruleId === 'null-value');
    assert.deepEqual(found.map((f) => [f.line, f.suppressed]), [
      [8, undefined],
      [15, undefined],
    ]);
  });

  it('is not reported for empty strings, empty maps or a tag without a value', () => {
    const t = yaml`
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
          Properties:
            BucketName: ""
            Tags: []
            LifecycleConfiguration: {}
        Subnet:
          Type: AWS::EC2::Subnet
          Properties:
            VpcId: vpc-1
            AvailabilityZone: !Select [0, !GetAZs ]
    `;
    assert.deepEqual(findingsOf('null-value', t), []);
  });

  describe('is treated as absent by every rule', function () {
    this.timeout(120000);
    const corpus = corpusFiles();

    it('the corpus holds a resource of some type of every resource rule', () => {
      const types = new Set(corpus.flatMap((c) => c.types));
      const uncovered = RULES.filter((r) => r.resourceTypes.length > 0 && !r.resourceTypes.some((t) => types.has(t))).map((r) => r.id);
      assert.deepEqual(uncovered, []);
    });

    for (const { name, text } of corpus) {
      it(`in ${name}: each property left empty lints as that property removed`, () => {
        const variants = nullVariants(text);
        assert.ok(variants.length > 0, `expected properties to vary in ${name}`);
        const mismatches: string[] = [];
        for (const v of variants) {
          const withNull = lint(v.withNull);
          const nulls = withNull.filter((f) => f.ruleId === 'null-value');
          if (nulls.length !== 1 || textAt(v.withNull, nulls[0]) !== v.key) mismatches.push(`${v.where}: expected one null-value finding on ${v.key}, got ${nulls.length}`);
          const a = summary(withNull.filter((f) => f.ruleId !== 'null-value'));
          const b = summary(lint(v.removed));
          if (a.join('\n') !== b.join('\n')) {
            mismatches.push(`${v.where}:\n  with no value: ${a.filter((x) => !b.includes(x)).join('\n                 ') || '-'}\n  removed:       ${b.filter((x) => !a.includes(x)).join('\n                 ') || '-'}`);
          }
        }
        assert.deepEqual(mismatches, []);
      });
    }
  });
});

/** The CloudFormation YAML templates of the examples, the test workspace and this folder's fixtures. */
function corpusFiles(): { name: string; text: string; types: string[] }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(ROOT, 'examples'));
  walk(path.join(ROOT, 'test', 'fixtures', 'workspace'));
  walk(path.join(ROOT, 'test', 'unit', 'rules', 'fixtures'));
  const out: { name: string; text: string; types: string[] }[] = [];
  for (const file of files.sort()) {
    const text = fs.readFileSync(file, 'utf8');
    const parsed = parseTemplate(text, file);
    if (parsed.kind === 'template' && parsed.problems.length === 0) out.push({ name: path.relative(ROOT, file), text, types: parsed.template.resources.map((r) => r.type) });
  }
  return out;
}

interface Variant {
  readonly where: string;
  readonly key: string;
  readonly withNull: string;
  readonly removed: string;
}

/**
 * For every block-style entry under a resource's Properties that starts its own line and has siblings: the
 * template with the entry's value removed (`Key:`), and the template without the entry's lines.
 */
function nullVariants(text: string): Variant[] {
  const parsed = parseTemplate(text, 'corpus.yaml');
  assert.ok(parsed.kind === 'template');
  const out: Variant[] = [];
  // One variant per resource type and property path: the examples repeat alarms, subnets and routes many times.
  const seen = new Set<string>();
  const visit = (node: TemplateNode, where: string, shape: string): void => {
    if (node.kind === 'seq') node.items.forEach((item, i) => visit(item, `${where}[${i}]`, `${shape}[]`));
    else if (node.kind === 'intrinsic') visit(node.argument, where, `${shape}(${node.name})`);
    else if (node.kind === 'map') {
      for (const e of node.entries) {
        const key = `${shape}.${e.key}`;
        const variant = node.flow || node.entries.length < 2 || seen.has(key) ? undefined : variantOf(text, e, `${where}.${e.key}`);
        if (variant) {
          seen.add(key);
          out.push(variant);
        }
        visit(e.value, `${where}.${e.key}`, key);
      }
    }
  };
  for (const resource of parsed.template.resources) if (resource.properties) visit(resource.properties, resource.logicalId, resource.type);
  return out;
}

function variantOf(text: string, e: MapEntry, where: string): Variant | undefined {
  const lineStart = text.lastIndexOf('\n', e.keyRange.start - 1) + 1;
  if (text.slice(lineStart, e.keyRange.start).trim() !== '') return undefined;
  let valueEnd = e.value.range.end;
  while (valueEnd > e.keyRange.end && /\s/.test(text[valueEnd - 1])) valueEnd--;
  if (valueEnd <= e.keyRange.end || text[e.keyRange.end] !== ':') return undefined;
  const lineEnd = text.indexOf('\n', valueEnd);
  const after = lineEnd === -1 ? text.length : lineEnd + 1;
  return {
    where,
    key: e.key,
    withNull: text.slice(0, e.keyRange.end) + ':' + text.slice(valueEnd),
    removed: text.slice(0, lineStart) + text.slice(after),
  };
}

/** What a finding says, without where it is (removing lines moves the rest). */
function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.kind} ${f.severity} ${f.resource ?? ''} ${f.path ?? ''}: ${f.message}`).sort();
}
