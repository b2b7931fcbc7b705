// What the model's file listing and search leave out in the editor: what git ignores (every .gitignore,
// nested ones applying below their folder), what `files.exclude` hides, and folders never worth reading.
// Free of `vscode` so it is unit-tested; the editor workspace feeds it the files and settings.
import ignore, { type Ignore } from 'ignore';
import { globToRegExp } from '../core/glob';

const NEVER_READ = new Set(['.git', 'node_modules', '.hg', '.svn']);

export class IgnoreRules {
  private readonly gitignores: Array<{ base: string; rules: Ignore }> = [];
  private readonly excludes: RegExp[];

  /** `filesExclude` is the `files.exclude` setting: glob → true (hidden) or false/condition (shown). */
  constructor(filesExclude: Record<string, unknown> = {}) {
    this.excludes = Object.entries(filesExclude)
      .filter(([, on]) => on === true)
      .map(([glob]) => globToRegExp(glob.replace(/\/$/, '')));
  }

  /** Adds the rules of the .gitignore in folder `base` ('' for the root). */
  addGitignore(base: string, text: string): void {
    this.gitignores.push({ base: base.replace(/\/$/, ''), rules: ignore().add(text) });
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
