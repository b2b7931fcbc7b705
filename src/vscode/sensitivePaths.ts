// Which edits must always be reviewed, even with auto-approve on. Free of `vscode` so it is unit-tested.
// The rules err towards asking: a wrongly asked question costs a click, a wrongly skipped one can let text
// injected into a file rewrite the editor's settings, a git hook or a CI workflow without anyone looking.
import type { FileChange } from '../core/workspace';

/** Folders whose content configures or runs things, with the reason shown to the user. */
const SENSITIVE_FOLDERS: Record<string, string> = {
  '.vscode': 'editor settings and tasks',
  '.git': 'git internals (hooks run commands)',
  '.github': 'CI workflows and repository settings',
  '.devcontainer': 'container settings that run commands',
  '.husky': 'git hooks',
};

/** File names (lower case) that run commands or configure tools. */
const SENSITIVE_FILES: Record<string, string> = {
  'package.json': 'package scripts run commands',
  makefile: 'build commands',
  gnumakefile: 'build commands',
};

/** Why a path must always be reviewed, or undefined when auto-approve may apply an edit to it. */
export function sensitiveReason(path: string): string | undefined {
  const unified = path.replace(/\\/g, '/');
  if (unified.trim() === '') return 'an empty path';
  if (/^([A-Za-z]:|\/|~)/.test(unified)) return 'a path outside the workspace folders';
  const segments = unified.split('/').filter((s) => s !== '' && s !== '.');
  for (const raw of segments) {
    // Windows ignores trailing dots and spaces (".vscode." is ".vscode") and compares without case.
    const segment = raw.replace(/[. ]+$/, '').toLowerCase();
    if (raw === '..' || segment === '') return 'a path outside the workspace folders';
    if (raw.includes(':')) return 'an unusual path (a colon names an alternate data stream on Windows)';
    if (/~\d/.test(raw)) return 'an unusual path (a short 8.3 file name may stand for a dotfile)';
    const folder = SENSITIVE_FOLDERS[segment];
    if (folder) return `${segment}/ holds ${folder}`;
    if (segment.startsWith('.')) return `${raw} is a dotfile (tool or editor settings)`;
  }
  const name = (segments[segments.length - 1] ?? '').replace(/[. ]+$/, '').toLowerCase();
  if (SENSITIVE_FILES[name]) return `${name}: ${SENSITIVE_FILES[name]}`;
  if (name.endsWith('.code-workspace')) return 'workspace settings';
  return undefined;
}

/** Why this change must always be reviewed (its path, where it moves to, or a deletion), or undefined. */
export function changeNeedsReview(change: FileChange): string | undefined {
  const reason = sensitiveReason(change.path);
  if (reason) return reason;
  if (change.kind === 'update' && change.moveTo !== undefined) {
    const target = sensitiveReason(change.moveTo);
    if (target) return `moves into ${change.moveTo}: ${target}`;
  }
  if (change.kind === 'delete') return 'deletes a file';
  return undefined;
}

/** The first reason any change of an edit must be reviewed. */
export function editNeedsReview(changes: readonly FileChange[]): string | undefined {
  for (const change of changes) {
    const reason = changeNeedsReview(change);
    if (reason) return `${change.path}: ${reason}`;
  }
  return undefined;
}
