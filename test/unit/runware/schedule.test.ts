import assert from 'node:assert/strict';
import { sdkPollSchedule } from '../../../src/core/providers/runware';
import { sleep } from '../../../src/core/providers/runware/transport';

describe('Runware polling schedule', () => {
  it('waits 1 s, then 1.5 s, then half as long again each time, never more than 10 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 20].map((n) => sdkPollSchedule.delayMs(n)), [1000, 1500, 2250, 3375, 5062.5, 7593.75, 10000, 10000]);
  });

  it('stops waiting as soon as the user cancels (a 10 s wait would outlast the test timeout)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(sleep(10_000, controller.signal), { kind: 'cancelled' });
  });
});
