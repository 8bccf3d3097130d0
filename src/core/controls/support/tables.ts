import type { ListTablesCommandOutput } from '@aws-sdk/client-dynamodb';
import type { CheckContext } from '../check';
import { allPages, partitionOf, withToken } from './aws';

/** The names of the DynamoDB tables in `region`; dynamodb-pitr and the data-events check share the calls. */
export async function tableNames(ctx: CheckContext, region: string): Promise<string[]> {
  return allPages(
    (token) => ctx.api.call<ListTablesCommandOutput>('dynamodb', region, 'ListTables', withToken({}, 'ExclusiveStartTableName', token)),
    (page) => page.TableNames,
    (page) => page.LastEvaluatedTableName,
  );
}

export function tableArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:dynamodb:${region}:${accountId}:table/${name}`;
}
