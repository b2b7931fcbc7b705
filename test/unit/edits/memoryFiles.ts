import assert from 'node:assert/strict';
import { computePatch, type PatchResult } from '../../../src/core/edits';

export type Files = Record<string, string>;

/** Runs the engine against an in-memory set of files. */
export function patchFiles(files: Files, patch: string): Promise<PatchResult> {
  return computePatch(patch, async (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined));
}

/** The files after applying the patch's changes (as a workspace would), or the refusal. */
export async function applyToFiles(files: Files, patch: string): Promise<{ files: Files; tolerances: string[] }> {
  const result = await patchFiles(files, patch);
  if (!result.ok) assert.fail(`expected the patch to apply, it was refused: ${result.error}`);
  const out: Files = { ...files };
  for (const change of result.changes) {
    if (change.kind !== 'add') assert.equal(change.oldText, files[change.path], `oldText of ${change.path} is the text it was computed against`);
    if (change.kind === 'add') out[change.path] = change.newText;
    else if (change.kind === 'delete') delete out[change.path];
    else {
      if (change.moveTo !== undefined) delete out[change.path];
      out[change.moveTo ?? change.path] = change.newText;
    }
  }
  return { files: out, tolerances: result.tolerances };
}

/** The one file's new text after the patch. */
export async function applyToText(text: string, patch: string, path = 'f.txt'): Promise<{ text: string; tolerances: string[] }> {
  const { files, tolerances } = await applyToFiles({ [path]: text }, patch);
  return { text: files[path], tolerances };
}

/** The refusal's message; fails the test if the patch applied. */
export async function refusal(files: Files, patch: string): Promise<string> {
  const result = await patchFiles(files, patch);
  if (result.ok) assert.fail(`expected a refusal, but the patch applied: ${JSON.stringify(result.changes)}`);
  return result.error;
}

/** A `*** Begin Patch` update of one file with the given hunk body lines. */
export function updatePatch(path: string, ...body: string[]): string {
  return ['*** Begin Patch', `*** Update File: ${path}`, ...body, '*** End Patch'].join('\n');
}
