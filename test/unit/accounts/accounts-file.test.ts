/** `.sop/accounts.yaml`: the parser, its problems and positions, the starter file, and agreement with the JSON schema. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parseAccountsFile, renderAccountsFile, type AccountsFileProblemCode } from '../../../src/core/accounts/accounts-file';
import type { Account } from '../../../src/core/accounts/model';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'unit', 'accounts', 'fixtures');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'accounts.schema.json'), 'utf8')) as object;

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
const validate = ajv.compile(SCHEMA);
const schemaAccepts = (text: string): boolean => validate(parse(text)) === true;
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** A file with one account whose lines after `access:` are `access` (indented six spaces). */
function withAccount(account: string): string {
  return `version: 1\naccounts:\n  - name: Test\n${account.replace(/^/gm, '    ')}\n`;
}

const ROLE = 'access: { roleArn: "arn:aws:iam::111111111111:role/OperatorAccess" }';

/** Files the parser and the schema must both accept or both refuse, with the problem the parser reports. */
const CASES: { name: string; text: string; problem?: AccountsFileProblemCode; line?: number }[] = [
  { name: 'the minimal fixture', text: fixture('minimal.accounts.yaml') },
  { name: 'the full fixture', text: fixture('full.accounts.yaml') },
  { name: 'the AWS test backend\'s accounts file', text: fs.readFileSync(path.join(ROOT, 'test', 'aws-backend', 'fixtures', 'accounts-file.yaml'), 'utf8') },
  { name: 'an empty account list', text: 'version: 1\naccounts: []\n' },
  { name: 'a missing version', text: 'accounts: []\n', problem: 'missing-key', line: 1 },
  { name: 'version 2', text: 'version: 2\naccounts: []\n', problem: 'bad-version', line: 1 },
  { name: 'a missing account list', text: 'version: 1\n', problem: 'missing-key', line: 1 },
  { name: 'an unknown top-level key', text: 'version: 1\naccounts: []\nacounts: []\n', problem: 'unknown-key', line: 3 },
  { name: 'an unquoted account id', text: withAccount(`id: 111111111111\n${ROLE}`), problem: 'bad-account-id', line: 4 },
  { name: 'an 11-digit account id', text: withAccount(`id: "11111111111"\n${ROLE}`), problem: 'bad-account-id', line: 4 },
  { name: 'a missing access', text: withAccount('id: "111111111111"'), problem: 'missing-key', line: 3 },
  { name: 'a missing name', text: `version: 1\naccounts:\n  - id: "111111111111"\n    ${ROLE}\n`, problem: 'missing-key', line: 3 },
  { name: 'an empty access', text: withAccount('id: "111111111111"\naccess: { }'), problem: 'missing-access', line: 5 },
  { name: 'two ways in', text: withAccount('id: "111111111111"\naccess: { roleArn: "arn:aws:iam::111111111111:role/A", profile: x }'), problem: 'ambiguous-access', line: 5 },
  { name: 'an unknown key in access', text: withAccount('id: "111111111111"\naccess: { roleArn: "arn:aws:iam::111111111111:role/A", mfa: x }'), problem: 'unknown-key', line: 5 },
  { name: 'mfaSerial beside profile', text: withAccount('id: "111111111111"\naccess: { profile: x, mfaSerial: "arn:aws:iam::999999999999:mfa/alice" }'), problem: 'unknown-key', line: 5 },
  { name: 'a malformed role ARN', text: withAccount('id: "111111111111"\naccess: { roleArn: "arn:aws:iam::1111:role/A" }'), problem: 'bad-value', line: 5 },
  { name: 'a user ARN as role', text: withAccount('id: "111111111111"\naccess: { roleArn: "arn:aws:iam::111111111111:user/alice" }'), problem: 'bad-value', line: 5 },
  { name: 'a duration beyond 12 hours', text: withAccount('id: "111111111111"\naccess: { roleArn: "arn:aws:iam::111111111111:role/A", durationSeconds: 50000 }'), problem: 'bad-value', line: 5 },
  { name: 'a duration that is not a number', text: withAccount('id: "111111111111"\naccess: { roleArn: "arn:aws:iam::111111111111:role/A", durationSeconds: 1h }'), problem: 'bad-value', line: 5 },
  { name: 'via that is not a list', text: withAccount('id: "111111111111"\naccess: { roleArn: "arn:aws:iam::111111111111:role/A", via: "arn:aws:iam::999999999999:role/H" }'), problem: 'bad-value', line: 5 },
  { name: 'sso without roleName', text: withAccount('id: "111111111111"\naccess: { sso: { startUrl: "https://x.awsapps.com/start", region: us-east-1 } }'), problem: 'missing-key', line: 5 },
  { name: 'sso with an http start URL', text: withAccount('id: "111111111111"\naccess: { sso: { startUrl: "http://x.awsapps.com/start", region: us-east-1, roleName: R } }'), problem: 'bad-value', line: 5 },
  { name: 'a misspelled region', text: withAccount(`id: "111111111111"\n${ROLE}\nregions: [us-east-1, eu-west]`), problem: 'bad-value', line: 6 },
  { name: 'an e-mail address as a domain', text: withAccount(`id: "111111111111"\n${ROLE}\ncontacts: { emailDomains: [ops@acme.example] }`), problem: 'bad-value', line: 6 },
  { name: 'a phone prefix without +', text: withAccount(`id: "111111111111"\n${ROLE}\ncontacts: { phonePrefixes: ["44 20"] }`), problem: 'bad-value', line: 6 },
  { name: 'an unknown contacts key', text: withAccount(`id: "111111111111"\n${ROLE}\ncontacts: { emails: [acme.example] }`), problem: 'unknown-key', line: 6 },
  { name: 'a tag with a list value', text: withAccount(`id: "111111111111"\n${ROLE}\ntags: { customer: [a, b] }`), problem: 'bad-value', line: 6 },
  { name: 'an unknown account key', text: withAccount(`id: "111111111111"\n${ROLE}\nregion: us-east-1`), problem: 'unknown-key', line: 6 },
  { name: 'an unknown defaults key', text: 'version: 1\ndefaults: { sourceProfile: hub }\naccounts: []\n', problem: 'unknown-key', line: 2 },
  { name: 'an organizations role name with a slash', text: 'version: 1\naccounts: []\norganizations: { roleName: a/b }\n', problem: 'bad-value', line: 3 },
];

