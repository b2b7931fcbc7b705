import * as assert from 'node:assert/strict';
import { excerptAround } from '../../../src/core/actions/fileExcerpt';
import { RANGE_END_MARKER, RANGE_START_MARKER } from '../../../src/core/actions/markers';
import { documentPrompt, explainPrompt, fixPrompt, refactorPrompt, refineInput, testsPrompt, type ActionSource } from '../../../src/core/actions/prompts';

const text = ['import { db } from "./db";', '', 'export async function load(id) {', '  const row = await db.get(id);', '  return row;', '}', '', 'export const x = 1;', ''].join('\n');
const start = text.indexOf('export async');
const end = text.indexOf('}\n') + 1;
const source: ActionSource = { path: 'src/load.js', languageId: 'javascript', text, range: { start, end } };
const userText = (p: { input: Array<{ type: string }> }) => {
  const item = p.input[0] as { type: 'message'; content: string };
  assert.equal(item.type, 'message');
  return item.content;
};
// Counting characters keeps the budget tests independent of the tokenizer.
const chars = (s: string) => s.length;

describe('prompts of the inline actions', () => {
  it('marks the range exactly inside the file and repeats the selected code', () => {
    const content = userText(refactorPrompt(source, 'use a try/catch'));
    assert.ok(content.includes(`${RANGE_START_MARKER}export async function load(id) {`));
    assert.ok(content.includes(`  return row;\n}${RANGE_END_MARKER}`));
    assert.ok(content.includes('## Selected code (lines 3–6)'));
    assert.ok(content.includes('import { db } from "./db";'), 'the surrounding file is included');
  });

  it('ends with the instruction and the output contract, after the context', () => {
    const prompt = refactorPrompt(source, '  use a try/catch  ');
    const content = userText(prompt);
    assert.ok(content.indexOf('Rewrite the selected code as follows: use a try/catch') > content.indexOf('## File'));
    assert.match(content, /Reply with only the code that replaces the selected range\.$/);
    assert.match(prompt.instructions, /no Markdown fences/);
    assert.match(prompt.instructions, /CANNOT:/);
  });

  it('keeps the instructions identical across requests so the prompt cache hits', () => {
    assert.equal(refactorPrompt(source, 'a').instructions, fixPrompt(source, []).instructions);
    assert.equal(refactorPrompt(source, 'a').instructions, documentPrompt(source).instructions);
  });

  it('states each diagnostic with its severity, origin, position and message', () => {
    const at = text.indexOf('db.get');
    const content = userText(
      fixPrompt(source, [{ message: "Property 'get' does not exist on type 'Db'.", severity: 'error', source: 'ts', code: '2339', range: { start: at + 3, end: at + 6 } }]),
    );
    assert.ok(content.includes("- error (ts 2339) at line 4, column 24 on `get`: Property 'get' does not exist on type 'Db'."));
    assert.ok(content.includes('Fix this problem'));
  });

  it('asks for documentation in the language\'s own convention without changing code', () => {
    const content = userText(documentPrompt(source));
    assert.match(content, /JSDoc/);
    assert.match(content, /Keep every line of code exactly as it is/);
    assert.match(userText(documentPrompt({ ...source, languageId: 'python' })), /docstring/);
  });

  it('includes related code within its budget and skips code the excerpt already shows', () => {
    const content = userText(
      refactorPrompt(source, 'x', {
        countTokens: chars,
        relatedBudgetTokens: 200,
        related: [
          { path: 'src/db.js', startLine: 1, text: 'export const db = { get: async (id) => ({ id }) };', reason: 'definition of db' },
          { path: 'src/load.js', startLine: 8, text: 'export const x = 1;' },
          { path: 'src/huge.js', startLine: 1, text: 'y'.repeat(500) },
        ],
      }),
    );
    assert.ok(content.includes('`src/db.js` from line 1 (definition of db)'));
    assert.ok(!content.includes('`src/load.js` from line 8'));
    assert.ok(!content.includes('src/huge.js'));
  });

  it('asks for a test file at the proposed path, with the example and the import to use', () => {
    const prompt = testsPrompt(source, { path: 'test/load.test.js', importPath: '../src/load', example: { path: 'test/db.test.js', text: "import { test } from 'node:test';" } });
    const content = userText(prompt);
    assert.ok(content.includes('in the test file `test/load.test.js`'));
    assert.ok(content.includes('Import the code under test from `../src/load`.'));
    assert.ok(content.includes("import { test } from 'node:test';"));
    assert.ok(content.includes('complete content of the new test file'));
    assert.match(prompt.instructions, /complete content of the test file only/);
  });

  it('asks to keep the existing tests when the test file exists', () => {
    const content = userText(testsPrompt(source, { path: 'test/load.test.js', existingText: "test('old', () => {});" }));
    assert.ok(content.includes("test('old', () => {});"));
    assert.ok(content.includes('keeping its existing tests'));
  });

  it('asks the chat to explain with numbered lines and links back to them', () => {
    const message = explainPrompt(source);
    assert.ok(message.includes('(lines 3–6, javascript)'));
    assert.ok(message.includes('[line 3](src/load.js#L3)'));
    assert.ok(message.includes(`3| ${RANGE_START_MARKER}export async function load(id) {`));
  });

  it('appends the previous answer and the follow-up for a refinement', () => {
    const first = refactorPrompt(source, 'a');
    const input = refineInput(first.input, 'old answer', 'also log errors', 'refactor');
    assert.equal(input.length, 3);
    assert.deepEqual(input[1], { type: 'message', role: 'assistant', content: 'old answer' });
    const follow = input[2] as { content: string };
    assert.match(follow.content, /^Change your answer: also log errors/);
    assert.match(follow.content, /still holds the original code/);
  });
});

describe('the file excerpt around a range', () => {
  const long = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
  const at = long.indexOf('line 50');
  const range = { start: at, end: at + 'line 50'.length };

  it('centres on the range and announces what was left out', () => {
    const excerpt = excerptAround(long, range, { budgetTokens: 100, countTokens: chars });
    assert.ok(excerpt.firstLine < 50 && excerpt.lastLine > 50);
    assert.ok(Math.abs(50 - excerpt.firstLine - (excerpt.lastLine - 50)) <= 1, 'about as many lines above as below');
    assert.ok(excerpt.tokens <= 100);
    assert.match(excerpt.text, /^… \(\d+ lines above not shown\)/);
    assert.match(excerpt.text, /… \(\d+ lines below not shown\)$/);
  });

  it('shows the whole file when it fits, and always the whole range even when it does not', () => {
    assert.equal(excerptAround(long, range, { budgetTokens: 100_000, countTokens: chars }).firstLine, 1);
    const tiny = excerptAround(long, { start: 0, end: long.length }, { budgetTokens: 1, countTokens: chars });
    assert.equal(tiny.lastLine, 100);
  });

  it('puts the end marker on its own line when the range takes its last line break', () => {
    const t = 'a\nb\nc\n';
    const excerpt = excerptAround(t, { start: 2, end: 4 }, { budgetTokens: 0, countTokens: chars });
    assert.equal(excerpt.text, `… (1 line above not shown)\n${RANGE_START_MARKER}b\n${RANGE_END_MARKER}\n… (2 lines below not shown)`);
  });

  it('counts real o200k tokens by default, treating special-token text as plain text', () => {
    const excerpt = excerptAround('a <|endoftext|> b\nc', { start: 0, end: 1 }, { budgetTokens: 1000 });
    assert.ok(excerpt.tokens > 3);
  });
});
