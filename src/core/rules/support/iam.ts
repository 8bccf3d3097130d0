/**
 * Reading IAM in a template for the identity rules: the identity policy documents a resource defines,
 * the managed policies it attaches (SAM's implicit ones included), the accounts a trust policy names,
 * and the conditions that protect a cross-account trust.
 */
import { anchorOfAbsent, asBoolean, branches, describeUnknown } from '../../template/evaluate';
import { type MapEntry, type Resource, type ScalarNode, type SourceRange, type TemplateNode, child, entry } from '../../template/model';
import type { RuleContext } from '../rule';
import { actionMatches } from './iam-actions';
import type { PolicyStatement } from './policy';
import { policyDocument } from './policy-document';
import { type StringPart, stringParts, unknownReason } from './string-parts';

type Path = readonly (string | number)[];

export interface PolicyDocument {
  readonly node: TemplateNode;
  /** Path inside the resource, for the finding. */
  readonly path: Path;
}

/** A value that cannot be known before deployment, and why. */
export interface Unknown {
  readonly node: TemplateNode;
  readonly reason: string;
  /** The string variants of `node`, when they were already read (saves `couldBeWildcard` reading them again). */
  readonly variants?: readonly (readonly StringPart[])[];
}

export const SAM_ROLE_TYPES = ['AWS::Serverless::Function', 'AWS::Serverless::StateMachine'];

const DOCUMENT_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy'];
const INLINE_POLICIES_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/** Every resource type that defines identity policy statements. */
export const IDENTITY_POLICY_TYPES = [...DOCUMENT_TYPES, ...INLINE_POLICIES_TYPES, ...SAM_ROLE_TYPES];

/**
 * The identity policy documents of a resource: `PolicyDocument` of the policy resources, the inline
 * `Policies[].PolicyDocument` of roles, users and groups, and the inline statements among the `Policies`
 * of a SAM function or state machine whose role SAM generates. A managed policy used only as a
 * permissions boundary grants nothing and is left out.
 */
export function identityPolicyDocuments(ctx: RuleContext, resource: Resource): readonly PolicyDocument[] {
  return ctx.derived(resource, readIdentityPolicyDocuments);
}

function readIdentityPolicyDocuments(resource: Resource, ctx: RuleContext): PolicyDocument[] {
  if (DOCUMENT_TYPES.includes(resource.type)) {
    if (resource.type === 'AWS::IAM::ManagedPolicy' && usedOnlyAsPermissionsBoundary(ctx, resource)) return [];
    return documentsOf(ctx, found(ctx.property(resource, 'PolicyDocument')), ['Properties', 'PolicyDocument']);
  }
  const out: PolicyDocument[] = [];
  if (INLINE_POLICIES_TYPES.includes(resource.type)) {
    for (const list of found(ctx.property(resource, 'Policies'))) {
      itemsOf(list).forEach((item, i) => {
        for (const policy of branches(item)) {
          const document = child(policy, 'PolicyDocument');
          if (document) out.push(...documentsOf(ctx, [document], ['Properties', 'Policies', i, 'PolicyDocument']));
        }
      });
    }
  } else if (SAM_ROLE_TYPES.includes(resource.type) && samGeneratesRole(ctx, resource)) {
    for (const { node, path } of samPolicyEntries(ctx, resource)) {
      if (node.kind === 'map' && entry(node, 'Statement')) out.push({ node, path });
    }
  }
  return out;
}

/**
 * Why a policy document, or some of its statements, cannot be read before deployment (they are computed),
 * if so: the readable statements are still checked, but a computed one may be the one that fails.
 */
export function unreadableDocument(document: PolicyDocument): Unknown | undefined {
  for (const b of branches(document.node)) {
    if (!b) continue;
    if (b.kind !== 'map') return { node: b, reason: b.kind === 'intrinsic' ? describeUnknown(b) : 'the policy document is not a map' };
    for (const list of branches(child(b, 'Statement'))) {
      for (const item of list?.kind === 'seq' ? list.items : list ? [list] : []) {
        for (const statement of branches(item)) if (statement?.kind === 'intrinsic') return { node: statement, reason: describeUnknown(statement) };
      }
    }
  }
  return undefined;
}

