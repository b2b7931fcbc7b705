import type { FileChange } from '../workspace';
import { applyHunks } from './applyHunks';
import { parsePatch } from './parsePatch';
import { hasChanges, type FilePatch } from './patchModel';
import { lexicalPath } from './patchText';

export type PatchResult =
  | { ok: true; changes: FileChange[]; tolerances: string[]; summary: string }
  | { ok: false; error: string };

/** Reads a workspace-relative path's current text; undefined when it does not exist. */
export type ReadFile = (path: string) => Promise<string | undefined>;

/** What the host tells the engine about paths; every field is optional. */
export interface PatchOptions {
  /** The real, workspace-relative path a patch path names (after `..`, `./`, doubled slashes and symlinks);
   *  sections that name one file through different spellings or links are applied one after another on the
   *  same text (merged), never one overwriting the other. May throw to refuse a path. */
  canonicalPath?: (path: string) => Promise<string>;
  /** False when a refusal must not quote the file's lines (secret files): the message then says where the
   *  hunk failed without showing any of the file's text. */
  mayQuote?: (path: string) => boolean;
}

/** What one section of the patch did to a file, for refusing the next one in words. */
type Step = { kind: 'add' | 'delete' | 'update' | 'moved-away' | 'moved-here'; patchLine: number };

/** One real file as the patch goes: its text before, its text so far, and the sections that touched it. */
interface FileState {
  /** The spelling of the first section naming it: what readFile was given and what the change names. */
  path: string;
  real: string;
  original: string | undefined;
  current: string | undefined;
  steps: Step[];
  hunks: number;
  /** Where a `*** Move to:` took it. */
  movedTo?: FileState;
}

class Refusal extends Error {}

/**
 * Computes the changes a patch makes to the current files, without writing anything: every file
 * section must apply, or the result is a refusal saying which file and hunk failed and why. Sections
 * naming one real file (by any spelling, or a link when `options.canonicalPath` resolves links) apply
 * one after another to the same text; a patch that changes nothing is refused.
 */
export async function computePatch(patchText: string, readFile: ReadFile, options: PatchOptions = {}): Promise<PatchResult> {
  const parsed = parsePatch(patchText);
  if (!parsed.ok) return { ok: false, error: `The patch could not be read: line ${parsed.error.line}: ${parsed.error.message}.` };
  const files = new Map<string, FileState>();
  const tolerances = [...parsed.patch.notes];
  const state = async (path: string): Promise<FileState> => {
    const real = await canonical(path, options);
    let file = files.get(real);
    if (!file) {
      let text: string | undefined;
      try {
        text = await readFile(path);
      } catch (err) {
        throw new Refusal(`${path}: ${messageOf(err)}`);
      }
      file = { path, real, original: text, current: text, steps: [], hunks: 0 };
      files.set(real, file);
    }
    return file;
  };
  try {
    for (const section of parsed.patch.files) await applySection(section, state, tolerances, options);
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.message };
    throw err;
  }
  const changes = toChanges(files);
  if (changes.length === 0) {
    return {
      ok: false,
      error: "The patch changes nothing: its '-' and '+' lines leave every file as it was, so nothing was written. Send the lines to remove with '-' and their replacements with '+'.",
    };
  }
  for (const file of files.values()) {
    if (file.current !== undefined && file.current === file.original && file.hunks > 0) {
      tolerances.push(`${file.path}: its hunks leave it as it was (their '-' and '+' lines are the same text); it is not changed`);
    }
  }
  return { ok: true, changes, tolerances, summary: summarize(changes, files) };
}

