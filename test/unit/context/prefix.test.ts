import * as assert from 'node:assert/strict';
import { loadTokenCounter } from '../../../src/core/context/tokens';
import { runScriptedConversation, syntheticFiles, type ScriptTurn } from '../../support/contextScript';

describe('prompt-cache friendly requests over a scripted 10-turn conversation', () => {
  let turns: ScriptTurn[];
  before(async function () {
    this.timeout(30_000);
    turns = await runScriptedConversation({ files: syntheticFiles(24, 300), mentionFolder: 'src/ui', counter: await loadTokenCounter() });
  });

  it('keeps at least 90% of every request after turn 2 byte-identical to the previous request', () => {
    const shares = turns.map((t) => t.prefixShare);
    for (let turn = 3; turn <= 10; turn++) assert.ok(shares[turn - 1] >= 0.9, `turn ${turn}: ${(shares[turn - 1] * 100).toFixed(1)}%`);
  });

  it('starts every request with the whole previous request, edits and closed editors included', () => {
    for (let i = 1; i < turns.length; i++) {
      const previous = turns[i - 1].request;
      // The previous request ends with `]}` after its last item; everything before that must be repeated.
      const body = previous.slice(0, previous.length - 2);
      assert.ok(turns[i].request.startsWith(body), `turn ${i + 1} rewrote the previous request`);
      assert.equal(turns[i].report.rebuilt, undefined);
    }
  });

  it('still shows the model the edited file as it is now', () => {
    const [turn3, turn6] = [turns[2], turns[5]];
    assert.ok(turn3.request.includes('// edited by the user on turn 3'));
    assert.match(turn6.request, /<file path=\\"src\/core\/module01.ts\\" status=\\"updated since sent earlier\\">\\n\/\/ changed by the model's edit on turn 6/);
  });

  it('never goes over the input limit', () => {
    for (const t of turns) assert.ok(t.report.totalTokens <= t.report.budgetTokens);
  });
});
