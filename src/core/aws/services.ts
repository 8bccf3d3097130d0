/**
 * The AWS services SOP Lens talks to, by the short id used in settings (`sopLens.endpoints`), in the
 * call log and in each check's declaration of the calls it makes.
 */
export const SERVICE_IDS = [
  'sts',
  'sso',
  'sso-oidc',
  'iam',
  'cloudtrail',
  'cloudwatch',
  'sns',
  'config',
  'guardduty',
  's3',
  's3control',
  'account',
  'dynamodb',
  'cloudformation',
  'organizations',
  'ec2',
] as const;

export type ServiceId = (typeof SERVICE_IDS)[number];

/** Services whose API is global: calls go to one region whatever the region being checked. */
export const GLOBAL_SERVICES: ReadonlySet<ServiceId> = new Set<ServiceId>(['iam', 'account', 'organizations', 's3control']);

/** `service:Operation`, as AWS writes IAM actions; used in check declarations and the call log. */
export type ApiCall = `${ServiceId}:${string}`;

/** Regions an account must opt into before use (AWS's list; new ones are opt-in too). */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
]);

/** Region name prefixes of the partitions other than `aws`, longest first where one prefix starts another. */
const PARTITION_PREFIXES: readonly (readonly [prefix: string, partition: string])[] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['us-iso-', 'aws-iso'],
  ['eu-isoe-', 'aws-iso-e'],
  ['eusc-', 'aws-eusc'],
];

/** The AWS partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, ...), from its name. */
export function regionPartition(region: string): string {
  return PARTITION_PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/**
 * The regions every account of a partition has enabled and cannot disable: AWS's default regions, those
 * launched before 20 March 2019 (every later region is opt-in, so this list never grows). Checking one of
 * these needs no question to AWS about whether the account enabled it.
 */
const DEFAULT_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
    'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
    'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1'],
};

/** Where a partition's global calls go when the account names no home region. */
const PARTITION_HOME_REGIONS: Readonly<Record<string, string>> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };

export function partitionHomeRegion(partition: string): string | undefined {
  return PARTITION_HOME_REGIONS[partition];
}

export function isDefaultRegion(region: string): boolean {
  return DEFAULT_REGIONS[regionPartition(region)]?.includes(region) ?? false;
}
