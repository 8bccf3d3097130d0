/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, every rule that ran described
 * in `tool.driver.rules` (with its SOP control, rationale, remedy and AWS reference), one result per
 * finding. Suppressed findings stay in the log as results with an in-source suppression, so reviewers
 * can audit them; `partialFingerprints` do not depend on line numbers, so alerts survive edits above them.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../core/rules/rule';
import { control as controlOf, isControlId } from '../core/sop/catalog';
import type { ActiveRule, LintReport, ReportFinding } from './report';
import { HOMEPAGE } from './version';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'sopLensFinding/v1';

type Level = 'error' | 'warning' | 'note';
type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: Level };
  properties: { [key: string]: Json };
}

const TEMPLATE_ANATOMY = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html';

/** Findings about the file rather than an SOP control: described like rules so every result has one. */
const FILE_RULES: readonly { id: string; title: string; description: string; remedy: string; severity: Severity; helpUri: string; tag: string }[] = [
  {
    id: 'parse-error',
    title: 'The template parses as CloudFormation',
    description: 'A template that is not valid YAML or JSON, or lacks the structure CloudFormation requires, cannot be checked against the SOP (and would not deploy).',
    remedy: 'Fix the syntax or structure error at the reported position.',
    severity: 'error',
    helpUri: TEMPLATE_ANATOMY,
    tag: 'parse',
  },
  {
    id: 'duplicate-key',
    title: 'Keys are not repeated',
    description: 'When a key appears twice in the same map, CloudFormation keeps only one of the values, so the template does not say what it seems to.',
    remedy: 'Remove or merge the repeated key.',
    severity: 'error',
    helpUri: TEMPLATE_ANATOMY,
    tag: 'parse',
  },
  {
    id: 'parse-limit',
    title: 'The template stays within analysis limits',
    description: 'Very deep nesting or very many YAML aliases are not analysed in full, so part of the template was not checked.',
    remedy: 'Flatten the template or reduce the use of YAML aliases.',
    severity: 'warning',
    helpUri: TEMPLATE_ANATOMY,
    tag: 'parse',
  },
  {
    id: 'null-value',
    title: 'Values are not left empty',
    description: 'CloudFormation rejects a template holding a null value (a key with no value, `null` or `~`, an empty list item); the rules treat it as not set.',
    remedy: 'Give the key a value, or remove it.',
    severity: 'error',
    helpUri: TEMPLATE_ANATOMY,
    tag: 'parse',
  },
  {
    id: 'invalid-policy-json',
    title: 'Policy documents written as strings are JSON',
    description: 'A policy document given as a string (or a Fn::Sub) must be JSON; CloudFormation rejects one that is not, and the rules cannot read it.',
    remedy: 'Correct the JSON at the reported position, or write the document as a map.',
    severity: 'error',
    helpUri: TEMPLATE_ANATOMY,
    tag: 'parse',
  },
  {
    id: 'suppression-reason-missing',
    title: 'Suppressions give a reason',
    description: 'A `sop-lens` suppression without a reason is ignored: the reason is what a reviewer checks.',
    remedy: 'Add `reason:` to the suppression, saying why the SOP does not apply here.',
    severity: 'warning',
    helpUri: HOMEPAGE,
    tag: 'suppression',
  },
  {
    id: 'suppression-unknown-rule',
    title: 'Suppressions name existing rules',
    description: 'A suppression naming a rule that does not exist has no effect; usually the rule id is misspelt.',
    remedy: 'Use the id of a rule listed by `sop-lens rules`.',
    severity: 'warning',
    helpUri: HOMEPAGE,
    tag: 'suppression',
  },
  {
    id: 'suppression-malformed',
    title: 'Suppressions are well formed',
    description: '`Metadata.sop-lens.suppress` must be a list of `{ rule, reason }` entries; anything else is ignored.',
    remedy: 'Write the suppression as a list item with `rule:` and `reason:`.',
    severity: 'warning',
    helpUri: HOMEPAGE,
    tag: 'suppression',
  },
];

const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning ranks security alerts by this score: high, medium, low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', info: '2.0' };

