/**
 * The seeded accounts hold what the fixture says, read back through the SDK clients as an operator
 * would: through alice's fixed keys and AssumeRole into each account.
 */
import * as assert from 'node:assert/strict';
import { AccountClient, GetAlternateContactCommand, GetContactInformationCommand } from '@aws-sdk/client-account';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeContinuousBackupsCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { GetAccountSummaryCommand, IAMClient, ListSAMLProvidersCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { FIXTURE_ACCOUNTS, seededBackend, type AwsBackend } from '../support/backend';
import { ALICE, assumeRole, clientConfig, type TestCredentials } from '../support/clients';

describe('AWS backend: seeded fixture', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  let production: TestCredentials;
  let staging: TestCredentials;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    production = await assumeRole(backend, FIXTURE_ACCOUNTS.acmeProduction, 'OperatorAccess', { mfa: true });
    staging = await assumeRole(backend, FIXTURE_ACCOUNTS.acmeStaging, 'OperatorAccess');
  });

  it('maps the fixed test keys to alice in the hub account', async () => {
    const identity = await new STSClient(clientConfig(backend, ALICE)).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, FIXTURE_ACCOUNTS.hub);
    assert.equal(identity.Arn, 'arn:aws:iam::999999999999:user/alice');
  });

  it('gives assumed-role credentials that act in the customer account', async () => {
    const identity = await new STSClient(clientConfig(backend, production)).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, FIXTURE_ACCOUNTS.acmeProduction);
    assert.match(identity.Arn ?? '', /^arn:aws:sts::111111111111:assumed-role\/OperatorAccess\/alice$/);
  });

  it('holds the compliant trail of Acme production with its selectors and logging', async () => {
    const cloudtrail = new CloudTrailClient(clientConfig(backend, production, 'eu-west-1'));
    const trails = (await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
    const trail = trails.find((candidate) => candidate.Name === 'acme-prod-trail');
    assert.ok(trail, `trail missing among ${JSON.stringify(trails.map((t) => t.Name))}`);
    assert.equal(trail.IsMultiRegionTrail, true);
    assert.equal(trail.HomeRegion, 'us-east-1');
    assert.match(trail.KmsKeyId ?? '', /^arn:aws:kms:/);
    const home = new CloudTrailClient(clientConfig(backend, production, 'us-east-1'));
    assert.equal((await home.send(new GetTrailStatusCommand({ Name: trail.TrailARN }))).IsLogging, true);
    const selectors = (await home.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN }))).EventSelectors ?? [];
    assert.equal(selectors[0]?.ReadWriteType, 'All');
    assert.equal(selectors[0]?.IncludeManagementEvents, true);
    assert.equal(selectors[0]?.DataResources?.[0]?.Type, 'AWS::DynamoDB::Table');
  });

  it('holds a protected log bucket (versioning, encryption, public access block, deny-delete policy)', async () => {
    const s3 = new S3Client({ ...clientConfig(backend, production), forcePathStyle: true });
    const bucket = 'acme-prod-cloudtrail-logs';
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, 'Enabled');
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    assert.equal(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'aws:kms');
    assert.equal((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration?.BlockPublicPolicy, true);
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '{}') as { Statement: { Effect: string; Action: string | string[] }[] };
    assert.ok(policy.Statement.some((statement) => statement.Effect === 'Deny' && [statement.Action].flat().includes('s3:DeleteObject')));
  });

  it('reports the root flags of the fixture in GetAccountSummary', async () => {
    const summary = async (credentials: TestCredentials) => (await new IAMClient(clientConfig(backend, credentials)).send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
    assert.equal((await summary(production)).AccountMFAEnabled, 1);
    assert.equal((await summary(staging)).AccountMFAEnabled, 0);
    assert.equal((await summary(production)).AccountAccessKeysPresent, 0);
  });

  it('has no seeding admin left behind, a console user in staging and a SAML provider in production', async () => {
    const users = async (credentials: TestCredentials) => ((await new IAMClient(clientConfig(backend, credentials)).send(new ListUsersCommand({}))).Users ?? []).map((user) => user.UserName);
    assert.deepEqual(await users(production), []);
    assert.deepEqual(await users(staging), ['bob']);
    const providers = (await new IAMClient(clientConfig(backend, production)).send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? [];
    assert.ok(providers.some((provider) => provider.Arn?.endsWith(':saml-provider/AcmeIdP')));
  });

  it('serves root events from the fixture through LookupEvents, newest first and by attribute', async () => {
    const cloudtrail = new CloudTrailClient(clientConfig(backend, staging));
    const events = (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'root' }], StartTime: new Date(Date.now() - 90 * 86_400_000) }))).Events ?? [];
    assert.deepEqual(events.map((event) => event.EventName).sort(), ['ConsoleLogin', 'RunInstances']);
    const detail = JSON.parse(events[0].CloudTrailEvent ?? '{}') as { userIdentity: { type: string } };
    assert.equal(detail.userIdentity.type, 'Root');
    const paged = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 1 }));
    assert.equal(paged.Events?.length, 1);
    assert.ok(paged.NextToken);
    const second = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 1, NextToken: paged.NextToken }));
    assert.notEqual(second.Events?.[0]?.EventId, paged.Events?.[0]?.EventId);
    const elsewhere = await new CloudTrailClient(clientConfig(backend, staging, 'eu-west-1')).send(new LookupEventsCommand({}));
    assert.deepEqual(elsewhere.Events, []);
  });

  it('serves contact information and the alternate contacts', async () => {
    const account = new AccountClient(clientConfig(backend, staging));
    const contact = await account.send(new GetContactInformationCommand({}));
    assert.equal(contact.ContactInformation?.PhoneNumber, '+44 161 496 0000');
    const security = await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    assert.equal(security.AlternateContact?.EmailAddress, 'bob.builder.dev@gmail.com');
  });

  it('records Config and GuardDuty per region as the fixture says', async () => {
    const detectors = async (region: string) => (await new GuardDutyClient(clientConfig(backend, staging, region)).send(new ListDetectorsCommand({}))).DetectorIds ?? [];
    assert.equal((await detectors('us-east-1')).length, 1);
    assert.equal((await detectors('eu-west-1')).length, 0);
    const recorders = await new ConfigServiceClient(clientConfig(backend, production, 'eu-west-1')).send(new DescribeConfigurationRecorderStatusCommand({}));
    assert.equal(recorders.ConfigurationRecordersStatus?.[0]?.recording, true);
  });

  it('holds alarms with and without actions, PITR per table, the account public access block and stack protection', async () => {
    const alarms = (await new CloudWatchClient(clientConfig(backend, staging, 'eu-west-1')).send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
    assert.deepEqual(alarms.map((alarm) => [alarm.AlarmName, alarm.AlarmActions?.length ?? 0]), [['acme-staging-eu-latency', 0]]);
    const inAlarm = (await new CloudWatchClient(clientConfig(backend, staging)).send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }))).MetricAlarms ?? [];
    assert.deepEqual(inAlarm.map((alarm) => alarm.AlarmName), ['acme-staging-5xx']);
    const pitr = async (credentials: TestCredentials, table: string) =>
      (await new DynamoDBClient(clientConfig(backend, credentials)).send(new DescribeContinuousBackupsCommand({ TableName: table }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
    assert.equal(await pitr(production, 'acme-prod-orders'), 'ENABLED');
    assert.equal(await pitr(staging, 'acme-staging-orders'), 'DISABLED');
    const control = new S3ControlClient({ ...clientConfig(backend, production), endpointProvider: () => ({ url: new URL(backend.endpoint) }) });
    const block = await control.send(new GetAccountPublicAccessBlockCommand({ AccountId: FIXTURE_ACCOUNTS.acmeProduction }));
    assert.equal(block.PublicAccessBlockConfiguration?.RestrictPublicBuckets, true);
    const stacks = (await new CloudFormationClient(clientConfig(backend, production)).send(new DescribeStacksCommand({}))).Stacks ?? [];
    assert.deepEqual(stacks.map((stack) => [stack.StackName, stack.EnableTerminationProtection]), [['acme-prod-web', true]]);
  });
});
