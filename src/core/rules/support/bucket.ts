/**
 * S3 support for the SEC-S3 rules: which bucket policies belong to a bucket, whether a policy statement
 * is the TLS-only deny the SOP asks for, and the statement and resource the fixes add.
 */
import type { Json } from '../../fix/edits';
import { anchorOfAbsent, asBoolean, branches } from '../../template/evaluate';
import { type MapNode, type Resource, type SeqNode, type SourceRange, type TemplateNode, child, entry } from '../../template/model';
import type { RuleContext } from '../rule';
import { stringValues, wildcardPrincipal } from './policy';
import { policyDocument } from './policy-document';
import { bucketOfPolicy } from './s3';
import { NO, type Verdict, YES, allOf, anyOf, maybe, someItem } from './verdict';

/** Canned ACLs that grant access beyond the bucket owner: to everyone, or to every AWS account. */
export const PUBLIC_CANNED_ACLS: readonly string[] = ['PublicRead', 'PublicReadWrite', 'AuthenticatedRead'];

/**
 * A bucket policy of the template that may belong to `bucket` but cannot be linked to it before
 * deployment (its `Bucket` is a parameter without a default, or a literal name while the bucket's own
 * name is computed), with the reason. Undefined when every policy is accounted for.
 */
export function unresolvedPolicyFor(ctx: RuleContext, bucket: Resource): { node: TemplateNode; reason: string } | undefined {
  const unlinked = unlinkedPolicyNames(ctx);
  if (unlinked.whenOwnNameKnown === unlinked.whenOwnNameUnknown) return unlinked.whenOwnNameKnown;
  const ownNameUnknown = ctx.scalars(bucket, 'BucketName').some((o) => o.kind === 'unknown');
  return ownNameUnknown ? unlinked.whenOwnNameUnknown : unlinked.whenOwnNameKnown;
}

type Unresolved = { node: TemplateNode; reason: string } | undefined;

/**
 * The first bucket policy (in template order) that cannot be linked to its bucket, with the reason, for
 * a bucket whose own name is known and for one whose name is computed. The same for every bucket, so it
 * is worked out once per template (asking per bucket was quadratic).
 */
function unlinkedPolicyNames(ctx: RuleContext): { whenOwnNameKnown: Unresolved; whenOwnNameUnknown: Unresolved } {
  return ctx.memo('s3.unlinked-policy-names', () => {
    const deployTime = (policy: Resource, node: TemplateNode, reason: string) => ({
      node,
      reason: `bucket policy ${policy.logicalId} names its bucket by a value that is known only at deploy time (${reason})`,
    });
    // A literal name matters only to a bucket whose own name is computed; a deploy-time name to every bucket.
    let literalName: Unresolved;
    for (const policy of ctx.resourcesOfType('AWS::S3::BucketPolicy')) {
      if (bucketOfPolicy(ctx, policy)) continue;
      for (const found of ctx.property(policy, 'Bucket')) {
        if (found.kind === 'absent') continue;
        if (found.kind === 'unknown') {
          const unknown = deployTime(policy, found.node, found.reason);
          return { whenOwnNameKnown: unknown, whenOwnNameUnknown: literalName ?? unknown };
        }
        if (ctx.targetOf(found.node)) continue;
        for (const o of ctx.scalarsOf(found.node, found.node)) {
          if (o.kind === 'unknown') {
            const unknown = deployTime(policy, o.node, o.reason);
            return { whenOwnNameKnown: unknown, whenOwnNameUnknown: literalName ?? unknown };
          }
          if (o.kind === 'known') literalName ??= { node: o.node, reason: `bucket policy ${policy.logicalId} names bucket "${String(o.value)}", and this bucket's BucketName is known only at deploy time` };
        }
      }
    }
    return { whenOwnNameKnown: undefined, whenOwnNameUnknown: literalName };
  });
}

/** What a TLS-only deny statement leaves out. */
export interface TlsGap {
  readonly at: TemplateNode;
  readonly missing: string;
}

/**
 * Whether a statement is the deny the SOP asks for: `Effect: Deny`, `Principal: "*"`, `Action: s3:*`
 * (or `*`), a Condition that is only `Bool` (or `BoolIfExists`) `aws:SecureTransport: false`, and
 * Resources covering the bucket and its objects. Another condition alongside would narrow the deny.
 */
