/** Every rule SOP Lens runs. Adding a rule: write its file in this folder and add it here. */
import type { Rule } from './rule';
// imports: account governance (ACCT-001, SEC-MON)
import { cloudtrailMultiRegion } from './cloudtrail-multi-region';
// imports: identity and IAM (ACCT-002, SEC-IAM)
// imports: network and encryption (NETSEC-001, NETSEC-002)
// imports: operations, keys, API, Cognito (OPE-001, SEC-KMS, SEC-API, SEC-COGNITO)
// imports: S3, DynamoDB, CloudFormation (SEC-S3, SEC-DDB, SEC-CFN)

export const RULES: readonly Rule[] = [
  // account governance (ACCT-001, SEC-MON)
  cloudtrailMultiRegion,
  // identity and IAM (ACCT-002, SEC-IAM)
  // network and encryption (NETSEC-001, NETSEC-002)
  // operations, keys, API, Cognito (OPE-001, SEC-KMS, SEC-API, SEC-COGNITO)
  // S3, DynamoDB, CloudFormation (SEC-S3, SEC-DDB, SEC-CFN)
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
