/**
 * Work under a cancellable progress notification gets one AbortSignal: it aborts when the user cancels
 * the notification or when the caller's own signal (a test's, another command's) aborts.
 */
import type * as vscode from 'vscode';

/** Runs `work` with that signal; the listeners on the token and on `also` are removed when it settles. */
export async function withAbortSignal<T>(token: vscode.CancellationToken, also: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  const subscription = token.onCancellationRequested(cancel);
  also?.addEventListener('abort', cancel, { once: true });
  if (token.isCancellationRequested || also?.aborted) cancel();
  try {
    return await work(controller.signal);
  } finally {
    subscription.dispose();
    also?.removeEventListener('abort', cancel);
  }
}
