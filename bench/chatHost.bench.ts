// The chat host's costs: what a streamed delta costs the extension host, how many messages reach the webview
// once deltas are batched, and how long saving and listing conversations take.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { emptyUsage } from '../src/core/agent/usage';
import { ConversationStore } from '../src/core/history/conversationStore';
import type { ConversationRecord } from '../src/core/history/conversation';
import type { HostMessage, MessageView } from '../src/protocol/messages';
import { AssistantMessage } from '../src/vscode/assistantMessage';
import { MessageBatcher } from '../src/vscode/messageBatcher';

const DELTA = 'word word word word '; // about 5 tokens

/** Host-side work per delta (host copy + batching), with no pacing: the upper bound of the host's cost. */
function hostCostPerDelta(deltas: number): number {
  let sent = 0;
  const batcher = new MessageBatcher(() => sent++);
  const message = new AssistantMessage('m', 't', (m) => batcher.push(m), emptyUsage());
  const start = performance.now();
  for (let i = 0; i < deltas; i++) message.apply({ type: 'model', step: 1, event: { type: 'text_delta', delta: DELTA } });
  batcher.flush();
  return ((performance.now() - start) * 1000) / deltas;
}

/** Messages that reach the webview when deltas arrive every `gapMs`, with the real 24 ms tick. */
async function postedWhenPaced(deltas: number, gapMs: number): Promise<{ posted: number; seconds: number }> {
  const posted: HostMessage[] = [];
  const batcher = new MessageBatcher((m) => posted.push(m));
  const start = performance.now();
  for (let i = 0; i < deltas; i++) {
    batcher.push({ type: 'textDelta', messageId: 'm', delta: DELTA });
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  batcher.flush();
  return { posted: posted.length, seconds: (performance.now() - start) / 1000 };
}

function conversation(id: string, messages: number): ConversationRecord<MessageView> {
  const text = DELTA.repeat(50); // ~250 tokens a message
  const views: MessageView[] = Array.from({ length: messages }, (_, i) => ({ id: `${id}-${i}`, role: i % 2 ? 'assistant' : 'user', text, status: 'done' }));
  return {
    version: 1,
    id,
    title: `Conversation ${id}`,
    createdAt: 1,
    updatedAt: Date.now(),
    items: views.map((v) => ({ type: 'message', role: v.role, content: v.text })),
    messages: views,
    turns: [],
    totals: emptyUsage(),
  };
}

export default async function run(): Promise<void> {
  const deltas = 10_000; // a 50,000-token answer in 5-token deltas
  console.log(`host cost per delta: ${hostCostPerDelta(deltas).toFixed(2)} µs (${deltas} deltas of ~5 tokens, host copy + batcher, unpaced)`);

  const paced = await postedWhenPaced(1000, 2);
  console.log(`webview messages per 1000 deltas: ${paced.posted} messages (deltas every 2 ms for ${paced.seconds.toFixed(1)} s, 24 ms tick)`);

  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-bench-history-'));
  try {
    const store = new ConversationStore<MessageView>(folder);
    const big = conversation('big', 200);
    const bytes = JSON.stringify(big).length;
    const saves = 20;
    let start = performance.now();
    for (let i = 0; i < saves; i++) await store.save({ ...big, updatedAt: Date.now() + i });
    console.log(`save of a 200-message conversation: ${((performance.now() - start) / saves).toFixed(1)} ms (${(bytes / 1024).toFixed(0)} KiB, temp file + fsync + rename, index included)`);
    start = performance.now();
    await store.load('big');
    console.log(`open of a 200-message conversation: ${(performance.now() - start).toFixed(1)} ms`);
    for (let i = 0; i < 100; i++) await store.save(conversation(`c${i}`, 20));
    start = performance.now();
    await store.list();
    console.log(`list of 101 conversations: ${(performance.now() - start).toFixed(1)} ms (index read and checked against the folder)`);
    await fs.writeFile(path.join(folder, 'index.json'), '{broken');
    start = performance.now();
    await store.list();
    console.log(`list after a damaged index: ${(performance.now() - start).toFixed(1)} ms (rebuilt from 101 files)`);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}
