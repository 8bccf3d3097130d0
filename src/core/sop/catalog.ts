/**
 * The SOP controls every SOP Lens feature points back to. The ids of the account-governance, identity,
 * documentation, network and operations controls are the SOP's own; the security guide's sections have
 * no ids in the source document, so SOP Lens gives them `SEC-*` ids. Summaries are ours: at run time the
 * user's own SOP file can be shown beside them (see `sopDocumentPath` in the settings).
 */

export type ControlId =
  | 'ACCT-001'
  | 'ACCT-002'
  | 'DOC-001'
  | 'NETSEC-001'
  | 'NETSEC-002'
  | 'OPE-001'
  | 'SEC-MON'
  | 'SEC-KMS'
  | 'SEC-API'
  | 'SEC-COGNITO'
  | 'SEC-IAM'
  | 'SEC-S3'
  | 'SEC-DDB'
  | 'SEC-CFN';

export interface Control {
  readonly id: ControlId;
  readonly title: string;
  /** Which SOP document the control comes from. */
  readonly source: 'security-sop' | 'security-guide';
  /** The heading in that document, so the user's own text can be found and shown. */
  readonly heading: string;
  readonly summary: string;
}

export const CONTROLS: readonly Control[] = [
  {
    id: 'ACCT-001',
    title: 'Secure account governance',
    source: 'security-sop',
    heading: 'ACCT-001',
    summary:
      'Every customer account records API activity with CloudTrail in all regions, keeps those logs in a dedicated, versioned, encrypted bucket that resists deletion, has AWS Config and GuardDuty switched on, protects the root user with MFA and keeps it for the few tasks only root can do, and lists team mailboxes and numbers, not individuals, as its contacts.',
  },
  {
    id: 'ACCT-002',
    title: 'Federated access with temporary credentials',
    source: 'security-sop',
    heading: 'ACCT-002',
    summary:
      'Operators reach customer accounts through a corporate identity provider and assumed IAM roles, with MFA where the customer requires it, so access uses short-lived STS credentials instead of IAM users with long-term keys or passwords.',
  },
  {
    id: 'DOC-001',
    title: 'Architecture documentation',
    source: 'security-sop',
    heading: 'DOC-001',
    summary:
      'The deployment is documented: the AWS services in use, how outside systems connect, what runs outside AWS, how it is deployed (CloudFormation), and how it stays available and scales.',
  },
  {
    id: 'NETSEC-001',
    title: 'VPC network security',
    source: 'security-sop',
    heading: 'NETSEC-001',
    summary:
      'VPCs expose as little as possible: administrative ports are never open to the whole internet, and VPC traffic is recorded with flow logs so it can be investigated.',
  },
  {
    id: 'NETSEC-002',
    title: 'Encryption in transit and at rest',
    source: 'security-sop',
    heading: 'NETSEC-002',
    summary:
      'Keys stay inside AWS, data at rest is encrypted, internet-facing endpoints speak HTTPS only and require client certificates as well as server certificates (mutual TLS).',
  },
  {
    id: 'OPE-001',
    title: 'Workload health alarms',
    source: 'security-sop',
    heading: 'OPE-001',
    summary:
      'Workloads have CloudWatch alarms on their health metrics, defined in CloudFormation, and every alarm notifies the administrators (by e-mail through SNS) when it fires.',
  },
  {
    id: 'SEC-MON',
    title: 'Monitoring: Config, CloudTrail retention and data events',
    source: 'security-guide',
    heading: 'Monitoring',
    summary:
      'AWS Config records in every region; API activity is kept beyond the 90 days of CloudTrail event history by a trail or a CloudTrail Lake event data store, including DynamoDB data-plane events; CloudWatch alarms follow AWS\'s recommended list.',
  },
  {
    id: 'SEC-KMS',
    title: 'Customer managed encryption keys',
    source: 'security-guide',
    heading: 'Encryption Keys',
    summary:
      'Where policy calls for full control over creation, rotation, deletion and use of keys, resources are encrypted with customer managed KMS keys (with rotation on) instead of AWS managed keys.',
  },
  {
    id: 'SEC-API',
    title: 'API Gateway protection',
    source: 'security-guide',
    heading: 'API Gateway',
    summary:
      'Public APIs sit behind AWS WAF, accept only authorised (Cognito) callers, and allow cross-origin requests only from the product\'s own domains.',
  },
  {
    id: 'SEC-COGNITO',
    title: 'Cognito user pools',
    source: 'security-guide',
    heading: 'Cognito',
    summary: 'User pools require MFA and a strong password policy.',
  },
  {
    id: 'SEC-IAM',
    title: 'Least-privilege IAM policies',
    source: 'security-guide',
    heading: 'IAM Roles & Policies',
    summary:
      'Roles get custom policies with only the actions and resources their task needs, not AWS managed policies or wildcards.',
  },
  {
    id: 'SEC-S3',
    title: 'S3 bucket security',
    source: 'security-guide',
    heading: 'S3',
    summary:
      'Buckets are not public, are encrypted at rest, refuse requests that do not use TLS, keep object versions, and replicate to another region for disaster recovery.',
  },
  {
    id: 'SEC-DDB',
    title: 'DynamoDB backups',
    source: 'security-guide',
    heading: 'DynamoDB',
    summary: 'Tables have point-in-time recovery on and are protected from accidental deletion.',
  },
  {
    id: 'SEC-CFN',
    title: 'CloudFormation stack protection',
    source: 'security-guide',
    heading: 'CDK/CloudFormation',
    summary:
      'Stacks have termination protection, and resources that hold data are retained (or snapshotted) when a stack deletes or replaces them.',
  },
];

const BY_ID = new Map(CONTROLS.map((c) => [c.id, c]));

export function control(id: ControlId): Control {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`Unknown SOP control ${id}`);
  return found;
}

export function isControlId(value: string): value is ControlId {
  return BY_ID.has(value as ControlId);
}
