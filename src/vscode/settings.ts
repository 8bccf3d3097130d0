/** Every `sopLens.*` setting, typed and read in one place. */
import * as vscode from 'vscode';
import type { LintConfig, RuleSetting } from '../core/lint/config';

export interface Settings {
  readonly enable: boolean;
  readonly lintOn: 'type' | 'save';
  readonly debounceMs: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly codeLens: boolean;
  readonly lint: LintConfig;
}

export const SECTION = 'sopLens';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    enable: c.get<boolean>('enable', true),
    lintOn: c.get<'type' | 'save'>('lintOn', 'type') === 'save' ? 'save' : 'type',
    debounceMs: Math.max(0, c.get<number>('debounceMs', 300)),
    include: c.get<string[]>('include', ['**/*.{yaml,yml,json,template}']),
    exclude: c.get<string[]>('exclude', []),
    codeLens: c.get<boolean>('codeLens.enabled', true),
    lint: {
      rules: c.get<Record<string, RuleSetting>>('rules', {}),
      ruleOptions: c.get<Record<string, Record<string, number | string | boolean>>>('ruleOptions', {}),
      reportUndecided: c.get<boolean>('reportUndecided', true),
    },
  };
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}
