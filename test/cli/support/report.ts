/** Synthetic reports for the formatter tests: independent of the templates and of the rule set. */
import { defineRule } from '../../../src/core/rules/rule';
import { type ActiveRule, type FileOutcome, type LintReport, type ReportFinding, buildReport } from '../../../src/cli/report';

export const TRAIL_RULE = defineRule({
  id: 'test-trail-multi-region',
  control: 'ACCT-001',
  title: 'Trails record every region',
  severity: 'error',
  rationale: 'A single-region trail misses activity elsewhere.',
  remedy: 'Set `IsMultiRegionTrail: true`.',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html',
});

export const BUCKET_RULE = defineRule({
  id: 'test-bucket-versioning',
  control: 'SEC-S3',
  title: 'Buckets keep object versions',
  severity: 'warning',
  rationale: 'Versions let you recover from overwrites.',
  remedy: 'Enable versioning.',
  resourceTypes: ['AWS::S3::Bucket'],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html',
});

export const ACTIVE_RULES: readonly ActiveRule[] = [
  { rule: TRAIL_RULE, severity: 'error' },
  { rule: BUCKET_RULE, severity: 'warning' },
];

export function finding({ file, ...overrides }: Partial<ReportFinding> & Pick<ReportFinding, 'file'>): ReportFinding {
  return {
    file,
    ruleId: TRAIL_RULE.id,
    control: 'ACCT-001',
    severity: 'error',
    resource: 'Trail',
    path: 'Properties.IsMultiRegionTrail',
    line: 7,
    column: 27,
    endLine: 7,
    endColumn: 32,
    message: 'ACCT-001: CloudTrail trail is not multi-region',
    kind: 'violation',
    suppressed: null,
    ...overrides,
  };
}

/** Groups findings into per-file outcomes and builds the report the CLI would. */
export function report(findings: readonly ReportFinding[], extra: readonly FileOutcome[] = [], rules: readonly ActiveRule[] = ACTIVE_RULES): LintReport {
  const byFile = new Map<string, ReportFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const outcomes: FileOutcome[] = [...byFile].map(([file, list]) => ({ file, status: 'linted', findings: list }));
  return buildReport('9.9.9', rules, [...outcomes, ...extra]);
}
