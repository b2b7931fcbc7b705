import assert from 'node:assert/strict';
import { computePatch, type PatchOptions } from '../../../src/core/edits';

const SECRET = [
  'API_KEY=sk-live-0123456789abcdef',
  'DB_PASSWORD=hunter2-correct-horse',
  '# shared settings',
  'REGION=eu-west-1',
  'TIMEOUT=30',
  '# shared settings',
  'REGION=eu-west-1',
  'TIMEOUT=30',
  'DEBUG=false',
  '',
].join('\n');
const FILE_LINES = SECRET.split('\n').filter((l) => l.trim() !== '');

const privately: PatchOptions = { mayQuote: () => false };

async function outcome(body: string[], options?: PatchOptions): Promise<{ ok: boolean; text: string }> {
  const patch = ['*** Begin Patch', '*** Update File: .env', ...body, '*** End Patch'].join('\n');
  const result = await computePatch(patch, async (p) => (p === '.env' ? SECRET : undefined), options);
  return result.ok ? { ok: true, text: result.tolerances.join('\n') } : { ok: false, text: result.error };
}

function quotedLines(text: string): string[] {
  return FILE_LINES.filter((line) => text.includes(line) || text.includes(line.split('=')[1] ?? line));
}

/** Every way a hunk can be refused, each with the reason the message must give. */
const REFUSALS: Array<[string, string[], RegExp]> = [
  ['a line to remove that is not in the file', ['@@', ' DB_PASSWORD=hunter2-correct-horse', '-API_KEY=sk-live-WRONG', '+API_KEY=new'], /line to remove \(line 2 of its 2 context and removed lines\) is not in the file/],
  ['lines not in that order', ['@@', ' DEBUG=false', '-API_KEY=sk-live-0123456789abcdef', '+API_KEY=new'], /not in the file in that order\. The closest text is at line \d+ \(/],
  ['no line of the hunk in the file', ['@@', ' nothing like it', '-or this', '+x'], /none of its lines occur in the file/],
  ['two places', ['@@', ' # shared settings', '-REGION=eu-west-1', '+REGION=us-east-1'], /match 2 places equally well \(lines 3, 6\)/],
  ['two places once whitespace is ignored', ['@@', '    # shared settings', '-REGION=eu-west-1', '+REGION=us-east-1'], /match 2 places equally well/],
  ['a match too weak (two of three context lines only similar)', ['@@', ' APIKEY=sk-live-0123456789abcdef', ' DB_PASSWORD=hunter2-correct-horsee', '-# shared settings', '+# settings'], /is not in the file|not in the file in that order/],
  ['hunks out of order', ['@@', '-DEBUG=false', '+DEBUG=true', '@@', '-API_KEY=sk-live-0123456789abcdef', '+API_KEY=new'], /not after the previous hunk/],
  ['an insertion without context', ['@@', '+NEW=1'], /no unchanged lines/],
  ['an insertion whose anchor is only above the previous hunk', ['@@', '-DEBUG=false', '+DEBUG=true', '@@ API_KEY=sk-live-0123456789abcdef', '+NEW=1'], /its anchor is not in the file after the previous hunk/],
];

describe('refusals on a file whose lines must not be quoted', () => {
  for (const [what, body, reason] of REFUSALS) {
    it(`refuses ${what} without any of the file's text`, async () => {
      const { ok, text } = await outcome(body, privately);
      assert.equal(ok, false, 'refused');
      assert.match(text, reason);
      assert.deepEqual(quotedLines(text), [], text);
    });
  }

  it('quotes the file where that is allowed (so the checks above can fail)', async () => {
    const { text } = await outcome(REFUSALS[0][1]);
    assert.ok(quotedLines(text).includes('# shared settings'), text);
  });

  it('does not quote the file in the tolerances of a patch that applies either', async () => {
    const body = ['@@', ' API_KEY=sk-live-0123456789abcdeX', ' DB_PASSWORD=hunter2-correct-horse', ' # shared settings', '-REGION=eu-west-1', '+REGION=us-east-1'];
    const quoted = await outcome(body);
    assert.ok(quoted.ok && quotedLines(quoted.text).length > 0, quoted.text);
    const unquoted = await outcome(body, privately);
    assert.equal(unquoted.ok, true);
    assert.match(unquoted.text, /its context line 1 differs from the file's line 1; kept the file's line/);
    assert.deepEqual(quotedLines(unquoted.text), []);
  });

  it('asks mayQuote about the real path a link names', async () => {
    const asked: string[] = [];
    const options: PatchOptions = { canonicalPath: async (p) => (p === 'notes.txt' ? '.env' : p), mayQuote: (p) => (asked.push(p), false) };
    const patch = ['*** Begin Patch', '*** Update File: notes.txt', '@@', '-API_KEY=nope', '+API_KEY=x', '*** End Patch'].join('\n');
    const result = await computePatch(patch, async (p) => (p === 'notes.txt' ? SECRET : undefined), options);
    assert.equal(result.ok, false);
    assert.deepEqual(asked, ['.env']);
    assert.deepEqual(quotedLines(result.ok ? '' : result.error), []);
  });
});
