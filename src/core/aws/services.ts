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
