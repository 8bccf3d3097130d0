#!/usr/bin/env node
// Deterministic generator of realistic CloudFormation YAML templates for
// SOP Lens benchmarks.
//
//   import { generateTemplate, writeTemplateFolder } from './generate-templates.mjs';
//   const yamlText = generateTemplate(100, 42);
//   writeTemplateFolder('bench/generated', 50, 100, 1);
//
// CLI:
//   node bench/generate-templates.mjs <outdir> <count> <resourcesPerTemplate> [seed]
//
// Templates use a seeded mix of ~19 resource types (S3 buckets and policies,
// DynamoDB, security groups, IAM roles, Lambda, CloudWatch alarms, KMS, SQS,
// SNS, CloudTrail, VPCs and flow logs, log groups, ALB/target group/listener,
// RDS, EBS). Properties are sometimes SOP-compliant and sometimes not, and the
// templates use short-form intrinsics (!Ref, !GetAtt, !Sub, !If, !Select,
// !GetAZs, !Equals) plus some long-form ones (Fn::GetAtt, Fn::Sub, Ref).
// Only Node builtins are used; the output is plain text.

import { mkdirSync, writeFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------
// Seeded PRNG (mulberry32)
// ---------------------------------------------------------------------------

class Rng {
  constructor(seed) {
    this.state = (Number(seed) >>> 0) ^ 0x9e3779b9;
    // Warm up so that small consecutive seeds diverge quickly.
    for (let i = 0; i < 4; i++) this.next();
  }
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(arr) {
    return arr[Math.floor(this.next() * arr.length)];
  }
  weighted(entries) {
    const total = entries.reduce((s, e) => s + e.weight, 0);
    let r = this.next() * total;
    for (const e of entries) {
      r -= e.weight;
      if (r < 0) return e;
    }
    return entries[entries.length - 1];
  }
}

// ---------------------------------------------------------------------------
// Tagged intrinsic nodes and a small YAML emitter
// ---------------------------------------------------------------------------

class Tag {
  constructor(tag, value) {
    this.tag = tag;
    this.value = value;
  }
}
const Ref = (name) => new Tag('!Ref', name);
const GetAtt = (name, attr) => new Tag('!GetAtt', `${name}.${attr}`);
const Sub = (str) => new Tag('!Sub', str);
const If = (cond, a, b) => new Tag('!If', [cond, a, b]);
const Equals = (a, b) => new Tag('!Equals', [a, b]);
const Select = (i, list) => new Tag('!Select', [i, list]);
const GetAZs = (region = '') => new Tag('!GetAZs', region);

/** Marks a multi-line string to be emitted as a literal block scalar. */
class Literal {
  constructor(text) {
    this.text = text;
  }
}

/** A comment line emitted before a mapping entry. */
class Commented {
  constructor(comment, value) {
    this.comment = comment;
    this.value = value;
  }
}

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBERISH = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^0x[0-9a-f]+$|^0o[0-7]+$|^[-+]?\.(?:inf|nan)$/i;
const DATEISH = /^\d{4}-\d{2}-\d{2}/;
const PLAIN_BLOCK = /^[A-Za-z0-9_/$][A-Za-z0-9_./:@$()*+-]*(?: [A-Za-z0-9_./:@$()*+-]+)*$/;
const PLAIN_FLOW = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;

function scalar(v, flow) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const s = String(v);
  if (s === '' || RESERVED.test(s) || NUMBERISH.test(s) || DATEISH.test(s)) return JSON.stringify(s);
  if ((flow ? PLAIN_FLOW : PLAIN_BLOCK).test(s) && !s.includes(': ') && !s.endsWith(':')) return s;
  return JSON.stringify(s);
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tag) && !(v instanceof Literal) && !(v instanceof Commented);

/** Can `v` be written on one line in flow context? */
function flowable(v, depth = 0) {
  if (depth > 2) return false;
  if (v instanceof Literal || v instanceof Commented) return false;
  if (v instanceof Tag) return flowable(v.value, depth + 1);
  if (Array.isArray(v)) return v.length <= 4 && v.every((x) => flowable(x, depth + 1) && !isPlainObject(x));
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return true;
}

