/**
 * Every live check SOP Lens runs, grouped by the SOP control it serves. The order here is the order of
 * the tree and of the command-line output.
 */
import type { Check } from './check';
import { cloudtrailAllRegions } from './cloudtrail-all-regions';
import { cloudtrailLogEncryption } from './cloudtrail-log-encryption';
import { configAllRegions } from './config-all-regions';
import { dynamodbPitr } from './dynamodb-pitr';
import { guarddutyAllRegions } from './guardduty-all-regions';
import { rootAccessKeys } from './root-access-keys';
import { rootMfa } from './root-mfa';
import { s3AccountPublicAccessBlock } from './s3-account-public-access-block';
import { stackTerminationProtection } from './stack-termination-protection';

export const CHECKS: readonly Check[] = [
  // ACCT-001: account governance (CloudTrail, root user, contacts, Config, GuardDuty)
  cloudtrailAllRegions,
  cloudtrailLogEncryption,
  rootMfa,
  rootAccessKeys,
  configAllRegions,
  guarddutyAllRegions,

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
