// An agent turn reads in the order it happened: commentary, the tool steps it led to, the text after them.
// Tool cards are readable (file links, result lists), and a refused patch shows itself with its reason.
import * as assert from 'node:assert/strict';
import { ResponseBuilder, textTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, openNewChat, setApiKey, waitForAnswerStatus } from './steps';

describe('an agent turn in the chat', () => {
  it('interleaves text and tool steps as they happened, with readable cards and a visible failed patch', async function () {
    this.timeout(150_000);
    const { responses } = session();
    const { workbench } = await session().workbenchOnFreshCopy();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);
    const badPatch = '*** Begin Patch\n*** Update File: src/math.ts\n@@\n-  let sum = 0;\n+  let sum = 1;\n*** End Patch';
    responses.enqueue(
      new ResponseBuilder()
        .message('I will look at math.ts and where total is used.', { chunkSize: 8 })
        .functionCalls([
          { name: 'read_file', arguments: JSON.stringify({ path: 'src/math.ts' }), callId: 'call_order_read' },
          { name: 'search_text', arguments: JSON.stringify({ query: 'total' }), callId: 'call_order_search' },
        ])
        .completed({ input: 30, output: 20 }),
      new ResponseBuilder().message('Now the change.').functionCalls([{ name: 'apply_patch', arguments: JSON.stringify({ patch: badPatch }), callId: 'call_order_patch' }]).completed({ input: 40, output: 20 }),
      textTurn('The patch did not apply: math.ts has no line `let sum = 0;`.'),
    );
    await ask(chat, 'Start the sum at one');
    const answer = await waitForAnswerStatus(chat, 'done', 60_000);

    const flow = await answer.locator('.message-flow > *').evaluateAll((parts) =>
      parts.map((p) => (p.classList.contains('message-steps') ? `[${Array.from(p.querySelectorAll('.tool-card')).map((c) => c.getAttribute('data-tool')).join(',')}]` : (p.textContent ?? '').trim())),
    );
    assert.deepEqual(flow, [
      'I will look at math.ts and where total is used.',
      '[read_file,search_text]',
      'Now the change.',
      '[apply_patch]',
      'The patch did not apply: math.ts has no line let sum = 0;.',
    ]);

    const search = answer.locator('.tool-card[data-tool="search_text"]');
    await search.locator('summary').click();
    const results = search.locator('.tool-results [data-action="open-file"]');
    assert.ok((await results.count()) >= 2, 'the matches are a list of links');
    assert.equal(await search.locator('pre.tool-args').count(), 0, 'no raw JSON');

    const patch = answer.locator('.tool-card[data-tool="apply_patch"][data-status="error"]');
    assert.equal(await patch.evaluate((el) => (el as HTMLDetailsElement).open), true, 'a refused patch is open, as visible as an edit');
    assert.match((await patch.locator('.tool-error').textContent()) ?? '', /src\/math\.ts/);

    await answer.locator('.tool-card[data-tool="read_file"] .tool-title [data-action="open-file"]').click();
    await workbench.page.locator('.tabs-container .tab.active[data-resource-name="math.ts"]').waitFor({ timeout: 15_000 });
  });
});
