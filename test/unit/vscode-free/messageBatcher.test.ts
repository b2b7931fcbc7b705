import * as assert from 'node:assert/strict';
import { MessageBatcher, type BatcherTimer } from '../../../src/vscode/messageBatcher';
import type { HostMessage } from '../../../src/protocol/messages';

/** A timer the test fires by hand. */
function manualTimer(): BatcherTimer & { fire(): void; armed(): number } {
  const callbacks = new Map<number, () => void>();
  let next = 0;
  return {
    set(callback) {
      callbacks.set(++next, callback);
      return next;
    },
    clear(handle) {
      callbacks.delete(handle as number);
    },
    fire() {
      const pending = [...callbacks.values()];
      callbacks.clear();
      for (const callback of pending) callback();
    },
    armed: () => callbacks.size,
  };
}

describe('the delta batcher between host and webview', () => {
  let sent: HostMessage[];
  let timer: ReturnType<typeof manualTimer>;
  let batcher: MessageBatcher;
  beforeEach(() => {
    sent = [];
    timer = manualTimer();
    batcher = new MessageBatcher((m) => sent.push(m), 24, timer);
  });

  it('joins the text deltas of one tick into one message', () => {
    for (const delta of ['Hel', 'lo', ', ', 'world']) batcher.push({ type: 'textDelta', messageId: 'm1', delta });
    assert.equal(sent.length, 0);
    timer.fire();
    assert.deepEqual(sent, [{ type: 'textDelta', messageId: 'm1', delta: 'Hello, world' }]);
  });

  it('keeps one timer armed per tick however many deltas arrive', () => {
    for (let i = 0; i < 100; i++) batcher.push({ type: 'textDelta', messageId: 'm1', delta: 'x' });
    assert.equal(timer.armed(), 1);
  });

  it('sends control messages at once, after the deltas queued before them', () => {
    batcher.push({ type: 'textDelta', messageId: 'm1', delta: 'a' });
    batcher.push({ type: 'textDelta', messageId: 'm1', delta: 'b' });
    batcher.push({ type: 'messageEnd', messageId: 'm1', status: 'done' });
    assert.deepEqual(sent, [
      { type: 'textDelta', messageId: 'm1', delta: 'ab' },
      { type: 'messageEnd', messageId: 'm1', status: 'done' },
    ]);
    assert.equal(timer.armed(), 0);
  });

  it('never joins deltas of different kinds, messages, results or tool calls', () => {
    const input: HostMessage[] = [
      { type: 'textDelta', messageId: 'm1', delta: 'a' },
      { type: 'reasoningDelta', messageId: 'm1', delta: 'r' },
      { type: 'textDelta', messageId: 'm1', delta: 'b' },
      { type: 'textDelta', messageId: 'm1', delta: 'c', resultIndex: 1 },
      { type: 'textDelta', messageId: 'm2', delta: 'd' },
      { type: 'toolCallDelta', messageId: 'm2', callId: 'c1', delta: '{"a"' },
      { type: 'toolCallDelta', messageId: 'm2', callId: 'c1', delta: ':1}' },
      { type: 'toolCallDelta', messageId: 'm2', callId: 'c2', delta: '{}' },
    ];
    for (const m of input) batcher.push(m);
    timer.fire();
    assert.deepEqual(sent, [
      { type: 'textDelta', messageId: 'm1', delta: 'a' },
      { type: 'reasoningDelta', messageId: 'm1', delta: 'r' },
      { type: 'textDelta', messageId: 'm1', delta: 'b' },
      { type: 'textDelta', messageId: 'm1', delta: 'c', resultIndex: 1 },
      { type: 'textDelta', messageId: 'm2', delta: 'd' },
      { type: 'toolCallDelta', messageId: 'm2', callId: 'c1', delta: '{"a":1}' },
      { type: 'toolCallDelta', messageId: 'm2', callId: 'c2', delta: '{}' },
    ]);
  });

  it('delivers the same text as the unbatched stream, in far fewer messages', () => {
    const deltas = Array.from({ length: 1000 }, (_, i) => `t${i} `);
    deltas.forEach((delta, i) => {
      batcher.push({ type: 'textDelta', messageId: 'm1', delta });
      if (i % 50 === 49) timer.fire();
    });
    batcher.flush();
    const text = sent.map((m) => (m.type === 'textDelta' ? m.delta : '')).join('');
    assert.equal(text, deltas.join(''));
    assert.equal(sent.length, 20);
  });

  it('drops queued deltas when the view is reset (it will get the whole state)', () => {
    batcher.push({ type: 'textDelta', messageId: 'm1', delta: 'lost' });
    batcher.discard();
    timer.fire();
    batcher.flush();
    assert.deepEqual(sent, []);
  });
});
