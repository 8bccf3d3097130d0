import { type Lookup, anchorOfAbsent, asBoolean, branches } from '../template/evaluate';
import { type Resource, type TemplateNode, child } from '../template/model';
import { type Report, type RuleContext, defineRule } from './rule';
import { keyVerdicts } from './support/kms';
import { samSetting } from './support/sam-api';

/**
 * Data encrypted at rest uses a customer managed KMS key where the resource could take one.
 *
 * This rule is about which key, where encryption is configured or is on by AWS's default. Resources with no
 * encryption at all are other rules' findings (an SNS topic without KmsMasterKeyId, an SQS queue with
 * SqsManagedSseEnabled: false and no key, an S3 bucket without BucketEncryption, a trail without KMSKeyId)
 * and are not reported here.
 * - S3 bucket, per encryption rule: SSEAlgorithm AES256 (S3 managed keys) fails; aws:kms or aws:kms:dsse
 *   without KMSMasterKeyID uses the AWS managed key aws/s3 and fails; a KMSMasterKeyID naming alias/aws/s3 fails.
 * - DynamoDB table and SAM SimpleTable: without SSESpecification, or with SSEEnabled false, the table uses an
 *   AWS owned key; with SSEEnabled true and no KMSMasterKeyId, the AWS managed key aws/dynamodb; both fail,
 *   as does a KMSMasterKeyId naming alias/aws/dynamodb. Global tables: the same, per replica.
 * - SNS topic: KmsMasterKeyId alias/aws/sns fails.
 * - SQS queue: without KmsMasterKeyId, SSE-SQS (on by default for new queues) uses a key SQS owns and fails;
 *   KmsMasterKeyId alias/aws/sqs fails.
 * - CloudTrail trail: a KMSKeyId naming an AWS managed alias fails.
 * - CloudWatch Logs log group: without KmsKeyId, log data is encrypted with keys CloudWatch Logs manages; fails.
 * A key named by a reference to a template key or alias, by a key ARN or id, or by a customer alias passes;
 * an alias whose name is known only at deploy time is undecided.
 */
export const kmsCustomerManagedKey = defineRule({
  id: 'kms-customer-managed-key',
  control: 'SEC-KMS',
  title: 'Data at rest is encrypted with customer managed KMS keys',
  severity: 'info',
  rationale:
    'The security guide notes that AWS managed (and AWS owned) keys spare the key administration but give no control over the key policy, rotation schedule or deletion, and asks to consider customer managed keys where corporate or regulatory policy requires that control. A consideration, not a requirement: the finding is information, for the cases where such a policy applies.',
  remedy:
    'Create an `AWS::KMS::Key` (with rotation on) or use an existing customer managed key, grant the service use of it in the key policy, and name it in the resource: S3 `SSEAlgorithm: aws:kms` with `KMSMasterKeyID`, DynamoDB `SSESpecification` with `SSEEnabled: true`, `SSEType: KMS` and `KMSMasterKeyId`, SNS/SQS `KmsMasterKeyId`, CloudTrail `KMSKeyId`, log group `KmsKeyId`. There is no automatic fix: the key is yours to choose.',
  resourceTypes: [
    'AWS::S3::Bucket',
    'AWS::DynamoDB::Table',
    'AWS::Serverless::SimpleTable',
    'AWS::DynamoDB::GlobalTable',
    'AWS::SNS::Topic',
    'AWS::SQS::Queue',
    'AWS::CloudTrail::Trail',
    'AWS::Logs::LogGroup',
  ],
  reference: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-serversideencryptionbydefault.html#cfn-s3-bucket-serversideencryptionbydefault-kmsmasterkeyid',
  checkResource(resource, ctx) {
    CHECKS[resource.type]?.(resource, ctx);
  },
});

type Check = (resource: Resource, ctx: RuleContext) => void;

const CHECKS: Readonly<Record<string, Check>> = {
  'AWS::S3::Bucket': checkBucket,
  'AWS::DynamoDB::Table': (r, ctx) => checkTable(r, ctx, ctx.property(r, 'SSESpecification')),
  'AWS::Serverless::SimpleTable': (r, ctx) => checkTable(r, ctx, samSetting(ctx, r, 'SimpleTable', ['SSESpecification'])),
  'AWS::DynamoDB::GlobalTable': checkGlobalTable,
  'AWS::SNS::Topic': (r, ctx) => checkKeyProperty(r, ctx, 'KmsMasterKeyId', 'SNS topic'),
  'AWS::SQS::Queue': checkQueue,
  'AWS::CloudTrail::Trail': (r, ctx) => checkKeyProperty(r, ctx, 'KMSKeyId', 'CloudTrail trail'),
  'AWS::Logs::LogGroup': checkLogGroup,
};

