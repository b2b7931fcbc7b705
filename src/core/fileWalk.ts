import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Ignore } from 'ignore';
import { readSmallTextFile } from './files/safeOpen';
import { gitignoreRules } from './gitignore';

/** Folders never worth walking, whatever .gitignore says. */
export const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface WalkEntry {
  /** Workspace-relative, `/`-separated. */
  path: string;
  type: 'file' | 'directory';
}

/** What a walk meets besides files and folders: links (never followed) and FIFOs, devices, sockets (never read). */
export interface WalkOther {
  path: string;
  type: 'link' | 'special';
}

/**
 * Walks a folder tree depth-first in name order, honouring every .gitignore on the way (root and nested),
 * yielding entries as it goes (and links and special files too when `others` is set). Symlinks are not followed.
 */
export async function* walkEntries(
  root: string,
  start: string,
  options: { recursive: boolean; includeDirectories: boolean; others?: boolean },
): AsyncGenerator<WalkEntry | WalkOther> {
  const rules: Array<{ base: string; ig: Ignore }> = [];
  // Rules of the folders above the start folder apply too.
  const parts = start === '' ? [] : start.split('/');
  for (let i = 0; i <= parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    const ig = await loadGitignore(root, rel);
    if (ig) rules.push({ base: rel, ig });
  }

  const isIgnored = (rel: string, isDir: boolean): boolean =>
    rules.some(({ base, ig }) => {
      if (base !== '' && !rel.startsWith(base + '/')) return false;
      const sub = base === '' ? rel : rel.slice(base.length + 1);
      return ig.ignores(isDir ? sub + '/' : sub);
    });

  async function* visit(rel: string): AsyncGenerator<WalkEntry | WalkOther> {
    let dirents: import('node:fs').Dirent[];
    try {
      dirents = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
      const isDir = d.isDirectory();
      if (isDir && ALWAYS_SKIPPED.has(d.name)) continue;
      if (isIgnored(childRel, isDir)) continue;
      if (!isDir && !d.isFile()) {
        if (options.others) yield { path: childRel, type: d.isSymbolicLink() ? 'link' : 'special' };
        continue;
      }
      if (isDir) {
        if (options.includeDirectories) yield { path: childRel, type: 'directory' };
        if (options.recursive) {
          const ig = await loadGitignore(root, childRel);
          if (ig) rules.push({ base: childRel, ig });
          yield* visit(childRel);
          if (ig) rules.pop();
        }
      } else {
        yield { path: childRel, type: 'file' };
      }
    }
  }
  yield* visit(start);
}

/**
 * Walks a folder tree depth-first in name order, honouring every .gitignore on the way (root and nested).
 * Stops after `limit` entries. Symlinks are not followed.
 */
export async function walkFiles(
  root: string,
  start: string,
  options: { recursive: boolean; limit: number; includeDirectories: boolean },
): Promise<{ entries: WalkEntry[]; truncated: boolean }> {
  const entries: WalkEntry[] = [];
  for await (const entry of walkEntries(root, start, options)) {
    if (entries.length >= options.limit) return { entries, truncated: true };
    entries.push(entry as WalkEntry);
  }
  return { entries, truncated: false };
}

/** The rules of the .gitignore in folder `rel` of `root`, if it has one (and it is a small regular file). */
export async function loadGitignore(root: string, rel: string): Promise<Ignore | undefined> {
  const text = await readSmallTextFile(path.join(root, rel, '.gitignore'));
  return text === undefined ? undefined : gitignoreRules(text);
}

/** Binary detection lives with the text encodings; re-exported for the walkers. */
export { looksBinary } from './files/textEncoding';
