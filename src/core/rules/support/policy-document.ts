/**
 * Policy documents as the rules read them. CloudFormation takes a policy document as a map or as a string of
 * JSON (a literal or a `Fn::Sub`); a string is read into model nodes here (see template/embedded-json.ts), so
 * every rule reads both the same way. A string that is not JSON is reported once by template-checks.ts, and
 * the rules skip it.
 */
import { embeddedJson } from '../../template/embedded-json';
import { branches, lookupProperty } from '../../template/evaluate';
import type { IntrinsicNode, SeqNode, SourceRange, Template, TemplateNode } from '../../template/model';
import type { RuleContext } from '../rule';

/** Where each resource type keeps policy documents (`*` is every item of a list), under Properties. */
export const POLICY_DOCUMENT_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'AWS::IAM::Role': [['AssumeRolePolicyDocument'], ['Policies', '*', 'PolicyDocument']],
  'AWS::IAM::User': [['Policies', '*', 'PolicyDocument']],
  'AWS::IAM::Group': [['Policies', '*', 'PolicyDocument']],
  'AWS::IAM::Policy': [['PolicyDocument']],
  'AWS::IAM::ManagedPolicy': [['PolicyDocument']],
  'AWS::IAM::RolePolicy': [['PolicyDocument']],
  'AWS::IAM::UserPolicy': [['PolicyDocument']],
  'AWS::IAM::GroupPolicy': [['PolicyDocument']],
  'AWS::Serverless::Function': [['AssumeRolePolicyDocument']],
  'AWS::S3::BucketPolicy': [['PolicyDocument']],
  'AWS::KMS::Key': [['KeyPolicy']],
  'AWS::SNS::TopicPolicy': [['PolicyDocument']],
  'AWS::SQS::QueuePolicy': [['PolicyDocument']],
};

/**
 * The document `node` holds, as rules read it: the JSON of a string or of a `Fn::Sub` of literal JSON as
 * model nodes, `node` itself otherwise, and `undefined` for a string that is not JSON (already reported).
 * Through `!If`, each branch is read.
 */
export function policyDocument(ctx: RuleContext, node: TemplateNode): TemplateNode | undefined {
  // Most documents are written as maps: nothing to read, and the template's text is not touched.
  if (node.kind === 'map') return node;
  return ctx.derived(node, readDocument);
}

function readDocument(node: TemplateNode, ctx: RuleContext): TemplateNode | undefined {
  if (node.kind === 'intrinsic' && node.name === 'Fn::If' && node.argument.kind === 'seq' && node.argument.items.length === 3) {
    const [condition, yes, no] = node.argument.items;
    const a = policyDocument(ctx, yes) ?? yes;
    const b = policyDocument(ctx, no) ?? no;
    if (a === yes && b === no) return node;
    const argument: SeqNode = { ...node.argument, items: [condition, a, b] };
    return { ...node, argument } satisfies IntrinsicNode;
  }
  // A document written with no value is not set (and reported as a null value).
  if (node.kind === 'scalar' && node.value === null) return undefined;
  if (node.kind !== 'scalar' && !(node.kind === 'intrinsic' && node.name === 'Fn::Sub')) return node;
  const read = embeddedJson(ctx.template.text, node);
  if (read.kind === 'json') return read.node;
  return read.kind === 'invalid' ? undefined : node;
}

export interface InvalidPolicyDocument {
  readonly resource: string;
  readonly path: string;
  readonly range: SourceRange;
  readonly message: string;
}

/** The policy documents of the template written as strings that are not JSON. */
export function invalidPolicyDocuments(template: Template): InvalidPolicyDocument[] {
  const out: InvalidPolicyDocument[] = [];
  for (const [type, paths] of Object.entries(POLICY_DOCUMENT_PATHS)) {
    for (const resource of template.resourcesOfType(type)) {
      for (const path of paths) {
        for (const { node, at } of documentsAt(resource, path)) {
          for (const b of branches(node)) {
            if (!b || (b.kind !== 'scalar' && !(b.kind === 'intrinsic' && b.name === 'Fn::Sub'))) continue;
            const read = embeddedJson(template.text, b);
            if (read.kind !== 'invalid') continue;
            const name = path[path.length - 1];
            out.push({
              resource: resource.logicalId,
              path: ['Properties', ...at].join('.'),
              range: read.range,
              message: `${name} is a string that is not valid JSON (${read.message}): CloudFormation rejects it. Write the document as a map, or correct the JSON.`,
            });
          }
        }
      }
    }
  }
  return out;
}

/** The nodes at `path` (with `*` over list items) below a resource's Properties, and their concrete paths. */
function documentsAt(resource: Parameters<typeof lookupProperty>[0], path: readonly string[]): { node: TemplateNode; at: (string | number)[] }[] {
  const star = path.indexOf('*');
  if (star === -1) return lookupProperty(resource, path).flatMap((l) => (l.kind === 'found' ? [{ node: l.node, at: [...path] }] : []));
  const out: { node: TemplateNode; at: (string | number)[] }[] = [];
  for (const list of lookupProperty(resource, path.slice(0, star))) {
    if (list.kind !== 'found' || list.node.kind !== 'seq') continue;
    list.node.items.forEach((item, i) => {
      for (const b of branches(item)) {
        if (b?.kind !== 'map') continue;
        const document = b.entries.find((e) => e.key === path[star + 1])?.value;
        if (document) out.push({ node: document, at: [...path.slice(0, star), i, ...path.slice(star + 1)] });
      }
    });
  }
  return out;
}
