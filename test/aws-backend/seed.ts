/**
 * Applies a fixture through the real SDK v3 clients, pointed at the proxy (which forwards to moto), so
 * the seeded state is whatever moto really holds. Per account: a seeding admin user and key created with
 * the `x-moto-account-id` header, then used without it, and deleted at the end (the account then holds
 * only what the fixture declares). Where moto differs from AWS, the seeding writes AWS's defaults
 * explicitly: event selectors on every trail, default encryption and a public access block on buckets.
 * Then the proxy gets the emulated part (root flags, contacts, events, MFA secrets, Identity Center) and
 * the fixture's faults, and its call counter is cleared.
 */
import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  EnableMFADeviceCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { CloseAccountCommand, CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { controlCall } from './control';
import { emulatedStateOf, faultsOf, loadFixture, type Fixture, type FixtureAccount, type FixtureBucket, type FixtureOrganization, type FixtureRole } from './fixture';

export interface SeedResult {
  readonly fixture: string;
  readonly accounts: readonly string[];
  /** The ids moto gave the organization's member accounts, in the fixture's order (none without one). */
  readonly organizationMembers: readonly string[];
  /** SDK calls the seeding made. */
  readonly calls: number;
}

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const SEED_ADMIN = 'sop-lens-seed-admin';

/** SDK clients of one account, made on demand per service and region, all pointed at the proxy. */
class AccountClients {
  calls = 0;
  /** The last call made, for the error message when seeding fails. */
  lastCall = '';
  private readonly made = new Map<string, { destroy(): void }>();

  constructor(
    private readonly endpoint: string,
    private readonly credentials: Credentials,
  ) {}

  private client<T extends { destroy(): void; middlewareStack: unknown }>(key: string, make: () => T): T {
    let client = this.made.get(key) as T | undefined;
    if (!client) {
      client = make();
      const count = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        this.calls += 1;
        this.lastCall = `${key.split('/')[0]}:${context.commandName ?? '?'}`;
        return next(args);
      };
      (client.middlewareStack as { add(middleware: unknown, options: unknown): void }).add(count, { step: 'initialize' });
      this.made.set(key, client);
    }
    return client;
  }

  private settings(region: string) {
    return { region, endpoint: this.endpoint, credentials: this.credentials, maxAttempts: 2 };
  }

  iam = () => this.client('iam', () => new IAMClient(this.settings('us-east-1')));
  s3 = (region: string) => this.client(`s3/${region}`, () => new S3Client({ ...this.settings(region), forcePathStyle: true }));
  s3control = () => this.client('s3control', () => new S3ControlClient({ ...this.settings('us-east-1'), endpointProvider: () => ({ url: new URL(this.endpoint) }) }));
  cloudtrail = (region: string) => this.client(`cloudtrail/${region}`, () => new CloudTrailClient(this.settings(region)));
  config = (region: string) => this.client(`config/${region}`, () => new ConfigServiceClient(this.settings(region)));
  guardduty = (region: string) => this.client(`guardduty/${region}`, () => new GuardDutyClient(this.settings(region)));
  sns = (region: string) => this.client(`sns/${region}`, () => new SNSClient(this.settings(region)));
  cloudwatch = (region: string) => this.client(`cloudwatch/${region}`, () => new CloudWatchClient(this.settings(region)));
  dynamodb = (region: string) => this.client(`dynamodb/${region}`, () => new DynamoDBClient(this.settings(region)));
  cloudformation = (region: string) => this.client(`cloudformation/${region}`, () => new CloudFormationClient(this.settings(region)));
  account = () => this.client('account', () => new AccountClient(this.settings('us-east-1')));
  organizations = () => this.client('organizations', () => new OrganizationsClient(this.settings('us-east-1')));

  destroy(): void {
    for (const client of this.made.values()) client.destroy();
  }
}