/** The `Effect` of a statement: Allow when some deployment allows, unknown when it comes from a parameter. */
export function statementAllows(ctx: RuleContext, statement: PolicyStatement): boolean | Unknown {
  // One known Effect (the common case) was read with the statement.
  if (statement.effect !== undefined) return statement.effect === 'Allow';
  const effect = child(statement.node, 'Effect');
  let unknown: Unknown | undefined;
  for (const outcome of ctx.scalarsOf(effect, statement.node)) {
    if (outcome.kind === 'known' && outcome.value === 'Allow') return true;
    if (outcome.kind === 'unknown') unknown ??= { node: outcome.node, reason: outcome.reason };
  }
  return unknown ?? false;
}

export type FieldValue = { readonly value: string; readonly node: TemplateNode } | ({ readonly value?: undefined } & Unknown);

export function isUnknownValue(v: FieldValue | undefined): v is { readonly value?: undefined } & Unknown {
  return v !== undefined && v.value === undefined;
}

/** The strings of a string-or-list field (Action, Resource, principal ARNs), with what cannot be known. */
export function fieldValues(ctx: RuleContext, field: TemplateNode | undefined): readonly FieldValue[] {
  // Several rules read each statement's fields: each is read once per lint.
  return field ? ctx.derived(field, readFieldValues) : [];
}

function readFieldValues(field: TemplateNode, ctx: RuleContext): FieldValue[] {
  // A literal, or a list of literals (the common cases): one value each.
  if (field.kind === 'scalar') return field.value === null ? [] : [literalValue(field)];
  if (field.kind === 'seq' && field.items.every(isLiteral)) return field.items.map(literalValue);
  const out: FieldValue[] = [];
  for (const b of branches(field)) {
    if (!b) continue;
    for (const item of b.kind === 'seq' ? b.items : [b]) {
      const list = isListParameter(ctx, item);
      for (const outcome of ctx.scalarsOf(item, item)) {
        if (outcome.kind === 'known' && outcome.value !== null) {
          const text = String(outcome.value);
          // A list parameter's default is one comma-separated string.
          if (list) for (const value of text.split(',')) out.push({ value: value.trim(), node: outcome.node });
          else out.push({ value: text.trim(), node: outcome.node });
        } else if (outcome.kind === 'unknown') out.push(unknownValue(ctx, outcome.node, outcome.reason));
      }
    }
  }
  return out;
}

function isLiteral(node: TemplateNode): node is ScalarNode {
  return node.kind === 'scalar' && node.value !== null;
}

function literalValue(node: ScalarNode): FieldValue {
  return { value: String(node.value).trim(), node };
}

