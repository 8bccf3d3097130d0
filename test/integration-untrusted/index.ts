// The suite that runs in a workspace VS Code does not trust (Restricted Mode): the harness
// (test/vscode-host/run-integration.mjs) opens it after the main suite, with workspace trust turned on.
import { runTestsIn } from '../integration/index';

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}
