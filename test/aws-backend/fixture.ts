/**
 * Fixtures: YAML descriptions of AWS accounts in mixed states (`test/aws-backend/fixtures/<name>.yaml`).
 * The seeding module applies what moto can hold through the SDK; the rest (root flags, contact
 * information, CloudTrail events, MFA secrets, Identity Center) goes to the proxy as its emulated state.
 */

/** The fixed test keys of the hub operator `alice` (also in fixtures/aws-credentials). */
export const FIXTURE_KEYS = { accessKeyId: 'AKIASOPLENSHUB000001', secretAccessKey: 'sop-lens-test-secret' } as const;
export const FIXTURE_ACCOUNTS = { hub: '999999999999', acmeProduction: '111111111111', acmeStaging: '222222222222', globex: '333333333333' } as const;
export const HUB_MFA_SERIAL = 'arn:aws:iam::999999999999:mfa/alice';
export const SSO_START_URL = 'https://sop-lens-demo.awsapps.com/start';