function checkBucket(bucket: Resource, ctx: RuleContext): void {
  const rules = ['BucketEncryption', 'ServerSideEncryptionConfiguration'];
  for (const found of ctx.property(bucket, ...rules)) {
    if (found.kind === 'unknown') undecided(ctx, bucket, found.node, 'which key encrypts the bucket', found.reason, rules);
    if (found.kind !== 'found') continue;
    for (const list of branches(found.node)) {
      const items = list?.kind === 'seq' ? list.items : [];
      items.forEach((rule, index) => {
        for (const item of branches(rule)) {
          const byDefault = child(item, 'ServerSideEncryptionByDefault');
          if (byDefault?.kind !== 'map') continue;
          const path = [...rules, index, 'ServerSideEncryptionByDefault'];
          for (const algorithm of ctx.scalarsOf(child(byDefault, 'SSEAlgorithm'), byDefault)) {
            if (algorithm.kind === 'unknown') undecided(ctx, bucket, algorithm.node, 'which key encrypts the bucket', algorithm.reason, [...path, 'SSEAlgorithm']);
            if (algorithm.kind !== 'known') continue;
            const value = String(algorithm.value);
            if (value === 'AES256') {
              fail(ctx, bucket, algorithm.node, 'S3 bucket is encrypted with S3 managed keys (SSEAlgorithm: AES256), not a customer managed KMS key', [...path, 'SSEAlgorithm']);
            } else if (value.startsWith('aws:kms')) {
              const keyBranches = branches(child(byDefault, 'KMSMasterKeyID'));
              if (keyBranches.some((k) => k === undefined)) {
                fail(ctx, bucket, algorithm.node, `S3 bucket is encrypted with the AWS managed key aws/s3 (SSEAlgorithm: ${value} without KMSMasterKeyID)`, [...path, 'SSEAlgorithm']);
              }
              for (const k of keyBranches) if (k) judgeKey(ctx, bucket, k, 'S3 bucket', [...path, 'KMSMasterKeyID']);
            }
          }
        }
      });
    }
  }
}

const SSE = ['SSESpecification'];
const SSE_ENABLED = [...SSE, 'SSEEnabled'];
const SSE_KEY = [...SSE, 'KMSMasterKeyId'];

function checkTable(table: Resource, ctx: RuleContext, specs: Lookup[]): void {
  const label = table.type === 'AWS::Serverless::SimpleTable' ? 'DynamoDB table (SimpleTable)' : 'DynamoDB table';
  for (const spec of specs) {
    if (spec.kind === 'absent') {
      fail(ctx, table, anchorOfAbsent(table, spec), `${label} is encrypted with an AWS owned key (no SSESpecification), not a customer managed KMS key`, SSE);
      continue;
    }
    if (spec.kind === 'unknown') {
      undecided(ctx, table, spec.node, 'which key encrypts the table', spec.reason, SSE);
      continue;
    }
    for (const enabled of ctx.scalarsOf(child(spec.node, 'SSEEnabled'), spec.node)) {
      if (enabled.kind === 'unknown') {
        undecided(ctx, table, enabled.node, 'which key encrypts the table', enabled.reason, SSE_ENABLED);
      } else if (enabled.kind === 'absent' || asBoolean(enabled.value) !== true) {
        const at = enabled.kind === 'absent' ? keyOf(table, spec) : enabled.node;
        fail(ctx, table, at, `${label} is encrypted with an AWS owned key (SSEEnabled is not true), not a customer managed KMS key`, SSE_ENABLED);
      } else {
        const keys = branches(child(spec.node, 'KMSMasterKeyId'));
        if (keys.some((k) => k === undefined)) fail(ctx, table, enabled.node, `${label} is encrypted with the AWS managed key aws/dynamodb (SSEEnabled: true without KMSMasterKeyId)`, SSE_ENABLED);
        for (const k of keys) if (k) judgeKey(ctx, table, k, label, SSE_KEY);
      }
    }
  }
}

