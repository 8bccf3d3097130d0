import * as assert from 'node:assert/strict';
import { SERVICE_IDS } from '../../../src/core/aws/services';
import { CHECKS, checkById } from '../../../src/core/controls/registry';
import { CONTROLS } from '../../../src/core/sop/catalog';

const REQUIRED = [
  'cloudtrail-all-regions', 'cloudtrail-log-encryption', 'cloudtrail-log-bucket-protected', 'root-mfa', 'root-access-keys', 'root-usage',
  'contacts-corporate', 'config-all-regions', 'guardduty-all-regions', 'federated-access-only', 'workload-alarms', 'cloudtrail-retention',
  'cloudtrail-dynamodb-data-events', 's3-account-public-access-block', 'dynamodb-pitr', 'stack-termination-protection',
];

describe('live check registry', () => {
  it('holds every check the issue names, each id once, found by checkById', () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const id of REQUIRED) assert.equal(checkById(id)?.id, id);
    assert.equal(checkById('no-such-check'), undefined);
  });

  it('declares, for every check, kebab-case id, catalog controls, calls on known services, how it decides and what to do', () => {
    const controls = new Set(CONTROLS.map((c) => c.id));
    const services = new Set<string>(SERVICE_IDS);
    for (const c of CHECKS) {
      assert.match(c.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, c.id);
      assert.ok(c.controls.length > 0 && c.controls.every((id) => controls.has(id)), `${c.id} controls`);
      assert.ok(c.calls.length > 0 && c.calls.every((call) => services.has(call.split(':')[0]) && /^[A-Z]\w+$/.test(call.split(':')[1])), `${c.id} calls`);
      for (const field of ['title', 'rationale', 'decides', 'remediation'] as const) assert.ok(c[field].trim().length > 20, `${c.id} ${field}`);
      assert.ok(c.scope === 'account' ? typeof c.run === 'function' : typeof c.runRegion === 'function', `${c.id} scope`);
    }
  });
});
