import * as assert from 'node:assert/strict';
import { noSkips } from '../../../src/core/search/request';
import { describeOutcome } from '../../../src/core/search/describeOutcome';
import type { SearchOutcome } from '../../../src/core/workspace';

const MB = 1024 * 1024;
const outcome = (over: Partial<SearchOutcome>): SearchOutcome => ({ matches: [], filesSearched: 0, skipped: noSkips(), ...over });
const match = { path: 'src/a.ts', line: 3, text: 'const a = 1;' };

describe('what search_text tells the model', () => {
  it('lists matches as path:line: text, then how many files were searched', () => {
    assert.equal(describeOutcome(outcome({ matches: [match], filesSearched: 1234 }), MB), 'src/a.ts:3: const a = 1;\n(1 match in 1,234 files searched)');
  });

  it('never answers a bare "No matches." for a search that stopped early', () => {
    for (const [reason, detail] of [
      ['time_limit', 'its time limit (30 s) passed'],
      ['cancelled', 'it was stopped'],
      ['max_files', 'it reached the limit of 50,000 files searched'],
      ['memory_limit', 'it used up its 256 MB memory budget'],
    ] as const) {
      const said = describeOutcome(outcome({ filesSearched: 50_000, stopped: { reason, detail } }), MB);
      assert.equal(said, `No matches in the 50,000 files searched before the search stopped early because ${detail}. Files not searched may hold matches; narrow the search with include or a more specific query.`);
    }
  });

  it('says the match limit was reached', () => {
    const said = describeOutcome(outcome({ matches: [match, match], filesSearched: 7, stopped: { reason: 'max_results', detail: 'it found 2 matches' } }), MB);
    assert.match(said, /\n\(the first 2 matches, in 7 files searched; the search stopped there: narrow the query or use include\)$/);
  });

  it('counts what was skipped and tells how the user can allow secret files', () => {
    const said = describeOutcome(outcome({ filesSearched: 3, skipped: { secret: 2, large: 1, binary: 4, special: 1, links: 3, unreadable: 1 } }), MB);
    assert.equal(
      said.split('\n')[1],
      "Skipped: 2 secret files (.env, keys, credentials: not searched without the user's permission; the user can allow such files with the miniCoder.context.allow user setting in VS Code or --allow-read PATH in the terminal); 1 file larger than 1.0 MB (read_file reads them a page at a time); 4 binary files; 3 symbolic links (never followed); 1 FIFO, device or socket; 1 unreadable file.",
    );
  });
});
