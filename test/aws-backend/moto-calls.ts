/**
 * The proxy's own calls to moto (to look up a role, mint credentials, read a stack). moto does not check
 * signatures, so these carry a placeholder Authorization header whose credential scope names the service
 * and region, and `x-moto-account-id` for the account.
 */

export interface MotoAnswer {
  readonly status: number;
  readonly body: string;
}

const PLACEHOLDER_KEY = 'SOPLENSPROXYINTERNAL';

function authorization(signingName: string, region: string): string {
  return `AWS4-HMAC-SHA256 Credential=${PLACEHOLDER_KEY}/20260101/${region}/${signingName}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** A query-protocol call (IAM, STS, CloudFormation) to moto in `account`. */
export async function motoQuery(motoUrl: string, call: { signingName: string; account: string; region: string; params: Record<string, string> }): Promise<MotoAnswer> {
  const response = await fetch(`${motoUrl}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: authorization(call.signingName, call.region),
      'x-moto-account-id': call.account,
    },
    body: new URLSearchParams(call.params).toString(),
  });
  return { status: response.status, body: await response.text() };
}

/** The text of the first `<tag>` element, XML entities decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match ? decodeXml(match[1]) : undefined;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&');
}

export function encodeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
