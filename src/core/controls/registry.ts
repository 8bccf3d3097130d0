/**
 * Every live check SOP Lens runs, grouped by the SOP control it serves. The order here is the order of
 * the tree and of the command-line output.
 */
import type { Check } from './check';
import { cloudtrailAllRegions } from './cloudtrail-all-regions';
import { cloudtrailDynamodbDataEvents } from './cloudtrail-dynamodb-data-events';
import { cloudtrailLogBucketProtected } from './cloudtrail-log-bucket-protected';
import { cloudtrailLogEncryption } from './cloudtrail-log-encryption';
import { cloudtrailRetention } from './cloudtrail-retention';
import { configAllRegions } from './config-all-regions';
import { contactsCorporate } from './contacts-corporate';
import { dynamodbPitr } from './dynamodb-pitr';
import { federatedAccessOnly } from './federated-access-only';
import { guarddutyAllRegions } from './guardduty-all-regions';
import { rootAccessKeys } from './root-access-keys';
import { rootMfa } from './root-mfa';
import { rootUsage } from './root-usage';
import { s3AccountPublicAccessBlock } from './s3-account-public-access-block';
import { stackTerminationProtection } from './stack-termination-protection';
import { workloadAlarms } from './workload-alarms';

export const CHECKS: readonly Check[] = [
  // ACCT-001: account governance: CloudTrail everywhere, its logs protected, the root user, contacts, Config, GuardDuty
  cloudtrailAllRegions,
  cloudtrailLogEncryption,
  cloudtrailLogBucketProtected,
  rootMfa,
  rootAccessKeys,
  rootUsage,
  contactsCorporate,
  configAllRegions, // also SEC-MON
  guarddutyAllRegions,

  // ACCT-002: federated access with temporary credentials
  federatedAccessOnly,

  // OPE-001: workload health alarms
  workloadAlarms,

  // SEC-MON: CloudTrail retention and data events (Config is above)
  cloudtrailRetention,
  cloudtrailDynamodbDataEvents,

  // SEC-S3: S3 bucket security
  s3AccountPublicAccessBlock,

  // SEC-DDB: DynamoDB backups
  dynamodbPitr,

  // SEC-CFN: CloudFormation stack protection
  stackTerminationProtection,
];

const BY_ID: ReadonlyMap<string, Check> = new Map(CHECKS.map((c) => [c.id, c]));

/** The check with this id, or undefined. */
export function checkById(id: string): Check | undefined {
  return BY_ID.get(id);
}
