/**
 * `sop-lens check` run in process against the AWS backend, in a temporary workspace whose accounts file
 * the test gives, with the fixture's AWS shared config as the environment.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliIo, runCli } from '../../../../src/cli/cli';
import type { CheckReport } from '../../../../src/cli/check-report';
import { REPO } from '../../../cli/support/paths';
import { HUB_MFA_SERIAL, type AwsBackend } from '../../support/backend';

const FIXTURES = path.join(REPO, 'test', 'aws-backend', 'fixtures');

export interface CheckWorkspace {
  /** Runs `sop-lens check --format json` with alice's current MFA code and `argv`; the report and the exit code. */
  check(...argv: string[]): Promise<{ code: number; report: CheckReport; stderr: string }>;
  dispose(): void;
}

export function checkWorkspace(backend: AwsBackend, accountsFile: string): CheckWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-lens-checks-'));
  fs.mkdirSync(path.join(dir, '.sop'));
  fs.writeFileSync(path.join(dir, '.sop', 'accounts.yaml'), accountsFile);
  const env = { HOME: dir, AWS_CONFIG_FILE: path.join(FIXTURES, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(FIXTURES, 'aws-credentials') };
  return {
    async check(...argv) {
      let stdout = '';
      let stderr = '';
      const io: CliIo = { cwd: dir, env, stdoutIsTTY: false, stdinIsTTY: false, writeStdout: (t) => (stdout += t), writeStderr: (t) => (stderr += t) };
      const mfa = await backend.mfaCode(HUB_MFA_SERIAL);
      const code = await runCli(['check', '--endpoint-url', backend.endpoint, '--mfa-code', mfa, '--format', 'json', ...argv], io);
      return { code, report: JSON.parse(stdout) as CheckReport, stderr };
    },
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The fixture's accounts file (test/aws-backend/fixtures/accounts-file.yaml). */
export function fixtureAccountsFile(): string {
  return fs.readFileSync(path.join(FIXTURES, 'accounts-file.yaml'), 'utf8');
}
