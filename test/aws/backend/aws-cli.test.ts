/**
 * The proxy's own operations driven by the AWS CLI (aws-cli 1.x on the machine's Python, botocore): a
 * client we did not write, so the wire shapes are checked by someone else's parser.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { FIXTURE_ACCOUNTS, seededBackend, type AwsBackend } from '../support/backend';
import { assumeRole, type TestCredentials } from '../support/clients';

const run = promisify(execFile);

describe('AWS backend: driven by the AWS CLI', function () {
  this.timeout(120_000);
  let backend: AwsBackend;
  let staging: TestCredentials;
  let configDir: string;

  before(() => {
    // aws-cli 1.x fetches parameters that look like URLs (the start URL) unless told not to.
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-aws-cli-'));
    fs.writeFileSync(path.join(configDir, 'config'), '[default]\ncli_follow_urlparam = false\ncli_timestamp_format = iso8601\n');
  });
  after(() => fs.rmSync(configDir, { recursive: true, force: true }));

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    staging = await assumeRole(backend, FIXTURE_ACCOUNTS.acmeStaging, 'OperatorAccess');
  });

  /** Runs `aws <args> --output json` as `credentials` (unsigned when absent); resolves stdout parsed, or rejects with stderr. */
  async function aws(args: string[], credentials?: TestCredentials, region = 'us-east-1'): Promise<Record<string, unknown>> {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_DEFAULT_REGION: region, AWS_CONFIG_FILE: path.join(configDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };
    if (credentials) Object.assign(env, { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: credentials.sessionToken });
    const { stdout } = await run('aws', [...args, '--endpoint-url', backend.endpoint, '--output', 'json', ...(credentials ? [] : ['--no-sign-request'])], { env, timeout: 60_000 });
    return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
  }

  async function awsError(args: string[], credentials?: TestCredentials): Promise<string> {
    try {
      await aws(args, credentials);
    } catch (error) {
      return String((error as { stderr?: string }).stderr);
    }
    return assert.fail(`aws ${args.join(' ')} should have failed`);
  }

  it('sso-oidc: registers, starts device authorization, is told to wait, then gets a token', async () => {
    const client = await aws(['sso-oidc', 'register-client', '--client-name', 'cli-test', '--client-type', 'public']);
    // Secrets and codes are random base64url and may start with "-": passed as --name=value, or the CLI
    // would read them as an option (CI once failed on an access token "-F4aal...").
    const device = await aws(['sso-oidc', 'start-device-authorization', `--client-id=${String(client.clientId)}`, `--client-secret=${String(client.clientSecret)}`, '--start-url', 'https://sop-lens-demo.awsapps.com/start']);
    const createToken = ['sso-oidc', 'create-token', `--client-id=${String(client.clientId)}`, `--client-secret=${String(client.clientSecret)}`, '--grant-type', 'urn:ietf:params:oauth:grant-type:device_code', `--device-code=${String(device.deviceCode)}`];
    assert.match(await awsError(createToken), /AuthorizationPendingException/);
    await backend.approveDeviceCode(String(device.userCode));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const token = await aws(createToken);
    assert.equal(token.tokenType, 'Bearer');
    const roles = await aws(['sso', 'list-account-roles', `--access-token=${String(token.accessToken)}`, '--account-id', FIXTURE_ACCOUNTS.acmeStaging]);
    assert.deepEqual((roles.roleList as { roleName: string }[]).map((role) => role.roleName), ['AuditRole']);
  });

  it('cloudtrail lookup-events: the root events of the fixture, filtered by event name', async () => {
    const answer = await aws(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=RunInstances'], staging);
    const events = answer.Events as { EventName: string; Username: string; EventTime: string }[];
    assert.deepEqual(events.map((event) => [event.EventName, event.Username]), [['RunInstances', 'root']]);
    const age = Date.now() - Date.parse(events[0].EventTime);
    assert.ok(age > 4.9 * 86_400_000 && age < 5.1 * 86_400_000, `five days ago, not ${events[0].EventTime}`);
    const all = await aws(['cloudtrail', 'lookup-events', '--start-time', new Date(Date.now() - 90 * 86_400_000).toISOString()], staging);
    assert.equal((all.Events as unknown[]).length, 2, 'the 120-day-old event is outside the range');
  });

  it('account get/put-contact-information', async () => {
    const before = await aws(['account', 'get-contact-information'], staging);
    assert.equal((before.ContactInformation as { FullName: string }).FullName, 'Bob Builder');
    const contact = { FullName: 'Acme Cloud Operations', AddressLine1: '1 Example Street', City: 'London', PostalCode: 'EC1A 1AA', CountryCode: 'GB', PhoneNumber: '+44 20 7946 0200' };
    await aws(['account', 'put-contact-information', '--contact-information', JSON.stringify(contact)], staging);
    try {
      const after = await aws(['account', 'get-contact-information'], staging);
      assert.equal((after.ContactInformation as { PhoneNumber: string }).PhoneNumber, '+44 20 7946 0200');
    } finally {
      await aws(['account', 'put-contact-information', '--contact-information', JSON.stringify(before.ContactInformation)], staging);
    }
  });

  it('cloudformation update-termination-protection: reported by describe-stacks, and delete-stack refused while on', async () => {
    const stack = 'acme-staging-web';
    const describe = async () => ((await aws(['cloudformation', 'describe-stacks', '--stack-name', stack], staging)).Stacks as { EnableTerminationProtection: boolean }[])[0];
    assert.equal((await describe()).EnableTerminationProtection, false);
    const updated = await aws(['cloudformation', 'update-termination-protection', '--enable-termination-protection', '--stack-name', stack], staging);
    assert.match(String(updated.StackId), /^arn:aws:cloudformation:us-east-1:222222222222:stack\/acme-staging-web\//);
    try {
      assert.equal((await describe()).EnableTerminationProtection, true);
      assert.match(await awsError(['cloudformation', 'delete-stack', '--stack-name', stack], staging), /ValidationError.*cannot be deleted while TerminationProtection is enabled/);
    } finally {
      await aws(['cloudformation', 'update-termination-protection', '--no-enable-termination-protection', '--stack-name', stack], staging);
    }
    assert.equal((await describe()).EnableTerminationProtection, false);
    assert.match(await awsError(['cloudformation', 'update-termination-protection', '--enable-termination-protection', '--stack-name', 'no-such-stack'], staging), /ValidationError.*does not exist/);
  });
});
