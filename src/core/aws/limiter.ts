/**
 * A counting semaphore for async work: at most `capacity` functions run at once, the rest wait in
 * arrival order. AWS calls acquire two of them (one per account, one overall) so a run over many
 * accounts neither floods one account's API limits nor opens hundreds of sockets.
 *
 * A waiter whose signal aborts leaves the queue at once and rejects with the signal's reason; a
 * function already running is not interrupted here (it gets the signal itself).
 */

/** Starts a waiting function; called by `release` with the slot already counted as running. */
type Waiter = () => void;

export class Limiter {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`A limiter needs a capacity of at least 1 (got ${capacity})`);
  }

  /** Functions running now. */
  get active(): number {
    return this.running;
  }

  /** Functions waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.running < this.capacity) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(abortReason(signal!));
      };
      const waiter: Waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}
