import type { Severity } from '../rules/rule';

export type RuleSetting = Severity | 'off' | 'default';

/** What the user chose: shared by the VS Code settings and the CLI flags. */
export interface LintConfig {
  /** Per rule: turn it off, or override its severity. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** When set, only these rules run (the CLI's `--rules`). */
  readonly only?: readonly string[];
  /** Per rule options, e.g. `{ "cognito-password-policy": { "minimumLength": 14 } }`. */
  readonly ruleOptions?: Readonly<Record<string, Readonly<Record<string, number | string | boolean>>>>;
  /** Report values that cannot be decided before deployment as information (default true). */
  readonly reportUndecided?: boolean;
}

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}