export function sarifRules(rules: readonly ActiveRule[]): SarifRule[] {
  const out: SarifRule[] = rules.map(({ rule, severity }) => {
    const ctl = isControlId(rule.control) ? controlOf(rule.control) : undefined;
    const controlLine = ctl ? `SOP control ${rule.control} (${ctl.title}): ${ctl.summary}` : `SOP control ${rule.control}.`;
    const controlMarkdown = ctl ? `**SOP control ${rule.control}** (${ctl.title}): ${ctl.summary}` : `**SOP control ${rule.control}**`;
    return {
      id: rule.id,
      name: pascalCase(rule.id),
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.rationale },
      help: {
        text: `${rule.remedy}\n\n${controlLine}\n\nAWS reference: ${rule.reference}`,
        markdown: `${rule.remedy}\n\n${controlMarkdown}\n\n[AWS reference](${rule.reference})`,
      },
      helpUri: rule.reference,
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { control: rule.control, tags: ['security', rule.control], 'security-severity': SECURITY_SEVERITY[severity] },
    };
  });
  for (const r of FILE_RULES) {
    out.push({
      id: r.id,
      name: pascalCase(r.id),
      shortDescription: { text: r.title },
      fullDescription: { text: r.description },
      help: { text: r.remedy, markdown: r.remedy },
      helpUri: r.helpUri,
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: { tags: [r.tag] },
    });
  }
  return out;
}

export function toSarif(report: LintReport): { [key: string]: Json } {
  const rules = sarifRules(report.rules);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const occurrences = new Map<string, number>();
  const results = report.findings.map((f): Json => {
    const ruleIndex = index.get(f.ruleId);
    if (ruleIndex === undefined) throw new Error(`SARIF: finding of undescribed rule ${f.ruleId}`);
    const hash = fingerprint(f);
    const seen = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, seen);
    return {
      ruleId: f.ruleId,
      ruleIndex,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(f.file),
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
          logicalLocations: f.resource !== null ? [{ name: f.resource, fullyQualifiedName: `Resources.${f.resource}`, kind: 'resource' }] : undefined,
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: seen === 1 ? hash : `${hash}:${seen}` },
      suppressions: f.suppressed ? [{ kind: 'inSource', justification: f.suppressed.reason }] : undefined,
      properties: { control: f.control ?? undefined, kind: f.kind, path: f.path ?? undefined },
    };
  });
  const failures = report.outcomes.flatMap((o) => (o.status === 'error' ? [o] : []));
  const sarif = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'SOP Lens', version: report.version, semanticVersion: report.version, informationUri: HOMEPAGE, rules },
        },
        invocations: [
          {
            executionSuccessful: failures.length === 0,
            toolExecutionNotifications: failures.map((o) => ({
              level: 'error',
              message: { text: `${o.file}: ${o.error}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(o.file) } }],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.parse(JSON.stringify(sarif)) as { [key: string]: Json };
}

export function formatSarif(report: LintReport): string {
  return JSON.stringify(toSarif(report), null, 2) + '\n';
}

/** A hash of what identifies a finding apart from where it is: rule, file, resource and property path. */
export function fingerprint(f: Pick<ReportFinding, 'ruleId' | 'file' | 'resource' | 'path'>): string {
  return createHash('sha256').update([f.ruleId, f.file, f.resource ?? '', f.path ?? ''].join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * Paths relative to the current directory resolve against %SRCROOT% (the checkout, when the CLI runs at
 * its root). Only a file on another Windows drive has no relative path: it becomes a file: URI.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (/^[a-zA-Z]:\//.test(file)) return { uri: `file:///${encodePath(file)}` };
  const uri = encodePath(file);
  // A colon in the first segment would read as a URI scheme.
  return { uri: /^[^/]*:/.test(uri) ? `./${uri}` : uri, uriBaseId: SRCROOT };
}

function encodePath(p: string): string {
  return encodeURI(p).replace(/[?#]/g, (c) => encodeURIComponent(c));
}

function pascalCase(id: string): string {
  return id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