/** An IAM client acting in `accountId` by moto's `x-moto-account-id` header (for the seeding admin only). */
function headerIamClient(endpoint: string, accountId: string): IAMClient {
  const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'SOPLENSTESTSEED00001', secretAccessKey: 'seed' } });
  iam.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = accountId;
      return next(args);
    },
    { step: 'build', name: 'motoAccountHeader' },
  );
  return iam;
}

/** Creates the seeding admin of an account; `remove` deletes it again (its own key could not: it is gone first). */
async function createAdmin(endpoint: string, accountId: string): Promise<{ credentials: Credentials; remove(): Promise<void> }> {
  const iam = headerIamClient(endpoint, accountId);
  await iam.send(new CreateUserCommand({ UserName: SEED_ADMIN }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: SEED_ADMIN }));
  const credentials = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  return {
    credentials,
    remove: async () => {
      try {
        await iam.send(new DeleteAccessKeyCommand({ UserName: SEED_ADMIN, AccessKeyId: credentials.accessKeyId }));
        await iam.send(new DeleteUserCommand({ UserName: SEED_ADMIN }));
      } finally {
        iam.destroy();
      }
    },
  };
}

function trustPolicy(role: FixtureRole): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: role.trust.map((trust) =>
      trust.principal.includes(':saml-provider/')
        ? { Effect: 'Allow', Principal: { Federated: trust.principal }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }
        : {
            Effect: 'Allow',
            Principal: { AWS: trust.principal },
            Action: 'sts:AssumeRole',
            ...(trust.mfa ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {}),
          },
    ),
  });
}

