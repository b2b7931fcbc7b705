// The README's picture of the chat is taken here, from the packaged extension in a real workbench, so it
// always shows what the product renders today.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ResponseBuilder, textTurn } from '../../support/fakeResponsesServer';
import { repoRoot } from '../support/paths';
import { session, validApiKey } from './session';
import { ask, diffEditorShowing, openNewChat, setApiKey, waitForAnswerStatus, waitForLastAnswer } from './steps';

const screenshotFile = path.join(repoRoot, 'docs', 'screenshot-chat.png');
const agentScreenshotFile = path.join(repoRoot, 'docs', 'screenshot-agent.png');
const maxBytes = 200 * 1024;

const answer = [
  '`average` divides by `values.length`, so an empty list gives `NaN`. Return early instead:',
  '',
  '```ts',
  'export function average(values: number[]): number {',
  '  if (values.length === 0) return 0;',
  '  let total = 0;',
  '  for (const value of values) total += value;',
  '  return total / values.length;',
  '}',
  '```',
  '',
  'Callers that need to tell "no data" apart from a real 0 could get `undefined` instead.',
].join('\n');

describe('the chat as the README shows it', () => {
  it('renders a markdown answer with a highlighted code block and saves the screenshot', async function () {
    this.timeout(120_000);
    const { responses } = session();
    const { workbench } = await session().workbenchOnFreshCopy();
    await setApiKey(workbench, validApiKey);
    await workbench.openFile('src/math.ts');
    const chat = await openNewChat(workbench);

    responses.enqueue(textTurn(answer, { chunkSize: 12 }));
    await ask(chat, 'What happens when average() gets an empty list?');
    const message = await waitForAnswerStatus(chat, 'done', 60_000);
    const block = message.locator('.code-block');
    await block.waitFor();
    assert.match((await block.locator('code').textContent()) ?? '', /if \(values\.length === 0\) return 0;/);
    assert.ok((await block.locator('[class^="hljs-"]').count()) > 0, 'the code block is syntax-highlighted');
    assert.equal(await message.locator('p code', { hasText: 'NaN' }).count(), 1, 'inline code is rendered');

    // Wide enough for the code block's lines, leaving the file beside it.
    await workbench.resizeSidebar(560);
    await workbench.clearToasts();
    await workbench.page.screenshot({ path: screenshotFile });
    const bytes = fs.statSync(screenshotFile).size;
    assert.ok(bytes < maxBytes, `the screenshot is small enough for the README (${bytes} bytes)`);
  });

  it('shows an agent turn in order, with its tool steps and the edit waiting for review, and saves the second screenshot', async function () {
    this.timeout(150_000);
    const { responses } = session();
    const { workbench } = await session().workbenchOnFreshCopy();
    await setApiKey(workbench, validApiKey);
    await workbench.openFile('src/math.ts');
    const chat = await openNewChat(workbench);
    const patch = [
      '*** Begin Patch',
      '*** Update File: src/math.ts',
      '@@ export function average(values: number[]): number {',
      '+  if (values.length === 0) return 0;',
      '   let total = 0;',
      '*** End Patch',
    ].join('\n');
    responses.enqueue(
      new ResponseBuilder()
        .message('I will read `average` and look for its callers first.', { chunkSize: 10 })
        .functionCalls([
          { name: 'read_file', arguments: JSON.stringify({ path: 'src/math.ts' }), callId: 'call_shot_read' },
          { name: 'search_text', arguments: JSON.stringify({ query: 'average(' }), callId: 'call_shot_search' },
        ])
        .completed({ input: 1850, output: 120 }),
      new ResponseBuilder()
        .message('Only `math.ts` uses it, so an early return is safe:', { chunkSize: 10 })
        .functionCalls([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'call_shot_patch' }])
        .completed({ input: 2400, output: 160 }),
      textTurn('`average([])` now returns 0 instead of `NaN`.', { usage: { input: 2600, output: 40 } }),
    );
    await ask(chat, 'Make average() safe for an empty list');
    await chat.locator('.edit-card[data-status="pending"]').waitFor({ timeout: 60_000 });
    await diffEditorShowing(workbench, 'mini-coder-proposed').waitFor({ timeout: 15_000 });
    await workbench.resizeSidebar(560);
    await workbench.clearToasts();
    await workbench.page.screenshot({ path: agentScreenshotFile });
    assert.ok(fs.statSync(agentScreenshotFile).size < maxBytes, 'small enough for the README');
    await chat.locator('.edit-card [aria-label="Accept edit"]').click();
    await waitForLastAnswer(chat, 'done');
  });

  // Pending a fix in media/chat.css: VS Code's default webview style gives every `code` element the
  // inline-code background, and the `code` inside a block's `pre` gets it too, so each line of a block sits on a grey strip.
  it('draws code blocks on one background, without a strip behind each line', async () => {
    const { responses } = session();
    const workbench = await session().workbench();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);
    responses.enqueue(textTurn('```ts\nconst empty: number[] = [];\n```'));
    await ask(chat, 'Show an empty list.');
    const code = (await waitForAnswerStatus(chat, 'done')).locator('.code-block pre code');
    assert.equal(await code.evaluate((element) => getComputedStyle(element).backgroundColor), 'rgba(0, 0, 0, 0)');
  });
});