function isListParameter(ctx: RuleContext, node: TemplateNode): boolean {
  if (node.kind !== 'intrinsic' || node.name !== 'Ref' || node.argument.kind !== 'scalar') return false;
  const type = ctx.template.parameters.get(String(node.argument.value))?.type ?? '';
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

/** A value known only at deploy time: `!Sub` and `!Join` are read as far as they go. */
function unknownValue(ctx: RuleContext, node: TemplateNode, reason: string): FieldValue {
  // Only a `!Sub` or `!Join` can still turn out to be plain text (a `!GetAtt`, an import or a pseudo parameter never does).
  if (node.kind !== 'intrinsic' || (node.name !== 'Fn::Sub' && node.name !== 'Fn::Join')) return { node, reason };
  const variants = stringParts(ctx, node);
  if (variants.length === 1 && variants[0].every((p) => p.kind === 'text')) return { value: variants[0].map((p) => (p.kind === 'text' ? p.text : '')).join(''), node };
  return { node, reason, variants };
}

/**
 * Whether a value known only at deploy time could still be exactly `"*"`: one a person chooses when
 * deploying (a parameter without a Default, or a pick from one) could. An ARN built by `!Sub` around
 * literal text, a resource's attribute or an exported value cannot reasonably be.
 */
export function couldBeWildcard(ctx: RuleContext, value: Unknown): boolean {
  const node = value.node;
  if (node.kind !== 'intrinsic') return false;
  switch (node.name) {
    case 'Ref':
      return node.argument.kind === 'scalar' && ctx.template.parameters.has(String(node.argument.value));
    case 'Fn::Sub':
      return (value.variants ?? stringParts(ctx, node)).some((parts) => parts.length > 0 && parts.every((p) => p.kind === 'unknown'));
    case 'Fn::Select':
    case 'Fn::Split':
    case 'Fn::FindInMap':
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Managed policies

export type AttachedPolicy =
  | { readonly kind: 'aws'; readonly name: string; readonly at: TemplateNode | SourceRange; readonly path: Path; readonly implicit?: string }
  | ({ readonly kind: 'unknown'; readonly path: Path } & Unknown);

/**
 * The AWS managed policies a resource attaches, and the attachments that cannot be read. Reads
 * `ManagedPolicyArns` of roles, users and groups, and the `Policies` of SAM functions and state machines
 * (a plain name there is an AWS managed policy). For a SAM function whose role SAM generates, also the
 * policies SAM adds by itself (see `samImplicitPolicies`).
 */
export function attachedAwsManagedPolicies(ctx: RuleContext, resource: Resource): AttachedPolicy[] {
  const out: AttachedPolicy[] = [];
  if (INLINE_POLICIES_TYPES.includes(resource.type)) {
    for (const list of found(ctx.property(resource, 'ManagedPolicyArns'))) {
      if (list.kind !== 'seq') {
        out.push(...classifyPolicyList(ctx, list, ['Properties', 'ManagedPolicyArns']));
        continue;
      }
      list.items.forEach((item, i) => {
        for (const b of branches(item)) if (b) out.push(...classifyPolicyArn(ctx, b, ['Properties', 'ManagedPolicyArns', i], false));
      });
    }
  } else if (SAM_ROLE_TYPES.includes(resource.type) && samGeneratesRole(ctx, resource)) {
    for (const { node, path } of samPolicyEntries(ctx, resource)) {
      if (node.kind === 'scalar' || node.kind === 'intrinsic') out.push(...classifyPolicyArn(ctx, node, path, true));
    }
    if (resource.type === 'AWS::Serverless::Function') out.push(...samImplicitPolicies(ctx, resource));
  }
  return out;
}

/** A whole `ManagedPolicyArns` given by one value, e.g. a CommaDelimitedList parameter. */
function classifyPolicyList(ctx: RuleContext, node: TemplateNode, path: Path): AttachedPolicy[] {
  const out: AttachedPolicy[] = [];
  for (const outcome of ctx.scalarsOf(node, node)) {
    if (outcome.kind === 'unknown') out.push({ kind: 'unknown', node: outcome.node, reason: outcome.reason, path });
    else if (outcome.kind === 'known' && typeof outcome.value === 'string') {
      for (const arn of outcome.value.split(',')) {
        const name = awsManagedPolicyName(arn.trim());
        if (name) out.push({ kind: 'aws', name, at: outcome.node, path });
      }
    }
  }
  return out;
}

function classifyPolicyArn(ctx: RuleContext, node: TemplateNode, path: Path, sam: boolean): AttachedPolicy[] {
  if (node.kind === 'scalar') {
    const text = node.value === null ? '' : String(node.value);
    // SAM turns a bare name into the ARN of the AWS managed policy of that name.
    if (sam && text !== '' && !text.startsWith('arn:')) return [{ kind: 'aws', name: text, at: node, path }];
    const name = awsManagedPolicyName(text);
    return name ? [{ kind: 'aws', name, at: node, path }] : [];
  }
  const out: AttachedPolicy[] = [];
  for (const parts of stringParts(ctx, node)) {
    const text = sentinelText(parts);
    const name = awsManagedPolicyName(text);
    if (name) out.push({ kind: 'aws', name, at: node, path });
    else if (accountField(text)?.includes(UNKNOWN) ?? text.startsWith(UNKNOWN)) out.push({ kind: 'unknown', node, reason: unknownReason(parts) ?? describeUnknown(node), path });
  }
  return out;
}

/** `arn:<partition>:iam::aws:policy/<path/>Name` → `Name`. */
function awsManagedPolicyName(arn: string): string | undefined {
  const m = /^arn:[^:]*:iam::aws:policy\/(.+)$/.exec(arn);
  return m ? m[1].slice(m[1].lastIndexOf('/') + 1) : undefined;
}

/**
 * The managed policies SAM attaches to the role it generates for a function, whatever `Policies` says
 * (samtranslator `SamFunction._construct_role`): AWSLambdaBasicExecutionRole (the durable variant when
 * DurableConfig is set); AWSXrayWriteOnlyAccess when Tracing is set and not Disabled; and
 * AWSLambdaVPCAccessExecutionRole when VpcConfig is set. Tracing and VpcConfig may come from Globals.
 */
function samImplicitPolicies(ctx: RuleContext, fn: Resource): AttachedPolicy[] {
  const out: AttachedPolicy[] = [];
  const noRole = ctx.property(fn, 'Role').find((l) => l.kind === 'absent');
  if (noRole?.kind === 'absent') {
    const durable = found(ctx.property(fn, 'DurableConfig')).length > 0;
    const name = durable ? 'AWSLambdaBasicDurableExecutionRolePolicy' : 'AWSLambdaBasicExecutionRole';
    out.push({ kind: 'aws', name, at: anchorOfAbsent(fn, noRole), path: ['Properties', 'Role'], implicit: 'SAM adds it to the role it generates when Role is not set' });
  }
  const tracing = samProperty(ctx, fn, 'Tracing');
  if (tracing) {
    for (const outcome of ctx.scalarsOf(tracing.value, tracing.value)) {
      if (outcome.kind === 'unknown') out.push({ kind: 'unknown', node: outcome.node, reason: outcome.reason, path: tracing.path });
      else if (outcome.kind === 'known' && outcome.value !== 'Disabled') {
        out.push({ kind: 'aws', name: 'AWSXrayWriteOnlyAccess', at: outcome.node, path: tracing.path, implicit: 'SAM adds it to the generated role because Tracing is set' });
      }
    }
  }
  const vpc = samProperty(ctx, fn, 'VpcConfig');
  if (vpc) out.push({ kind: 'aws', name: 'AWSLambdaVPCAccessExecutionRole', at: vpc.keyRange, path: vpc.path, implicit: 'SAM adds it to the generated role because VpcConfig is set' });
  return out;
}

/** A SAM function property from the resource, or else from `Globals.Function`. */
function samProperty(ctx: RuleContext, fn: Resource, key: string): (MapEntry & { path: Path }) | undefined {
  const own = entry(fn.properties, key);
  if (own) return { ...own, path: ['Properties', key] };
  const globals = child(child(ctx.template.root, 'Globals'), 'Function');
  const global = globals?.kind === 'map' ? entry(globals, key) : undefined;
  return global ? { ...global, path: ['Globals', 'Function', key] } : undefined;
}

/** True when SAM generates the role (in some deployment): `Role` is not set, or is `AWS::NoValue` in a branch. */
export function samGeneratesRole(ctx: RuleContext, resource: Resource): boolean {
  return ctx.property(resource, 'Role').some((l) => l.kind === 'absent');
}

/** The entries of a SAM `Policies` (a name, an ARN, a policy template or an inline document, or a list of them). */
function samPolicyEntries(ctx: RuleContext, resource: Resource): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  for (const policies of found(ctx.property(resource, 'Policies'))) {
    if (policies.kind !== 'seq') {
      out.push({ node: policies, path: ['Properties', 'Policies'] });
      continue;
    }
    policies.items.forEach((item, i) => {
      for (const b of branches(item)) if (b) out.push({ node: b, path: ['Properties', 'Policies', i] });
    });
  }
  return out;
}

/**
 * A managed policy that no role, user or group attaches and that is referenced only from
 * `PermissionsBoundary` properties: a boundary caps permissions and grants none.
 */
function usedOnlyAsPermissionsBoundary(ctx: RuleContext, policy: Resource): boolean {
  if (['Roles', 'Users', 'Groups'].some((k) => entry(policy.properties, k))) return false;
  const refs = ctx.template.referencesTo(policy.logicalId);
  return refs.length > 0 && refs.every((r) => r.path.includes('PermissionsBoundary'));
}

// ---------------------------------------------------------------------------------------------------
// Trust policies

/** The trust policies of a resource: a role's, or the one a SAM function gives the role SAM generates. */
export function trustPolicyDocuments(ctx: RuleContext, resource: Resource): readonly PolicyDocument[] {
  // Both trust rules read each role's documents: they are read once per lint.
  return ctx.derived(resource, readTrustPolicyDocuments);
}

function readTrustPolicyDocuments(resource: Resource, ctx: RuleContext): PolicyDocument[] {
  if (resource.type === 'AWS::Serverless::Function' && !samGeneratesRole(ctx, resource)) return [];
  return documentsOf(ctx, found(ctx.property(resource, 'AssumeRolePolicyDocument')), ['Properties', 'AssumeRolePolicyDocument']);
}

/** The documents written at `path`, a JSON string read as a map; one that is not JSON is left out (it is reported once, elsewhere). */
function documentsOf(ctx: RuleContext, nodes: readonly TemplateNode[], path: Path): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  for (const node of nodes) {
    const document = policyDocument(ctx, node);
    if (document) out.push({ node: document, path });
  }
  return out;
}

export type TrustedPrincipal =
  | { readonly kind: 'everyone'; readonly node: TemplateNode }
  | { readonly kind: 'this-account'; readonly node: TemplateNode }
  /** A literal account id: SOP Lens cannot know the stack's own account, so it counts as another one. */
  | { readonly kind: 'account'; readonly account: string; readonly node: TemplateNode }
  | ({ readonly kind: 'unknown' } & Unknown);

/**
 * The AWS principals of a statement's `Principal`: `"*"`, account ids, and ARNs of accounts, users and
 * roles, read as the account they belong to. Service, Federated and CanonicalUser principals are not
 * accounts and are left out.
 */
export function trustedAwsPrincipals(ctx: RuleContext, principal: TemplateNode | undefined): readonly TrustedPrincipal[] {
  // Both trust rules read each principal: it is read once per lint.
  return principal ? ctx.derived(principal, readTrustedAwsPrincipals) : [];
}

function readTrustedAwsPrincipals(principal: TemplateNode, ctx: RuleContext): TrustedPrincipal[] {
  const out: TrustedPrincipal[] = [];
  for (const p of branches(principal)) {
    if (!p) continue;
    if (p.kind === 'scalar') {
      if (p.value === '*') out.push({ kind: 'everyone', node: p });
    } else if (p.kind === 'intrinsic') {
      out.push({ kind: 'unknown', node: p, reason: describeUnknown(p) });
    } else if (p.kind === 'map') {
      const aws = child(p, 'AWS');
      for (const list of branches(aws)) {
        if (!list) continue;
        for (const item of list.kind === 'seq' ? list.items : [list]) {
          for (const b of branches(item)) if (b) out.push(...classifyAwsPrincipal(ctx, b));
        }
      }
    }
  }
  return out;
}

function classifyAwsPrincipal(ctx: RuleContext, node: TemplateNode): TrustedPrincipal[] {
  if (node.kind === 'scalar') {
    const account = accountOf(node.value === null ? '' : String(node.value));
    if (account === '*') return [{ kind: 'everyone', node }];
    return account !== undefined && /^\d{12}$/.test(account) ? [{ kind: 'account', account, node }] : [];
  }
  const out: TrustedPrincipal[] = [];
  for (const parts of stringParts(ctx, node)) {
    const text = sentinelText(parts);
    const account = accountOf(text);
    if (account === '*') out.push({ kind: 'everyone', node });
    else if (account === SELF || account === RESOURCE) out.push({ kind: 'this-account', node });
    else if (account !== undefined && /^\d{12}$/.test(account)) out.push({ kind: 'account', account, node });
    else if (account?.includes(UNKNOWN) || text.startsWith(UNKNOWN)) out.push({ kind: 'unknown', node, reason: unknownReason(parts) ?? describeUnknown(node) });
  }
  return out;
}

/** The account an AWS principal value names: `*`, an account id, or the account field of an ARN. A resource's own ARN is `RESOURCE`. */
function accountOf(text: string): string | undefined {
  if (text === '*' || text === SELF || text === RESOURCE) return text;
  if (/^\d{12}$/.test(text)) return text;
  return accountField(text);
}

function accountField(text: string): string | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const fields = text.split(':');
  return fields.length >= 6 ? fields[4] : undefined;
}

