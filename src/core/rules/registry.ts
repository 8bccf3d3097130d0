/** Every rule SOP Lens runs. Adding a rule: write its file in this folder and add it here. */
import type { Rule } from './rule';
// imports: account governance (ACCT-001, SEC-MON)
import { cloudtrailMultiRegion } from './cloudtrail-multi-region';
import { cloudtrailLogging } from './cloudtrail-logging';
import { cloudtrailEncryption } from './cloudtrail-encryption';
import { cloudtrailLogValidation } from './cloudtrail-log-validation';
import { cloudtrailGlobalEvents } from './cloudtrail-global-events';
import { cloudtrailBucketProtection } from './cloudtrail-bucket-protection';
import { configRecorderAll } from './config-recorder-all';
import { guarddutyEnabled } from './guardduty-enabled';
import { cloudtrailDynamodbDataEvents } from './cloudtrail-dynamodb-data-events';
// imports: identity and IAM (ACCT-002, SEC-IAM)
import { iamUserAccessKey } from './iam-user-access-key';
import { iamRoleTrustWildcard } from './iam-role-trust-wildcard';
import { iamRoleCrossAccountMfa } from './iam-role-cross-account-mfa';
import { iamAwsManagedPolicy } from './iam-aws-managed-policy';
import { iamWildcardAction } from './iam-wildcard-action';
import { iamWildcardResource } from './iam-wildcard-resource';
// imports: network and encryption (NETSEC-001, NETSEC-002)
import { sgAdminPortOpen } from './sg-admin-port-open';
import { vpcFlowLogs } from './vpc-flow-logs';
import { elbHttpsListener } from './elb-https-listener';
import { elbMutualTls } from './elb-mutual-tls';
import { elbTlsPolicy } from './elb-tls-policy';
import { apigwMutualTls } from './apigw-mutual-tls';
import { cloudfrontHttps } from './cloudfront-https';
import { cloudfrontTls } from './cloudfront-tls';
import { ebsEncryption } from './ebs-encryption';
import { rdsEncryption } from './rds-encryption';
import { efsEncryption } from './efs-encryption';
import { snsEncryption } from './sns-encryption';
import { sqsEncryption } from './sqs-encryption';
// imports: operations, keys, API, Cognito (OPE-001, SEC-KMS, SEC-API, SEC-COGNITO)
import { workloadAlarms } from './workload-alarms';
import { alarmActions } from './alarm-actions';
import { kmsCustomerManagedKey } from './kms-customer-managed-key';
import { kmsKeyRotation } from './kms-key-rotation';
import { apigwWaf } from './apigw-waf';
import { apigwCorsWildcard } from './apigw-cors-wildcard';
import { apigwAuthorization } from './apigw-authorization';
import { cognitoMfa } from './cognito-mfa';
import { cognitoPasswordPolicy } from './cognito-password-policy';
// imports: S3, DynamoDB, CloudFormation (SEC-S3, SEC-DDB, SEC-CFN)
import { s3PublicAccessBlock } from './s3-public-access-block';
import { s3PublicAclOrPolicy } from './s3-public-acl-or-policy';
import { s3Encryption } from './s3-encryption';
import { s3SecureTransport } from './s3-secure-transport';
import { s3Versioning } from './s3-versioning';
import { s3Replication } from './s3-replication';
import { dynamodbPitr } from './dynamodb-pitr';
import { dynamodbDeletionProtection } from './dynamodb-deletion-protection';
import { statefulRetainPolicy } from './stateful-retain-policy';

export const RULES: readonly Rule[] = [
  // account governance (ACCT-001, SEC-MON)
  cloudtrailMultiRegion,
  cloudtrailLogging,
  cloudtrailEncryption,
  cloudtrailLogValidation,
  cloudtrailGlobalEvents,
  cloudtrailBucketProtection,
  configRecorderAll,
  guarddutyEnabled,
  cloudtrailDynamodbDataEvents,
  // identity and IAM (ACCT-002, SEC-IAM)
  iamUserAccessKey,
  iamRoleTrustWildcard,
  iamRoleCrossAccountMfa,
  iamAwsManagedPolicy,
  iamWildcardAction,
  iamWildcardResource,
  // network and encryption (NETSEC-001, NETSEC-002)
  sgAdminPortOpen,
  vpcFlowLogs,
  elbHttpsListener,
  elbMutualTls,
  elbTlsPolicy,
  apigwMutualTls,
  cloudfrontHttps,
  cloudfrontTls,
  ebsEncryption,
  rdsEncryption,
  efsEncryption,
  snsEncryption,
  sqsEncryption,
  // operations, keys, API, Cognito (OPE-001, SEC-KMS, SEC-API, SEC-COGNITO)
  workloadAlarms,
  alarmActions,
  kmsCustomerManagedKey,
  kmsKeyRotation,
  apigwWaf,
  apigwCorsWildcard,
  apigwAuthorization,
  cognitoMfa,
  cognitoPasswordPolicy,
  // S3, DynamoDB, CloudFormation (SEC-S3, SEC-DDB, SEC-CFN)
  s3PublicAccessBlock,
  s3PublicAclOrPolicy,
  s3Encryption,
  s3SecureTransport,
  s3Versioning,
  s3Replication,
  dynamodbPitr,
  dynamodbDeletionProtection,
  statefulRetainPolicy,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