export function judgeTlsDeny(ctx: RuleContext, s: MapNode): Verdict<TlsGap> {
  // allOf over the basics, read one at a time: none says "no" with a detail, so the first "no" is the
  // answer and the rest (most statements are Allows) need not be read.
  let unknown: Verdict<TlsGap> | undefined;
  for (const requirement of TLS_DENY_BASICS) {
    const verdict = requirement(ctx, s);
    if (verdict.kind === 'no') return verdict;
    if (verdict.kind === 'maybe') unknown ??= verdict;
  }
  return unknown ?? coverage(ctx, s);
}

/** Effect Deny, Principal "*", Action s3:* (or *), and only the aws:SecureTransport false condition. */
const TLS_DENY_BASICS: readonly ((ctx: RuleContext, s: MapNode) => Verdict<TlsGap>)[] = [
  (ctx, s) => scalarIs(ctx, child(s, 'Effect'), s, (v) => v === 'Deny'),
  (ctx, s) => (wildcardPrincipal(ctx, child(s, 'Principal')) ? YES : NO),
  (ctx, s) => (stringValues(ctx, child(s, 'Action')).some((a) => a.value === '*' || a.value.toLowerCase() === 's3:*') ? YES : NO),
  (ctx, s) => secureTransportFalse(ctx, child(s, 'Condition')),
];

/** One reading of a policy document (a `!If` branch of it): does it deny requests without TLS. */
export interface TlsReading {
  readonly verdict: Verdict<TlsGap>;
  /** Where a "no" is reported: the Statement key, or the PolicyDocument key when there is no Statement. */
  readonly anchor: TemplateNode | SourceRange;
  /** The literal statement list a fix may append to. */
  readonly statements?: SeqNode;
}

export function tlsDenyReadings(ctx: RuleContext, policy: Resource): TlsReading[] {
  const out: TlsReading[] = [];
  const literalDocument = entry(policy.properties, 'PolicyDocument')?.value;
  for (const found of ctx.property(policy, 'PolicyDocument')) {
    if (found.kind === 'absent') {
      out.push({ verdict: NO, anchor: anchorOfAbsent(policy, found) });
      continue;
    }
    if (found.kind === 'unknown') {
      out.push({ verdict: maybe(found.node, found.reason), anchor: found.node });
      continue;
    }
    // A JSON string is read as the map it holds; one that is not JSON is reported once, as invalid-policy-json.
    const doc = policyDocument(ctx, found.node);
    if (!doc) continue;
    if (doc.kind !== 'map') {
      out.push({ verdict: maybe(doc, 'the policy document is not written as a map in the template'), anchor: doc });
      continue;
    }
    const statementEntry = entry(doc, 'Statement');
    if (!statementEntry) {
      out.push({ verdict: NO, anchor: found.entry?.keyRange ?? doc });
      continue;
    }
    for (const list of branches(statementEntry.value)) {
      if (list?.kind === 'intrinsic') {
        out.push({ verdict: maybe(list), anchor: list });
        continue;
      }
      const items = list?.kind === 'seq' ? list.items : list?.kind === 'map' ? [list] : [];
      const verdict = someItem(items, (b): Verdict<TlsGap> => (b.kind === 'map' ? judgeTlsDeny(ctx, b) : b.kind === 'intrinsic' ? maybe(b) : NO));
      const fixable = list?.kind === 'seq' && list === statementEntry.value && doc === literalDocument;
      out.push({ verdict, anchor: statementEntry.keyRange, statements: fixable ? list : undefined });
    }
  }
  return out;
}

