// How a path the model gives maps onto the workspace folders. Free of `vscode` so it is unit-tested.
// In a single-folder workspace paths are relative to the folder; with several folders a path may start with a
// folder's name (as VS Code's own relative paths do), otherwise the first folder is meant.
import * as path from 'node:path';
import { MiniCoderError } from '../core/errors';

export interface FolderRef {
  name: string;
  /** The folder on disk (for absolute paths the model may send). */
  fsPath: string;
}

export interface Located {
  folder: number;
  /** Path segments inside the folder; empty for the folder itself. */
  segments: string[];
}

/** Maps a model path to a folder and segments inside it; refuses anything that leaves the folders. */
export function locatePath(given: string, folders: readonly FolderRef[], pathApi: typeof path = path): Located {
  if (folders.length === 0) {
    throw new MiniCoderError({ kind: 'tool', message: 'No folder is open in VS Code; open a folder to let Mini Coder work with files.' });
  }
  if (pathApi.isAbsolute(given) || /^[A-Za-z]:[\\/]/.test(given)) return locateAbsolute(given, folders, pathApi);
  const segments: string[] = [];
  for (const part of given.split(/[\\/]/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) throw outside(given);
      segments.pop();
    } else segments.push(part);
  }
  if (folders.length > 1 && segments.length > 0) {
    const named = folders.findIndex((f) => f.name === segments[0]);
    if (named >= 0) return { folder: named, segments: segments.slice(1) };
  }
  return { folder: 0, segments };
}

/** The path to show the model and the user for a location (folder-name prefix with several folders). */
export function displayPath(located: Located, folders: readonly FolderRef[]): string {
  const inner = located.segments.join('/');
  if (folders.length <= 1) return inner;
  return inner === '' ? folders[located.folder].name : `${folders[located.folder].name}/${inner}`;
}

function locateAbsolute(given: string, folders: readonly FolderRef[], pathApi: typeof path): Located {
  const absolute = pathApi.resolve(given);
  for (let i = 0; i < folders.length; i++) {
    const rel = pathApi.relative(folders[i].fsPath, absolute);
    if (rel === '' || (!rel.startsWith('..') && !pathApi.isAbsolute(rel))) {
      return { folder: i, segments: rel === '' ? [] : rel.split(/[\\/]/) };
    }
  }
  throw outside(given);
}

/** The error for a path that leaves the workspace folders. */
export function outside(given: string): MiniCoderError {
  return new MiniCoderError({ kind: 'tool', message: `${given} is outside the workspace folders; only files inside them can be used.` });
}
