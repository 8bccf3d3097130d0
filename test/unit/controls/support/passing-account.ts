/**
 * Recorded states of a compliant account in two regions, as AWS answers them, for tests that break one
 * answer at a time. Every listing has something in every region, and several are paginated, so that a
 * denied region or page hides something a check would have had to judge.
 *
 * - `trail`: a multi-region trail logs everything, people come in through a SAML provider. Every check passes.
 * - `lake`: no trail; a CloudTrail Lake event data store keeps the events and logs DynamoDB data events,
 *   and people come in through a role trusting the operator's hub account. The trail checks fail.
 */
import type { Account } from '../../../../src/core/accounts/model';
import { ACCOUNT_ID, HOME, RecordedApi, account } from './recorded-api';

export const EU = 'eu-west-1';
export const REGIONS = [HOME, EU] as const;

const TRAIL_ARN = `arn:aws:cloudtrail:${HOME}:${ACCOUNT_ID}:trail/main`;
const BUCKET = 'acme-trail-logs';
const STORE_ARN = `arn:aws:cloudtrail:${HOME}:${ACCOUNT_ID}:eventdatastore/lake`;
const HUB_ROLE = 'arn:aws:iam::999999999999:role/HubOperator';

export interface AccountState {
  readonly name: string;
  /** The checks this state passes; any other must not pass in it. */
  readonly passes: (id: string) => boolean;
  /**
   * Calls whose denial may leave a check passing, because another answer proves what the check asks
   * ("some federated way in exists"); the check must still say what it could not read.
   */
  readonly provenElsewhere: Readonly<Record<string, readonly string[]>>;
  build(): RecordedApi;
}

export const CHECKED_ACCOUNT: Account = account({
  regions: [...REGIONS],
  homeRegion: HOME,
  contacts: { emailDomains: ['acme.example'], phonePrefixes: ['+44 20'] },
});

const TRAIL_CHECKS = new Set(['cloudtrail-all-regions', 'cloudtrail-log-encryption', 'cloudtrail-log-bucket-protected']);

export const ACCOUNT_STATES: readonly AccountState[] = [
  {
    name: 'trail',
    passes: () => true,
    provenElsewhere: { 'federated-access-only': ['ListOpenIDConnectProviders'] },
    build: () => withTrail(common()),
  },
  {
    name: 'lake',
    passes: (id) => !TRAIL_CHECKS.has(id),
    provenElsewhere: { 'federated-access-only': ['ListSAMLProviders', 'ListOpenIDConnectProviders'] },
    build: () => withLake(common()),
  },
];