/** A minimal SAML metadata document (AWS wants at least 1000 characters). */
function samlMetadata(name: string): string {
  const certificate = 'MII' + 'C'.repeat(900);
  return (
    `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example/${name}">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/${name}/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

async function seedIam(account: FixtureAccount, clients: AccountClients, motoKeys: Record<string, string>): Promise<void> {
  const iam = clients.iam();
  for (const user of account.users ?? []) {
    await iam.send(new CreateUserCommand({ UserName: user.name }));
    if (user.fixedKey) {
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: user.name }));
      motoKeys[user.fixedKey.accessKeyId] = key.AccessKey!.AccessKeyId!;
    }
    if (user.accessKey) await iam.send(new CreateAccessKeyCommand({ UserName: user.name }));
    if (user.consolePassword) await iam.send(new CreateLoginProfileCommand({ UserName: user.name, Password: 'Fixture-Passw0rd!', PasswordResetRequired: false }));
    if (user.mfaDevice) {
      const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: user.mfaDevice.name }));
      await iam.send(new EnableMFADeviceCommand({ UserName: user.name, SerialNumber: device.VirtualMFADevice!.SerialNumber!, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    }
  }
  const ssoProviders = (account.roles ?? []).flatMap((role) => role.trust.map((trust) => /:saml-provider\/(AWSSSO_[\w-]+)$/.exec(trust.principal)?.[1]).filter((name): name is string => name !== undefined));
  for (const name of [...(account.samlProviders ?? []), ...ssoProviders]) {
    await iam.send(new CreateSAMLProviderCommand({ Name: name, SAMLMetadataDocument: samlMetadata(name) }));
  }
  for (const role of account.roles ?? []) {
    await iam.send(new CreateRoleCommand({ RoleName: role.name, Path: role.path, AssumeRolePolicyDocument: trustPolicy(role), MaxSessionDuration: 3600 }));
  }
}

function bucketPolicy(accountId: string, bucket: FixtureBucket): string {
  const arn = `arn:aws:s3:::${bucket.name}`;
  const statements: object[] = [
    { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: arn },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${arn}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ];
  if (bucket.denyDeletes) {
    statements.push({ Sid: 'DenyLogDeletion', Effect: 'Deny', Principal: '*', Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteBucket'], Resource: [arn, `${arn}/*`] });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

async function seedBuckets(account: FixtureAccount, clients: AccountClients): Promise<void> {
  for (const bucket of account.buckets ?? []) {
    const s3 = clients.s3(bucket.region);
    const location = bucket.region === 'us-east-1' ? undefined : { LocationConstraint: bucket.region as BucketLocationConstraint };
    await s3.send(new CreateBucketCommand({ Bucket: bucket.name, CreateBucketConfiguration: location }));
    if (bucket.versioning) await s3.send(new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } }));
    if (bucket.lifecycle) {
      await s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket.name,
          LifecycleConfiguration: { Rules: [{ ID: 'archive-then-expire', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 90, StorageClass: 'GLACIER' }], Expiration: { Days: 2557 } }] },
        }),
      );
    }
    const encryption = bucket.encryption ?? 'AES256';
    if (encryption !== 'none') {
      const kmsKey = encryption === 'aws:kms' ? account.trails?.find((trail) => trail.bucket === bucket.name)?.kmsKeyId : undefined;
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket.name,
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: encryption, ...(kmsKey ? { KMSMasterKeyID: kmsKey } : {}) }, BucketKeyEnabled: encryption === 'aws:kms' }] },
        }),
      );
    }
    if (bucket.publicAccessBlock ?? true) {
      await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket.name, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
    }
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: bucketPolicy(account.id, bucket) }));
  }
}

async function seedTrails(account: FixtureAccount, clients: AccountClients): Promise<void> {
  for (const trail of account.trails ?? []) {
    const cloudtrail = clients.cloudtrail(trail.region);
    const created = await cloudtrail.send(
      new CreateTrailCommand({
        Name: trail.name,
        S3BucketName: trail.bucket,
        IsMultiRegionTrail: trail.multiRegion,
        IncludeGlobalServiceEvents: trail.multiRegion,
        EnableLogFileValidation: trail.logFileValidation ?? false,
        ...(trail.kmsKeyId ? { KmsKeyId: trail.kmsKeyId } : {}),
      }),
    );
    const management = trail.management ?? 'All';
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: created.TrailARN,
        EventSelectors: [
          {
            ReadWriteType: management === 'none' ? 'All' : management,
            IncludeManagementEvents: management !== 'none',
            DataResources: trail.dynamoDbDataEvents ? [{ Type: 'AWS::DynamoDB::Table', Values: [`arn:aws:dynamodb`] }] : [],
          },
        ],
      }),
    );
    if (trail.logging) await cloudtrail.send(new StartLoggingCommand({ Name: trail.name }));
  }
}

async function seedRegionalServices(account: FixtureAccount, clients: AccountClients): Promise<void> {
  const deliveryBucket = account.buckets?.[0]?.name;
  for (const region of account.config ?? []) {
    if (!deliveryBucket) throw new Error(`Fixture account ${account.id} records AWS Config but has no bucket for its delivery channel`);
    const config = clients.config(region);
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${account.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === 'us-east-1' } },
      }),
    );
    await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: deliveryBucket } }));
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
  }
  for (const region of account.guardDuty ?? []) await clients.guardduty(region).send(new CreateDetectorCommand({ Enable: true }));
  if (account.accountPublicAccessBlock) {
    await clients.s3control().send(
      new PutAccountPublicAccessBlockCommand({ AccountId: account.id, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } }),
    );
  }
  const topicArns = new Map<string, string>();
  for (const topic of account.topics ?? []) {
    const created = await clients.sns(topic.region).send(new CreateTopicCommand({ Name: topic.name }));
    topicArns.set(topic.name, created.TopicArn!);
    for (const email of topic.emails) await clients.sns(topic.region).send(new SubscribeCommand({ TopicArn: created.TopicArn, Protocol: 'email', Endpoint: email }));
  }
  for (const alarm of account.alarms ?? []) {
    const cloudwatch = clients.cloudwatch(alarm.region);
    const topicArn = alarm.topic ? topicArns.get(alarm.topic) : undefined;
    if (alarm.topic && !topicArn) throw new Error(`Fixture alarm ${alarm.name} names topic ${alarm.topic}, which account ${account.id} does not have`);
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: alarm.name,
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_Target_5XX_Count',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 5,
        Threshold: 10,
        ComparisonOperator: 'GreaterThanThreshold',
        ...(topicArn ? { AlarmActions: [topicArn], OKActions: [topicArn] } : {}),
      }),
    );
    if (alarm.state && alarm.state !== 'INSUFFICIENT_DATA') {
      await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarm.name, StateValue: alarm.state, StateReason: 'Seeded by the fixture' }));
    }
  }
  for (const table of account.tables ?? []) {
    const dynamodb = clients.dynamodb(table.region);
    await dynamodb.send(
      new CreateTableCommand({ TableName: table.name, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
    if (table.pitr) await dynamodb.send(new UpdateContinuousBackupsCommand({ TableName: table.name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  }
  for (const stack of account.stacks ?? []) {
    await clients.cloudformation(stack.region).send(
      new CreateStackCommand({
        StackName: stack.name,
        EnableTerminationProtection: stack.terminationProtection,
        TemplateBody: JSON.stringify({ Resources: { Alerts: { Type: 'AWS::SNS::Topic', Properties: { TopicName: `${stack.name}-topic` } } } }),
      }),
    );
  }
  for (const [type, contact] of Object.entries(account.alternateContacts ?? {})) {
    await clients.account().send(
      new PutAlternateContactCommand({ AlternateContactType: type as 'SECURITY' | 'OPERATIONS' | 'BILLING', Name: contact.name, Title: contact.title, EmailAddress: contact.email, PhoneNumber: contact.phone }),
    );
  }
}

/** Creates the organization in its management account and its members; returns the members' ids. */
async function seedOrganization(organization: FixtureOrganization, clients: AccountClients): Promise<string[]> {
  const organizations = clients.organizations();
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const ids: string[] = [];
  for (const member of organization.members) {
    const created = await organizations.send(new CreateAccountCommand({ AccountName: member.name, Email: member.email }));
    const id = created.CreateAccountStatus?.AccountId;
    if (!id) throw new Error(`CreateAccount for ${member.name} returned no account id`);
    if (member.closed) await organizations.send(new CloseAccountCommand({ AccountId: id }));
    ids.push(id);
  }
  return ids;
}

/** Seeds an already reset backend (`endpoint` is the proxy) with a fixture by name or value. */
export async function seedFixture(endpoint: string, fixtureOrName: string | Fixture): Promise<SeedResult> {
  const fixture = typeof fixtureOrName === 'string' ? loadFixture(fixtureOrName) : fixtureOrName;
  const motoKeys: Record<string, string> = {};
  let organizationMembers: string[] = [];
  let calls = 0;
  if (fixture.organization && !fixture.accounts.some((account) => account.id === fixture.organization!.management)) {
    throw new Error(`Fixture ${fixture.name}: the organization's management account ${fixture.organization.management} is not one of its accounts`);
  }
  // In fixture order: roles may trust principals of accounts listed before them.
  for (const account of fixture.accounts) {
    const admin = await createAdmin(endpoint, account.id);
    const clients = new AccountClients(endpoint, admin.credentials);
    try {
      await seedIam(account, clients, motoKeys);
      await seedBuckets(account, clients);
      await seedTrails(account, clients);
      await seedRegionalServices(account, clients);
      if (fixture.organization?.management === account.id) organizationMembers = await seedOrganization(fixture.organization, clients);
      await admin.remove();
    } catch (error) {
      throw new Error(`Seeding account ${account.id} (${account.name}) of fixture ${fixture.name} failed at ${clients.lastCall}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
    } finally {
      calls += clients.calls + 4;
      clients.destroy();
    }
  }
  await controlCall(endpoint, 'POST', '/__proxy/fixture', emulatedStateOf(fixture, motoKeys));
  const faults = faultsOf(fixture);
  if (faults.length > 0) await controlCall(endpoint, 'POST', '/__proxy/faults?fixture=true', faults);
  await controlCall(endpoint, 'DELETE', '/__proxy/stats');
  return { fixture: fixture.name, accounts: fixture.accounts.map((account) => account.id), organizationMembers, calls };
}
