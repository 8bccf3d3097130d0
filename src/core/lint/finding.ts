import type { ControlId } from '../sop/catalog';
import type { Fix, Severity } from '../rules/rule';
import type { SourceRange } from '../template/model';

/**
 * One thing SOP Lens reports about a template. Plain data, so it can cross a worker boundary and be
 * written as JSON or SARIF as it is.
 */
export interface Finding {
  readonly ruleId: string;
  /** Absent for findings about the file itself (a syntax error, a suppression without a reason). */
  readonly control: ControlId | undefined;
  readonly severity: Severity;
  /** Starts with the control id, e.g. "ACCT-001: CloudTrail trail is not multi-region". */
  readonly message: string;
  readonly kind: 'violation' | 'undecided' | 'parse' | 'suppression';
  readonly resource: string | undefined;
  /** Dotted property path inside the resource, e.g. "Properties.IsMultiRegionTrail". */
  readonly path: string | undefined;
  readonly range: SourceRange;
  /** 1-based, as editors and SARIF count. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fix: Fix | undefined;
  /** Set when a reviewed `sop-lens` suppression in the template covers this finding. */
  readonly suppressed: { readonly reason: string } | undefined;
}

export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
