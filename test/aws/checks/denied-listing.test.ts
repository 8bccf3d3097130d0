/**
 * A denied listing never turns into a pass, through the real path: `sop-lens check` with the real SDK
 * clients against moto, AccessDenied injected by the proxy into one listing call in one region of the
 * compliant Acme production account.
 */
import * as assert from 'node:assert/strict';
import type { CheckReport } from '../../../src/cli/check-report';
import { type AwsBackend, FIXTURE_ACCOUNTS, seededBackend } from '../support/backend';
import { type CheckWorkspace, checkWorkspace, fixtureAccountsFile } from './support/cli';

describe('denied listings against the AWS backend', function () {
  this.timeout(120_000);
  let backend: AwsBackend;
  let ws: CheckWorkspace;
  const production = FIXTURE_ACCOUNTS.acmeProduction;

  before(async function () {
    this.timeout(180_000);
    backend = await seededBackend();
    ws = checkWorkspace(backend, fixtureAccountsFile());
  });
  afterEach(() => backend.clearFaults());
  after(() => ws.dispose());

  const result = (report: CheckReport, id: string) => report.accounts[0].checks.find((c) => c.id === id)!;

  it('passes cloudtrail-dynamodb-data-events with every table listed, and leaves it unknown when ListTables is denied in one region', async () => {
    const checks = ['--account', 'Acme production', '--checks', 'cloudtrail-dynamodb-data-events,dynamodb-pitr'];
    const listed = await ws.check(...checks);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(result(listed.report, 'cloudtrail-dynamodb-data-events').status, 'pass');

    await backend.addFaults({ kind: 'access-denied', service: 'dynamodb', action: 'ListTables', account: production, region: 'eu-west-1' });
    const denied = await ws.check(...checks);
    assert.equal(denied.code, 3, 'nothing fails, something is undecided');
    const dataEvents = result(denied.report, 'cloudtrail-dynamodb-data-events');
    assert.equal(dataEvents.status, 'unknown', dataEvents.reason);
    assert.equal(dataEvents.reason, 'The 1 tables listed have their data events logged, but the tables of eu-west-1 could not be listed.');
    assert.ok(dataEvents.evidence.some((e) => e.status === 'unknown' && e.region === 'eu-west-1' && /dynamodb:ListTables in eu-west-1 was denied \(AccessDeniedException\)/.test(e.text)), JSON.stringify(dataEvents.evidence));
    const pitr = result(denied.report, 'dynamodb-pitr');
    assert.deepEqual(pitr.regions.map((r) => [r.region, r.status]), [['us-east-1', 'pass'], ['eu-west-1', 'unknown']]);
  });
});
