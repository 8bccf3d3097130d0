/** Telling AWS managed KMS keys (`alias/aws/<service>`) from customer managed ones in a key property. */
import type { TemplateNode } from '../../template/model';
import type { RuleContext } from '../rule';
import { partsText, stringParts } from './string-parts';

export type KeyVerdict =
  | { readonly kind: 'aws-managed'; readonly alias: string }
  | { readonly kind: 'customer' }
  | { readonly kind: 'unknown'; readonly reason: string };

const AWS_ALIAS = /(?:^|[:/])(alias\/aws\/[A-Za-z0-9_./-]*)/;

/**
 * What a key id, key ARN, alias name or alias ARN names, for each `!If` branch. An AWS managed key is named
 * by its reserved alias `alias/aws/<service>`; any other key id or ARN, and any reference to a key or alias of
 * the template, is taken to be a customer managed key (an AWS managed key is not written by its key id).
 * An alias whose name comes from a parameter without a Default, or a value known only at deploy time, is unknown.
 */
export function keyVerdicts(ctx: RuleContext, node: TemplateNode): KeyVerdict[] {
  return stringParts(ctx, node).map((parts): KeyVerdict => {
    const text = partsText(parts);
    const alias = AWS_ALIAS.exec(text);
    if (alias) return { kind: 'aws-managed', alias: alias[1] };
    const firstUnknown = parts.findIndex((p) => p.kind === 'unknown');
    if (firstUnknown < 0) return { kind: 'customer' };
    const unknown = parts[firstUnknown] as { reason: string };
    const before = partsText(parts.slice(0, firstUnknown));
    // Wholly unknown, or an alias whose name is unknown: it may be an AWS managed alias.
    if (parts.length === 1 || /(^|[:/])alias\/$/.test(before) || /(^|[:/])alias\/aws\/?$/.test(before)) return { kind: 'unknown', reason: unknown.reason };
    return { kind: 'customer' };
  });
}
