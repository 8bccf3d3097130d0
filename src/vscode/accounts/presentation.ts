/** How a state looks in the tree: icons, words and the account's one-line summary. */
import * as vscode from 'vscode';
import type { CheckResult, ControlStatus } from '../../core/controls/check';
import type { AccountState } from './resultsStore';

/** A status as the tree shows it: the four decisions, plus "not checked yet" and "checking now". */
export type DisplayState = ControlStatus | 'never-checked' | 'checking';

const ICONS: Record<DisplayState, [icon: string, color?: string]> = {
  pass: ['pass', 'testing.iconPassed'],
  fail: ['error', 'testing.iconFailed'],
  unknown: ['question', 'list.warningForeground'],
  error: ['warning', 'problemsWarningIcon.foreground'],
  'never-checked': ['circle-large-outline', 'disabledForeground'],
  checking: ['loading~spin'],
};

export function stateIcon(state: DisplayState): vscode.ThemeIcon {
  const [id, color] = ICONS[state];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export const STATE_WORDS: Record<DisplayState, string> = {
  pass: 'pass',
  fail: 'fail',
  unknown: 'unknown',
  error: 'error',
  'never-checked': 'not checked yet',
  checking: 'checking…',
};

/** `3 failing · 1 undecided · checked 4 min ago`, `checking 5/16…`, `stale · …`. */
export function accountSummary(state: AccountState | undefined, checkCount: number, now: Date = new Date()): string {
  if (!state || (state.results.size === 0 && state.checking.size === 0)) {
    return state?.stale ? `not checked: ${state.stale.reason}` : 'not checked yet';
  }
  if (state.checking.size > 0) return `checking ${Math.max(0, checkCount - state.checking.size)}/${checkCount}…`;
  const results = [...state.results.values()];
  const count = (status: ControlStatus): number => results.filter((r) => r.status === status).length;
  const parts = [
    [count('fail'), 'failing'],
    [count('error'), count('error') === 1 ? 'error' : 'errors'],
    [count('unknown'), 'undecided'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, word]) => `${n} ${word}`);
  if (parts.length === 0) parts.push(`all ${results.length} pass`);
  const age = `checked ${formatAge(oldestDecision(results), now)}`;
  return [state.stale ? 'stale' : undefined, ...parts, age].filter(Boolean).join(' · ');
}

/** The time of the oldest result: "checked 4 min ago" must hold for every check shown. */
export function oldestDecision(results: readonly CheckResult[]): Date {
  const times = results.map((r) => Date.parse(r.decidedAt)).filter((t) => Number.isFinite(t));
  return new Date(times.length ? Math.min(...times) : 0);
}

export function formatAge(then: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
