/**
 * A fake of the STS, SSO-OIDC and SSO portal calls sign-in makes, with the behaviours the real services
 * have that matter here: MFA codes checked, trust policies that refuse a caller or `SetSourceIdentity`,
 * device codes pending until approved. Used through `SignInOptions.call`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Account } from '../../../src/core/accounts/model';
import type { SignInOptions, SignInPrompts } from '../../../src/core/aws/sign-in';
import type { AwsCallRequest } from '../../../src/core/aws/sign-in-calls';

export interface FakeRole {
  /** The MFA code this role's trust policy accepts (any other code is refused); absent = no MFA. */
  readonly mfaCode?: string;
  /** Callers (ARN prefixes) the trust policy allows; absent = everyone. */
  readonly trusted?: readonly string[];
  readonly refuseSourceIdentity?: boolean;
}

export function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export const HUB_KEYS = { accessKeyId: 'SOPLENSTESTHUBFAKE01', secretAccessKey: 'hub-secret-do-not-log' };
export const HUB_ARN = 'arn:aws:iam::999999999999:user/alice';

export class FakeAws {
  readonly calls: AwsCallRequest[] = [];
  readonly roles = new Map<string, FakeRole>();
  private readonly identities = new Map<string, string>([[HUB_KEYS.accessKeyId, HUB_ARN]]);
  private issued = 0;
  /** Device codes approved by the "user". */
  readonly approved = new Set<string>();
  /** Tokens the portal accepts. */
  readonly validTokens = new Set<string>();
  /** Refresh tokens Identity Center would still honour; a renewal replaces the one it used. */
  readonly validRefreshTokens = new Set<string>();
  private renewals = 0;
  /** The next renewal is throttled (a passing condition, not a refusal). */
  throttleRenewalOnce = false;
  slowDownOnce = false;
  deviceExpiresIn = 600;
  /** Faults by operation: thrown once. */
  readonly faults = new Map<string, Error>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  addIdentity(accessKeyId: string, arn: string): void {
    this.identities.set(accessKeyId, arn);
  }

  operations(): string[] {
    return this.calls.map((c) => c.operation);
  }