/** The statement that refuses every request to the bucket and its objects made without TLS. */
export function tlsDenyStatement(bucketId: string, sid: string): Json {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Sub': `\${${bucketId}.Arn}/*` }],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** A Sid not yet used by the literal statements of `list`. */
export function freeSid(list: SeqNode | undefined, preferred = 'DenyInsecureTransport'): string {
  const used = new Set((list?.items ?? []).map((item) => child(item, 'Sid')).flatMap((n) => (n?.kind === 'scalar' ? [String(n.value)] : [])));
  let sid = preferred;
  for (let n = 2; used.has(sid); n++) sid = `${preferred}${n}`;
  return sid;
}

/** An `AWS::S3::BucketPolicy` with only the TLS-only deny, under the bucket's own Condition. */
export function tlsOnlyPolicyResource(bucket: Resource): Json {
  return {
    Type: 'AWS::S3::BucketPolicy',
    ...(bucket.condition !== undefined ? { Condition: bucket.condition } : {}),
    Properties: {
      Bucket: { Ref: bucket.logicalId },
      PolicyDocument: { Version: '2012-10-17', Statement: [tlsDenyStatement(bucket.logicalId, 'DenyInsecureTransport')] },
    },
  };
}

function scalarIs<D>(ctx: RuleContext, node: TemplateNode | undefined, anchor: TemplateNode, ok: (v: unknown) => boolean): Verdict<D> {
  return allOf<D>(
    ctx.scalarsOf(node, anchor).map((o): Verdict<D> => {
      if (o.kind === 'unknown') return maybe(o.node, o.reason);
      return o.kind === 'known' && ok(o.value) ? YES : NO;
    }),
  );
}

/** `Condition: { Bool: { aws:SecureTransport: false } }` and nothing else, in every branch. */
function secureTransportFalse<D>(ctx: RuleContext, condition: TemplateNode | undefined): Verdict<D> {
  return allOf<D>(
    branches(condition).map((c): Verdict<D> => {
      if (c?.kind !== 'map' || c.entries.length !== 1) return NO;
      const [operator] = c.entries;
      if (operator.key !== 'Bool' && operator.key !== 'BoolIfExists') return NO;
      const keys = operator.value;
      if (keys.kind !== 'map' || keys.entries.length !== 1 || keys.entries[0].key.toLowerCase() !== 'aws:securetransport') return NO;
      const value = keys.entries[0].value;
      const values = value.kind === 'seq' ? value.items : [value];
      return anyOf<D>(
        values.reduce<Verdict<D>[]>((verdicts, v) => {
          for (const o of ctx.scalarsOf(v, v)) verdicts.push(o.kind === 'unknown' ? maybe(o.node, o.reason) : o.kind === 'known' && asBoolean(o.value) === false ? YES : NO);
          return verdicts;
        }, []),
      );
    }),
  );
}

type Reach = 'bucket' | 'objects' | 'both';

/** Whether the statement's Resource covers the bucket (its ARN) and its objects (`<ARN>/*`). */
function coverage(ctx: RuleContext, s: MapNode): Verdict<TlsGap> {
  const field = child(s, 'Resource');
  const at = field ?? s;
  const reaches: Reach[] = [];
  let unknown: TemplateNode | undefined;
  for (const b of branches(field)) {
    if (!b) continue;
    for (const item of b.kind === 'seq' ? b.items : [b]) {
      for (const i of branches(item)) {
        if (!i) continue;
        const text = arnText(ctx, i);
        if (text === undefined) unknown ??= i;
        else reaches.push(reachOf(text));
      }
    }
  }
  const bucket = reaches.some((r) => r !== 'objects');
  const objects = reaches.some((r) => r !== 'bucket');
  if (bucket && objects) return YES;
  if (unknown) return maybe(unknown, 'the statement\'s Resource is known only at deploy time');
  const missing = !bucket && !objects ? 'the bucket or its objects' : bucket ? 'its objects (<bucket ARN>/*)' : 'the bucket itself (its ARN)';
  return { kind: 'no', detail: { at, missing } };
}

function reachOf(arn: string): Reach {
  if (arn.endsWith('/*')) return 'objects';
  if (arn.endsWith('*')) return 'both';
  return 'bucket';
}

/** The text of an ARN as far as it matters here (its ending), or undefined when it is unknowable. */
function arnText(ctx: RuleContext, node: TemplateNode): string | undefined {
  if (node.kind === 'intrinsic') {
    const arg = node.argument;
    if (node.name === 'Fn::Sub') {
      const pattern = arg.kind === 'scalar' ? arg.value : arg.kind === 'seq' && arg.items[0]?.kind === 'scalar' ? arg.items[0].value : undefined;
      return typeof pattern === 'string' ? pattern : undefined;
    }
    // A resource's name (`!Ref Bucket`): not an ARN, but its ending is what matters inside a `!Join`.
    if (node.name === 'Ref' && ctx.targetOf(node)) return ctx.targetOf(node)!.logicalId;
    if (node.name === 'Fn::GetAtt') {
      const target = ctx.targetOf(node);
      return target?.type === 'AWS::S3::Bucket' ? `arn:aws:s3:::${target.logicalId}` : undefined;
    }
    if (node.name === 'Fn::Join' && arg.kind === 'seq' && arg.items[1]?.kind === 'seq') {
      const parts = arg.items[1].items;
      const last = parts[parts.length - 1];
      if (!last) return undefined;
      const tail = arnText(ctx, last);
      return tail === undefined ? undefined : `arn:${tail}`;
    }
  }
  const [outcome, ...rest] = ctx.scalarsOf(node, node);
  return rest.length === 0 && outcome?.kind === 'known' && typeof outcome.value === 'string' ? outcome.value : undefined;
}
