import { addEntries } from '../fix/edits';
import { type Resource, entry } from '../template/model';
import { type RuleContext, defineRule } from './rule';
import { replaceLiteralFix } from './support/fixes';

/** What each resource type is called in messages: the resources that hold data. */
const HOLDERS: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'S3 bucket',
  'AWS::DynamoDB::Table': 'DynamoDB table',
  'AWS::DynamoDB::GlobalTable': 'DynamoDB global table',
  'AWS::Serverless::SimpleTable': 'DynamoDB table',
  'AWS::RDS::DBInstance': 'RDS DB instance',
  'AWS::RDS::DBCluster': 'RDS DB cluster',
  'AWS::Neptune::DBCluster': 'Neptune DB cluster',
  'AWS::DocDB::DBCluster': 'DocumentDB cluster',
  'AWS::EFS::FileSystem': 'EFS file system',
  'AWS::FSx::FileSystem': 'FSx file system',
  'AWS::KMS::Key': 'KMS key',
};

/** The types whose deletion and replacement policies accept `Snapshot` (CloudFormation's DeletionPolicy documentation). */
const SNAPSHOT_TYPES = new Set([
  'AWS::DocDB::DBCluster',
  'AWS::EC2::Volume',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::Neptune::DBCluster',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::Redshift::Cluster',
]);

type Attribute = 'DeletionPolicy' | 'UpdateReplacePolicy';
const ATTRIBUTES: readonly Attribute[] = ['DeletionPolicy', 'UpdateReplacePolicy'];

export const statefulRetainPolicy = defineRule({
  id: 'stateful-retain-policy',
  control: 'SEC-CFN',
  title: 'Resources that hold data are retained when the stack deletes or replaces them',
  severity: 'warning',
  rationale:
    'The SOP asks to protect stacks from accidental deletion. Without a DeletionPolicy CloudFormation deletes a resource with its stack; without an UpdateReplacePolicy it deletes the old resource when an update replaces it. For buckets, tables, databases, file systems and KMS keys that loses the data (or, for a key, everything encrypted with it). Retain (or RetainExceptOnCreate, for DeletionPolicy) keeps the resource; Snapshot keeps a final snapshot where the type supports it. RDS DB clusters and DB instances outside a cluster default to a Snapshot DeletionPolicy, but no type has a default UpdateReplacePolicy other than Delete. DB instances of an Aurora cluster are not checked: their data is the cluster\'s.',
  remedy:
    'Add `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain` to the resource, beside `Type` (`Snapshot` for RDS, Neptune and DocumentDB databases). Remove retained resources by hand when they are no longer needed.',
  resourceTypes: Object.keys(HOLDERS),
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html',
  checkResource(resource, ctx) {
    if (resource.type === 'AWS::RDS::DBInstance' && inAuroraCluster(ctx, resource)) return;
    const kind = HOLDERS[resource.type];
    const missing: Attribute[] = [];
    for (const attribute of ATTRIBUTES) {
      const found = entry(resource.node, attribute);
      if (!found) {
        if (!(attribute === 'DeletionPolicy' && defaultsToSnapshot(resource))) missing.push(attribute);
        continue;
      }
      for (const outcome of ctx.scalarsOf(found.value, found.value)) {
        const path = [attribute];
        if (outcome.kind === 'unknown') {
          ctx.report({ resource, at: outcome.node, path, undecided: true, message: `Cannot decide whether the ${kind} is retained: its ${attribute} ${outcome.reason.replace(/^it /, '')}.` });
        } else if (outcome.kind === 'absent') {
          if (attribute === 'DeletionPolicy' && defaultsToSnapshot(resource)) continue;
          ctx.report({ resource, at: outcome.node, path, message: `${capital(kind)} ${consequence(attribute)} (${attribute} is removed in one branch; it defaults to Delete)` });
        } else if (!retains(attribute, resource.type, String(outcome.value))) {
          ctx.report({ resource, at: outcome.node, path, message: wrongMessage(kind, resource.type, attribute, String(outcome.value)), fix: replaceLiteralFix(ctx, outcome.node, keep(resource), `Set ${attribute}: ${keep(resource)}`) });
        }
      }
    }
    if (missing.length === 0) return;
    const value = keep(resource);
    const message =
      missing.length === 2
        ? `${capital(kind)} has no DeletionPolicy or UpdateReplacePolicy: CloudFormation deletes it with the stack and when an update replaces it`
        : missing[0] === 'DeletionPolicy'
          ? `${capital(kind)} has no DeletionPolicy: CloudFormation deletes it with the stack`
          : `${capital(kind)} has no UpdateReplacePolicy: CloudFormation deletes it when an update replaces it${defaultsToSnapshot(resource) ? ' (only DeletionPolicy defaults to Snapshot for this type)' : ''}`;
    ctx.report({
      resource,
      at: resource.typeRange,
      path: missing,
      message,
      fix: () => ({ title: `Add ${missing.map((a) => `${a}: ${value}`).join(' and ')}`, edits: [addEntries(ctx.template, resource.node, Object.fromEntries(missing.map((attribute) => [attribute, value])))] }),
    });
  },
});

function retains(attribute: Attribute, type: string, value: string): boolean {
  if (value === 'Retain') return true;
  if (value === 'Snapshot') return SNAPSHOT_TYPES.has(type);
  return attribute === 'DeletionPolicy' && value === 'RetainExceptOnCreate';
}

function wrongMessage(kind: string, type: string, attribute: Attribute, value: string): string {
  if (value === 'Delete') return `${capital(kind)} ${consequence(attribute)} (${attribute}: Delete)`;
  if (value === 'Snapshot') return `${attribute} Snapshot is not supported for ${type}, so the ${kind} is not kept`;
  if (value === 'RetainExceptOnCreate') return `UpdateReplacePolicy does not accept RetainExceptOnCreate (only Delete, Retain or Snapshot), so the ${kind} is not kept`;
  return `${attribute} ${value} is not a valid policy, so the ${kind} is not kept`;
}

function consequence(attribute: Attribute): string {
  return attribute === 'DeletionPolicy' ? 'is deleted with the stack' : 'is deleted when an update replaces it';
}

/** The value the fix writes: a final snapshot for databases that take one, the resource itself otherwise. */
function keep(resource: Resource): string {
  return SNAPSHOT_TYPES.has(resource.type) ? 'Snapshot' : 'Retain';
}

/** CloudFormation's one exception to "DeletionPolicy defaults to Delete". */
function defaultsToSnapshot(resource: Resource): boolean {
  return resource.type === 'AWS::RDS::DBCluster' || resource.type === 'AWS::RDS::DBInstance';
}

/** A DB instance with DBClusterIdentifier in every deployment belongs to an Aurora cluster. */
function inAuroraCluster(ctx: RuleContext, instance: Resource): boolean {
  return ctx.property(instance, 'DBClusterIdentifier').every((f) => f.kind !== 'absent');
}

function capital(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}
