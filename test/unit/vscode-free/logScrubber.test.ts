import * as assert from 'node:assert/strict';
import { LogScrubber } from '../../../src/vscode/logScrubber';

describe('what reaches the Mini Coder log', () => {
  it('removes a key it was told about wherever it appears, whatever its shape', () => {
    const scrubber = new LogScrubber();
    scrubber.forget('rw_8f3k2j1h0g9f8e7d');
    const line = scrubber.scrub('401 from server: invalid key rw_8f3k2j1h0g9f8e7d (key=rw_8f3k2j1h0g9f8e7d)');
    assert.ok(!line.includes('rw_8f3k2j1h0g9f8e7d'), line);
    assert.match(line, /\[redacted\]/);
  });

  it('removes bearer tokens and sk- keys even when not told about them', () => {
    const line = new LogScrubber().scrub('Authorization: Bearer abcdefghijklmnop, also sk-proj-1234567890abcdef');
    assert.ok(!line.includes('abcdefghijklmnop') && !line.includes('1234567890abcdef'), line);
  });

  it('leaves ordinary text alone and ignores values too short to be keys', () => {
    const scrubber = new LogScrubber();
    scrubber.forget('abc');
    assert.equal(scrubber.scrub('Turn done in 120 ms: abc'), 'Turn done in 120 ms: abc');
  });
});