function checkGlobalTable(table: Resource, ctx: RuleContext): void {
  const label = 'DynamoDB global table';
  for (const enabled of ctx.scalars(table, ...SSE_ENABLED)) {
    if (enabled.kind === 'unknown') {
      undecided(ctx, table, enabled.node, 'which key encrypts the table', enabled.reason, SSE_ENABLED);
    } else if (enabled.kind === 'absent' || asBoolean(enabled.value) !== true) {
      fail(ctx, table, enabled.node, `${label} is encrypted with an AWS owned key (SSESpecification.SSEEnabled is not true), not a customer managed KMS key`, SSE_ENABLED);
    } else {
      for (const replicas of branches(child(table.properties, 'Replicas'))) {
        (replicas?.kind === 'seq' ? replicas.items : []).forEach((item, index) => {
          for (const replica of branches(item)) {
            if (replica?.kind !== 'map') continue;
            const path = ['Replicas', index, ...SSE_KEY];
            const keys = branches(child(child(replica, 'SSESpecification'), 'KMSMasterKeyId'));
            const region = child(replica, 'Region') ?? replica;
            if (keys.some((k) => k === undefined)) fail(ctx, table, region, `${label} replica is encrypted with the AWS managed key aws/dynamodb (no SSESpecification.KMSMasterKeyId)`, path);
            for (const k of keys) if (k) judgeKey(ctx, table, k, label, path);
          }
        });
      }
    }
  }
}

function checkQueue(queue: Resource, ctx: RuleContext): void {
  const keyPath = ['KmsMasterKeyId'];
  for (const key of ctx.property(queue, ...keyPath)) {
    if (key.kind === 'found') {
      judgeKey(ctx, queue, key.node, 'SQS queue', keyPath);
      continue;
    }
    if (key.kind === 'unknown') {
      undecided(ctx, queue, key.node, 'which key encrypts the queue', key.reason, keyPath);
      continue;
    }
    // No KMS key: SSE-SQS, on unless SqsManagedSseEnabled is false (then the queue is unencrypted: another rule's finding).
    const ssePath = ['SqsManagedSseEnabled'];
    for (const sse of ctx.scalars(queue, ...ssePath)) {
      if (sse.kind === 'unknown') undecided(ctx, queue, sse.node, 'which key encrypts the queue', sse.reason, ssePath);
      else if (sse.kind === 'absent') fail(ctx, queue, anchorOfAbsent(queue, key), 'SQS queue is encrypted with a key SQS owns (SSE-SQS, the default), not a customer managed KMS key', keyPath);
      else if (asBoolean(sse.value) !== false) fail(ctx, queue, sse.node, 'SQS queue is encrypted with a key SQS owns (SqsManagedSseEnabled: true), not a customer managed KMS key', ssePath);
    }
  }
}

function checkLogGroup(group: Resource, ctx: RuleContext): void {
  const path = ['KmsKeyId'];
  for (const key of ctx.property(group, ...path)) {
    if (key.kind === 'absent') fail(ctx, group, anchorOfAbsent(group, key), 'CloudWatch Logs log group is encrypted with keys CloudWatch Logs manages (KmsKeyId is not set), not a customer managed KMS key', path);
    else if (key.kind === 'unknown') undecided(ctx, group, key.node, 'which key encrypts the log group', key.reason, path);
    else judgeKey(ctx, group, key.node, 'CloudWatch Logs log group', path);
  }
}

/** A key property whose absence is another rule's concern: only an AWS managed key named in it fails. */
function checkKeyProperty(resource: Resource, ctx: RuleContext, property: string, label: string): void {
  for (const key of ctx.property(resource, property)) {
    if (key.kind === 'found') judgeKey(ctx, resource, key.node, label, [property]);
    else if (key.kind === 'unknown') undecided(ctx, resource, key.node, `which key encrypts the ${label}`, key.reason, [property]);
  }
}

function judgeKey(ctx: RuleContext, resource: Resource, node: TemplateNode, label: string, path: Path): void {
  for (const verdict of keyVerdicts(ctx, node)) {
    if (verdict.kind === 'aws-managed') fail(ctx, resource, node, `${label} is encrypted with the AWS managed key ${verdict.alias}, not a customer managed KMS key`, path);
    else if (verdict.kind === 'unknown') undecided(ctx, resource, node, 'whether the key is customer managed', verdict.reason, path);
  }
}

/** The key of the map an absent lookup stopped at (the SSESpecification key, when SSEEnabled is missing in it). */
function keyOf(resource: Resource, found: Extract<Lookup, { kind: 'found' }>): Report['at'] {
  return found.entry ? found.entry.keyRange : resource.logicalIdRange;
}

type Path = readonly (string | number)[];

function fail(ctx: RuleContext, resource: Resource, at: Report['at'], message: string, path: Path): void {
  ctx.report({ resource, at, message, path: ['Properties', ...path] });
}

function undecided(ctx: RuleContext, resource: Resource, at: Report['at'], subject: string, reason: string, path: Path): void {
  ctx.report({ resource, at, undecided: true, message: `Cannot decide ${subject}: ${reason}.`, path: ['Properties', ...path] });
}
