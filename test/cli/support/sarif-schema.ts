/**
 * The SARIF 2.1.0 JSON schema, for validating the CLI's SARIF output. Nothing is downloaded: the schema
 * comes from the first of these that exists:
 *   1. the file named by SOP_LENS_SARIF_SCHEMA,
 *   2. test/fixtures/cli/sarif-schema-2.1.0.json (the official OASIS file, if vendored),
 *   3. the npm package @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json, published by Microsoft's
 *      sarif-js-sdk), when it is installed as a devDependency.
 * The published schemas declare draft-04 (OASIS, rtm.5) or 2020-12 (sarif-sdk) but use only keywords
 * that mean the same in draft-07, so Ajv's default draft-07 validator checks them once `$schema`/`id`
 * are dropped. Ajv knows no formats without ajv-formats, so the four the schema uses are defined here.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from './paths';

export interface SarifSchema {
  readonly source: string;
  readonly schema: Record<string, unknown>;
}

export function findSarifSchema(): SarifSchema | undefined {
  const candidates: string[] = [];
  if (process.env.SOP_LENS_SARIF_SCHEMA) candidates.push(path.resolve(process.env.SOP_LENS_SARIF_SCHEMA));
  candidates.push(path.join(FIXTURES, 'sarif-schema-2.1.0.json'));
  try {
    candidates.push(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
  } catch {
    // not installed
  }
  for (const file of candidates) {
    if (fs.existsSync(file)) return { source: file, schema: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> };
  }
  return undefined;
}

export const NO_SCHEMA_MESSAGE =
  'No SARIF 2.1.0 schema available to validate against: add the devDependency @microsoft/jest-sarif, ' +
  'vendor the official OASIS sarif-schema-2.1.0.json as test/fixtures/cli/sarif-schema-2.1.0.json, ' +
  'or point SOP_LENS_SARIF_SCHEMA at a copy.';

export function compileSarifValidator(schema: Record<string, unknown>): ValidateFunction {
  const body = { ...schema };
  delete body.$schema;
  delete body.id;
  delete body.$id;
  // unicodeRegExp: false because the official schema's `language` pattern has a stray `]`, which is
  // literal in JavaScript's non-Unicode regular expressions (as in the .NET validator) but an error in /u.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/[\s\\]/.test(s) && URL.canParse(s, 'https://base.invalid/'));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv.compile(body);
}

/** Asserts `log` is valid SARIF 2.1.0; throws with Ajv's errors if not, or if no schema is available. */
export function assertValidSarif(log: unknown): string {
  const found = findSarifSchema();
  if (!found) throw new Error(NO_SCHEMA_MESSAGE);
  const validate = compileSarifValidator(found.schema);
  if (!validate(log)) throw new Error(`SARIF output does not match ${found.source}:\n${JSON.stringify(validate.errors, null, 2)}`);
  return found.source;
}
