// Talks to the demo AWS backend that `npm start` runs (its endpoint is in .aws-backend/demo.json):
//   npm run demo:mfa-code             the current code of the demo MFA device (an authenticator app's job)
//   npm run demo:approve -- <code>    approves an IAM Identity Center device sign-in, as the browser would
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const state = path.join(root, '.aws-backend', 'demo.json');
if (!existsSync(state)) {
  console.error('No demo AWS backend is running: start it with `npm start` first.');
  process.exit(2);
}
const { endpoint } = JSON.parse(readFileSync(state, 'utf8'));
const [command, ...rest] = process.argv.slice(2);
const cliArgs = command === 'mfa-code' ? ['mfa-code', rest[0] ?? 'arn:aws:iam::999999999999:mfa/alice'] : [command, ...rest];
const result = spawnSync(process.execPath, [path.join(root, 'out', 'demo', 'aws-backend.js'), ...cliArgs, '--endpoint', endpoint], { stdio: 'inherit' });
process.exit(result.status ?? 1);
