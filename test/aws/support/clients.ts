/**
 * SDK clients for tests against the AWS backend: as the fixture's operator alice (the fixed hub keys),
 * or as a role assumed from her, optionally with her MFA device's current code.
 */
import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsBackendControl } from '../../aws-backend/harness';
import { FIXTURE_KEYS, HUB_MFA_SERIAL } from '../../aws-backend/fixture';

export interface TestCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export const ALICE: TestCredentials = { accessKeyId: FIXTURE_KEYS.accessKeyId, secretAccessKey: FIXTURE_KEYS.secretAccessKey };

/** Settings for any SDK v3 client against the backend (no retries, so faults surface at once). */
export function clientConfig(backend: AwsBackendControl, credentials: TestCredentials, region = 'us-east-1') {
  return { region, endpoint: backend.endpoint, credentials, maxAttempts: 1 };
}

/** AssumeRole from `from` (default alice) into `account`'s `role`, with alice's current MFA code when `mfa`. */
export async function assumeRole(backend: AwsBackendControl, account: string, role: string, options: { mfa?: boolean; from?: TestCredentials } = {}): Promise<TestCredentials> {
  const sts = new STSClient(clientConfig(backend, options.from ?? ALICE));
  try {
    const mfa = options.mfa ? { SerialNumber: HUB_MFA_SERIAL, TokenCode: await backend.mfaCode(HUB_MFA_SERIAL) } : {};
    const answer = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: 'alice', ...mfa }));
    const credentials = answer.Credentials!;
    return { accessKeyId: credentials.AccessKeyId!, secretAccessKey: credentials.SecretAccessKey!, sessionToken: credentials.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** The error a call fails with (an SDK error carries its HTTP status); fails the test when the call succeeds. */
export async function errorOf(call: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  return assert.fail('expected the call to fail');
}