function inline(v) {
  if (v instanceof Tag) {
    return `${v.tag} ${inline(v.value)}`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => inline(x)).join(', ')}]`;
  if (isPlainObject(v)) return '{}';
  return scalar(v, true);
}

/** Inline representation for a value in block context, or null if it needs nested lines. */
function inlineBlock(v) {
  if (v instanceof Tag) {
    if (!Array.isArray(v.value) && !isPlainObject(v.value)) return `${v.tag} ${scalar(v.value, false)}`;
    if (flowable(v.value)) return `${v.tag} ${inline(v.value)}`;
    return null;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    // Short lists of plain strings are written in flow style, as people do.
    if (v.length <= 4 && v.every((x) => typeof x === 'string') && v.join(', ').length <= 40) return inline(v);
    return null;
  }
  if (isPlainObject(v)) return Object.keys(v).length === 0 ? '{}' : null;
  if (v instanceof Literal || v instanceof Commented) return null;
  return scalar(v, false);
}

function emit(v, indent, out) {
  const pad = ' '.repeat(indent);
  if (isPlainObject(v)) {
    for (const [k, raw] of Object.entries(v)) {
      let val = raw;
      if (val instanceof Commented) {
        out.push(`${pad}# ${val.comment}`);
        val = val.value;
      }
      if (val === undefined) continue;
      const key = scalar(k, false);
      if (val instanceof Literal) {
        out.push(`${pad}${key}: |`);
        for (const line of val.text.replace(/\n$/, '').split('\n')) out.push(line ? `${pad}  ${line}` : '');
        continue;
      }
      const one = inlineBlock(val);
      if (one !== null) {
        out.push(`${pad}${key}: ${one}`);
      } else if (val instanceof Tag) {
        out.push(`${pad}${key}: ${val.tag}`);
        emit(val.value, indent + 2, out);
      } else {
        out.push(`${pad}${key}:`);
        emit(val, indent + 2, out);
      }
    }
    return;
  }
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isPlainObject(item) && Object.keys(item).length > 0) {
        const sub = [];
        emit(item, indent + 2, sub);
        // First line of the mapping goes after the dash.
        out.push(`${pad}- ${sub[0].slice(indent + 2)}`);
        for (const line of sub.slice(1)) out.push(line);
        continue;
      }
      const one = inlineBlock(item);
      if (one !== null) {
        out.push(`${pad}- ${one}`);
      } else if (item instanceof Tag) {
        out.push(`${pad}- ${item.tag}`);
        emit(item.value, indent + 4, out);
      } else {
        out.push(`${pad}-`);
        emit(item, indent + 2, out);
      }
    }
    return;
  }
  out.push(`${pad}${inlineBlock(v)}`);
}

// ---------------------------------------------------------------------------
// Resource generators
// ---------------------------------------------------------------------------

const WORDS = [
  'Orders', 'Billing', 'Invoices', 'Catalog', 'Search', 'Reports', 'Audit', 'Users', 'Sessions',
  'Payments', 'Inventory', 'Shipping', 'Analytics', 'Media', 'Uploads', 'Exports', 'Events',
  'Notifications', 'Ledger', 'Profiles', 'Checkout', 'Pricing', 'Metrics', 'Backups', 'Archive',
];

const AWS_MANAGED_POLICIES = [
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  'arn:aws:iam::aws:policy/AmazonS3FullAccess',
  'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess',
  'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
];

class Ctx {
  constructor(rng) {
    this.rng = rng;
    this.resources = {};
    this.pools = {
      vpc: [], bucket: [], policyBucket: [], table: [], sg: [], role: [], lambda: [], key: [], queue: [],
      topic: [], logGroup: [], alb: [], targetGroup: [], db: [], trail: [],
    };
    this.counter = 0;
    this.order = [];
  }
  id(suffix) {
    this.counter += 1;
    return `${this.rng.pick(WORDS)}${suffix}${this.counter}`;
  }
  add(id, resource, pool) {
    this.resources[id] = resource;
    this.order.push(id);
    if (pool) this.pools[pool].push(id);
    return id;
  }
  any(pool) {
    const p = this.pools[pool];
    return p.length ? this.rng.pick(p) : null;
  }
}

const lower = (s) => s.replace(/([a-z])([A-Z])/g, '$1-$2').replace(/\d+$/, '').toLowerCase();
/** Like lower() but keeps the numeric suffix, so physical names stay unique. */
const slug = (s) => s.replace(/([a-z])([A-Z])/g, '$1-$2').replace(/([A-Za-z])(\d+)$/, '$1-$2').toLowerCase();

function tags(ctx, id) {
  const t = [{ Key: 'Name', Value: Sub(`\${AWS::StackName}-${lower(id)}`) }];
  if (ctx.rng.chance(0.5)) t.push({ Key: 'Environment', Value: Ref('Environment') });
  return t;
}

