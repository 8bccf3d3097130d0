/**
 * STS AssumeRole as AWS decides it, where moto lets everything through: the role must exist, its trust
 * policy must name the caller (or its account, or `*`), and where the trust policy requires MFA
 * (`aws:MultiFactorAuthPresent`) the call must carry the current TOTP code of the caller's virtual device.
 * moto then mints the credentials; the proxy learns which account they act in from its answer.
 */
import type { CallContext, Emulation } from './emulation';
import { rememberIssuedCredentials } from './federation';
import { motoQuery, xmlText } from './moto-calls';
import { verifyTotp } from './totp';
import { errorResponse, type WireResponse } from './wire-errors';

export const WRONG_MFA_CODE_MESSAGE = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';
export const UNKNOWN_MFA_DEVICE_MESSAGE =
  'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.';

interface TrustStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Principal?: string | { AWS?: string | string[] };
  readonly Condition?: Record<string, Record<string, unknown>>;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The role ARN `arn:aws:iam::A:role/R` behind an assumed-role session ARN `arn:aws:sts::A:assumed-role/R/S`. */
function principalArnsOf(callerArn: string): string[] {
  const account = callerArn.split(':')[4];
  const assumed = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(callerArn);
  const arns = [callerArn, `arn:aws:iam::${account}:root`, account];
  if (assumed) arns.push(`arn:aws:iam::${assumed[1]}:role/${assumed[2]}`);
  return arns;
}

function requiresMfa(statement: TrustStatement): boolean {
  return Object.entries(statement.Condition ?? {}).some(
    ([operator, conditions]) => /^Bool(IfExists)?$/.test(operator) && String(conditions['aws:MultiFactorAuthPresent']).toLowerCase() === 'true',
  );
}

function accessDenied(context: CallContext, roleArn: string, message?: string): WireResponse {
  const caller = context.callerArn ?? `arn:aws:iam::${context.account ?? '000000000000'}:user/unknown`;
  return errorResponse('sts', { code: 'AccessDenied', status: 403, message: message ?? `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}` });
}

async function handle(context: CallContext): Promise<WireResponse | undefined> {
  const { params } = context.request;
  const roleArn = params.get('RoleArn') ?? '';
  const serial = params.get('SerialNumber') ?? undefined;
  const code = params.get('TokenCode') ?? undefined;
  const arn = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!arn) return errorResponse('sts', { code: 'ValidationError', status: 400, message: `${roleArn} is not a valid role ARN` });
  if (code !== undefined && !/^\d{6}$/.test(code)) {
    return errorResponse('sts', { code: 'ValidationError', status: 400, message: "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*" });
  }
  const role = await motoQuery(context.motoUrl, { signingName: 'iam', account: arn[1], region: 'us-east-1', params: { Action: 'GetRole', Version: '2010-05-08', RoleName: arn[2] } });
  if (role.status !== 200) return accessDenied(context, roleArn);
  const statements = asList((JSON.parse(decodeURIComponent(xmlText(role.body, 'AssumeRolePolicyDocument') ?? '%7B%7D')) as { Statement?: TrustStatement | TrustStatement[] }).Statement);
  const allows = statements.filter((statement) => statement.Effect === 'Allow' && asList(statement.Action).some((action) => action === 'sts:AssumeRole' || action === 'sts:*' || action === '*'));
  const trusting = context.callerArn
    ? allows.filter((statement) => {
        const principals = typeof statement.Principal === 'string' ? [statement.Principal] : asList(statement.Principal?.AWS);
        return principals.some((principal) => principal === '*' || principalArnsOf(context.callerArn!).includes(principal));
      })
    : allows; // a caller the proxy cannot name (a seeding admin) is judged by the other conditions only
  if (trusting.length === 0) return accessDenied(context, roleArn);

  // AWS validates a code whenever one is sent, and requires one where every trusting statement asks for MFA.
  if (serial !== undefined && code !== undefined) {
    const device = context.state.emulated.mfaDevices[serial];
    if (!device) return accessDenied(context, roleArn, UNKNOWN_MFA_DEVICE_MESSAGE);
    if (!verifyTotp(device.secret, code)) return accessDenied(context, roleArn, WRONG_MFA_CODE_MESSAGE);
  } else if (trusting.every(requiresMfa)) {
    return accessDenied(context, roleArn);
  }
  return undefined;
}

/** Remembers the account and ARN of the credentials moto minted, for faults, stats and later AssumeRole calls. */
function rewrite(context: CallContext, response: WireResponse): WireResponse {
  if (response.status !== 200) return response;
  const accessKeyId = xmlText(response.body, 'AccessKeyId');
  const arn = xmlText(response.body, 'Arn');
  const account = arn?.split(':')[4];
  if (accessKeyId && arn && account) context.state.learnedKeys.set(accessKeyId, { account, arn });
  if (accessKeyId && arn) rememberIssuedCredentials(context.state, accessKeyId, response.body, arn);
  return response;
}

export const assumeRoleEmulation: Emulation = { service: 'sts', actions: ['AssumeRole'], handle, rewrite };
