import type { DescribeContinuousBackupsCommandOutput } from '@aws-sdk/client-dynamodb';
import { type Evidence, type RegionalCheck, fail, pass, unknown } from './check';
import { seen } from './support/aws';
import { tableArn, tableNames } from './support/tables';

export const dynamodbPitr: RegionalCheck = {
  id: 'dynamodb-pitr',
  scope: 'regional',
  title: 'Every DynamoDB table has point-in-time recovery',
  controls: ['SEC-DDB'],
  rationale:
    'The security guide asks for DynamoDB backups: point-in-time recovery restores a table to any second of the last 35 days after a bad write or delete, which on-demand backups alone cannot.',
  calls: ['dynamodb:ListTables', 'dynamodb:DescribeContinuousBackups'],
  decides: 'Passes in a region when every table there reports PointInTimeRecoveryStatus ENABLED (a region without tables passes); any other status fails.',
  remediation: 'Turn on point-in-time recovery for each table (aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true), or set PointInTimeRecoverySpecification in its template.',
  async runRegion(ctx, region) {
    const names = await tableNames(ctx, region);
    if (names.length === 0) return pass('No DynamoDB tables in this region.', [{ text: 'No tables', region }]);
    const evidence: Evidence[] = await Promise.all(
      names.map(async (name): Promise<Evidence> => {
        const resource = tableArn(region, ctx.api.accountId, name);
        const backups = await seen(ctx.api.call<DescribeContinuousBackupsCommandOutput>('dynamodb', region, 'DescribeContinuousBackups', { TableName: name }));
        if (!backups.ok) return { text: `Table ${name}: could not read its backups (${backups.reason})`, status: 'unknown', region, resource };
        const pitr = backups.value.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
        return { text: `Table ${name}: point-in-time recovery ${pitr ?? 'not reported'}`, status: pitr === 'ENABLED' ? 'pass' : 'fail', region, resource };
      }),
    );
    const off = evidence.filter((e) => e.status === 'fail').length;
    if (off > 0) return fail(`${off} of ${names.length} tables have no point-in-time recovery.`, evidence);
    if (evidence.some((e) => e.status === 'unknown')) return unknown('Could not read the backup settings of every table.', evidence);
    return pass(`All ${names.length} tables have point-in-time recovery.`, evidence);
  },
};
