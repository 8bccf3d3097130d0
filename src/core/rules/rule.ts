/**
 * What a rule is: one small declarative unit that names its SOP control, says why it matters and how
 * to fix it, and checks resources through a `RuleContext`. Rules never see the YAML library.
 */
import type { ControlId } from '../sop/catalog';
import type { Lookup, ScalarOutcome } from '../template/evaluate';
import type { Resource, SourceRange, Template, TemplateNode } from '../template/model';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A deterministic fix: text edits to the source, applied together. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface RuleOption {
  readonly description: string;
  readonly default: number | string | boolean;
}

export interface Rule {
  /** Part of the CLI's contract: stable, kebab-case. */
  readonly id: string;
  readonly control: ControlId;
  /** A short statement of what is required, e.g. "CloudTrail trails record every region". */
  readonly title: string;
  readonly severity: Severity;
  /** Why the SOP asks for it. */
  readonly rationale: string;
  /** What to change, in a sentence or two. */
  readonly remedy: string;
  /** The resource types whose resources `checkResource` is called for. */
  readonly resourceTypes: readonly string[];
  /** AWS documentation of the resource or property the rule reads. */
  readonly reference: string;
  readonly options?: Readonly<Record<string, RuleOption>>;
  checkResource?(resource: Resource, ctx: RuleContext): void;
  /** For rules about the template as a whole (e.g. "a VPC without a flow log anywhere"). */
  checkTemplate?(ctx: RuleContext): void;
}

export interface Report {
  readonly resource?: Resource;
  /** What to underline: a node, a raw range, or the outcome of a property lookup. */
  readonly at: TemplateNode | SourceRange | Lookup | ScalarOutcome;
  readonly message: string;
  /** Property path inside the resource, e.g. ['Properties', 'IsMultiRegionTrail']. */
  readonly path?: readonly (string | number)[];
  /** The fix, or a function that builds it: fixes are rendered only when someone asks for them. */
  readonly fix?: Fix | (() => Fix | undefined);
  /**
   * The value is only known at deploy time. Reported as information that the rule cannot decide,
   * never as a pass or a fail.
   */
  readonly undecided?: boolean;
  /**
   * For the informational findings of a rule that otherwise reports violations (e.g. "this kind of API
   * cannot take a web ACL"): the finding is reported at this severity or at the rule's configured
   * severity, whichever is lower.
   */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly template: Template;
  /** This rule's options, defaults filled in. */
  readonly options: Readonly<Record<string, number | string | boolean>>;
  report(report: Report): void;
  /** Outcomes of `resource.Properties.<path>`, through both branches of every `!If`. */
  property(resource: Resource, ...path: (string | number)[]): Lookup[];
  /** Scalar outcomes of `resource.Properties.<path>`, parameter defaults and mappings resolved. */
  scalars(resource: Resource, ...path: (string | number)[]): ScalarOutcome[];
  scalarsOf(node: TemplateNode | undefined, anchor: TemplateNode): ScalarOutcome[];
  /** The resource a `Ref`, `!GetAtt` or single-variable `!Sub` names, if it is in this template. */
  targetOf(node: TemplateNode | undefined): Resource | undefined;
  resourcesOfType(...types: string[]): readonly Resource[];
  /**
   * A value computed once per template and shared by every rule (e.g. which policy belongs to which
   * bucket), so cross-resource rules stay linear in the size of the template.
   */
  memo<T>(key: string, compute: () => T): T;
  /**
   * `derive(node, this)`, computed once per lint and shared by every rule that asks for it (the statements
   * of a policy document, say). `derive` is a module-level function: it is the memo's key with `node`. It
   * reads through the context it is given but never reports, and no rule changes the value it returns.
   */
  derived<N extends object, T>(node: N, derive: (node: N, ctx: RuleContext) => T): T;
  /** The same context with its reports handed to `sink` instead of becoming findings (to merge or drop some first). */
  reportingTo(sink: (report: Report) => void): RuleContext;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
