/** Sign-in with a fake STS: MFA prompts and retries, role chaining, source identity, error mapping, source credentials. */
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/core/accounts/model';
import { AwsAccessError } from '../../../src/core/aws/errors';
import { isValidMfaCode, signIn } from '../../../src/core/aws/sign-in';
import { FakeAws, HUB_ARN, HUB_KEYS, ScriptedPrompts, awsError, fakeHome, options } from './sign-in-fake';

const TARGET = 'arn:aws:iam::111111111111:role/OperatorAccess';
const HUB_ROLE = 'arn:aws:iam::999999999999:role/HubOperator';
const DEVICE = 'arn:aws:iam::999999999999:mfa/alice';
const CONFIG = `[profile hub]\nregion = us-east-1\n\n[profile acme-prod]\nrole_arn = ${TARGET}\nsource_profile = hub\nmfa_serial = ${DEVICE}\n\n[profile empty]\nregion = eu-west-1\n`;

const acme = (access: Partial<Extract<Account['access'], { kind: 'assume-role' }>> = {}): Account => ({
  id: '111111111111', name: 'Acme production', origin: 'accounts-file', tags: {},
  access: { kind: 'assume-role', roleArn: TARGET, sourceProfile: 'hub', mfaSerial: DEVICE, ...access },
});

