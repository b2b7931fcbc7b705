import * as assert from 'node:assert/strict';
import { textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { session, validApiKey } from './session';
import { ask, lastAnswer, openNewChat, setApiKey, waitForAnswerStatus } from './steps';

type Json = Record<string, unknown>;

const TASKS: Record<string, string> = {
  'How is average() computed? Cite path:line.': 'src/math.ts',
  'What does shout() do? Cite path:line.': 'src/greet.ts',
};
const REPORTS: Record<string, string> = {
  'src/math.ts': 'average() sums the values and divides by their count (src/math.ts:1-5).',
  'src/greet.ts': 'shout() upper-cases greet(name) (src/greet.ts:5-7).',
};

describe('delegating research to subagents', () => {
  it('shows a card per subagent with its activity and report, and answers from the reports', async () => {
    const { responses } = session();
    const workbench = await session().workbench();
    await setApiKey(workbench, validApiKey);
    const chat = await openNewChat(workbench);

    const isSubagent = (body: Json) => String(body.instructions ?? '').startsWith('You are a research subagent');
    const outputs = (body: Json) => ((body.input as Json[]) ?? []).filter((i) => i.type === 'function_call_output');
    const taskOf = (body: Json) => String((((body.input as Json[])[0].content as Json[])[0]).text);
    // Both subagents' first calls wait until both have arrived: they only get answers if they run at once.
    let arrived = 0;
    let release!: () => void;
    const both = new Promise<void>((resolve) => (release = resolve));
    responses.route = async (body) => {
      if (!isSubagent(body)) {
        return outputs(body).length === 0
          ? toolCallTurn([{ name: 'delegate', arguments: JSON.stringify({ tasks: Object.keys(TASKS) }), callId: 'call_delegate' }])
          : textTurn('average() divides the sum by the count; shout() upper-cases the greeting.');
      }
      const file = TASKS[taskOf(body)];
      if (outputs(body).length === 0) {
        if (++arrived === 2) release();
        await both;
        return toolCallTurn([{ name: 'read_file', arguments: JSON.stringify({ path: file }), callId: `call_read_${arrived}` }], { usage: { input: 800, output: 20 } });
      }
      return textTurn(REPORTS[file], { usage: { input: 1200, output: 40 } });
    };
    try {
      await ask(chat, 'How do the helpers in this project work?');
      const answer = await waitForAnswerStatus(chat, 'done', 45_000);
      assert.match((await answer.locator('.message-body').textContent()) ?? '', /divides the sum by the count/);

      await answer.locator('.tool-card[data-call-id="call_delegate"][data-status="done"]', { hasText: 'Delegate 2 tasks' }).waitFor();
      const cards = answer.locator('.subagents .subagent-card');
      assert.equal(await cards.count(), 2);
      for (const [i, [task, file]] of Object.entries(TASKS).entries()) {
        const card = cards.nth(i);
        assert.equal(await card.getAttribute('data-status'), 'done');
        assert.equal(await card.locator('.subagent-task').textContent(), task);
        assert.match((await card.locator('.subagent-figures').textContent()) ?? '', /^2\.1k tokens · \$0\.\d{4} · \d+ s$/);
        await card.locator('summary').click();
        await card.locator('.subagent-activity li[data-status="done"]', { hasText: `read ${file}` }).waitFor();
        await card.locator('.subagent-report', { hasText: REPORTS[file] }).waitFor();
      }

      // The main model got the reports back, not the files the subagents read.
      const bodies = responses.requests.slice(-6).map((r) => r.body!);
      const followUp = JSON.stringify(bodies.filter((b) => !isSubagent(b)).at(-1)!.input);
      for (const report of Object.values(REPORTS)) assert.ok(followUp.includes(report.replace(/"/g, '\\"')), `the report "${report}" reached the main model`);
      assert.ok(!followUp.includes('let total = 0;'), 'the file text stayed with the subagent');
      assert.ok(bodies.some((b) => isSubagent(b) && JSON.stringify(b.input).includes('let total = 0;')), 'a subagent did read the file');
      // The turn's usage includes the subagents' calls.
      assert.match((await lastAnswer(chat).locator('.usage').textContent()) ?? '', /^4(\.\d)?k in/);
    } finally {
      responses.route = undefined;
    }
  });
});
