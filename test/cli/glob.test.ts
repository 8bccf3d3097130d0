import * as assert from 'node:assert/strict';
import { compileExcludes } from '../../src/cli/glob';

describe('cli --exclude globs', () => {
  const matches = (patterns: string[], p: string): boolean => compileExcludes(patterns)(p);

  it('matches a name without a slash at any depth', () => {
    assert.ok(matches(['generated'], 'infra/generated'));
    assert.ok(matches(['generated'], 'generated/a.yaml'));
    assert.ok(matches(['*.test.yaml'], 'infra/a/b.test.yaml'));
    assert.ok(!matches(['*.test.yaml'], 'infra/a/b.yaml'));
  });

  it('anchors patterns with a slash at the current directory', () => {
    assert.ok(matches(['test/fixtures'], 'test/fixtures'));
    assert.ok(matches(['test/fixtures'], 'test/fixtures/cli/a.yaml'));
    assert.ok(!matches(['test/fixtures'], 'src/test/fixtures'));
    assert.ok(matches(['./infra/*.json'], 'infra/a.json'));
    assert.ok(!matches(['infra/*.json'], 'infra/sub/a.json'));
  });

  it('supports **, ?, [..] and {a,b}', () => {
    assert.ok(matches(['**/legacy/**'], 'legacy'));
    assert.ok(matches(['**/legacy/**'], 'a/b/legacy/c.yaml'));
    assert.ok(matches(['infra/**/*.json'], 'infra/a.json'));
    assert.ok(matches(['infra/**/*.json'], 'infra/x/y/a.json'));
    assert.ok(matches(['stack-?.yaml'], 'stack-1.yaml'));
    assert.ok(!matches(['stack-?.yaml'], 'stack-12.yaml'));
    assert.ok(matches(['stack-[ab].yaml'], 'x/stack-b.yaml'));
    assert.ok(!matches(['stack-[!ab].yaml'], 'stack-a.yaml'));
    assert.ok(matches(['*.{yml,yaml}'], 'a.yml'));
    assert.ok(!matches(['*.{yml,yaml}'], 'a.json'));
    assert.ok(matches(['odd{name'], 'odd{name'));
  });

  it('matches nothing without patterns, and escapes regular expression characters', () => {
    assert.ok(!matches([], 'a.yaml'));
    assert.ok(matches(['a+b(1).yaml'], 'a+b(1).yaml'));
    assert.ok(!matches(['a.yaml'], 'axyaml'));
  });
});
