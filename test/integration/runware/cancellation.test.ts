import assert from 'node:assert/strict';
import type { ModelEvent } from '../../../src/core/model/types';
import { sleep } from '../../../src/core/providers/runware/transport';
import type { FakeRunwareServer } from '../../support/fakeRunwareServer';
import { ask, collect, providerFor, useFakeRunware } from './helpers';

function pollCount(server: FakeRunwareServer): number {
  return server.requests.filter((r) => (r.body as { taskType: string }[])[0].taskType === 'getResponse').length;
}

describe('Cancelling a Runware turn', () => {
  const fake = useFakeRunware();

  it('stops polling an async task when the user cancels, ending with kind cancelled', async () => {
    fake.server.failNext({ kind: 'async_never' });
    const controller = new AbortController();
    const turn = collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'async' }), controller.signal));
    while (pollCount(fake.server) < 3) await sleep(2);
    controller.abort();
    const events = await turn;
    assert.deepEqual(events, [{ type: 'error', error: { kind: 'cancelled', message: 'Stopped.' } }]);
    const pollsAtCancel = pollCount(fake.server);
    await sleep(40);
    assert.equal(pollCount(fake.server), pollsAtCancel, 'no poll after the cancel');
  });

  it('stops reading a stream when the user cancels mid-answer', async () => {
    fake.server.reply = () => ({ texts: ['Words that keep coming'], chunk: 5 });
    fake.server.failNext({ kind: 'stream_stall', afterFrames: 2 });
    const controller = new AbortController();
    const events: ModelEvent[] = [];
    for await (const event of providerFor(fake.server).stream(ask('Hi', { delivery: 'stream' }), controller.signal)) {
      events.push(event);
      if (event.type === 'text_delta') controller.abort();
    }
    assert.deepEqual(events.map((e) => e.type), ['text_delta', 'error']);
    assert.deepEqual(events[1], { type: 'error', error: { kind: 'cancelled', message: 'Stopped.' } });
    assert.equal(fake.server.inferenceTasks.length, 1);
  });

  it('sends nothing when cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const events = await collect(providerFor(fake.server).stream(ask('Hi', { delivery: 'sync' }), controller.signal));
    assert.equal(events.length, 1);
    assert.equal(events[0].type === 'error' && events[0].error.kind, 'cancelled');
    assert.equal(fake.server.requests.length, 0);
  });
});