describe('accounts file', () => {
  describe('parser and schema agree', () => {
    for (const c of CASES) {
      it(`${c.problem ? 'refuse' : 'accept'} ${c.name}`, () => {
        const parsed = parseAccountsFile(c.text);
        assert.equal(schemaAccepts(c.text), !c.problem, `schema on ${c.name}: ${ajv.errorsText(validate.errors)}`);
        if (!c.problem) {
          assert.deepEqual(parsed.problems, []);
          return;
        }
        assert.ok(parsed.problems.length >= 1, 'the parser reports a problem');
        const first = parsed.problems[0];
        assert.equal(first.code, c.problem, first.message);
        assert.equal(first.line, c.line, `line of: ${first.message}`);
        assert.equal(parsed.accounts.length, 0, 'an account with a problem is left out');
      });
    }
  });

  it('reads every way in, applies defaults and merges tags', () => {
    const { accounts, organizations, problems } = parseAccountsFile(fixture('full.accounts.yaml'), '/ws/.sop/accounts.yaml');
    assert.deepEqual(problems, []);
    assert.deepEqual(organizations, { profile: 'management', roleName: 'OrganizationAccountAccessRole' });
    const [prod, audit, sandbox] = accounts;
    assert.deepEqual(prod.access, {
      kind: 'assume-role',
      roleArn: 'arn:aws:iam::111111111111:role/OperatorAccess',
      sourceProfile: 'hub',
      mfaSerial: 'arn:aws:iam::999999999999:mfa/alice',
      via: ['arn:aws:iam::999999999999:role/HubOperator'],
      durationSeconds: 3600,
      externalId: 'acme-ops-2024',
    });
    assert.deepEqual(prod.regions, ['eu-west-1'], 'own regions win over defaults');
    assert.deepEqual(prod.contacts, { emailDomains: ['acme-corp.example'], phonePrefixes: ['+44 20'] }, 'contacts merge field by field');
    assert.deepEqual(prod.tags, { team: 'cloud-ops', customer: 'Acme', environment: 'production' });
    assert.deepEqual(prod.declaredAt, { file: '/ws/.sop/accounts.yaml', line: 9 });
    assert.equal(prod.origin, 'accounts-file');
    assert.deepEqual(audit.access, { kind: 'sso', startUrl: 'https://sop-lens-demo.awsapps.com/start', ssoRegion: 'us-east-1', roleName: 'AuditRole', sessionName: 'demo' });
    assert.deepEqual(audit.regions, ['us-east-1', 'eu-west-1'], 'default regions');
    assert.equal(audit.tags.tier, '2', 'a numeric tag value becomes text');
    assert.deepEqual(sandbox.access, { kind: 'profile', profile: 'globex-sandbox' });
    assert.equal(sandbox.homeRegion, 'us-east-1');
  });

  it('keeps the good accounts when another one has a problem', () => {
    const text = `version: 1\naccounts:\n  - name: Good\n    id: "111111111111"\n    ${ROLE}\n  - name: Bad\n    id: "12"\n    ${ROLE}\n`;
    const parsed = parseAccountsFile(text);
    assert.deepEqual(parsed.accounts.map((a) => a.name), ['Good']);
    assert.deepEqual(parsed.problems.map((p) => [p.code, p.line, p.path]), [['bad-account-id', 7, 'accounts[1].id']]);
  });

  it('says a quoted-less id with a leading zero loses it', () => {
    const parsed = parseAccountsFile(withAccount(`id: 012345678901\n${ROLE}`));
    assert.match(parsed.problems[0].message, /Quote the account id \("012345678901"\).*leading zero/);
    assert.equal(parsed.problems[0].column, 9);
  });

  it('refuses a target role in another account, and a repeated entry (what the schema cannot say)', () => {
    const mismatch = parseAccountsFile(withAccount('id: "222222222222"\naccess: { roleArn: "arn:aws:iam::111111111111:role/OperatorAccess" }'));
    assert.equal(mismatch.problems[0].code, 'account-mismatch');
    assert.match(mismatch.problems[0].message, /account 111111111111.*222222222222.*via/);
    const entry = `  - name: A\n    id: "111111111111"\n    ${ROLE}\n`;
    const twice = parseAccountsFile(`version: 1\naccounts:\n${entry}${entry.replace('name: A', 'name: B')}`);
    assert.deepEqual(twice.problems.map((p) => [p.code, p.line]), [['duplicate-account', 6]]);
    assert.equal(twice.accounts.length, 1);
  });

  it('reports YAML syntax errors with their line, and duplicate keys', () => {
    const syntax = parseAccountsFile('version: 1\naccounts:\n  - name: [unclosed\n');
    assert.equal(syntax.problems[0].code, 'syntax');
    assert.ok(syntax.problems[0].line >= 3);
    const duplicate = parseAccountsFile('version: 1\naccounts: []\nversion: 1\n');
    assert.deepEqual(duplicate.problems.map((p) => [p.code, p.line]), [['syntax', 3]]);
    assert.equal(parseAccountsFile('').problems[0].code, 'missing-key');
  });

  describe('starter file', () => {
    const accounts: Account[] = [
      { id: '111111111111', name: 'acme-prod', origin: 'aws-config', tags: { profile: 'acme-prod' }, access: { kind: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/OperatorAccess', sourceProfile: 'hub', mfaSerial: 'arn:aws:iam::999999999999:mfa/alice' } },
      { id: '022222222222', name: 'audit: "quoted"', origin: 'aws-config', tags: {}, access: { kind: 'sso', startUrl: 'https://x.awsapps.com/start', ssoRegion: 'eu-west-1', roleName: 'AuditRole', sessionName: 'x' } },
      { id: '333333333333', name: 'sandbox', origin: 'aws-config', tags: {}, regions: ['eu-west-1'], contacts: { emailDomains: ['acme.example'], phonePrefixes: ['+44 20'] }, access: { kind: 'profile', profile: 'sandbox' } },
    ];

    it('round-trips through the parser and passes the schema', () => {
      const text = renderAccountsFile(accounts);
      assert.ok(schemaAccepts(text), ajv.errorsText(validate.errors));
      const parsed = parseAccountsFile(text);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(
        parsed.accounts.map(({ declaredAt: _d, origin: _o, ...rest }) => rest),
        accounts.map(({ origin: _o, ...rest }) => rest),
      );
      assert.match(text, /^# SOP Lens accounts/);
      assert.match(text, /# organizations:/, 'explains Organizations discovery in a comment');
      assert.match(text, /id: "022222222222"/, 'ids stay quoted, leading zero included');
    });

    it('without accounts is still a valid file, with a commented example', () => {
      const text = renderAccountsFile([]);
      assert.ok(schemaAccepts(text));
      assert.deepEqual(parseAccountsFile(text), { accounts: [], problems: [] });
      assert.match(text, /# {3}- name: Acme production/);
    });
  });
});
