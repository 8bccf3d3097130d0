import type { ConfigurationRecorder, ConfigurationRecorderStatus, DescribeConfigurationRecordersCommandOutput, DescribeConfigurationRecorderStatusCommandOutput } from '@aws-sdk/client-config-service';
import { type Evidence, type RegionalCheck, fail, pass } from './check';

export const configAllRegions: RegionalCheck = {
  id: 'config-all-regions',
  scope: 'regional',
  title: 'AWS Config records every resource type in each region',
  controls: ['ACCT-001', 'SEC-MON'],
  rationale:
    'The SOP enables AWS Config in every account and the security guide in every region: its configuration history is what an audit or an incident review reads to learn what changed and when.',
  calls: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'],
  decides:
    'Passes in a region when a configuration recorder there is recording, its last recording did not fail, and it records all supported resource types; no recorder, a stopped one or a partial one fails.',
  remediation:
    'In AWS Config for the region, set up a recorder for all resource types with a delivery channel and start it (aws configservice put-configuration-recorder ... allSupported=true; aws configservice start-configuration-recorder).',
  async runRegion(ctx, region) {
    const [recorders, statuses] = await Promise.all([
      ctx.api.call<DescribeConfigurationRecordersCommandOutput>('config', region, 'DescribeConfigurationRecorders', {}),
      ctx.api.call<DescribeConfigurationRecorderStatusCommandOutput>('config', region, 'DescribeConfigurationRecorderStatus', {}),
    ]);
    const list = recorders.ConfigurationRecorders ?? [];
    if (list.length === 0) return fail('No AWS Config recorder in this region.', [{ text: 'No configuration recorder', status: 'fail', region }]);
    const judged = list.map((r) => judge(r, (statuses.ConfigurationRecordersStatus ?? []).find((s) => s.name === r.name), region));
    const evidence = judged.map((j) => j.evidence);
    const good = judged.find((j) => j.evidence.status === 'pass');
    return good ? pass(`Recorder ${good.name} records all resource types.`, evidence) : fail('No recorder here records all resource types.', evidence);
  },
};

function judge(recorder: ConfigurationRecorder, status: ConfigurationRecorderStatus | undefined, region: string): { name: string; evidence: Evidence } {
  const name = recorder.name ?? '(unnamed)';
  const resource = recorder.arn ?? name;
  const problems: string[] = [];
  if (status?.recording !== true) problems.push('not recording');
  if (status?.lastStatus === 'Failure') problems.push(`last recording failed (${status.lastErrorCode ?? 'no error code'})`);
  if (!recordsAllTypes(recorder)) problems.push('records only selected resource types');
  const text = problems.length ? `Recorder ${name}: ${problems.join('; ')}` : `Recorder ${name}: recording all resource types`;
  return { name, evidence: { text, status: problems.length ? 'fail' : 'pass', region, resource } };
}

/** All supported types, or all but a named exclusion list (AWS's "all resource types with exclusions"). */
function recordsAllTypes(recorder: ConfigurationRecorder): boolean {
  const group = recorder.recordingGroup;
  // A recorder without a recording group records all supported types (AWS's default).
  if (!group) return true;
  if (group.allSupported === true) return true;
  return group.recordingStrategy?.useOnly === 'EXCLUSION_BY_RESOURCE_TYPES';
}
