/** The AWS shared config and credentials files: profiles, SSO sessions, the accounts they reach. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProfileAccounts, parseIni, parseSharedConfig, profilesToAccounts, sharedConfigPaths, staticCredentials } from '../../../src/core/accounts/aws-config';

const CONFIG = `# comment
[default]
region = eu-west-1

[profile hub]
region = us-east-1
s3 =
  max_concurrent_requests = 20
; another comment
[profile acme-prod]
role_arn = arn:aws:iam::111111111111:role/OperatorAccess
source_profile = hub
mfa_serial = arn:aws:iam::999999999999:mfa/alice
external_id = acme-ops
duration_seconds = 1800

[profile acme-audit]
sso_session = demo
sso_account_id = 222222222222
sso_role_name = AuditRole
region = us-east-1

[sso-session demo]
sso_start_url = https://sop-lens-demo.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile legacy-sso]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-central-1
sso_account_id = 444444444444
sso_role_name = ReadOnly

[profile ci]
role_arn = arn:aws:iam::555555555555:role/Deploy
credential_source = Environment

[profile tool]
credential_process = /usr/local/bin/get-creds --profile x
`;

const CREDENTIALS = `[hub]
aws_access_key_id = AKIAHUBEXAMPLE
aws_secret_access_key = hubsecret
[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = defaultsecret
aws_session_token = token
`;

describe('AWS shared config', () => {
  it('reads INI sections, skipping comments and nested blocks', () => {
    const sections = parseIni(CONFIG);
    const hub = sections.find((s) => s.header === 'profile hub');
    assert.deepEqual(hub?.values, { region: 'us-east-1' }, 'the nested s3 block is not a key of the profile');
    assert.equal(sections.filter((s) => s.header.startsWith('sso-session')).length, 1);
  });

  it('parses profiles with every key SOP Lens uses, without their secrets', () => {
    const config = parseSharedConfig(CONFIG, CREDENTIALS);
    const prod = config.profiles.get('acme-prod')!;
    assert.equal(prod.roleArn, 'arn:aws:iam::111111111111:role/OperatorAccess');
    assert.equal(prod.sourceProfile, 'hub');
    assert.equal(prod.mfaSerial, 'arn:aws:iam::999999999999:mfa/alice');
    assert.equal(prod.externalId, 'acme-ops');
    assert.equal(prod.durationSeconds, 1800);
    assert.equal(config.profiles.get('hub')?.hasStaticKeys, true);
    assert.equal(config.profiles.get('acme-prod')?.hasStaticKeys, false);
    assert.equal(config.profiles.get('ci')?.credentialSource, 'Environment');
    assert.equal(config.profiles.get('tool')?.credentialProcess, '/usr/local/bin/get-creds --profile x');
    assert.deepEqual(config.ssoSessions.get('demo'), { name: 'demo', startUrl: 'https://sop-lens-demo.awsapps.com/start', region: 'us-east-1' });
    assert.equal(JSON.stringify([...config.profiles.values()]).includes('secret'), false, 'no secret in the parsed profiles');
  });

  it('reads static keys on demand, from the credentials file first', () => {
    assert.deepEqual(staticCredentials('default', CONFIG, CREDENTIALS), { accessKeyId: 'AKIADEFAULT', secretAccessKey: 'defaultsecret', sessionToken: 'token' });
    assert.deepEqual(staticCredentials('inline', '[profile inline]\naws_access_key_id = A\naws_secret_access_key = B\n', ''), { accessKeyId: 'A', secretAccessKey: 'B', sessionToken: undefined });
    assert.equal(staticCredentials('acme-prod', CONFIG, CREDENTIALS), undefined);
  });

  it('turns profiles with a knowable account id into accounts', () => {
    const accounts = profilesToAccounts(parseSharedConfig(CONFIG, CREDENTIALS));
    const byName = new Map(accounts.map((a) => [a.name, a]));
    assert.deepEqual([...byName.keys()].sort(), ['acme-audit', 'acme-prod', 'ci', 'legacy-sso'], 'hub, default and tool have no account id');
    assert.deepEqual(byName.get('acme-prod')?.access, {
      kind: 'assume-role', roleArn: 'arn:aws:iam::111111111111:role/OperatorAccess', sourceProfile: 'hub',
      mfaSerial: 'arn:aws:iam::999999999999:mfa/alice', externalId: 'acme-ops', durationSeconds: 1800,
    });
    assert.equal(byName.get('acme-prod')?.id, '111111111111');
    assert.deepEqual(byName.get('acme-audit')?.access, { kind: 'sso', startUrl: 'https://sop-lens-demo.awsapps.com/start', ssoRegion: 'us-east-1', roleName: 'AuditRole', sessionName: 'demo' });
    assert.equal(byName.get('acme-audit')?.id, '222222222222');
    assert.deepEqual(byName.get('legacy-sso')?.access, { kind: 'sso', startUrl: 'https://legacy.awsapps.com/start', ssoRegion: 'eu-central-1', roleName: 'ReadOnly', sessionName: undefined });
    assert.deepEqual(byName.get('ci')?.access, { kind: 'profile', profile: 'ci' }, 'credential_source is resolved through the profile itself');
    assert.ok(accounts.every((a) => a.origin === 'aws-config'));
  });

  it('finds the files through AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else under HOME', () => {
    assert.deepEqual(sharedConfigPaths({ HOME: '/home/u' }), { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' });
    assert.deepEqual(sharedConfigPaths({ HOME: '/home/u', AWS_CONFIG_FILE: '~/cfg', AWS_SHARED_CREDENTIALS_FILE: '/x/creds' }), { configFile: '/home/u/cfg', credentialsFile: '/x/creds' });
  });

  it('loads the accounts from the files, and nothing when they are missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'config'), CONFIG);
      const accounts = await loadProfileAccounts({ HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') });
      assert.equal(accounts.length, 4);
      assert.deepEqual(await loadProfileAccounts({ HOME: dir }), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
