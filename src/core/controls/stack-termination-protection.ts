import type { DescribeStacksCommandOutput, Stack } from '@aws-sdk/client-cloudformation';
import { type Evidence, type RegionalCheck, fail, pass } from './check';
import { allPages, withToken } from './support/aws';

export const stackTerminationProtection: RegionalCheck = {
  id: 'stack-termination-protection',
  scope: 'regional',
  title: 'Every CloudFormation stack has termination protection',
  controls: ['SEC-CFN'],
  rationale:
    'The security guide asks for termination protection so that a mistaken delete fails and leaves the stack and its resources as they are.',
  calls: ['cloudformation:DescribeStacks'],
  decides:
    'Passes in a region when every stack there (deleted ones aside) has EnableTerminationProtection; nested stacks take the protection of their root stack, so they are judged through it. A region without stacks passes.',
  remediation: 'Turn termination protection on for each root stack (aws cloudformation update-termination-protection --enable-termination-protection --stack-name <stack>, or terminationProtection in CDK).',
  async runRegion(ctx, region) {
    const stacks = (
      await allPages(
        (token) => ctx.api.call<DescribeStacksCommandOutput>('cloudformation', region, 'DescribeStacks', withToken({}, 'NextToken', token)),
        (page) => page.Stacks,
        (page) => page.NextToken,
      )
    ).filter((s) => s.StackStatus !== 'DELETE_COMPLETE');
    if (stacks.length === 0) return pass('No CloudFormation stacks in this region.', [{ text: 'No stacks', region }]);
    const evidence = stacks.map((s) => judge(s, region));
    const open = evidence.filter((e) => e.status === 'fail').length;
    return open > 0 ? fail(`${open} of ${stacks.length} stacks have no termination protection.`, evidence) : pass(`All ${stacks.length} stacks are protected from deletion.`, evidence);
  },
};

function judge(stack: Stack, region: string): Evidence {
  const name = stack.StackName ?? '(unnamed)';
  const resource = stack.StackId ?? name;
  // A nested stack cannot set its own protection: CloudFormation applies its root stack's.
  if (stack.RootId || stack.ParentId) {
    return { text: `Stack ${name}: nested, protected through its root stack ${stack.RootId ?? stack.ParentId}`, status: 'pass', region, resource };
  }
  const on = stack.EnableTerminationProtection === true;
  return { text: `Stack ${name} (${stack.StackStatus ?? 'status unknown'}): termination protection ${on ? 'on' : 'off'}`, status: on ? 'pass' : 'fail', region, resource };
}