function genVpc(ctx) {
  const id = ctx.id('Vpc');
  const second = ctx.rng.int(0, 250);
  return ctx.add(id, {
    Type: 'AWS::EC2::VPC',
    Properties: {
      CidrBlock: `10.${second}.0.0/16`,
      EnableDnsHostnames: true,
      EnableDnsSupport: true,
      Tags: tags(ctx, id),
    },
  }, 'vpc');
}

function bucketProps(ctx, id) {
  const r = ctx.rng;
  const p = {};
  if (r.chance(0.3)) p.BucketName = Sub(`\${AWS::StackName}-${slug(id)}-\${AWS::AccountId}`);
  const key = ctx.any('key');
  if (r.chance(0.8)) {
    p.BucketEncryption = {
      ServerSideEncryptionConfiguration: [
        key && r.chance(0.6)
          ? { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: GetAtt(key, 'Arn') }, BucketKeyEnabled: true }
          : { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ],
    };
  }
  if (r.chance(0.65)) p.VersioningConfiguration = { Status: r.chance(0.9) ? 'Enabled' : 'Suspended' };
  if (r.chance(0.75)) {
    const allTrue = r.chance(0.85);
    p.PublicAccessBlockConfiguration = {
      BlockPublicAcls: true,
      BlockPublicPolicy: allTrue,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: allTrue,
    };
  }
  if (r.chance(0.4)) {
    p.LifecycleConfiguration = {
      Rules: [{
        Id: 'expire-noncurrent',
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: r.pick([30, 90, 365]) },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      }],
    };
  }
  const logTarget = ctx.any('bucket');
  if (logTarget && r.chance(0.3)) {
    p.LoggingConfiguration = { DestinationBucketName: Ref(logTarget), LogFilePrefix: `${lower(id)}/` };
  }
  p.Tags = tags(ctx, id);
  return p;
}

function genBucket(ctx) {
  const id = ctx.id('Bucket');
  const res = { Type: 'AWS::S3::Bucket' };
  if (ctx.rng.chance(0.4)) {
    res.DeletionPolicy = 'Retain';
    res.UpdateReplacePolicy = 'Retain';
  }
  res.Properties = bucketProps(ctx, id);
  return ctx.add(id, res, 'bucket');
}

