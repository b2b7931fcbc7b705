import type { FileChange } from '../workspace';
import { applyHunks } from './applyHunks';
import { parsePatch } from './parsePatch';
import type { FilePatch } from './patchModel';

export type PatchResult =
  | { ok: true; changes: FileChange[]; tolerances: string[]; summary: string }
  | { ok: false; error: string };

/** Reads a workspace-relative path's current text; undefined when it does not exist. */
export type ReadFile = (path: string) => Promise<string | undefined>;

interface FileState {
  original: string | undefined;
  current: string | undefined;
}

class Refusal extends Error {}

/**
 * Computes the changes a patch makes to the current files, without writing anything: every file
 * section must apply, or the result is a refusal saying which file and hunk failed and why.
 */
export async function computePatch(patchText: string, readFile: ReadFile): Promise<PatchResult> {
  const parsed = parsePatch(patchText);
  if (!parsed.ok) return { ok: false, error: `The patch could not be read: line ${parsed.error.line}: ${parsed.error.message}.` };
  const files = new Map<string, FileState>();
  const moves = new Map<string, string>();
  const tolerances = [...parsed.patch.notes];
  const read = async (path: string): Promise<FileState> => {
    let state = files.get(path);
    if (!state) {
      let text: string | undefined;
      try {
        text = await readFile(path);
      } catch (err) {
        throw new Refusal(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
      state = { original: text, current: text };
      files.set(path, state);
    }
    return state;
  };
  try {
    for (const section of parsed.patch.files) {
      if (moves.has(section.path) || [...moves.values()].includes(section.path)) {
        throw new Refusal(`${section.path} is moved by this patch and cannot be changed again in it; put all its hunks in one section.`);
      }
      await applySection(section, read, moves, tolerances);
    }
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.message };
    throw err;
  }
  const changes = toChanges(files, moves);
  return { ok: true, changes, tolerances, summary: summarize(changes, parsed.patch.files) };
}

async function applySection(section: FilePatch, read: (path: string) => Promise<FileState>, moves: Map<string, string>, tolerances: string[]): Promise<void> {
  if (section.path.endsWith('/')) throw new Refusal(`${section.path} is a folder; a patch changes files.`);
  const state = await read(section.path);
  switch (section.kind) {
    case 'add': {
      if (state.current !== undefined) {
        throw new Refusal(`${section.path} already exists, so it cannot be added. Change it with '*** Update File: ${section.path}' and hunks instead.`);
      }
      state.current = section.lines.length === 0 ? '' : section.lines.join('\n') + (section.finalNewline ? '\n' : '');
      return;
    }
    case 'delete': {
      if (state.current === undefined) throw new Refusal(`${section.path} does not exist, so it cannot be deleted.`);
      state.current = undefined;
      return;
    }
    case 'update': {
      if (state.current === undefined) {
        throw new Refusal(`${section.path} does not exist. Check the path, or create it with '*** Add File: ${section.path}'.`);
      }
      const applied = applyHunks(section.path, state.current, section.hunks);
      if (!applied.ok) throw new Refusal(applied.error);
      tolerances.push(...applied.tolerances);
      if (section.moveTo === undefined || section.moveTo === section.path) {
        state.current = applied.text;
        return;
      }
      const target = await read(section.moveTo);
      if (target.current !== undefined) throw new Refusal(`Cannot move ${section.path} to ${section.moveTo}: that file exists.`);
      if (state.original === undefined) throw new Refusal(`${section.path} is added by this patch; add it at ${section.moveTo} instead of moving it.`);
      state.current = undefined;
      target.current = applied.text;
      moves.set(section.path, section.moveTo);
    }
  }
}

function toChanges(files: Map<string, FileState>, moves: Map<string, string>): FileChange[] {
  const changes: FileChange[] = [];
  const movedTargets = new Set(moves.values());
  for (const [path, state] of files) {
    if (movedTargets.has(path)) continue;
    const to = moves.get(path);
    if (to !== undefined) {
      changes.push({ kind: 'update', path, oldText: state.original!, newText: files.get(to)!.current!, moveTo: to });
    } else if (state.original === undefined && state.current !== undefined) {
      changes.push({ kind: 'add', path, newText: state.current });
    } else if (state.original !== undefined && state.current === undefined) {
      changes.push({ kind: 'delete', path, oldText: state.original });
    } else if (state.original !== undefined && state.current !== undefined && state.original !== state.current) {
      changes.push({ kind: 'update', path, oldText: state.original, newText: state.current });
    }
  }
  return changes;
}

function summarize(changes: FileChange[], sections: FilePatch[]): string {
  if (changes.length === 0) return 'The patch changes nothing.';
  const hunkCount = (path: string) =>
    sections.reduce((n, s) => n + (s.kind === 'update' && s.path === path ? s.hunks.length : 0), 0);
  const parts = changes.map((c) => {
    if (c.kind === 'add') return `add ${c.path}`;
    if (c.kind === 'delete') return `delete ${c.path}`;
    const hunks = hunkCount(c.path);
    const edits = hunks > 0 ? ` (${hunks} hunk${hunks > 1 ? 's' : ''})` : '';
    return c.moveTo !== undefined ? `move ${c.path} to ${c.moveTo}${edits}` : `update ${c.path}${edits}`;
  });
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
