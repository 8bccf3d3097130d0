import type { GetDetectorCommandOutput, ListDetectorsCommandOutput } from '@aws-sdk/client-guardduty';
import { type RegionalCheck, fail, pass } from './check';
import { allPages, withToken } from './support/aws';

export const guarddutyAllRegions: RegionalCheck = {
  id: 'guardduty-all-regions',
  scope: 'regional',
  title: 'GuardDuty is enabled in each region',
  controls: ['ACCT-001'],
  rationale:
    'The SOP enables GuardDuty in every account. Its findings are regional: a detector that is missing or suspended in a region means threats there go unseen.',
  calls: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  decides: 'Passes in a region when a GuardDuty detector there has Status ENABLED; no detector or only suspended ones fail.',
  remediation: 'Enable GuardDuty in the region (aws guardduty create-detector --enable), or from the delegated administrator account for the whole organization.',
  async runRegion(ctx, region) {
    const ids = await allPages(
      (token) => ctx.api.call<ListDetectorsCommandOutput>('guardduty', region, 'ListDetectors', withToken({}, 'NextToken', token)),
      (page) => page.DetectorIds,
      (page) => page.NextToken,
    );
    if (ids.length === 0) return fail('GuardDuty has no detector in this region.', [{ text: 'No GuardDuty detector', status: 'fail', region }]);
    const detectors = await Promise.all(ids.map(async (id) => ({ id, detector: await ctx.api.call<GetDetectorCommandOutput>('guardduty', region, 'GetDetector', { DetectorId: id }) })));
    const evidence = detectors.map(({ id, detector }) => ({
      text: `Detector ${id}: ${detector.Status ?? 'status not reported'}`,
      status: detector.Status === 'ENABLED' ? ('pass' as const) : ('fail' as const),
      region,
      resource: id,
    }));
    return evidence.some((e) => e.status === 'pass') ? pass('A GuardDuty detector is enabled.', evidence) : fail('The GuardDuty detector here is not enabled.', evidence);
  },
};
