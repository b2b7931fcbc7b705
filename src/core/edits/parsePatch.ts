import { parseBeginPatch, startsBeginPatch } from './beginPatchFormat';
import type { ParseResult } from './patchModel';
import { patchLines } from './patchText';
import { parseUnifiedDiff, startsUnifiedDiff } from './unifiedDiffFormat';

/**
 * Parses a patch in either format the model may send: the `*** Begin Patch` format or a unified diff.
 * Text before the patch (prose, an opening ``` fence) is skipped; whichever format starts first wins.
 */
export function parsePatch(text: string): ParseResult {
  const lines = patchLines(text);
  for (let i = 0; i < lines.length; i++) {
    if (startsBeginPatch(lines[i])) return parseBeginPatch(lines, i);
    if (startsUnifiedDiff(lines, i)) return parseUnifiedDiff(lines, i);
  }
  const first = lines.findIndex((l) => l.trim() !== '');
  return {
    ok: false,
    error: {
      line: first < 0 ? 1 : first + 1,
      message:
        "expected a patch: '*** Begin Patch' then '*** Update File: <path>' (or Add/Delete File) and its hunks, " +
        "or a unified diff starting '--- a/<path>' then '+++ b/<path>'",
    },
  };
}
