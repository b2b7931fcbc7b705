import assert from 'node:assert/strict';
import type { ConversationItem, ModelEvent, ToolSpec } from '../../../src/core/model/types';
import { collect, providerFor, textOf, useFakeRunware } from './helpers';

const readFile: ToolSpec = {
  name: 'read_file',
  description: 'Read a file of the workspace.',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

type Complete = Extract<ModelEvent, { type: 'tool_call_complete' }>;

function completes(events: ModelEvent[]): Complete[] {
  return events.filter((e): e is Complete => e.type === 'tool_call_complete');
}

describe('Tool calling through Runware', () => {
  const fake = useFakeRunware();

  for (const delivery of ['stream', 'sync'] as const) {
    it(`completes a tool round trip through the text protocol (${delivery})`, async () => {
      fake.server.reply = (task) => {
        const messages = task.messages as { content: string }[];
        return messages[messages.length - 1].content.includes('<tool_result')
          ? { texts: ['a.ts exports a = 1.'], chunk: 3 }
          : { texts: ['Let me read it.\n<tool_call name="read_file">\n{"path": "src/a.ts"}\n</tool_call>\n'], chunk: 3 };
      };
      const provider = providerFor(fake.server);
      const input: ConversationItem[] = [{ type: 'message', role: 'user', content: 'What does src/a.ts export?' }];
      const first = await collect(provider.stream({ model: 'gpt-5.4-mini', instructions: 'You are Mini Coder.', input, tools: [readFile], options: { delivery } }));

      assert.equal(textOf(first), 'Let me read it.\n');
      const [call] = completes(first);
      assert.equal(call.name, 'read_file');
      assert.deepEqual(JSON.parse(call.arguments), { path: 'src/a.ts' });
      assert.match(call.callId, /^call_[0-9a-f]{16}$/);
      const streamed = first.filter((e) => e.type === 'tool_call_delta' && e.callId === call.callId).map((e) => (e as { delta: string }).delta).join('');
      assert.equal(streamed.trim(), call.arguments);
      assert.equal(first[first.length - 1].type, 'completed');
      const prompt = String((fake.server.inferenceTasks[0].settings as { systemPrompt: string }).systemPrompt);
      assert.ok(prompt.startsWith('You are Mini Coder.') && prompt.includes('### read_file'));

      input.push(
        { type: 'message', role: 'assistant', content: textOf(first) },
        { type: 'function_call', callId: call.callId, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', callId: call.callId, output: 'export const a = 1;' },
      );
      const second = await collect(provider.stream({ model: 'gpt-5.4-mini', input, tools: [readFile], options: { delivery } }));
      assert.equal(textOf(second), 'a.ts exports a = 1.');
      assert.equal(completes(second).length, 0);

      const messages = fake.server.inferenceTasks[1].messages as { role: string; content: string }[];
      assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
      assert.ok(messages[1].content.includes(`<tool_call name="read_file" id="${call.callId}">`));
      assert.ok(messages[2].content.includes(`<tool_result id="${call.callId}" name="read_file">\nexport const a = 1;\n</tool_result>`));
    });
  }

  for (const delivery of ['sync', 'stream'] as const) {
    it(`in native mode sends tools at the task root and reads native calls from the answer (${delivery})`, async () => {
      fake.server.reply = () => ({ texts: [''], finishReason: 'tool_calls', extra: { toolCalls: [{ id: 'rw-call-1', name: 'read_file', arguments: '{"path":"b.ts"}' }] } });
      const events = await collect(
        providerFor(fake.server, { toolMode: 'native' }).stream({
          model: 'gpt-5.4-mini',
          input: [{ type: 'message', role: 'user', content: 'Read b.ts' }],
          tools: [readFile],
          toolChoice: 'auto',
          options: { delivery },
        }),
      );
      const task = fake.server.inferenceTasks[0];
      assert.deepEqual(task.tools, [{ type: 'function', name: 'read_file', description: readFile.description, schema: readFile.parameters }]);
      assert.deepEqual(task.toolChoice, { type: 'auto' });
      assert.deepEqual(completes(events).map((c) => [c.callId, c.name, c.arguments]), [['rw-call-1', 'read_file', '{"path":"b.ts"}']]);
      assert.equal(events[events.length - 1].type, 'completed');

      // The round trip: the strict fake takes the documented replay form, and the answer comes back.
      fake.server.reply = () => ({ texts: ['b is 2.'] });
      const second = await collect(
        providerFor(fake.server, { toolMode: 'native' }).stream({
          model: 'gpt-5.4-mini',
          input: [
            { type: 'message', role: 'user', content: 'Read b.ts' },
            { type: 'function_call', callId: 'rw-call-1', name: 'read_file', arguments: '{"path":"b.ts"}' },
            { type: 'function_call_output', callId: 'rw-call-1', output: 'export const b = 2;' },
          ],
          tools: [readFile],
          options: { delivery },
        }),
      );
      assert.equal(second[second.length - 1].type, 'completed', JSON.stringify(second.at(-1)));
      assert.deepEqual(fake.server.inferenceTasks[1].messages, [
        { role: 'user', content: 'Read b.ts' },
        { role: 'assistant', tools: [{ id: 'rw-call-1', name: 'read_file', input: { path: 'b.ts' } }] },
        { role: 'tool', id: 'rw-call-1', content: 'export const b = 2;' },
        { role: 'user', content: 'Continue.' },
      ]);
    });
  }

  it('with numberResults 2 (async) runs the first result\'s call and shows the alternative\'s in its text', async () => {
    fake.server.reply = () => ({ texts: ['<tool_call name="read_file">{"path":"a.ts"}</tool_call>', 'Maybe b.\n<tool_call name="read_file">{"path":"b.ts"}</tool_call>'] });
    const events = await collect(
      providerFor(fake.server).stream({ model: 'gpt-5.4-mini', input: [{ type: 'message', role: 'user', content: 'Read' }], tools: [readFile], options: { delivery: 'async', numberResults: 2 } }),
    );
    assert.deepEqual(completes(events).map((c) => c.arguments), ['{"path":"a.ts"}']);
    assert.equal(textOf(events, 1), 'Maybe b.\n\n[tool call read_file {"path":"b.ts"}]\n');
    assert.equal(fake.server.inferenceTasks[0].numberResults, 2);
  });

  it('fails loudly when a native answer asks for tools in a shape not understood', async () => {
    fake.server.reply = () => ({ texts: [''], finishReason: 'tool_calls', extra: { functionInvocations: [{ fn: 'read_file' }] } });
    const events = await collect(
      providerFor(fake.server, { toolMode: 'native' }).stream({ model: 'gpt-5.4-mini', input: [{ type: 'message', role: 'user', content: 'Read' }], tools: [readFile], options: { delivery: 'sync' } }),
    );
    const end = events[events.length - 1];
    assert.ok(end.type === 'error');
    assert.equal(end.error.kind, 'protocol');
  });
});
