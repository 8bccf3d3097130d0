// Integration-test suite entry. VS Code's extension host calls run() (as extensionTestsPath), both
// under the headless VS Code server (test/vscode-host/run-integration.mjs) and under
// @vscode/test-electron (test/electron/run-electron.mjs).
//
// It runs every compiled `*.test.js` file below this folder with mocha (bdd: describe/it) and
// writes a JSON result to the file named by SOP_LENS_TEST_RESULT (the harness waits for it).

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Mocha from 'mocha';

export interface TestError {
  message: string;
  stack?: string;
  actual?: string;
  expected?: string;
}

export interface TestResult {
  title: string;
  fullTitle: string;
  titlePath: string[];
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  /** true when the failure is a hook ("before all" etc.) rather than a test */
  hook?: boolean;
  duration?: number;
  error?: TestError;
}

export interface SuiteRunResult {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  files: string[];
  stats: { tests: number; passes: number; failures: number; pending: number };
  tests: TestResult[];
}

const TEST_TIMEOUT_MS = 20_000;

export function resultFilePath(): string {
  return process.env.SOP_LENS_TEST_RESULT || path.join(os.tmpdir(), 'sop-lens-integration-result.json');
}

function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (entry.isFile() && entry.name.endsWith('.test.js')) {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.sort();
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function toTestError(err: unknown): TestError {
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
    const e = err as Error & { actual?: unknown; expected?: unknown; showDiff?: boolean };
    const out: TestError = { message: String(e.message), stack: e.stack };
    if ('actual' in e && 'expected' in e && e.showDiff !== false) {
      out.actual = stringify(e.actual);
      out.expected = stringify(e.expected);
    }
    return out;
  }
  return { message: `thrown value (not an Error): ${stringify(err)}` };
}

function writeResultAtomically(file: string, result: SuiteRunResult): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(result, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}

/** Runs every compiled `*.test.js` below `dir` (the untrusted-workspace suite has its own folder). */
export function runTestsIn(dir: string): Promise<void> {
  const started = new Date();
  const tests: TestResult[] = [];
  const resultFile = resultFilePath();
  let files: string[] = [];

  const record = (runnable: Mocha.Runnable, state: TestResult['state'], err?: unknown): void => {
    const titlePath = runnable.titlePath();
    const r: TestResult = {
      title: runnable.title,
      fullTitle: runnable.fullTitle(),
      titlePath,
      file: runnable.file,
      state,
      duration: runnable.duration,
    };
    if ((runnable as { type?: string }).type === 'hook') r.hook = true;
    if (err !== undefined) r.error = toTestError(err);
    tests.push(r);
  };

  const finish = (): SuiteRunResult => {
    const finished = new Date();
    const result: SuiteRunResult = {
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      files,
      stats: {
        tests: tests.filter((t) => !t.hook).length,
        passes: tests.filter((t) => t.state === 'passed').length,
        failures: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
      },
      tests,
    };
    try {
      writeResultAtomically(resultFile, result);
    } catch (err) {
      console.error(`[sop-lens tests] could not write the result file ${resultFile}: ${String(err)}`);
    }
    return result;
  };

  // The spec reporter prints the usual mocha output (a terminal under test-electron, the browser
  // console under the VS Code server); the listeners collect the structured result.
  class Reporter extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(runner, options);
      const E = Mocha.Runner.constants;
      runner.on(E.EVENT_TEST_PASS, (test) => record(test, 'passed'));
      runner.on(E.EVENT_TEST_FAIL, (runnable, err) => record(runnable, 'failed', err));
      runner.on(E.EVENT_TEST_PENDING, (test) => record(test, 'pending'));
    }
  }

  const mocha = new Mocha({ ui: 'bdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: Reporter });
  // The harness's --grep: run only the tests whose full title matches.
  if (process.env.SOP_LENS_TEST_GREP) mocha.grep(process.env.SOP_LENS_TEST_GREP);

  return new Promise<void>((resolve, reject) => {
    try {
      files = findTestFiles(dir);
      if (files.length === 0) throw new Error(`no *.test.js files found under ${dir} (did the tests compile?)`);
      for (const f of files) mocha.addFile(f);
      mocha.run((failures) => {
        const result = finish();
        const failed = Math.max(failures, result.stats.failures);
        if (failed > 0) reject(new Error(`${failed} integration test(s) failed.`));
        else resolve();
      });
    } catch (err) {
      // Typically a test file that throws while loading: report it as a failure instead of hanging the harness.
      tests.push({
        title: 'loading the integration tests',
        fullTitle: 'loading the integration tests',
        titlePath: ['loading the integration tests'],
        state: 'failed',
        error: toTestError(err),
      });
      finish();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