/** Stand-ins for the pieces of a built string: the stack's account id, another pseudo parameter, a resource of the template, something unknown. */
const SELF = '\u0001';
const PSEUDO = '\u0002';
const RESOURCE = '\u0004';
const UNKNOWN = '\u0003';

function sentinelText(parts: readonly StringPart[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (p.kind === 'unknown') return UNKNOWN;
      if (p.id === 'AWS::AccountId') return SELF;
      return p.id.startsWith('AWS::') ? PSEUDO : RESOURCE;
    })
    .join('');
}

/** Whether a trust statement grants `sts:AssumeRole` (or may: an unknown action, or an Allow with NotAction). */
export function grantsAssumeRole(ctx: RuleContext, statement: PolicyStatement): boolean {
  if (!statement.action) return true;
  return fieldValues(ctx, statement.action).some((a) => a.value === undefined || actionMatches(a.value, 'sts:AssumeRole'));
}

export type Protection = { readonly kind: 'yes' } | { readonly kind: 'no' } | ({ readonly kind: 'maybe' } & Unknown);

/**
 * Whether a statement's Condition makes the caller prove MFA or present an external id, in every
 * deployment. Counts: `Bool aws:MultiFactorAuthPresent: true`; `aws:MultiFactorAuthAge` under a Numeric
 * operator or `Null: false`; `sts:ExternalId` under a positive String operator. An `...IfExists` operator
 * does not count: it passes when the key is absent, as it is for long-term access keys.
 */
