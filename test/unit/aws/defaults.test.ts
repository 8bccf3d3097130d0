/**
 * One set of defaults: the extension's contributed `sopLens.aws.*` settings (package.json) carry the
 * same defaults and bounds as the core's `AWS_DEFAULTS`, which the CLI and the core's fallbacks use.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_CONCURRENCY } from '../../../src/cli/check-command';
import { DEFAULT_DURATION_SECONDS } from '../../../src/core/aws/assume-role';
import { AWS_BOUNDS, AWS_DEFAULTS, clampToBounds } from '../../../src/core/aws/defaults';
import { REPO } from '../../cli/support/paths';

interface Property {
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly properties?: Record<string, Property>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } } };
const setting = (key: string): Property => {
  const property = manifest.contributes.configuration.properties[key];
  assert.ok(property, `package.json contributes no ${key}`);
  return property;
};

describe('AWS defaults: one place', () => {
  it('package.json contributes the core defaults of concurrency, call timeout, attempts, session length and expiry warning', () => {
    assert.deepEqual(setting('sopLens.aws.concurrency').default, { overall: AWS_DEFAULTS.concurrency.overall, perAccount: AWS_DEFAULTS.concurrency.perAccount });
    assert.equal(setting('sopLens.aws.callTimeoutSeconds').default, AWS_DEFAULTS.callTimeoutSeconds);
    assert.equal(setting('sopLens.aws.maxAttempts').default, AWS_DEFAULTS.maxAttempts);
    assert.equal(setting('sopLens.aws.sessionDurationMinutes').default, AWS_DEFAULTS.sessionDurationMinutes);
    assert.equal(setting('sopLens.aws.expiryWarningMinutes').default, AWS_DEFAULTS.expiryWarningMinutes);
  });

  it('package.json bounds each setting as the core clamps it', () => {
    const bounds = (p: Property | undefined) => ({ min: p?.minimum, max: p?.maximum });
    const concurrency = setting('sopLens.aws.concurrency').properties;
    assert.deepEqual(bounds(concurrency?.overall), AWS_BOUNDS.overall);
    assert.deepEqual(bounds(concurrency?.perAccount), AWS_BOUNDS.perAccount);
    assert.deepEqual(bounds(setting('sopLens.aws.callTimeoutSeconds')), AWS_BOUNDS.callTimeoutSeconds);
    assert.deepEqual(bounds(setting('sopLens.aws.maxAttempts')), AWS_BOUNDS.maxAttempts);
    assert.deepEqual(bounds(setting('sopLens.aws.sessionDurationMinutes')), AWS_BOUNDS.sessionDurationMinutes);
    assert.deepEqual(bounds(setting('sopLens.aws.expiryWarningMinutes')), AWS_BOUNDS.expiryWarningMinutes);
  });

  it('the CLI and the sign-in use the same defaults', () => {
    assert.deepEqual(CLI_CONCURRENCY, { overall: AWS_DEFAULTS.concurrency.overall, account: AWS_DEFAULTS.concurrency.perAccount, accounts: AWS_DEFAULTS.concurrency.accounts });
    assert.equal(DEFAULT_DURATION_SECONDS, AWS_DEFAULTS.sessionDurationMinutes * 60);
  });

  it('every default lies within its bounds', () => {
    const { concurrency, ...rest } = AWS_DEFAULTS;
    const values: Record<keyof typeof AWS_BOUNDS, number> = { ...concurrency, ...rest };
    for (const [key, value] of Object.entries(values)) {
      const { min, max } = AWS_BOUNDS[key as keyof typeof AWS_BOUNDS];
      assert.ok(value >= min && value <= max, `${key}: ${value} outside ${min}..${max}`);
    }
  });

  it('clamps a value into its bounds and falls back on what is not a number', () => {
    assert.equal(clampToBounds(0, AWS_BOUNDS.overall, 64), 1);
    assert.equal(clampToBounds(1e6, AWS_BOUNDS.overall, 64), 256);
    assert.equal(clampToBounds(7.6, AWS_BOUNDS.overall, 64), 8);
    assert.equal(clampToBounds('12', AWS_BOUNDS.overall, 64), 64);
    assert.equal(clampToBounds(Number.NaN, AWS_BOUNDS.overall, 64), 64);
  });
});
