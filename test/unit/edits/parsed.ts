import assert from 'node:assert/strict';
import { parsePatch, type FilePatch, type ParsedPatch } from '../../../src/core/edits';

/** The file sections of a patch that must parse, in the given format. */
export function parsedFiles(text: string, format: ParsedPatch['format']): FilePatch[] {
  const result = parsePatch(text);
  if (!result.ok) assert.fail(`expected the patch to parse: line ${result.error.line}: ${result.error.message}`);
  assert.equal(result.patch.format, format);
  return result.patch.files;
}

/** The syntax error of a patch that must not parse. */
export function syntaxError(text: string): { line: number; message: string } {
  const result = parsePatch(text);
  if (result.ok) assert.fail('expected a syntax error');
  return result.error;
}