export function requiresMfaOrExternalId(ctx: RuleContext, condition: TemplateNode | undefined): Protection {
  return allProtect(branches(condition).map((c) => conditionProtects(ctx, c)));
}

function conditionProtects(ctx: RuleContext, condition: TemplateNode | undefined): Protection {
  if (!condition) return { kind: 'no' };
  if (condition.kind !== 'map') return { kind: 'maybe', node: condition, reason: describeUnknown(condition) };
  // One protecting key is enough; a block under !If protects only when both branches do.
  return anyProtects(
    condition.entries.map((op) =>
      allProtect(branches(op.value).map((block) => (block?.kind === 'map' ? anyProtects(block.entries.map((e) => keyProtects(ctx, op.key.toLowerCase(), e.key.toLowerCase(), e.value))) : NO))),
    ),
  );
}

const NO: Protection = { kind: 'no' };

function anyProtects(verdicts: Protection[]): Protection {
  return verdicts.find((v) => v.kind === 'yes') ?? verdicts.find((v) => v.kind === 'maybe') ?? NO;
}

function allProtect(verdicts: Protection[]): Protection {
  return verdicts.find((v) => v.kind === 'no') ?? verdicts.find((v) => v.kind === 'maybe') ?? { kind: 'yes' };
}

function keyProtects(ctx: RuleContext, operator: string, key: string, value: TemplateNode): Protection {
  if (operator.endsWith('ifexists')) return { kind: 'no' };
  const valueIs = (wanted: boolean): Protection => {
    let maybe: Protection | undefined;
    // Condition values are strings, booleans or lists of them.
    for (const v of fieldValues(ctx, value)) {
      if (v.value === undefined) maybe ??= { kind: 'maybe', node: v.node, reason: v.reason };
      else if (asBoolean(v.value) === wanted) return { kind: 'yes' };
    }
    return maybe ?? { kind: 'no' };
  };
  if (key === 'aws:multifactorauthpresent' && operator === 'bool') return valueIs(true);
  if (key === 'aws:multifactorauthage') {
    if (operator.startsWith('numeric')) return { kind: 'yes' };
    if (operator === 'null') return valueIs(false);
  }
  if (key === 'sts:externalid' && operator.startsWith('string') && !operator.includes('not')) return { kind: 'yes' };
  return { kind: 'no' };
}