async function rejection(promise: Promise<unknown>): Promise<AwsAccessError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AwsAccessError, `expected an AwsAccessError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the sign-in to fail');
}

describe('sign-in', () => {
  let home: ReturnType<typeof fakeHome>;
  let aws: FakeAws;
  beforeEach(() => {
    home = fakeHome(CONFIG);
    aws = new FakeAws();
    aws.roles.set(TARGET, { mfaCode: '123456', trusted: [HUB_ARN, 'arn:aws:sts::999999999999:assumed-role/HubOperator/'] });
  });
  afterEach(() => home.dispose());

  it('checks the shape of an MFA code only', () => {
    assert.ok(isValidMfaCode('012345'));
    for (const bad of ['12345', '1234567', '12345a', ' 123456', '']) assert.equal(isValidMfaCode(bad), false, bad);
  });

  it('assumes the role with the MFA code, a session name and source identity from the operator', async () => {
    const prompts = new ScriptedPrompts(['123456']);
    const session = await signIn(acme(), options(aws, prompts, home.env));
    assert.equal(session.accountId, '111111111111');
    assert.equal(session.arn, 'arn:aws:sts::111111111111:assumed-role/OperatorAccess/sop-lens.alice');
    assert.equal(session.access.mfa, true);
    assert.deepEqual(session.access, {
      arn: session.arn,
      method: 'assume-role',
      source: 'profile hub',
      roles: [TARGET],
      mfaSerial: DEVICE,
      mfa: true,
      description: 'role OperatorAccess from profile hub (MFA)',
    });
    assert.ok(session.credentials.expiration && session.credentials.sessionToken);
    assert.deepEqual(prompts.mfaRequests, [{ serial: DEVICE, attempt: 1, lastError: undefined }]);
    const [input] = aws.inputsOf('AssumeRole');
    assert.deepEqual(input, { RoleArn: TARGET, RoleSessionName: 'sop-lens.alice', DurationSeconds: 3600, SourceIdentity: 'alice', SerialNumber: DEVICE, TokenCode: '123456' });
    assert.equal(aws.calls[0].credentials?.accessKeyId, HUB_KEYS.accessKeyId, 'the source profile\'s keys start the chain');
  });

  it('asks again after a wrong code, saying why, and signs in with the right one', async () => {
    const prompts = new ScriptedPrompts(['654321', '123456']);
    const session = await signIn(acme(), options(aws, prompts, home.env));
    assert.equal(session.access.mfa, true);
    assert.equal(prompts.mfaRequests.length, 2);
    assert.equal(prompts.mfaRequests[1].attempt, 2);
    assert.match(prompts.mfaRequests[1].lastError ?? '', /did not accept the MFA code/);
  });

  it('does not send a code of the wrong shape to STS', async () => {
    const prompts = new ScriptedPrompts(['12 34', '123456']);
    await signIn(acme(), options(aws, prompts, home.env));
    assert.equal(aws.inputsOf('AssumeRole').length, 1);
    assert.match(prompts.mfaRequests[1].lastError ?? '', /6 digits/);
  });

  it('gives up after three wrong codes with mfa-invalid', async () => {
    const prompts = new ScriptedPrompts(['000001', '000002', '000003', '123456']);
    const error = await rejection(signIn(acme(), options(aws, prompts, home.env)));
    assert.equal(error.kind, 'mfa-invalid');
    assert.match(error.action, /new code/);
    assert.equal(aws.inputsOf('AssumeRole').length, 3);
    assert.equal(prompts.mfaRequests.length, 3);
  });

  it('stops when the MFA prompt is cancelled, without calling AssumeRole', async () => {
    const error = await rejection(signIn(acme(), options(aws, new ScriptedPrompts([undefined]), home.env)));
    assert.equal(error.kind, 'cancelled');
    assert.deepEqual(aws.operations(), ['GetCallerIdentity']);
  });

  it('names the role and the caller when the trust policy refuses', async () => {
    aws.roles.set(TARGET, { trusted: ['arn:aws:iam::999999999999:user/bob'] });
    const error = await rejection(signIn(acme({ mfaSerial: undefined }), options(aws, new ScriptedPrompts(), home.env)));
    assert.equal(error.kind, 'access-denied');
    assert.match(error.message, /arn:aws:iam::999999999999:user\/alice is not allowed to assume arn:aws:iam::111111111111:role\/OperatorAccess/);
    assert.match(error.action, /trust policy.*mfaSerial/);
  });

  it('retries once without SourceIdentity when the trust policy does not allow setting it, and logs it', async () => {
    aws.roles.set(TARGET, { refuseSourceIdentity: true });
    const opts = options(aws, new ScriptedPrompts(), home.env);
    const session = await signIn(acme({ mfaSerial: undefined }), opts);
    assert.equal(session.accountId, '111111111111');
    const inputs = aws.inputsOf('AssumeRole');
    assert.deepEqual(inputs.map((i) => i.SourceIdentity), ['alice', undefined]);
    assert.ok(opts.lines.some((l) => /SetSourceIdentity/.test(l)));
  });

  it('chains through the hub role: MFA on the first hop, one hour at most on the second, one operator name', async () => {
    aws.roles.set(HUB_ROLE, { mfaCode: '123456', trusted: [HUB_ARN] });
    aws.roles.set(TARGET, { trusted: ['arn:aws:sts::999999999999:assumed-role/HubOperator/'] });
    const prompts = new ScriptedPrompts(['123456']);
    const session = await signIn(acme({ via: [HUB_ROLE], durationSeconds: 7200 }), options(aws, prompts, home.env));
    const [hub, target] = aws.inputsOf('AssumeRole');
    assert.deepEqual([hub.RoleArn, hub.SerialNumber, hub.DurationSeconds, hub.RoleSessionName], [HUB_ROLE, DEVICE, 7200, 'sop-lens.alice']);
    assert.deepEqual([target.RoleArn, target.SerialNumber, target.DurationSeconds, target.RoleSessionName, target.SourceIdentity], [TARGET, undefined, 3600, 'sop-lens.alice', 'alice']);
    assert.equal(session.arn, 'arn:aws:sts::111111111111:assumed-role/OperatorAccess/sop-lens.alice');
    assert.match(session.access.description, /role HubOperator → OperatorAccess/);
    assert.equal(session.access.mfa, true);
  });

  it('maps an expired source session to expired-token', async () => {
    aws.faults.set('AssumeRole', awsError('ExpiredToken', 'The security token included in the request is expired'));
    const error = await rejection(signIn(acme({ mfaSerial: undefined }), options(aws, new ScriptedPrompts(), home.env)));
    assert.equal(error.kind, 'expired-token');
  });

  it('says which profile is missing, or holds no credentials', async () => {
    const missing = await rejection(signIn(acme({ sourceProfile: 'nope' }), options(aws, new ScriptedPrompts(), home.env)));
    assert.equal(missing.kind, 'no-source-credentials');
    assert.match(missing.action, /\[profile nope\]/);
    const empty = await rejection(signIn(acme({ sourceProfile: 'empty' }), options(aws, new ScriptedPrompts(), home.env)));
    assert.equal(empty.kind, 'no-source-credentials');
    assert.match(empty.message, /profile empty holds no credentials/);
    assert.equal(aws.calls.length, 0);
  });

  it('resolves a role profile from the shared config with our own STS calls (MFA included)', async () => {
    const account: Account = { id: '111111111111', name: 'acme-prod', origin: 'aws-config', tags: {}, access: { kind: 'profile', profile: 'acme-prod' } };
    const session = await signIn(account, options(aws, new ScriptedPrompts(['123456']), home.env));
    assert.equal(session.arn, 'arn:aws:sts::111111111111:assumed-role/OperatorAccess/sop-lens.alice');
    assert.deepEqual(aws.operations(), ['GetCallerIdentity', 'AssumeRole']);
  });

  it('says MFA is required when the role wants a code and the account names no device', async () => {
    const error = await rejection(signIn(acme({ mfaSerial: undefined }), options(aws, new ScriptedPrompts(), home.env)));
    assert.equal(error.kind, 'mfa-required');
    assert.match(error.action, /mfaSerial/);
  });

  it('uses keys from the environment when there is no source profile', async () => {
    aws.roles.set(TARGET, {});
    const env = { ...home.env, AWS_ACCESS_KEY_ID: HUB_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: HUB_KEYS.secretAccessKey };
    const session = await signIn(acme({ sourceProfile: undefined, mfaSerial: undefined }), options(aws, new ScriptedPrompts(), env));
    assert.equal(session.accountId, '111111111111');
    assert.match(session.access.description, /from environment/);
  });

  it('runs credential_process for a source profile, and never repeats its output in an error', async () => {
    const print = (json: object): string => `node -e "process.stdout.write(JSON.stringify(${JSON.stringify(json).replace(/"/g, "'")}))"`;
    const config = `[profile tool]\ncredential_process = ${print({ Version: 1, AccessKeyId: HUB_KEYS.accessKeyId, SecretAccessKey: HUB_KEYS.secretAccessKey })}\n\n[profile broken]\ncredential_process = ${print({ Version: 2, AccessKeyId: 'AKIALEAKED', SecretAccessKey: 'leaked-secret' })}\n\n[profile failing]\ncredential_process = node -e "process.exit(3)"\n`;
    const toolHome = fakeHome(config, '');
    try {
      aws.roles.set(TARGET, {});
      const session = await signIn(acme({ sourceProfile: 'tool', mfaSerial: undefined }), options(aws, new ScriptedPrompts(), toolHome.env));
      assert.match(session.access.description, /from profile tool \(credential_process\)/);
      const broken = await rejection(signIn(acme({ sourceProfile: 'broken', mfaSerial: undefined }), options(aws, new ScriptedPrompts(), toolHome.env)));
      assert.equal(broken.kind, 'no-source-credentials');
      assert.match(broken.message, /did not print Version 1 credentials/);
      assert.doesNotMatch(`${broken.message} ${broken.action}`, /leaked|AKIALEAKED/);
      const failing = await rejection(signIn(acme({ sourceProfile: 'failing', mfaSerial: undefined }), options(aws, new ScriptedPrompts(), toolHome.env)));
      assert.match(failing.message, /failed \(exit code 3\)/);
    } finally {
      toolHome.dispose();
    }
  });

  it('takes a role profile\'s source from the environment with credential_source = Environment', async () => {
    const ciHome = fakeHome(`[profile ci]\nrole_arn = ${TARGET}\ncredential_source = Environment\n`, '');
    try {
      aws.roles.set(TARGET, {});
      const account: Account = { id: '111111111111', name: 'ci', origin: 'aws-config', tags: {}, access: { kind: 'profile', profile: 'ci' } };
      const none = await rejection(signIn(account, options(aws, new ScriptedPrompts(), ciHome.env)));
      assert.equal(none.kind, 'no-source-credentials');
      assert.match(none.action, /AWS_ACCESS_KEY_ID/);
      const env = { ...ciHome.env, AWS_ACCESS_KEY_ID: HUB_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: HUB_KEYS.secretAccessKey };
      const session = await signIn(account, options(aws, new ScriptedPrompts(), env));
      assert.equal(session.accountId, '111111111111');
    } finally {
      ciHome.dispose();
    }
  });

  it('refuses a session that lands in another account than the entry says', async () => {
    const wrong: Account = { ...acme(), id: '222222222222' };
    const error = await rejection(signIn(wrong, options(aws, new ScriptedPrompts(['123456']), home.env)));
    assert.match(error.message, /reached account 111111111111, not 222222222222/);
  });

  it('never logs a secret', async () => {
    const opts = options(aws, new ScriptedPrompts(['000000', '123456']), home.env);
    const session = await signIn(acme(), opts);
    const logged = opts.lines.join('\n');
    assert.ok(opts.lines.length >= 2);
    for (const secret of [HUB_KEYS.secretAccessKey, HUB_KEYS.accessKeyId, session.credentials.secretAccessKey, session.credentials.sessionToken!, session.credentials.accessKeyId, '123456', '000000']) {
      assert.equal(logged.includes(secret), false, `the log holds ${secret}`);
    }
  });
});
