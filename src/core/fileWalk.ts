import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readSmallTextFile } from './files/safeOpen';

/** Folders never worth walking, whatever .gitignore says. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

export interface WalkEntry {
  /** Workspace-relative, `/`-separated. */
  path: string;
  type: 'file' | 'directory';
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
  const rules: Array<{ base: string; ig: Ignore }> = [];
  // Rules of the folders above the start folder apply too.
  const parts = start === '' ? [] : start.split('/');
  for (let i = 0; i <= parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    const ig = await loadGitignore(root, rel);
    if (ig) rules.push({ base: rel, ig });
  }
  let truncated = false;

  const isIgnored = (rel: string, isDir: boolean): boolean =>
    rules.some(({ base, ig }) => {
      if (base !== '' && !rel.startsWith(base + '/')) return false;
      const sub = base === '' ? rel : rel.slice(base.length + 1);
      return ig.ignores(isDir ? sub + '/' : sub);
    });

  async function visit(rel: string): Promise<void> {
    let dirents: import('node:fs').Dirent[];
    try {
      dirents = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      if (entries.length >= options.limit) {
        truncated = true;
        return;
      }
      const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
      const isDir = d.isDirectory();
      if (!isDir && !d.isFile()) continue;
      if (isDir && ALWAYS_SKIPPED.has(d.name)) continue;
      if (isIgnored(childRel, isDir)) continue;
      if (isDir) {
        if (options.includeDirectories) entries.push({ path: childRel, type: 'directory' });
        if (options.recursive) {
          const ig = await loadGitignore(root, childRel);
          if (ig) rules.push({ base: childRel, ig });
          await visit(childRel);
          if (ig) rules.pop();
        }
      } else {
        entries.push({ path: childRel, type: 'file' });
      }
    }
  }
  await visit(start);
  return { entries, truncated };
}

async function loadGitignore(root: string, rel: string): Promise<Ignore | undefined> {
  const text = await readSmallTextFile(path.join(root, rel, '.gitignore'));
  return text === undefined ? undefined : ignore().add(text);
}

/** Binary detection lives with the text encodings; re-exported for the walkers. */
export { looksBinary } from './files/textEncoding';
