import * as assert from 'node:assert/strict';
import { matchMentions, parseMention, terminalSource } from '../../../src/core/context/sources';
import { gatherFsSources } from '../../../src/core/context/fsSources';
import { writeTempTree } from '../../support/tempTree';
import { promises as fs } from 'node:fs';

describe('the @terminal mention', () => {
  it('is offered among the completions and read as a mention of its own', () => {
    assert.deepEqual(parseMention('@terminal'), { type: 'terminal' });
    assert.deepEqual(matchMentions('term', []).map((m) => m.label), ['terminal']);
  });

  it('sends the last command with its output and how it ended', () => {
    const source = terminalSource({ terminal: 'bash', commandLine: 'npm test', output: 'FAIL a.test.ts\n', exitCode: 1 }, 'unused');
    assert.equal(source.kind, 'terminal_output');
    assert.equal(source.text, '$ npm test\nFAIL a.test.ts\n(exit code 1, in the terminal "bash")\n');
    assert.equal(source.withheld, undefined);
  });

  it('says why there is nothing to send', () => {
    const source = terminalSource(undefined, 'no terminal is open');
    assert.equal(source.withheld, 'no terminal is open');
    assert.equal(source.text, '');
  });

  it('is withheld in the terminal host, which has no terminal to read', async () => {
    const root = await writeTempTree({ 'a.txt': 'a\n' });
    try {
      const sources = await gatherFsSources({ root, mentions: ['terminal'], outline: false });
      assert.match(sources.find((s) => s.kind === 'terminal_output')?.withheld ?? '', /no terminal/);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
