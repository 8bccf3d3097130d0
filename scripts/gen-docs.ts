// Writes docs/rules/*.md from the rule declarations. Run by scripts/build.mjs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../src/core/rules/registry';
import { META_RULES } from '../src/core/lint/meta-rules';
import { ruleMarkdown, rulesIndexMarkdown, metaRuleMarkdown } from '../src/core/rules/docs';

const dir = path.join(process.argv[2] ?? '.', 'docs', 'rules');
fs.mkdirSync(dir, { recursive: true });
for (const rule of RULES) fs.writeFileSync(path.join(dir, `${rule.id}.md`), ruleMarkdown(rule));
for (const meta of META_RULES) fs.writeFileSync(path.join(dir, `${meta.id}.md`), metaRuleMarkdown(meta));
fs.writeFileSync(path.join(dir, 'README.md'), rulesIndexMarkdown(RULES));
