/** The AbortSignal that progress notifications hand to AWS work (src/vscode/cancellation.ts, no vscode runtime needed). */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { withAbortSignal } from '../../src/vscode/cancellation';

/** A CancellationToken as VS Code's progress notification gives one, cancelled by `cancel()`. */
function fakeToken(): { token: vscode.CancellationToken; cancel(): void; listeners(): number } {
  const listeners = new Set<() => void>();
  let cancelled = false;
  const token = {
    get isCancellationRequested() {
      return cancelled;
    },
    onCancellationRequested: (listener: () => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  } as unknown as vscode.CancellationToken;
  return {
    token,
    cancel: () => {
      cancelled = true;
      for (const l of listeners) l();
    },
    listeners: () => listeners.size,
  };
}

describe('withAbortSignal', () => {
  it('aborts when the notification is cancelled, and lets go of the token afterwards', async () => {
    const t = fakeToken();
    const result = await withAbortSignal(t.token, undefined, (signal) => {
      assert.equal(signal.aborted, false);
      t.cancel();
      return Promise.resolve(signal.aborted);
    });
    assert.equal(result, true);
    assert.equal(t.listeners(), 0);
  });

  it('aborts when the caller\'s signal aborts, at once if it already has, and removes its listener', async () => {
    const t = fakeToken();
    const caller = new AbortController();
    const seen = await withAbortSignal(t.token, caller.signal, (signal) => {
      caller.abort();
      return Promise.resolve(signal.aborted);
    });
    assert.equal(seen, true);
    assert.equal(await withAbortSignal(t.token, AbortSignal.abort(), (signal) => Promise.resolve(signal.aborted)), true);

    const later = new AbortController();
    let inner: AbortSignal | undefined;
    await withAbortSignal(t.token, later.signal, (signal) => Promise.resolve((inner = signal)));
    later.abort();
    assert.equal(inner?.aborted, false, 'a finished run is not aborted by a later abort of the caller');
  });

  it('passes a failure through and still lets go', async () => {
    const t = fakeToken();
    await assert.rejects(withAbortSignal(t.token, undefined, () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(t.listeners(), 0);
  });
});