  inputsOf(operation: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.operation === operation).map((c) => c.input as Record<string, unknown>);
  }

  private mint(arn: string, seconds: number): Record<string, unknown> {
    this.issued += 1;
    const key = `ASIAFAKE${String(this.issued).padStart(12, '0')}`;
    this.identities.set(key, arn);
    return { AccessKeyId: key, SecretAccessKey: `secret-${this.issued}-do-not-log`, SessionToken: `token-${this.issued}-do-not-log`, Expiration: new Date(this.now().getTime() + seconds * 1000) };
  }

  readonly call = (request: AwsCallRequest): Promise<Record<string, unknown>> => {
    this.calls.push(request);
    try {
      return Promise.resolve(this.answer(request));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  private answer({ operation, input, credentials }: AwsCallRequest): Record<string, unknown> {
    const fault = this.faults.get(operation);
    if (fault) {
      this.faults.delete(operation);
      throw fault;
    }
    const i = input as Record<string, string | number | undefined>;
    switch (operation) {
      case 'GetCallerIdentity': {
        const arn = credentials && this.identities.get(credentials.accessKeyId);
        if (!arn) throw awsError('InvalidClientTokenId', 'The security token included in the request is invalid.');
        return { Account: /::(\d{12}):/.exec(arn)![1], Arn: arn, UserId: 'AIDAFAKE' };
      }
      case 'AssumeRole': {
        const caller = credentials && this.identities.get(credentials.accessKeyId);
        if (!caller) throw awsError('InvalidClientTokenId', 'The security token included in the request is invalid.');
        const roleArn = String(i.RoleArn);
        const role = this.roles.get(roleArn);
        if (!role || (role.trusted && !role.trusted.some((t) => caller.startsWith(t)))) {
          throw awsError('AccessDenied', `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
        }
        if (role.mfaCode !== undefined && i.TokenCode !== role.mfaCode) {
          throw awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
        }
        if (role.refuseSourceIdentity && i.SourceIdentity !== undefined) {
          throw awsError('AccessDenied', `User: ${caller} is not authorized to perform: sts:SetSourceIdentity on resource: ${roleArn}`);
        }
        const account = /::(\d{12}):/.exec(roleArn)![1];
        const arn = `arn:aws:sts::${account}:assumed-role/${roleArn.split('/').pop()}/${String(i.RoleSessionName)}`;
        return { Credentials: this.mint(arn, Number(i.DurationSeconds ?? 3600)), AssumedRoleUser: { Arn: arn, AssumedRoleId: 'AROAFAKE:x' } };
      }
      case 'RegisterClient':
        return { clientId: 'client-1', clientSecret: 'client-secret-do-not-log', clientSecretExpiresAt: Math.floor(this.now().getTime() / 1000) + 86_400 };
      case 'StartDeviceAuthorization':
        this.issued += 1;
        return { deviceCode: `device-${this.issued}`, userCode: `ABCD-${this.issued}`, verificationUri: 'https://device.sso.us-east-1.amazonaws.com/', verificationUriComplete: `https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-${this.issued}`, expiresIn: this.deviceExpiresIn, interval: 1 };
      case 'CreateToken': {
        if (i.grantType === 'refresh_token') {
          if (this.throttleRenewalOnce) {
            this.throttleRenewalOnce = false;
            throw awsError('ThrottlingException', 'Rate exceeded');
          }
          if (!this.validRefreshTokens.delete(String(i.refreshToken))) throw awsError('InvalidGrantException', 'Invalid refresh token');
          this.renewals += 1;
          const renewed = `sso-token-renewed-${this.renewals}-do-not-log`;
          this.validTokens.add(renewed);
          const refreshToken = `refresh-renewed-${this.renewals}-do-not-log`;
          this.validRefreshTokens.add(refreshToken);
          return { accessToken: renewed, expiresIn: 28_800, tokenType: 'Bearer', refreshToken };
        }
        if (this.slowDownOnce) {
          this.slowDownOnce = false;
          throw awsError('SlowDownException', 'slow down');
        }
        const userCode = `ABCD-${String(i.deviceCode).split('-')[1]}`;
        if (!this.approved.has(userCode)) throw awsError('AuthorizationPendingException', 'pending');
        const token = `sso-token-${String(i.deviceCode)}-do-not-log`;
        this.validTokens.add(token);
        const refreshToken = `refresh-${String(i.deviceCode)}-do-not-log`;
        this.validRefreshTokens.add(refreshToken);
        return { accessToken: token, expiresIn: 28_800, tokenType: 'Bearer', refreshToken };
      }
      case 'GetRoleCredentials': {
        if (!this.validTokens.has(String(i.accessToken))) throw awsError('UnauthorizedException', 'Session token not found or invalid');
        const arn = `arn:aws:sts::${String(i.accountId)}:assumed-role/AWSReservedSSO_${String(i.roleName)}_0123abcd/alice@acme.example`;
        const c = this.mint(arn, 3600);
        return { roleCredentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: (c.Expiration as Date).getTime() } };
      }
      default:
        throw awsError('UnknownOperation', operation);
    }
  }
}

/** Prompts that answer from a list of codes and approve device codes in the fake, recording what they were asked. */
export class ScriptedPrompts implements SignInPrompts {
  readonly mfaRequests: { serial: string; attempt: number; lastError?: string }[] = [];
  readonly deviceCodes: string[] = [];
  constructor(private readonly codes: (string | undefined)[] = [], private readonly aws?: FakeAws) {}

  mfaCode(request: { serial: string; account: Account; attempt: number; lastError?: string }): Promise<string | undefined> {
    this.mfaRequests.push({ serial: request.serial, attempt: request.attempt, lastError: request.lastError });
    return Promise.resolve(this.codes.shift());
  }

  showDeviceCode(request: { userCode: string }): Promise<void> {
    this.deviceCodes.push(request.userCode);
    this.aws?.approved.add(request.userCode);
    return Promise.resolve();
  }
}

/** A HOME with `~/.aws/config` and `~/.aws/credentials` holding the given text. */
export function fakeHome(config: string, credentials = `[hub]\naws_access_key_id = ${HUB_KEYS.accessKeyId}\naws_secret_access_key = ${HUB_KEYS.secretAccessKey}\n`): { env: NodeJS.ProcessEnv; dir: string; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-home-'));
  fs.mkdirSync(path.join(dir, '.aws'));
  fs.writeFileSync(path.join(dir, '.aws', 'config'), config);
  fs.writeFileSync(path.join(dir, '.aws', 'credentials'), credentials);
  return { env: { HOME: dir, PATH: process.env.PATH }, dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function options(aws: FakeAws, prompts: SignInPrompts, env: NodeJS.ProcessEnv, extra: Partial<SignInOptions> = {}): SignInOptions & { lines: string[]; waits: number[] } {
  const lines: string[] = [];
  const waits: number[] = [];
  return { prompts, env, call: aws.call, log: (line) => lines.push(line), sleep: (ms) => (waits.push(ms), Promise.resolve()), lines, waits, ...extra };
}