/** What both states share: IAM, root, contacts, Config, GuardDuty, alarms, tables and stacks. */
function common(): RecordedApi {
  const api = new RecordedApi();
  api.on('iam', HOME, 'GetAccountSummary', { SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 2 } }, {});
  api.on('cloudtrail', HOME, 'LookupEvents', {
    Events: [{ EventId: 'e1', EventName: 'ConsoleLogin', EventSource: 'signin.amazonaws.com', CloudTrailEvent: JSON.stringify({ eventID: 'e1', eventTime: '2025-05-20T10:00:00Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } }) }],
  });
  api.on('cloudtrail', EU, 'LookupEvents', { Events: [] });

  api.on('account', HOME, 'GetContactInformation', { ContactInformation: { FullName: 'Acme Cloud Operations', PhoneNumber: '+44 20 7946 0100' } }, {});
  for (const [type, mailbox] of [['SECURITY', 'security'], ['OPERATIONS', 'ops'], ['BILLING', 'billing']] as const) {
    api.on('account', HOME, 'GetAlternateContact', { AlternateContact: { AlternateContactType: type, EmailAddress: `${mailbox}@acme.example`, PhoneNumber: '+44 20 7946 0101' } }, { AlternateContactType: type });
  }

  // Two IAM users on two pages, neither with a password or an active key.
  api.on('iam', HOME, 'ListUsers', { Users: [{ UserName: 'ci', Arn: `arn:aws:iam::${ACCOUNT_ID}:user/ci` }], IsTruncated: true, Marker: 'm1' }, {});
  api.on('iam', HOME, 'ListUsers', { Users: [{ UserName: 'reader', Arn: `arn:aws:iam::${ACCOUNT_ID}:user/reader` }], IsTruncated: false }, { Marker: 'm1' });
  for (const user of ['ci', 'reader']) {
    api.fails('iam', HOME, 'GetLoginProfile', 'NoSuchEntity', 'service', { UserName: user });
    api.on('iam', HOME, 'ListAccessKeys', { AccessKeyMetadata: [{ AccessKeyId: `AKIA${user.toUpperCase()}`, Status: 'Inactive' }], IsTruncated: false }, { UserName: user });
  }

  for (const region of REGIONS) {
    api.on('config', region, 'DescribeConfigurationRecorders', { ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] }, {});
    api.on('config', region, 'DescribeConfigurationRecorderStatus', { ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }] }, {});
    api.on('guardduty', region, 'ListDetectors', { DetectorIds: [`det-${region}`] }, {});
    api.on('guardduty', region, 'GetDetector', { Status: 'ENABLED' }, { DetectorId: `det-${region}` });
    api.on('dynamodb', region, 'DescribeContinuousBackups', { ContinuousBackupsDescription: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } });
  }

  // Alarms: two pages in the home region, one in the other; each topic has a confirmed e-mail subscriber.
  const alarmTypes = { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] };
  const topic = (region: string) => `arn:aws:sns:${region}:${ACCOUNT_ID}:alerts`;
  const alarm = (name: string, region: string) => ({ AlarmName: name, AlarmArn: `arn:aws:cloudwatch:${region}:${ACCOUNT_ID}:alarm:${name}`, ActionsEnabled: true, AlarmActions: [topic(region)], StateValue: 'OK' });
  api.on('cloudwatch', HOME, 'DescribeAlarms', { MetricAlarms: [alarm('web-5xx', HOME)], NextToken: 'a2' }, alarmTypes);
  api.on('cloudwatch', HOME, 'DescribeAlarms', { MetricAlarms: [alarm('api-latency', HOME)] }, { ...alarmTypes, NextToken: 'a2' });
  api.on('cloudwatch', EU, 'DescribeAlarms', { MetricAlarms: [alarm('eu-web-5xx', EU)] }, alarmTypes);
  const email = (region: string) => ({ Protocol: 'email', Endpoint: 'ops@acme.example', SubscriptionArn: `${topic(region)}:0f1e2d3c` });
  api.on('sns', HOME, 'ListSubscriptionsByTopic', { Subscriptions: [{ Protocol: 'sqs', SubscriptionArn: `${topic(HOME)}:sqs1` }], NextToken: 's2' }, { TopicArn: topic(HOME) });
  api.on('sns', HOME, 'ListSubscriptionsByTopic', { Subscriptions: [email(HOME)] }, { TopicArn: topic(HOME), NextToken: 's2' });
  api.on('sns', EU, 'ListSubscriptionsByTopic', { Subscriptions: [email(EU)] }, { TopicArn: topic(EU) });

  // Tables: two pages in the home region, one table in the other.
  api.on('dynamodb', HOME, 'ListTables', { TableNames: ['orders'], LastEvaluatedTableName: 'orders' }, {});
  api.on('dynamodb', HOME, 'ListTables', { TableNames: ['audit'] }, { ExclusiveStartTableName: 'orders' });
  api.on('dynamodb', EU, 'ListTables', { TableNames: ['users'] }, {});

  // Stacks: two pages in the home region (a nested stack on the second), one in the other.
  const stack = (name: string, region: string, extra: object = {}) => ({ StackName: name, StackId: `arn:aws:cloudformation:${region}:${ACCOUNT_ID}:stack/${name}/1`, StackStatus: 'CREATE_COMPLETE', EnableTerminationProtection: true, ...extra });
  api.on('cloudformation', HOME, 'DescribeStacks', { Stacks: [stack('web', HOME)], NextToken: 'n2' }, {});
  api.on('cloudformation', HOME, 'DescribeStacks', { Stacks: [stack('web-db', HOME, { EnableTerminationProtection: false, RootId: stack('web', HOME).StackId })] }, { NextToken: 'n2' });
  api.on('cloudformation', EU, 'DescribeStacks', { Stacks: [stack('eu-web', EU)] }, {});

  // Roles that are no way in for people: a service role, and one trusting this account itself.
  api.on('iam', HOME, 'ListRoles', { Roles: [role('lambda-exec', { Service: 'lambda.amazonaws.com' }), role('admin-from-self', { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` })], IsTruncated: false });
  api.on('iam', HOME, 'ListOpenIDConnectProviders', { OpenIDConnectProviderList: [] }, {});
  return api;
}

function withTrail(api: RecordedApi): RecordedApi {
  const trail = {
    Name: 'main', TrailARN: TRAIL_ARN, HomeRegion: HOME, IsMultiRegionTrail: true, IsOrganizationTrail: false,
    S3BucketName: BUCKET, KmsKeyId: `arn:aws:kms:${HOME}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, LogFileValidationEnabled: true,
  };
  // A multi-region trail appears (as a shadow trail) in every region.
  for (const region of REGIONS) api.on('cloudtrail', region, 'DescribeTrails', { trailList: [trail] }, { includeShadowTrails: true });
  api.on('cloudtrail', HOME, 'GetTrailStatus', { IsLogging: true }, { Name: TRAIL_ARN });
  api.on('cloudtrail', HOME, 'GetEventSelectors', {
    TrailARN: TRAIL_ARN,
    EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::DynamoDB::Table', Values: ['arn:aws:dynamodb'] }] }],
  }, { TrailName: TRAIL_ARN });
  for (const region of REGIONS) api.on('cloudtrail', region, 'ListEventDataStores', { EventDataStores: [] }, {});

  const bucket = { Bucket: BUCKET };
  api.on('s3', HOME, 'GetBucketLocation', {}, bucket);
  api.on('s3', HOME, 'GetBucketVersioning', { Status: 'Enabled' }, bucket);
  api.on('s3', HOME, 'GetBucketLifecycleConfiguration', { Rules: [{ ID: 'archive', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }] }, bucket);
  api.on('s3', HOME, 'GetBucketEncryption', { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } }, bucket);
  // No block on the bucket itself: the account-level block covers it.
  api.fails('s3', HOME, 'GetPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration', 'service', bucket);
  api.on('s3', HOME, 'GetBucketPolicy', {
    Policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'], Resource: `arn:aws:s3:::${BUCKET}/*` }] }),
  }, bucket);
  api.on('s3control', HOME, 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }, { AccountId: ACCOUNT_ID });

  api.on('iam', HOME, 'ListSAMLProviders', { SAMLProviderList: [{ Arn: `arn:aws:iam::${ACCOUNT_ID}:saml-provider/AcmeIdP` }] }, {});
  return api;
}

function withLake(api: RecordedApi): RecordedApi {
  for (const region of REGIONS) api.on('cloudtrail', region, 'DescribeTrails', { trailList: [] }, { includeShadowTrails: true });
  api.on('cloudtrail', HOME, 'ListEventDataStores', { EventDataStores: [{ EventDataStoreArn: STORE_ARN, Name: 'lake' }] }, {});
  api.on('cloudtrail', EU, 'ListEventDataStores', { EventDataStores: [] }, {});
  api.on('cloudtrail', HOME, 'GetEventDataStore', {
    EventDataStoreArn: STORE_ARN, Name: 'lake', Status: 'ENABLED', MultiRegionEnabled: true, RetentionPeriod: 2557,
    AdvancedEventSelectors: [
      { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      { Name: 'tables', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }] },
    ],
  }, { EventDataStore: STORE_ARN });
  api.on('s3control', HOME, 'GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }, { AccountId: ACCOUNT_ID });

  api.on('iam', HOME, 'ListSAMLProviders', { SAMLProviderList: [] }, {});
  api.on('iam', HOME, 'ListRoles', {
    Roles: [role('lambda-exec', { Service: 'lambda.amazonaws.com' }), role('OperatorAccess', { AWS: HUB_ROLE }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
    IsTruncated: false,
  });
  return api;
}

/** A role as IAM's ListRoles gives it: the trust policy (one statement) URL-encoded. */
export function role(
  name: string,
  principal: object | '*',
  statement: { readonly Condition?: object; readonly Action?: string; readonly Effect?: string } = {},
): { RoleName: string; Arn: string; Path: string; AssumeRolePolicyDocument: string } {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...statement }] };
  return { RoleName: name, Arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`, Path: '/', AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(policy)) };
}
