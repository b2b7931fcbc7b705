import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanArguments, describeTools, TextToolParser, type TextToolPiece } from '../../../src/core/providers/runware/textTools';

interface Parsed {
  text: string;
  calls: { callId: string; name: string; arguments: string; deltas: string }[];
  /** Calls in the order their events came, to check started → delta* → complete. */
  order: string[];
}

function ids(): () => string {
  let n = 0;
  return () => `call_${++n}`;
}

/** Feeds `chunks` to a fresh parser and folds the pieces into visible text and completed calls. */
function parse(chunks: string[]): Parsed {
  const parser = new TextToolParser(ids());
  const pieces: TextToolPiece[] = [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
  const parsed: Parsed = { text: '', calls: [], order: [] };
  const deltas = new Map<string, string>();
  for (const piece of pieces) {
    if (piece.type === 'text') parsed.text += piece.text;
    if (piece.type === 'call_started') {
      assert.ok(!deltas.has(piece.callId), 'a call starts once');
      deltas.set(piece.callId, '');
      parsed.order.push(`start ${piece.callId}`);
    }
    if (piece.type === 'call_delta') {
      assert.ok(deltas.has(piece.callId), 'a delta follows its start');
      deltas.set(piece.callId, deltas.get(piece.callId) + piece.delta);
    }
    if (piece.type === 'call_complete') {
      assert.ok(deltas.has(piece.callId), 'a call completes after it started');
      parsed.calls.push({ callId: piece.callId, name: piece.name, arguments: piece.arguments, deltas: deltas.get(piece.callId) ?? '' });
      parsed.order.push(`complete ${piece.callId}`);
    }
  }
  return parsed;
}

/** Splits `text` at the given cut points. */
function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const p of [...points, text.length]) {
    chunks.push(text.slice(from, p));
    from = p;
  }
  return chunks;
}

const ANSWER = 'I will read both files.\n<tool_call name="read_file">\n{"path": "src/a.ts"}\n</tool_call>\n<tool_call name="search">{"query": "x < y"}</tool_call>\nDone.';

describe('Text tool protocol parser', () => {
  it('passes text without calls through unchanged, angle brackets included', () => {
    const parsed = parse(['if (a < b) { return <div>ok</div>; } // <tool', '_calls> are not calls']);
    assert.equal(parsed.text, 'if (a < b) { return <div>ok</div>; } // <tool_calls> are not calls');
    assert.equal(parsed.calls.length, 0);
  });

  it('cuts calls out of the visible text and reports each with its arguments', () => {
    const parsed = parse([ANSWER]);
    assert.equal(parsed.text, 'I will read both files.\nDone.');
    assert.deepEqual(
      parsed.calls.map((c) => [c.callId, c.name, JSON.parse(c.arguments)]),
      [
        ['call_1', 'read_file', { path: 'src/a.ts' }],
        ['call_2', 'search', { query: 'x < y' }],
      ],
    );
    assert.deepEqual(parsed.order, ['start call_1', 'complete call_1', 'start call_2', 'complete call_2']);
  });

  it('gives the same text and calls however the stream is split into deltas', () => {
    const whole = parse([ANSWER]);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const parsed = parse(split(ANSWER, cuts));
        assert.equal(parsed.text, whole.text);
        assert.deepEqual(parsed.calls.map((c) => [c.name, c.arguments]), whole.calls.map((c) => [c.name, c.arguments]));
      }),
      { numRuns: 300 },
    );
  });

  it('streams the argument text of a named call as deltas while it arrives', () => {
    const parsed = parse(['<tool_call name="write_file">{"path": "a', '.ts", "content": "hi"}', '</tool_call>']);
    assert.equal(parsed.calls[0].deltas, '{"path": "a.ts", "content": "hi"}');
  });

  it('keeps a literal </tool_call> inside a JSON string argument as data', () => {
    const content = 'Calls end with </tool_call> in this protocol.';
    const call = `<tool_call name="write_file">${JSON.stringify({ path: 'doc.md', content })}</tool_call>after`;
    for (const chunks of [[call], split(call, [10, 50, 60, 61, 62, 70])]) {
      const parsed = parse(chunks);
      assert.equal(JSON.parse(parsed.calls[0].arguments).content, content);
      assert.equal(parsed.text, 'after');
    }
  });

  it('reads the unnamed form with name and arguments inside the JSON', () => {
    const parsed = parse(['<tool_call>\n{"name": "list_files", "arguments": {"dir": "src"}}\n</tool_call>']);
    assert.equal(parsed.calls[0].name, 'list_files');
    assert.deepEqual(JSON.parse(parsed.calls[0].arguments), { dir: 'src' });
    assert.equal(parsed.text, '');
  });

  it('shows an unnamed block that names no tool instead of losing it', () => {
    const block = '<tool_call>not json</tool_call>';
    const parsed = parse([block]);
    assert.equal(parsed.calls.length, 0);
    assert.equal(parsed.text, block);
  });

  it('strips a code fence around the arguments and treats empty arguments as {}', () => {
    assert.equal(cleanArguments('\n```json\n{"a": 1}\n```\n'), '{"a": 1}');
    assert.equal(cleanArguments('  '), '{}');
    const parsed = parse(['<tool_call name="list_files"></tool_call><tool_call name="now"/>']);
    assert.deepEqual(parsed.calls.map((c) => [c.name, c.arguments]), [['list_files', '{}'], ['now', '{}']]);
  });

  it('completes a call the stream left open, so the agent can report it to the model', () => {
    const parsed = parse(['Reading.\n<tool_call name="read_file">{"path": "a.ts"']);
    assert.equal(parsed.text, 'Reading.\n');
    assert.deepEqual(parsed.calls.map((c) => [c.name, c.arguments]), [['read_file', '{"path": "a.ts"']]);
  });

  it('returns an unfinished opening tag at the end as text', () => {
    assert.equal(parse(['a <tool_call name="x"']).text, 'a <tool_call name="x"');
    assert.equal(parse(['a <tool_c']).text, 'a <tool_c');
  });

  it('tells the model how to call, which tools exist, and what the tool choice demands', () => {
    const tools = [{ name: 'grep', description: 'Search text.', parameters: { type: 'object' } }];
    assert.match(describeTools(tools, 'auto'), /### grep\nSearch text\./);
    assert.match(describeTools(tools, 'auto'), /answer directly when you do not/);
    assert.match(describeTools(tools, { name: 'grep' }), /must call the tool `grep`/);
  });
});
