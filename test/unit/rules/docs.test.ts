/** The rule pages the diagnostics link to are generated from the rule declarations; the committed copies must match. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleMarkdown, rulesIndexMarkdown } from '../../../src/core/rules/docs';
import { RULES } from '../../../src/core/rules/registry';

const DOCS = path.join(__dirname, '..', '..', '..', '..', 'docs', 'rules');

describe('rule documentation pages', () => {
  it('exist for every rule and match its declaration (run `npm run build` to regenerate)', () => {
    for (const rule of RULES) {
      const file = path.join(DOCS, `${rule.id}.md`);
      assert.ok(fs.existsSync(file), `missing ${file}`);
      assert.equal(fs.readFileSync(file, 'utf8'), ruleMarkdown(rule), `${rule.id}.md is out of date`);
    }
    assert.equal(fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8'), rulesIndexMarkdown(RULES));
  });

  it('agree with the README\'s Rules section: the count, and each rule once under its control', () => {
    const readme = fs.readFileSync(path.join(DOCS, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Rules\n'), readme.indexOf('\n## ', readme.indexOf('\n## Rules\n') + 1));
    assert.match(section, new RegExp(`\\n${RULES.length} rules, one file each`));
    const listed = [...section.matchAll(/^\| ([A-Z0-9-]+) \| (.+) \|$/gm)].filter((m) => m[1] !== 'Control' && m[1] !== '---').flatMap((m) => m[2].split(', ').map((id) => `${m[1]} ${id}`));
    assert.deepEqual(listed.sort(), RULES.map((r) => `${r.control} ${r.id}`).sort());
  });

  it('give every rule a distinct id, a title, a rationale, a remedy and an AWS reference', () => {
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
    for (const r of RULES) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.title && r.rationale && r.remedy, r.id);
      assert.match(r.reference, /^https:\/\/docs\.aws\.amazon\.com\//, r.id);
    }
  });
});
