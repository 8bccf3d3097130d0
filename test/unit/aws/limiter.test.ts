import * as assert from 'node:assert/strict';
import { Limiter } from '../../../src/core/aws/limiter';

/** A promise with its resolve function, to hold a task open until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Limiter', () => {
  it('runs at most `capacity` functions at once, the rest in arrival order', async () => {
    const limiter = new Limiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    let peak = 0;
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        peak = Math.max(peak, limiter.active);
        await g.promise;
        return i * 10;
      }),
    );
    await tick();
    assert.deepEqual(started, [0, 1]);
    assert.equal(limiter.waiting, 2);
    gates[1].open();
    await tick();
    assert.deepEqual(started, [0, 1, 2]);
    gates[0].open();
    gates[2].open();
    gates[3].open();
    assert.deepEqual(await Promise.all(runs), [0, 10, 20, 30]);
    assert.equal(peak, 2);
    assert.equal(limiter.active, 0);
    assert.equal(limiter.waiting, 0);
  });

  it('frees the slot when the function throws', async () => {
    const limiter = new Limiter(1);
    await assert.rejects(limiter.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limiter.run(() => Promise.resolve('next')), 'next');
    assert.equal(limiter.active, 0);
  });

  it('drops a waiter whose signal aborts, rejecting it at once, and never runs it', async () => {
    const limiter = new Limiter(1);
    const hold = gate();
    const first = limiter.run(() => hold.promise);
    const controller = new AbortController();
    let ran = false;
    const second = limiter.run(() => {
      ran = true;
      return Promise.resolve();
    }, controller.signal);
    const third = limiter.run(() => Promise.resolve('third'));
    await tick();
    assert.equal(limiter.waiting, 2);
    controller.abort();
    await assert.rejects(second, (e: Error) => e.name === 'AbortError');
    assert.equal(limiter.waiting, 1);
    hold.open();
    await first;
    assert.equal(await third, 'third');
    assert.equal(ran, false);
    assert.equal(limiter.active, 0);
  });

  it('rejects at once with an already aborted signal', async () => {
    const limiter = new Limiter(3);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(limiter.run(() => Promise.resolve(1), controller.signal), /stop/);
    assert.equal(limiter.active, 0);
  });

  it('refuses a capacity below 1', () => {
    assert.throws(() => new Limiter(0), RangeError);
    assert.throws(() => new Limiter(1.5), RangeError);
  });
});