/** The real path a spelling names: the host's answer when it gives one, else the path normalised lexically. */
async function canonical(path: string, options: PatchOptions): Promise<string> {
  if (!options.canonicalPath) return lexicalPath(path);
  try {
    return lexicalPath(await options.canonicalPath(path));
  } catch (err) {
    throw new Refusal(`${path}: ${messageOf(err)}`);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The section that last did something to the file, as words for a refusal. */
function earlier(file: FileState, kinds: ReadonlyArray<Step['kind']>): string | undefined {
  const step = [...file.steps].reverse().find((s) => kinds.includes(s.kind));
  if (!step) return undefined;
  const what = { add: 'added', delete: 'deleted', update: 'changed', 'moved-away': 'moved away', 'moved-here': 'the target of a move' }[step.kind];
  return `${what} by this patch at line ${step.patchLine}`;
}

async function applySection(section: FilePatch, state: (path: string) => Promise<FileState>, tolerances: string[], options: PatchOptions): Promise<void> {
  if (section.path.endsWith('/')) throw new Refusal(`${section.path} is a folder; a patch changes files.`);
  const file = await state(section.path);
  const name = section.path;
  const moved = earlier(file, ['moved-away', 'moved-here']);
  if (moved) throw new Refusal(`${name} is ${moved} and cannot be changed again in it; put all its hunks in one section.`);
  switch (section.kind) {
    case 'add': {
      if (file.current !== undefined) {
        const before = earlier(file, ['add']);
        if (before) throw new Refusal(`${name} is added twice (it is already ${before}); put all its lines in one '*** Add File' section.`);
        throw new Refusal(`${name} already exists, so it cannot be added. Change it with '*** Update File: ${name}' and hunks instead.`);
      }
      // After a delete of the same file this replaces its text: one update, not a loss.
      file.current = section.lines.length === 0 ? '' : section.lines.join('\n') + (section.finalNewline ? '\n' : '');
      file.steps.push({ kind: 'add', patchLine: section.patchLine });
      return;
    }
    case 'delete': {
      if (file.current === undefined) {
        const before = earlier(file, ['delete']);
        throw new Refusal(before ? `${name} is deleted twice (it is already ${before}).` : `${name} does not exist, so it cannot be deleted.`);
      }
      const before = earlier(file, ['add', 'update']);
      if (before) throw new Refusal(`${name} is ${before} and then deleted at line ${section.patchLine}; that change would be lost. Send either the change or the delete.`);
      file.current = undefined;
      file.steps.push({ kind: 'delete', patchLine: section.patchLine });
      return;
    }
    case 'update': {
      if (file.current === undefined) {
        const before = earlier(file, ['delete']);
        if (before) throw new Refusal(`${name} is ${before}, so it cannot be updated after that.`);
        throw new Refusal(`${name} does not exist. Check the path, or create it with '*** Add File: ${name}'.`);
      }
      const target = section.moveTo === undefined ? undefined : await state(section.moveTo);
      const moves = target !== undefined && target !== file;
      if (!moves && !section.hunks.some(hasChanges)) {
        throw new Refusal(
          `${name}: the section at patch line ${section.patchLine} changes nothing: none of its hunks has a line starting with '-' or '+'. ` +
            "Send the lines to remove with '-', their replacements with '+', and 2-3 unchanged lines around them with ' '.",
        );
      }
      const mayQuote = options.mayQuote ? options.mayQuote(file.real) : true;
      const applied = applyHunks(name, file.current, section.hunks, mayQuote);
      if (!applied.ok) throw new Refusal(applied.error);
      tolerances.push(...applied.tolerances);
      file.hunks += section.hunks.length;
      file.steps.push({ kind: 'update', patchLine: section.patchLine });
      if (!moves) {
        if (target === file && section.moveTo !== name) tolerances.push(`${name}: '*** Move to: ${section.moveTo}' names the same file; it is changed in place`);
        file.current = applied.text;
        return;
      }
      if (target.current !== undefined) {
        const before = earlier(target, ['add', 'update', 'moved-here']);
        throw new Refusal(`Cannot move ${name} to ${section.moveTo}: that file exists${before ? ` (it is ${before})` : ''}.`);
      }
      if (target.original !== undefined) {
        throw new Refusal(
          `Cannot move ${name} to ${section.moveTo}: that file is ${earlier(target, ['delete', 'moved-away'])}, and a move does not replace a file. Move it in a separate patch.`,
        );
      }
      if (file.original === undefined) throw new Refusal(`${name} is added by this patch; add it at ${section.moveTo} instead of moving it.`);
      file.current = undefined;
      target.current = applied.text;
      file.steps.push({ kind: 'moved-away', patchLine: section.patchLine });
      target.steps.push({ kind: 'moved-here', patchLine: section.patchLine });
      file.movedTo = target;
    }
  }
}

/** One change per real file, named by the first section's spelling; a moved file is one change from its old path. */
function toChanges(files: Map<string, FileState>): FileChange[] {
  const changes: FileChange[] = [];
  for (const file of files.values()) {
    const { path, original, current } = file;
    if (file.steps.some((s) => s.kind === 'moved-here')) continue;
    if (file.movedTo) changes.push({ kind: 'update', path, oldText: original!, newText: file.movedTo.current!, moveTo: file.movedTo.path });
    else if (original === undefined && current !== undefined) changes.push({ kind: 'add', path, newText: current });
    else if (original !== undefined && current === undefined) changes.push({ kind: 'delete', path, oldText: original });
    else if (original !== undefined && current !== undefined && original !== current) changes.push({ kind: 'update', path, oldText: original, newText: current });
  }
  return changes;
}

function summarize(changes: FileChange[], files: Map<string, FileState>): string {
  const hunks = new Map([...files.values()].map((f) => [f.path, f.hunks]));
  const parts = changes.map((c) => {
    if (c.kind === 'add') return `add ${c.path}`;
    if (c.kind === 'delete') return `delete ${c.path}`;
    const count = hunks.get(c.path) ?? 0;
    const edits = count > 0 ? ` (${count} hunk${count > 1 ? 's' : ''})` : '';
    return c.moveTo !== undefined ? `move ${c.path} to ${c.moveTo}${edits}` : `update ${c.path}${edits}`;
  });
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
