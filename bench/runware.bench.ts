import { createRunwareProvider } from '../src/core/providers/runware';
import { TextToolParser } from '../src/core/providers/runware/textTools';
import { FakeRunwareServer } from '../test/support/fakeRunwareServer';

const PARAGRAPH = 'The function reads the file, splits it into lines and returns the ones that match. ';
const CALL = '<tool_call name="read_file">\n{"path": "src/core/providers/runware.ts"}\n</tool_call>\n';

/** About `bytes` of answer text with a tool call every ~2 KB. */
function answer(bytes: number): string {
  let text = '';
  while (text.length < bytes) text += PARAGRAPH.repeat(24) + CALL;
  return text;
}

/** Text tool protocol parsing speed over small deltas, and a whole streamed turn over loopback HTTP. */
export default async function run(): Promise<void> {
  const text = answer(4_000_000);
  let n = 0;
  const parser = new TextToolParser(() => `c${++n}`);
  const started = process.hrtime.bigint();
  for (let i = 0; i < text.length; i += 8) parser.push(text.slice(i, i + 8));
  parser.end();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`runware text-tool parse: ${(text.length / 1e6 / seconds).toFixed(1)} MB/s (8-char deltas, ${n} calls)`);

  const server = await FakeRunwareServer.start();
  try {
    const streamed = answer(200_000).replace(/<tool_call[\s\S]*?<\/tool_call>\n/g, '');
    server.reply = () => ({ texts: [streamed], chunk: 16 });
    const provider = createRunwareProvider({ apiKey: server.apiKey, baseURL: server.url });
    const t0 = process.hrtime.bigint();
    let deltas = 0;
    for await (const event of provider.stream({ model: 'gpt-5.4-mini', input: [{ type: 'message', role: 'user', content: 'Go' }], options: { delivery: 'stream' } })) {
      if (event.type === 'text_delta') deltas++;
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(`runware stream turn: ${(deltas / (ms / 1000)).toFixed(0)} deltas/s (${deltas} SSE deltas of 16 chars over loopback in ${ms.toFixed(0)} ms)`);
  } finally {
    await server.close();
  }
}

if (require.main === module) void run();
