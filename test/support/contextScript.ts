// A scripted 10-turn editor conversation, shared by the prefix-stability test and the context benchmark:
// each turn the user moves the cursor, sometimes edits, opens, closes or mentions files, the model answers
// with a tool call and text, and the request is built the way the agent loop sends it.
import type { ConversationItem } from '../../src/core/model/types';
import { ContextTurns } from '../../src/core/context/turns';
import { diagnosticsSource, fileSource, outlineSource, selectionSource } from '../../src/core/context/sources';
import type { TokenCounter } from '../../src/core/context/tokens';
import type { ContextReport, ContextSource } from '../../src/core/context/types';

export interface ScriptTurn {
  /** Bytes of the serialized request. */
  bytes: number;
  /** Share of this request byte-identical to the previous request's prefix (0 on the first turn). */
  prefixShare: number;
  report: ContextReport;
  request: string;
  /** Milliseconds spent building the request (gather excluded: the script's sources are in memory). */
  buildMs: number;
}

export interface ScriptOptions {
  /** Workspace files (path → text); at least 6. */
  files: Map<string, string>;
  /** Folders mentioned on the first turn (their files become context). */
  mentionFolder?: string;
  counter: TokenCounter;
  maxOutputTokens?: number;
}

const INSTRUCTIONS = 'You are Mini Coder, a coding assistant working in the user\'s editor.';

/** Runs the script and measures each request's prefix stability. */
export async function runScriptedConversation(options: ScriptOptions): Promise<ScriptTurn[]> {
  const files = new Map(options.files);
  const paths = [...files.keys()].sort();
  if (paths.length < 6) throw new Error('the script needs at least 6 files');
  const turns = new ContextTurns({ counter: options.counter, maxOutputTokens: options.maxOutputTokens ?? 32_000 });
  const open = new Set(paths.slice(1, 4));
  const mentioned = new Set<string>(options.mentionFolder ? paths.filter((p) => p.startsWith(`${options.mentionFolder}/`)) : []);
  let history: ConversationItem[] = [];
  let previous = '';
  const results: ScriptTurn[] = [];

  for (let turn = 1; turn <= 10; turn++) {
    const active = paths[turn % 3];
    // What happens in the editor between messages.
    if (turn === 3) edit(files, active, `// edited by the user on turn ${turn}\n`);
    if (turn === 5) mentioned.add(paths[4]);
    if (turn === 6) edit(files, paths[1], `// changed by the model's edit on turn ${turn}\n`);
    if (turn === 7) open.delete(paths[3]);
    if (turn === 8) open.add(paths[5]);

    const sources = editorSources(files, paths, active, open, mentioned, turn);
    const started = performance.now();
    const built = await turns.build(sources, history, { text: `Question ${turn}: what does the selected code do, and is line ${turn + 2} right?` });
    const buildMs = performance.now() - started;
    const request = JSON.stringify({ model: 'gpt-5.4-mini', instructions: INSTRUCTIONS, input: built.input });
    results.push({ bytes: request.length, prefixShare: turn === 1 ? 0 : commonPrefix(previous, request) / request.length, report: built.report, request, buildMs });
    previous = request;
    history = [...built.history, built.userItem, ...modelReply(files, paths, turn)];
  }
  return results;
}

function editorSources(files: Map<string, string>, paths: string[], active: string, open: Set<string>, mentioned: Set<string>, turn: number): ContextSource[] {
  const text = files.get(active)!;
  const start = 1 + ((turn * 7) % Math.max(1, text.split('\n').length - 5));
  const selected = text.split('\n').slice(start - 1, start + 2).join('\n');
  const sources: ContextSource[] = [
    outlineSource(paths),
    fileSource('active_file', active, text, { focus: { startLine: start, endLine: start + 2 } }),
    selectionSource(active, selected, start, start + 2),
    ...[...open].filter((p) => p !== active).map((p) => fileSource('open_file', p, files.get(p)!)),
    ...[...mentioned].map((p) => fileSource('mentioned_file', p, files.get(p)!)),
  ];
  const problems = diagnosticsSource([{ path: active, line: start + 1, column: 3, severity: 'error', message: `Type 'string' is not assignable to type 'number' (turn ${turn}).`, source: 'ts', code: '2322' }]);
  if (problems) sources.push(problems);
  return sources;
}

// The model reads a file with a tool, then answers.
function modelReply(files: Map<string, string>, paths: string[], turn: number): ConversationItem[] {
  const read = paths[(turn + 2) % paths.length];
  const callId = `call_${turn}`;
  return [
    { type: 'function_call', callId, name: 'read_file', arguments: JSON.stringify({ path: read }) },
    { type: 'function_call_output', callId, output: files.get(read)!.split('\n').slice(0, 60).join('\n') },
    { type: 'message', role: 'assistant', content: `On turn ${turn}: the selected code adds the totals; line ${turn + 2} is right, but ${read} assumes a number there.` },
  ];
}

function edit(files: Map<string, string>, path: string, line: string): void {
  files.set(path, line + files.get(path)!);
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Deterministic source-like files: `count` modules of about `linesEach` lines. */
export function syntheticFiles(count: number, linesEach: number): Map<string, string> {
  const files = new Map<string, string>();
  for (let f = 0; f < count; f++) {
    const lines: string[] = [`// module ${f}: totals and rates`, `import { round } from './util';`, ''];
    for (let i = 0; lines.length < linesEach; i++) {
      lines.push(`export function total${f}_${i}(items: number[], rate = ${(i % 7) + 1}): number {`);
      lines.push(`  return round(items.reduce((sum, x) => sum + x * rate, ${f}) / ${i + 2});`);
      lines.push('}');
    }
    files.set(`src/${f < count / 2 ? 'core' : 'ui'}/module${String(f).padStart(2, '0')}.ts`, `${lines.join('\n')}\n`);
  }
  return files;
}
