/**
 * Three-valued answers for the S3, DynamoDB and CloudFormation rules: yes, no, or "cannot be known before
 * deployment" (with where and why), combined over `!If` branches and list items.
 */
import { branches, describeUnknown } from '../../template/evaluate';
import type { TemplateNode } from '../../template/model';

export type Verdict<D = undefined> =
  | { readonly kind: 'yes' }
  | { readonly kind: 'maybe'; readonly node: TemplateNode; readonly reason: string }
  /** `detail` says what is missing, when the rule has something more specific to report. */
  | { readonly kind: 'no'; readonly detail?: D };

export const YES = { kind: 'yes' } as const;
export const NO = { kind: 'no' } as const;

export function maybe(node: TemplateNode, reason = describeUnknown(node)): Verdict<never> {
  return { kind: 'maybe', node, reason };
}

/** No when one is no (the first with a detail, if any); else maybe when one is maybe; else yes. */
export function allOf<D>(verdicts: Iterable<Verdict<D>>): Verdict<D> {
  let unknown: Verdict<D> | undefined;
  let no: Verdict<D> | undefined;
  for (const v of verdicts) {
    if (v.kind === 'no') {
      if (v.detail !== undefined) return v;
      no ??= v;
    } else if (v.kind === 'maybe') unknown ??= v;
  }
  return no ?? unknown ?? YES;
}

/** Yes when one is yes; else maybe when one is maybe; else no (with the first detail found). */
export function anyOf<D>(verdicts: Iterable<Verdict<D>>): Verdict<D> {
  let unknown: Verdict<D> | undefined;
  let no: Extract<Verdict<D>, { kind: 'no' }> | undefined;
  for (const v of verdicts) {
    if (v.kind === 'yes') return v;
    if (v.kind === 'maybe') unknown ??= v;
    else if (no?.detail === undefined) no = v;
  }
  return unknown ?? no ?? NO;
}

/**
 * Whether some item of a list satisfies `judge` in every deployment: an item under `!If` counts only when
 * it satisfies `judge` in both branches (`Ref AWS::NoValue` removes the item), since each deployment
 * gets one branch. An item computed at deploy time is judged by `judge` (usually "maybe").
 */
export function someItem<D>(items: readonly TemplateNode[], judge: (item: TemplateNode) => Verdict<D>): Verdict<D> {
  return anyOf(items.map((item) => allOf(branches(item).map((b): Verdict<D> => (b === undefined ? NO : judge(b))))));
}
