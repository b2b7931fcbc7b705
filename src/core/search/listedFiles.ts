// A list of files the host already has (the editor's, from findFiles with files.exclude applied) filtered as the
// worker's own walk would filter a folder: what every .gitignore on the way ignores (each loaded once) and the
// folders never worth reading are left out.
import type { Ignore } from 'ignore';
import { ALWAYS_SKIPPED, loadGitignore } from '../fileWalk';

/** The listed files (relative to `root`, `/`-separated) that no .gitignore ignores, in name order. */
export async function* unignoredFiles(root: string, files: readonly string[]): AsyncGenerator<string> {
  const rules = new Map<string, Promise<Ignore | undefined>>();
  const folderIgnored = new Map<string, boolean>();
  const rulesOf = (dir: string) => {
    let loaded = rules.get(dir);
    if (!loaded) rules.set(dir, (loaded = loadGitignore(root, dir)));
    return loaded;
  };
  // Whether the rules of the folders above `rel` (and of `rel`'s own folder) ignore it.
  const ignoredByRules = async (rel: string, isDir: boolean): Promise<boolean> => {
    const segments = rel.split('/');
    for (let depth = 0; depth < segments.length; depth++) {
      const base = segments.slice(0, depth).join('/');
      const ig = await rulesOf(base);
      const sub = segments.slice(depth).join('/');
      if (ig?.ignores(isDir ? `${sub}/` : sub)) return true;
    }
    return false;
  };
  const folderIsIgnored = async (dir: string): Promise<boolean> => {
    let known = folderIgnored.get(dir);
    if (known === undefined) {
      const slash = dir.lastIndexOf('/');
      const parent = slash < 0 ? '' : dir.slice(0, slash);
      const name = dir.slice(slash + 1);
      known = ALWAYS_SKIPPED.has(name) || (parent !== '' && (await folderIsIgnored(parent))) || (await ignoredByRules(dir, true));
      folderIgnored.set(dir, known);
    }
    return known;
  };
  for (const rel of [...files].sort()) {
    const slash = rel.lastIndexOf('/');
    if (slash >= 0 && (await folderIsIgnored(rel.slice(0, slash)))) continue;
    if (await ignoredByRules(rel, false)) continue;
    yield rel;
  }
}