// ---------------------------------------------------------------------------------------------------

// Plain loops rather than flatMap: these run for every IAM resource of every identity rule.
function found(lookups: ReturnType<RuleContext['property']>): TemplateNode[] {
  const out: TemplateNode[] = [];
  for (const l of lookups) if (l.kind === 'found') out.push(l.node);
  return out;
}

function itemsOf(node: TemplateNode): TemplateNode[] {
  return node.kind === 'seq' ? [...node.items] : [];
}

/**
 * Whether a statement's Condition limits which existing resources it applies to, by their tags or their
 * owner (`aws:ResourceTag/...`, `<service>:ResourceTag/...`, `aws:ResourceAccount`, `aws:ResourceOrgID`,
 * `aws:ResourceOrgPaths`) under a positive String or Arn operator, in every deployment. This is how AWS
 * recommends scoping actions by attribute (ABAC) when the Resource is `"*"`.
 */
export function conditionScopesResources(condition: TemplateNode | undefined): boolean {
  const all = branches(condition);
  return all.every((c) => {
    if (c?.kind !== 'map') return false;
    return c.entries.some((op) => {
      const operator = op.key.toLowerCase().replace(/^for(any|all)value:/, '');
      if (!POSITIVE_OPERATORS.has(operator)) return false;
      return branches(op.value).every((block) => block?.kind === 'map' && block.entries.some((e) => RESOURCE_KEY.test(e.key)));
    });
  });
}

const POSITIVE_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);
const RESOURCE_KEY = /^([a-z0-9-]+:resourcetag\/.+|aws:resourceaccount|aws:resourceorgid|aws:resourceorgpaths)$/i;
