import * as assert from 'node:assert/strict';
import { IdleWatch, STOPPED } from '../../../src/core/providers/idleWatch';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('IdleWatch', () => {
  it('passes values through while they come in time', async () => {
    const watch = new IdleWatch(200);
    assert.equal(await watch.race(after(10, 'a'), true), 'a');
    assert.equal(await watch.race(after(10, 'b'), true), 'b');
    assert.equal(watch.stopReason, undefined);
    watch.dispose();
  });

  it('stops a wait that outlasts the idle time and aborts the request signal', async () => {
    const watch = new IdleWatch(30);
    assert.equal(await watch.race(new Promise(() => undefined), true), STOPPED);
    assert.equal(watch.stopReason, 'timeout');
    assert.equal(watch.signal.aborted, true);
    watch.dispose();
  });

  it('does not count time between waits as idle', async () => {
    const watch = new IdleWatch(30);
    assert.equal(await watch.race(after(5, 1), true), 1);
    await after(80, null);
    assert.equal(await watch.race(after(5, 2), true), 2);
    assert.equal(watch.stopReason, undefined);
    watch.dispose();
  });

  it('does not time out waits that are not idle-watched', async () => {
    const watch = new IdleWatch(20);
    assert.equal(await watch.race(after(60, 'headers')), 'headers');
    watch.dispose();
  });

  it("stops at once when the caller's signal aborts, even if the promise never settles", async () => {
    const controller = new AbortController();
    const watch = new IdleWatch(10_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    assert.equal(await watch.race(new Promise(() => undefined), true), STOPPED);
    assert.equal(watch.stopReason, 'cancelled');
    watch.dispose();
  });

  it('starts stopped when the signal was already aborted', async () => {
    const watch = new IdleWatch(10_000, AbortSignal.abort());
    assert.equal(watch.stopReason, 'cancelled');
    assert.equal(await watch.race(Promise.resolve('late')), STOPPED);
    watch.dispose();
  });
});
