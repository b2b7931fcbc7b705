// Every part of the chat keeps its text readable in Light, Dark, High Contrast and High Contrast Light: the
// contrast is measured on screenshots of the real webview in each theme (what a person would see).
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { httpErrorTurn, ResponseBuilder, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { textContrast } from '../support/contrast';
import { session, validApiKey } from './session';
import { ask, diffEditorShowing, openNewChat, setApiKey, setColorTheme, THEMES, waitForAnswerStatus } from './steps';

const answer = [
  'Call `average(values)` with a non-empty list; see [the docs](https://example.com/docs).',
  '',
  '```ts',
  '// the mean of the values',
  "const label: string = 'mean';",
  'return total / values.length;',
  '```',
  '',
  '| setting | meaning |',
  '| --- | --- |',
  '| `reasoningEffort` | how much the model thinks |',
].join('\n');

/** The parts checked, by selector in the chat's document; WCAG AA asks 4.5:1 of text. */
const PARTS: Array<{ name: string; selector: string; min: number }> = [
  { name: 'answer text', selector: '.message.assistant .message-body p', min: 4.5 },
  { name: 'inline code', selector: '.message.assistant p code', min: 4.5 },
  { name: 'link', selector: '.message.assistant .message-body a', min: 4.5 },
  { name: 'code block keyword', selector: '.code-block .hljs-keyword', min: 4.5 },
  { name: 'code block string', selector: '.code-block .hljs-string', min: 4.5 },
  { name: 'code block comment', selector: '.code-block .hljs-comment', min: 4.5 },
  { name: 'table cell', selector: '.message.assistant td', min: 4.5 },
  { name: 'your message', selector: '.message.user .user-text', min: 4.5 },
  { name: 'tool card', selector: '.tool-card .tool-title', min: 4.5 },
  { name: 'edit card title', selector: '.edit-card .edit-title', min: 4.5 },
  { name: 'primary button', selector: '.edit-card [aria-label="Accept edit"]', min: 4.5 },
  { name: 'secondary button', selector: '.edit-card [aria-label="Reject edit"]', min: 4.5 },
  { name: 'error message', selector: '.message-error .error-text', min: 4.5 },
  { name: 'usage figures', selector: '.message.assistant .usage', min: 4.5 },
  { name: 'context chip', selector: '#context-chips .chip-label', min: 4.5 },
  { name: 'prompt', selector: '#prompt', min: 4.5 },
];

async function shot(chat: Frame, selector: string): Promise<Buffer> {
  const element = chat.locator(selector).first();
  await element.scrollIntoViewIfNeeded();
  return element.screenshot({ animations: 'disabled' });
}

describe('the chat in every colour theme', () => {
  it('keeps text readable in Light, Dark, High Contrast and High Contrast Light (measured on screenshots)', async function () {
    this.timeout(240_000);
    const { responses } = session();
    const { workbench } = await session().workbenchOnFreshCopy();
    await setApiKey(workbench, validApiKey);
    await workbench.openFile('src/math.ts');
    const chat = await openNewChat(workbench);

    responses.enqueue(textTurn(answer));
    await ask(chat, 'How do I call average?');
    await waitForAnswerStatus(chat, 'done');
    responses.enqueue(toolCallTurn([{ name: 'read_file', arguments: JSON.stringify({ path: 'src/math.ts' }), callId: 'call_theme_read' }]), textTurn('It divides by the length.'));
    await ask(chat, 'Read math.ts');
    await waitForAnswerStatus(chat, 'done');
    responses.enqueue(httpErrorTurn(400, 'invalid_request_error', 'The request was refused for the test.'));
    await ask(chat, 'Fail once');
    await waitForAnswerStatus(chat, 'error');
    const patch = '*** Begin Patch\n*** Update File: src/math.ts\n@@\n-  let total = 0;\n+  let total = 0; // sum\n*** End Patch';
    responses.enqueue(
      new ResponseBuilder().functionCalls([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId: 'call_theme_patch' }]).completed({ input: 9, output: 9 }),
      textTurn('Left it as it was.'),
    );
    await ask(chat, 'Comment the total');
    await chat.locator('.edit-card[data-status="pending"]').waitFor({ timeout: 30_000 });
    // Once the diff editor has opened (it takes the focus), type a draft so the chips show what it would carry.
    await diffEditorShowing(workbench, 'mini-coder-proposed').waitFor({ timeout: 15_000 });
    await chat.locator('#prompt').fill('and the tests?');
    await chat.locator('#context-chips .chip-label').first().waitFor({ timeout: 15_000 });

    const failures: string[] = [];
    const measured: string[] = [];
    for (const theme of THEMES) {
      await setColorTheme(workbench, chat, theme);
      for (const part of PARTS) {
        const contrast = textContrast(await shot(chat, part.selector));
        measured.push(`${theme.name} / ${part.name}: ${contrast.ratio} (${contrast.foreground} on ${contrast.background})`);
        if (contrast.ratio < part.min) failures.push(measured[measured.length - 1]);
      }
    }
    if (process.env.MINI_CODER_E2E_VERBOSE === '1') console.log(measured.join('\n'));
    assert.deepEqual(failures, [], `text below its contrast floor:\n${failures.join('\n')}`);

    await chat.locator('.edit-card [aria-label="Reject edit"]').click();
    await waitForAnswerStatus(chat, 'done', 30_000).catch(() => undefined);
    await setColorTheme(workbench, chat, THEMES[1]);
  });
});
