import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Ignore } from 'ignore';
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

/** Largest .gitignore applied: far more than any real one, little enough to read at once. */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** The rules of the .gitignore in folder `rel` of `root`, if it has one. */
export async function loadGitignore(root: string, rel: string): Promise<Ignore | undefined> {
  const text = await readIgnoreFile(path.join(root, rel, '.gitignore'));
  return text === undefined ? undefined : gitignoreRules(text);
}

/**
 * The text of an ignore file, or undefined unless it is a regular file of at most MAX_GITIGNORE_BYTES: a
 * repository's `.gitignore` may be a FIFO (reading would wait for ever), or a link to `/dev/zero` (never
 * followed, as git does not follow it either).
 */
export async function readIgnoreFile(absPath: string): Promise<string | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > MAX_GITIGNORE_BYTES) return undefined;
    // One byte more than it claims: a file that grows while it is read is left alone.
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > stats.size) return undefined;
    }
    return buffer.toString('utf8', 0, length);
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** True when the bytes look like a binary file (a NUL byte in the first 8 KB). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