function genBucketWithPolicy(ctx) {
  const r = ctx.rng;
  const bucket = genBucket(ctx);
  const statements = [];
  if (r.chance(0.7)) {
    statements.push({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [GetAtt(bucket, 'Arn'), Sub(`\${${bucket}.Arn}/*`)],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  }
  const role = ctx.any('role');
  if (role && r.chance(0.6)) {
    statements.push({
      Sid: 'AllowAppRoleRead',
      Effect: 'Allow',
      Principal: { AWS: GetAtt(role, 'Arn') },
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: Sub(`\${${bucket}.Arn}/*`),
    });
  } else if (r.chance(0.5)) {
    statements.push({
      Sid: 'AllowCloudFrontRead',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${${bucket}}/*` },
      Condition: { StringEquals: { 'AWS:SourceAccount': Ref('AWS::AccountId') } },
    });
  }
  if (statements.length === 0 || r.chance(0.2)) {
    statements.push({
      Sid: 'AllowAccountList',
      Effect: 'Allow',
      Principal: { AWS: Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
      Action: 's3:ListBucket',
      Resource: GetAtt(bucket, 'Arn'),
    });
  }
  const id = `${bucket}Policy`;
  ctx.add(id, {
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: Ref(bucket),
      PolicyDocument: { Version: '2012-10-17', Statement: statements },
    },
  });
  ctx.pools.policyBucket.push(bucket);
  return bucket;
}

function genTable(ctx) {
  const r = ctx.rng;
  const id = ctx.id('Table');
  const onDemand = r.chance(0.7);
  const p = {
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  };
  if (!onDemand) p.ProvisionedThroughput = { ReadCapacityUnits: r.pick([5, 10, 25]), WriteCapacityUnits: r.pick([5, 10]) };
  if (r.chance(0.6)) p.PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: r.chance(0.85) };
  const key = ctx.any('key');
  if (key && r.chance(0.5)) p.SSESpecification = { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Ref(key) };
  else if (r.chance(0.4)) p.SSESpecification = { SSEEnabled: true };
  if (r.chance(0.3)) p.TimeToLiveSpecification = { AttributeName: 'expiresAt', Enabled: true };
  if (r.chance(0.4)) p.DeletionProtectionEnabled = If('IsProd', true, false);
  p.Tags = tags(ctx, id);
  return ctx.add(id, { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: p }, 'table');
}

function genSecurityGroup(ctx) {
  const r = ctx.rng;
  const vpc = ctx.any('vpc');
  const id = ctx.id('SecurityGroup');
  const rules = [];
  if (r.chance(0.6)) rules.push({ Description: 'HTTPS', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' });
  if (r.chance(0.45)) {
    const open = r.chance(0.35);
    rules.push({
      Description: open ? 'SSH (temporary)' : 'SSH from admin network',
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: open ? '0.0.0.0/0' : Ref('AdminCidr'),
    });
  }
  if (r.chance(0.1)) rules.push({ Description: 'RDP', IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIp: r.chance(0.5) ? '0.0.0.0/0' : '10.0.0.0/8' });
  if (r.chance(0.05)) rules.push({ Description: 'Everything over IPv6', IpProtocol: '-1', CidrIpv6: '::/0' });
  const other = ctx.any('sg');
  if (other && r.chance(0.5)) {
    rules.push({ Description: 'Postgres from app tier', IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: GetAtt(other, 'GroupId') });
  }
  if (rules.length === 0) rules.push({ Description: 'App port inside VPC', IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: GetAtt(vpc, 'CidrBlock') });
  return ctx.add(id, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `${lower(id)} security group`,
      VpcId: Ref(vpc),
      SecurityGroupIngress: rules,
      Tags: tags(ctx, id),
    },
  }, 'sg');
}

function genRole(ctx) {
  const r = ctx.rng;
  const id = ctx.id('Role');
  const service = r.pick(['lambda.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']);
  const statements = [];
  const table = ctx.any('table');
  const bucket = ctx.any('bucket');
  const queue = ctx.any('queue');
  if (table) statements.push({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: GetAtt(table, 'Arn') });
  if (bucket) statements.push({ Effect: 'Allow', Action: 's3:GetObject', Resource: Sub(`\${${bucket}.Arn}/*`) });
  if (queue) statements.push({ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: { 'Fn::GetAtt': [queue, 'Arn'] } });
  if (statements.length === 0 || r.chance(0.25)) {
    // Non-compliant: wildcard resource (and sometimes wildcard action).
    statements.push({ Effect: 'Allow', Action: r.chance(0.3) ? 's3:*' : ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' });
  } else {
    statements.push({
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: Sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/*'),
    });
  }
  const p = {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    },
  };
  if (r.chance(0.35)) p.ManagedPolicyArns = [r.pick(AWS_MANAGED_POLICIES)];
  p.Policies = [{ PolicyName: `${lower(id)}-inline`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }];
  return ctx.add(id, { Type: 'AWS::IAM::Role', Properties: p }, 'role');
}

const NODE_CODE = `exports.handler = async (event) => {
  console.log(JSON.stringify({ level: "info", msg: "event", records: (event.Records || []).length }));
  return { statusCode: 200, body: JSON.stringify({ ok: true }) };
};
`;
const PY_CODE = `import json


def handler(event, context):
    print(json.dumps({"level": "info", "records": len(event.get("Records", []))}))
    return {"statusCode": 200, "body": json.dumps({"ok": True})}
`;

function genLambda(ctx) {
  const r = ctx.rng;
  const role = ctx.any('role') ?? genRole(ctx);
  const id = ctx.id('Function');
  const python = r.chance(0.4);
  const p = {
    Description: `${lower(id)} handler`,
    Runtime: python ? 'python3.12' : 'nodejs22.x',
    Handler: 'index.handler',
    Role: GetAtt(role, 'Arn'),
    Code: { ZipFile: new Literal(python ? PY_CODE : NODE_CODE) },
    MemorySize: r.pick([128, 256, 512, 1024]),
    Timeout: r.pick([3, 10, 30, 60]),
  };
  const vars = { STAGE: Ref('Environment') };
  const table = ctx.any('table');
  if (table) vars.TABLE_NAME = Ref(table);
  const queue = ctx.any('queue');
  if (queue) vars.QUEUE_URL = Ref(queue);
  p.Environment = { Variables: vars };
  if (r.chance(0.4)) p.ReservedConcurrentExecutions = If('IsProd', 100, 5);
  if (r.chance(0.3)) p.TracingConfig = { Mode: 'Active' };
  p.Tags = tags(ctx, id);
  return ctx.add(id, { Type: 'AWS::Lambda::Function', Properties: p }, 'lambda');
}

function alarmTargets(ctx) {
  const t = [];
  for (const fn of ctx.pools.lambda) {
    t.push({ ns: 'AWS/Lambda', metric: 'Errors', stat: 'Sum', threshold: 1, dims: [{ Name: 'FunctionName', Value: Ref(fn) }], of: fn });
    t.push({ ns: 'AWS/Lambda', metric: 'Throttles', stat: 'Sum', threshold: 1, dims: [{ Name: 'FunctionName', Value: Ref(fn) }], of: fn });
  }
  for (const q of ctx.pools.queue) {
    t.push({ ns: 'AWS/SQS', metric: 'ApproximateAgeOfOldestMessage', stat: 'Maximum', threshold: 600, dims: [{ Name: 'QueueName', Value: GetAtt(q, 'QueueName') }], of: q });
  }
  for (const tb of ctx.pools.table) {
    t.push({ ns: 'AWS/DynamoDB', metric: 'SystemErrors', stat: 'Sum', threshold: 5, dims: [{ Name: 'TableName', Value: Ref(tb) }], of: tb });
  }
  for (const lb of ctx.pools.alb) {
    t.push({ ns: 'AWS/ApplicationELB', metric: 'HTTPCode_ELB_5XX_Count', stat: 'Sum', threshold: 10, dims: [{ Name: 'LoadBalancer', Value: GetAtt(lb, 'LoadBalancerFullName') }], of: lb });
  }
  for (const db of ctx.pools.db) {
    t.push({ ns: 'AWS/RDS', metric: 'CPUUtilization', stat: 'Average', threshold: 80, dims: [{ Name: 'DBInstanceIdentifier', Value: Ref(db) }], of: db });
  }
  return t;
}

function genAlarm(ctx) {
  const r = ctx.rng;
  const target = r.pick(alarmTargets(ctx));
  const id = `${target.of}${target.metric.replace(/[^A-Za-z0-9]/g, '')}Alarm${++ctx.counter}`;
  const p = {
    AlarmDescription: `${target.metric} on ${target.of}`,
    Namespace: target.ns,
    MetricName: target.metric,
    Dimensions: target.dims,
    Statistic: target.stat,
    Period: r.pick([60, 300]),
    EvaluationPeriods: r.pick([1, 3, 5]),
    Threshold: target.threshold,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  };
  const topic = ctx.any('topic');
  if (topic && r.chance(0.8)) {
    p.AlarmActions = [Ref(topic)];
    if (r.chance(0.5)) p.OKActions = [Ref(topic)];
  }
  return ctx.add(id, { Type: 'AWS::CloudWatch::Alarm', Properties: p });
}

function genKey(ctx) {
  const r = ctx.rng;
  const id = ctx.id('Key');
  const p = {
    Description: `${lower(id)} customer managed key`,
    KeyPolicy: {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'EnableIamPolicies',
        Effect: 'Allow',
        Principal: { AWS: Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
        Action: 'kms:*',
        Resource: '*',
      }],
    },
  };
  const rot = r.next();
  if (rot < 0.7) p.EnableKeyRotation = true;
  else if (rot < 0.85) p.EnableKeyRotation = false;
  p.Tags = tags(ctx, id);
  return ctx.add(id, { Type: 'AWS::KMS::Key', Properties: p }, 'key');
}

function genQueue(ctx) {
  const r = ctx.rng;
  const id = ctx.id('Queue');
  const p = { VisibilityTimeout: r.pick([30, 60, 120]) };
  const key = ctx.any('key');
  const enc = r.next();
  if (key && enc < 0.5) p.KmsMasterKeyId = Ref(key);
  else if (enc < 0.8) p.SqsManagedSseEnabled = true;
  else if (enc < 0.9) p.SqsManagedSseEnabled = false;
  const dlq = ctx.any('queue');
  if (dlq && r.chance(0.4)) p.RedrivePolicy = { deadLetterTargetArn: GetAtt(dlq, 'Arn'), maxReceiveCount: 5 };
  p.Tags = tags(ctx, id);
  return ctx.add(id, { Type: 'AWS::SQS::Queue', Properties: p }, 'queue');
}

function genTopic(ctx) {
  const r = ctx.rng;
  const id = ctx.id('Topic');
  const p = { DisplayName: `${lower(id)} notifications` };
  const key = ctx.any('key');
  if (key && r.chance(0.6)) p.KmsMasterKeyId = Ref(key);
  else if (r.chance(0.3)) p.KmsMasterKeyId = 'alias/aws/sns';
  if (r.chance(0.4)) p.Subscription = [{ Protocol: 'email', Endpoint: 'ops-alerts@example.com' }];
  p.Tags = tags(ctx, id);
  return ctx.add(id, { Type: 'AWS::SNS::Topic', Properties: p }, 'topic');
}

function genTrail(ctx) {
  const r = ctx.rng;
  const bucket = ctx.any('policyBucket') ?? ctx.any('bucket');
  const id = ctx.id('Trail');
  const p = {
    IsLogging: true,
    S3BucketName: Ref(bucket),
  };
  if (r.chance(0.7)) p.IsMultiRegionTrail = r.chance(0.85);
  if (r.chance(0.6)) p.EnableLogFileValidation = r.chance(0.9);
  if (r.chance(0.6)) p.IncludeGlobalServiceEvents = true;
  const key = ctx.any('key');
  if (key && r.chance(0.6)) p.KMSKeyId = GetAtt(key, 'Arn');
  if (r.chance(0.3)) p.S3KeyPrefix = 'cloudtrail';
  p.Tags = tags(ctx, id);
  const res = { Type: 'AWS::CloudTrail::Trail' };
  if (ctx.resources[`${bucket}Policy`]) res.DependsOn = `${bucket}Policy`;
  res.Properties = p;
  return ctx.add(id, res, 'trail');
}

function genFlowLog(ctx) {
  const r = ctx.rng;
  const vpc = ctx.any('vpc');
  const bucket = ctx.any('bucket');
  const id = ctx.id('FlowLog');
  return ctx.add(id, {
    Type: 'AWS::EC2::FlowLog',
    Properties: {
      ResourceId: Ref(vpc),
      ResourceType: 'VPC',
      TrafficType: r.pick(['ALL', 'ALL', 'REJECT']),
      LogDestinationType: 's3',
      LogDestination: r.chance(0.5) ? GetAtt(bucket, 'Arn') : Sub(`\${${bucket}.Arn}/flow-logs/`),
      MaxAggregationInterval: r.pick([60, 600]),
      Tags: tags(ctx, id),
    },
  });
}

function genLogGroup(ctx) {
  const r = ctx.rng;
  const id = ctx.id('LogGroup');
  const p = { LogGroupName: Sub(`/\${AWS::StackName}/${slug(id)}`) };
  if (r.chance(0.7)) p.RetentionInDays = r.pick([30, 90, 365]);
  const res = { Type: 'AWS::Logs::LogGroup' };
  // A few optional, prod-only resources exercise resource-level Conditions.
  if (r.chance(0.2)) {
    res.Condition = 'IsProd';
    ctx.add(id, { ...res, Properties: p });
    return id;
  }
  res.Properties = p;
  return ctx.add(id, res, 'logGroup');
}

function genAlb(ctx) {
  const r = ctx.rng;
  const vpc = ctx.any('vpc');
  const lbId = ctx.id('LoadBalancer');
  const lb = {
    Type: 'application',
    Scheme: r.chance(0.6) ? 'internet-facing' : 'internal',
    Subnets: Ref('SubnetIds'),
  };
  const sg = ctx.any('sg');
  if (sg) lb.SecurityGroups = [GetAtt(sg, 'GroupId')];
  if (r.chance(0.5)) {
    lb.LoadBalancerAttributes = [
      { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      { Key: 'deletion_protection.enabled', Value: If('IsProd', 'true', 'false') },
    ];
  }
  lb.Tags = tags(ctx, lbId);
  ctx.add(lbId, { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: lb }, 'alb');
  const tgId = `${lbId}TargetGroup`;
  const https = r.chance(0.4);
  ctx.add(tgId, {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: {
      VpcId: Ref(vpc),
      TargetType: 'ip',
      Protocol: https ? 'HTTPS' : 'HTTP',
      Port: https ? 8443 : 8080,
      HealthCheckPath: '/healthz',
      Matcher: { HttpCode: '200' },
    },
  }, 'targetGroup');
  return lbId;
}

function genListener(ctx) {
  const r = ctx.rng;
  const lbId = ctx.any('alb');
  const tg = `${lbId}TargetGroup`;
  const id = ctx.id('Listener');
  const kind = r.next();
  let p;
  if (kind < 0.5) {
    p = {
      LoadBalancerArn: Ref(lbId),
      Protocol: 'HTTPS',
      Port: 443,
      SslPolicy: r.pick(['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-2016-08']),
      Certificates: [{ CertificateArn: Ref('CertificateArn') }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: Ref(tg) }],
    };
  } else if (kind < 0.8) {
    p = {
      LoadBalancerArn: Ref(lbId),
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{
        Type: 'redirect',
        RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
      }],
    };
  } else {
    // Non-compliant: plain HTTP forwarding.
    p = {
      LoadBalancerArn: Ref(lbId),
      Protocol: 'HTTP',
      Port: r.pick([80, 8080]),
      DefaultActions: [{ Type: 'forward', TargetGroupArn: Ref(tg) }],
    };
  }
  return ctx.add(id, { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: p });
}

function genDb(ctx) {
  const r = ctx.rng;
  const id = ctx.id('Database');
  const p = {
    Engine: r.pick(['postgres', 'postgres', 'mysql']),
    DBInstanceClass: r.pick(['db.t4g.medium', 'db.t4g.large', 'db.r6g.large']),
    AllocatedStorage: String(r.pick([20, 50, 100])),
    StorageType: 'gp3',
    MasterUsername: 'app_admin',
    ManageMasterUserPassword: true,
    MultiAZ: If('IsProd', true, false),
    BackupRetentionPeriod: r.pick([0, 1, 7, 14]),
    PubliclyAccessible: r.chance(0.15),
    DeletionProtection: If('IsProd', true, false),
  };
  if (r.chance(0.75)) p.StorageEncrypted = true;
  const key = ctx.any('key');
  if (p.StorageEncrypted && key && r.chance(0.5)) p.KmsKeyId = Ref(key);
  const sg = ctx.any('sg');
  if (sg) p.VPCSecurityGroups = [GetAtt(sg, 'GroupId')];
  p.Tags = tags(ctx, id);
  return ctx.add(id, { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: p }, 'db');
}

function genVolume(ctx) {
  const r = ctx.rng;
  const id = ctx.id('Volume');
  const p = {
    AvailabilityZone: Select(r.int(0, 1), GetAZs('')),
    Size: r.pick([8, 20, 100, 500]),
    VolumeType: r.pick(['gp3', 'gp3', 'gp2', 'io2']),
  };
  if (p.VolumeType === 'io2') p.Iops = 3000;
  if (r.chance(0.7)) p.Encrypted = true;
  else if (r.chance(0.4)) p.Encrypted = false;
  const key = ctx.any('key');
  if (p.Encrypted && key && r.chance(0.5)) p.KmsKeyId = GetAtt(key, 'Arn');
  p.Tags = tags(ctx, id);
  return ctx.add(id, { Type: 'AWS::EC2::Volume', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: p });
}

// Each unit: how many resources it adds (given the context), whether its
// prerequisites exist, and a relative weight.
const UNITS = [
  { name: 'vpc', weight: 3, size: () => 1, ok: (c) => c.pools.vpc.length < 3, run: genVpc },
  { name: 'bucket', weight: 8, size: () => 1, ok: () => true, run: genBucket },
  { name: 'bucketWithPolicy', weight: 7, size: () => 2, ok: () => true, run: genBucketWithPolicy },
  { name: 'table', weight: 8, size: () => 1, ok: () => true, run: genTable },
  { name: 'sg', weight: 7, size: () => 1, ok: (c) => c.pools.vpc.length > 0, run: genSecurityGroup },
  { name: 'role', weight: 6, size: () => 1, ok: () => true, run: genRole },
  { name: 'lambda', weight: 8, size: (c) => (c.pools.role.length ? 1 : 2), ok: () => true, run: genLambda },
  { name: 'alarm', weight: 10, size: () => 1, ok: (c) => alarmTargets(c).length > 0, run: genAlarm },
  { name: 'key', weight: 5, size: () => 1, ok: () => true, run: genKey },
  { name: 'queue', weight: 6, size: () => 1, ok: () => true, run: genQueue },
  { name: 'topic', weight: 4, size: () => 1, ok: () => true, run: genTopic },
  { name: 'trail', weight: 2, size: () => 1, ok: (c) => c.pools.bucket.length > 0 && c.pools.trail.length < 3, run: genTrail },
  { name: 'flowLog', weight: 3, size: () => 1, ok: (c) => c.pools.vpc.length > 0 && c.pools.bucket.length > 0, run: genFlowLog },
  { name: 'logGroup', weight: 4, size: () => 1, ok: () => true, run: genLogGroup },
  { name: 'alb', weight: 2, size: () => 2, ok: (c) => c.pools.vpc.length > 0, run: genAlb },
  { name: 'listener', weight: 4, size: () => 1, ok: (c) => c.pools.alb.length > 0, run: genListener },
  { name: 'db', weight: 3, size: () => 1, ok: () => true, run: genDb },
  { name: 'volume', weight: 4, size: () => 1, ok: () => true, run: genVolume },
];

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Returns a CloudFormation template (YAML text) with exactly `resourceCount`
 * resources. The same (resourceCount, seed) always yields the same text.
 */
export function generateTemplate(resourceCount, seed = 1) {
  const count = Math.max(1, Math.floor(Number(resourceCount) || 0));
  const rng = new Rng(seed);
  const ctx = new Ctx(rng);

  // Most real templates start with their network / encryption foundations.
  if (count >= 8) {
    genVpc(ctx);
    genKey(ctx);
  }
  while (ctx.order.length < count) {
    const remaining = count - ctx.order.length;
    const candidates = UNITS.filter((u) => u.ok(ctx) && u.size(ctx) <= remaining);
    const unit = rng.weighted(candidates);
    unit.run(ctx);
  }

  const outputs = {};
  const exportable = ctx.order.filter((id) => !ctx.resources[id].Condition);
  for (const id of exportable.slice(0, Math.min(5, exportable.length))) {
    const type = ctx.resources[id].Type;
    const arnTypes = ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::SQS::Queue'];
    const out = { Description: `${type} ${id}`, Value: arnTypes.includes(type) ? GetAtt(id, 'Arn') : Ref(id) };
    if (rng.chance(0.5)) out.Export = { Name: Sub(`\${AWS::StackName}-${id}`) };
    outputs[id] = out;
  }

  outputs.DeploymentStage = { Description: 'Stage this stack was deployed as', Value: If('IsProd', 'production', Ref('Environment')) };

  const doc = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Generated benchmark template (seed ${seed}, ${count} resources)`,
    Parameters: {
      Environment: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'staging', 'prod'] },
      AdminCidr: { Type: 'String', Default: '10.0.0.0/8', Description: 'Network allowed to reach admin ports' },
      SubnetIds: { Type: 'List<AWS::EC2::Subnet::Id>', Description: 'Subnets for load balancers' },
      CertificateArn: { Type: 'String', Default: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000' },
    },
    Conditions: {
      IsProd: Equals(Ref('Environment'), 'prod'),
    },
    Resources: {},
    Outputs: outputs,
  };
  for (const id of ctx.order) {
    const res = ctx.resources[id];
    doc.Resources[id] = rng.chance(0.08) ? new Commented(`TODO(${rng.pick(['platform', 'security', 'data'])}): review ${res.Type} settings`, res) : res;
  }
  // Drop optional parameters that nothing references (cfn-lint W2001).
  const body = JSON.stringify(ctx.resources);
  for (const name of ['AdminCidr', 'SubnetIds', 'CertificateArn']) {
    if (!body.includes(`{"tag":"!Ref","value":"${name}"}`)) delete doc.Parameters[name];
  }

  const lines = [`# Generated by bench/generate-templates.mjs (seed ${seed}). Do not edit.`];
  emit(doc, 0, lines);
  return `${lines.join('\n')}\n`;
}

/**
 * Writes `count` templates of `resourcesPerTemplate` resources each to `dir`
 * (created if needed). Returns the absolute paths written, in order.
 */
export function writeTemplateFolder(dir, count, resourcesPerTemplate, seed = 1) {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const n = Math.max(0, Math.floor(Number(count) || 0));
  const width = Math.max(4, String(n).length);
  const files = [];
  for (let i = 0; i < n; i++) {
    const file = join(root, `template-${String(i + 1).padStart(width, '0')}.yaml`);
    const templateSeed = ((Number(seed) >>> 0) * 100003 + i) >>> 0;
    writeFileSync(file, generateTemplate(resourcesPerTemplate, templateSeed));
    files.push(file);
  }
  return files;
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const [outDir, countArg, perArg, seedArg] = process.argv.slice(2);
  if (!outDir || !countArg || !perArg) {
    console.error('usage: node bench/generate-templates.mjs <outdir> <count> <resourcesPerTemplate> [seed]');
    process.exit(2);
  }
  const count = Number.parseInt(countArg, 10);
  const per = Number.parseInt(perArg, 10);
  const seed = seedArg === undefined ? 1 : Number.parseInt(seedArg, 10);
  if (!Number.isFinite(count) || count < 0 || !Number.isFinite(per) || per < 1 || !Number.isFinite(seed)) {
    console.error('count must be >= 0, resourcesPerTemplate >= 1, seed an integer');
    process.exit(2);
  }
  const files = writeTemplateFolder(outDir, count, per, seed);
  console.log(`wrote ${files.length} template(s) with ${per} resources each to ${resolve(outDir)}`);
}
