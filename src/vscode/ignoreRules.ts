// What the model's file listing and search leave out in the editor: what git ignores (every .gitignore,
// nested ones applying below their folder), what `files.exclude` hides, and folders never worth reading.
// Free of `vscode` so it is unit-tested; the editor workspace feeds it the files and settings.
import type { Ignore } from 'ignore';
import { gitignoreRules } from '../core/gitignore';
import { compileGlob, type GlobMatcher } from '../core/glob';

const NEVER_READ = new Set(['.git', 'node_modules', '.hg', '.svn']);

export class IgnoreRules {
  private readonly gitignores: Array<{ base: string; rules: Ignore }> = [];
  private readonly excludes: GlobMatcher[];

  /** `filesExclude` is the `files.exclude` setting: glob → true (hidden) or false/condition (shown). */
  constructor(filesExclude: Record<string, unknown> = {}) {
    this.excludes = Object.entries(filesExclude)
      .filter(([, on]) => on === true)
      .flatMap(([glob]) => {
        try {
          return [compileGlob(glob.replace(/\/$/, ''))];
        } catch {
          return []; // longer than any glob meant for paths: not applied
        }
      });
  }

  /** Adds the rules of the .gitignore in folder `base` ('' for the root). */
  addGitignore(base: string, text: string): void {
    this.gitignores.push({ base: base.replace(/\/$/, ''), rules: gitignoreRules(text) });
  }

  /** True when the workspace-relative path should not be listed, searched or read by the model's tools. */
  ignores(rel: string, isDirectory: boolean): boolean {
    const segments = rel.split('/');
    if (segments.some((s) => NEVER_READ.has(s))) return true;
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (this.excludes.some((re) => re.test(prefix))) return true;
    }
    return this.gitignores.some(({ base, rules }) => {
      if (base !== '' && !rel.startsWith(`${base}/`)) return false;
      const inner = base === '' ? rel : rel.slice(base.length + 1);
      return inner !== '' && rules.ignores(isDirectory ? `${inner}/` : inner);
    });
  }
}

/**
 * The exclude glob for `findFiles` in a search: the `files.exclude` globs that are on, plus `node_modules`. VS Code
 * applies files.exclude only when no exclude is given, so they are joined into one `{a,b}` group; when one holds
 * braces itself (groups do not nest) undefined is returned, and files.exclude alone applies.
 */
export function searchExcludeGlob(filesExclude: Record<string, unknown>): string | undefined {
  const on = Object.entries(filesExclude)
    .filter(([, value]) => value === true)
    .map(([glob]) => glob);
  if (on.some((glob) => /[{},]/.test(glob))) return undefined;
  return on.length === 0 ? '**/node_modules' : `{${[...on, '**/node_modules'].join(',')}}`;
}
