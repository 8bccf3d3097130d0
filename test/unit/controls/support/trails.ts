/** Recorded CloudTrail answers as AWS gives them, for the trail checks' tests. */
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, HOME, type RecordedApi } from './recorded-api';

export function trailArn(name: string, region = HOME, account = ACCOUNT_ID): string {
  return `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
}

export function trail(name: string, overrides: Partial<Trail> = {}): Trail {
  const region = overrides.HomeRegion ?? HOME;
  return {
    Name: name,
    TrailARN: trailArn(name, region),
    HomeRegion: region,
    IsMultiRegionTrail: true,
    IsOrganizationTrail: false,
    S3BucketName: 'acme-trail-logs',
    IncludeGlobalServiceEvents: true,
    LogFileValidationEnabled: true,
    ...overrides,
  };
}

/** Records `DescribeTrails` in `region` and each trail's status and selectors in its home region. */
export function withTrails(api: RecordedApi, trails: readonly Trail[], opts: { region?: string; logging?: boolean; selectors?: object } = {}): RecordedApi {
  api.on('cloudtrail', opts.region ?? HOME, 'DescribeTrails', { trailList: trails }, { includeShadowTrails: true });
  for (const t of trails) {
    const region = t.HomeRegion ?? HOME;
    api.on('cloudtrail', region, 'GetTrailStatus', { IsLogging: opts.logging ?? true }, { Name: t.TrailARN });
    // A trail nobody changed reports one selector that logs all management events, as AWS answers.
    api.on('cloudtrail', region, 'GetEventSelectors', opts.selectors ?? { TrailARN: t.TrailARN, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] }, { TrailName: t.TrailARN });
  }
  return api;
}
