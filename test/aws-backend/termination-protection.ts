/**
 * CloudFormation termination protection: moto keeps the flag given at CreateStack but has no
 * `UpdateTerminationProtection` and deletes protected stacks. The proxy stores updates per stack,
 * reports them in `DescribeStacks`, and refuses `DeleteStack` while protection is on, as AWS does.
 */
import { randomUUID } from 'node:crypto';
import { xmlResponse, type CallContext, type Emulation } from './emulation';
import { encodeXml, motoQuery, xmlText } from './moto-calls';
import { errorResponse, type WireResponse } from './wire-errors';

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function stateKey(context: CallContext, stackId: string): string {
  return `${context.account ?? ''}/${context.request.region}/${stackId}`;
}

/** The stack as moto knows it: its id and the protection flag moto reports, or undefined. */
async function findStack(context: CallContext, stackName: string): Promise<{ stackId: string; stackName: string; protectedByMoto: boolean } | undefined> {
  const answer = await motoQuery(context.motoUrl, {
    signingName: 'cloudformation',
    account: context.account ?? '123456789012',
    region: context.request.region,
    params: { Action: 'DescribeStacks', Version: '2010-05-15', StackName: stackName },
  });
  const stackId = answer.status === 200 ? xmlText(answer.body, 'StackId') : undefined;
  if (!stackId) return undefined;
  return { stackId, stackName: xmlText(answer.body, 'StackName') ?? stackName, protectedByMoto: xmlText(answer.body, 'EnableTerminationProtection') === 'true' };
}

function noSuchStack(stackName: string): WireResponse {
  return errorResponse('cloudformation', { code: 'ValidationError', status: 400, message: `Stack with id ${stackName} does not exist` });
}

async function update(context: CallContext): Promise<WireResponse | undefined> {
  const stackName = context.request.params.get('StackName') ?? '';
  const enable = context.request.params.get('EnableTerminationProtection');
  if (enable !== 'true' && enable !== 'false') {
    return errorResponse('cloudformation', { code: 'ValidationError', status: 400, message: "1 validation error detected: Value null at 'enableTerminationProtection' failed to satisfy constraint: Member must not be null" });
  }
  const stack = await findStack(context, stackName);
  if (!stack) return noSuchStack(stackName);
  context.state.terminationProtection.set(stateKey(context, stack.stackId), enable === 'true');
  return xmlResponse(
    `<UpdateTerminationProtectionResponse xmlns="${NAMESPACE}"><UpdateTerminationProtectionResult><StackId>${encodeXml(stack.stackId)}</StackId>` +
      `</UpdateTerminationProtectionResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></UpdateTerminationProtectionResponse>`,
  );
}

async function refuseProtectedDelete(context: CallContext): Promise<WireResponse | undefined> {
  const stackName = context.request.params.get('StackName') ?? '';
  const stack = await findStack(context, stackName);
  if (!stack) return undefined; // AWS answers DeleteStack of an unknown stack with success; so does moto
  const isProtected = context.state.terminationProtection.get(stateKey(context, stack.stackId)) ?? stack.protectedByMoto;
  if (!isProtected) {
    context.state.terminationProtection.delete(stateKey(context, stack.stackId));
    return undefined;
  }
  return errorResponse('cloudformation', { code: 'ValidationError', status: 400, message: `Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled` });
}

/**
 * Puts the stored flag into each stack of moto's DescribeStacks answer. A stack's fields run from its
 * `<StackId>` to the next stack's (no nested element is called StackId), so the answer is cut there.
 */
function reportProtection(context: CallContext, response: WireResponse): WireResponse {
  if (response.status !== 200) return response;
  const parts = response.body.split(/(?=<StackId>)/);
  const body = parts
    .map((part) => {
      const stackId = part.startsWith('<StackId>') ? xmlText(part, 'StackId') : undefined;
      const flag = stackId ? context.state.terminationProtection.get(stateKey(context, stackId)) : undefined;
      if (flag === undefined) return part;
      const element = `<EnableTerminationProtection>${flag}</EnableTerminationProtection>`;
      const existing = /<EnableTerminationProtection>[^<]*<\/EnableTerminationProtection>/;
      return existing.test(part) ? part.replace(existing, element) : part.replace('</StackName>', `</StackName>${element}`);
    })
    .join('');
  return { ...response, body };
}

export const terminationProtectionEmulations: readonly Emulation[] = [
  { service: 'cloudformation', actions: ['UpdateTerminationProtection'], handle: update },
  { service: 'cloudformation', actions: ['DeleteStack'], handle: refuseProtectedDelete },
  { service: 'cloudformation', actions: ['DescribeStacks'], rewrite: reportProtection },
];
