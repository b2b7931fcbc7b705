// Which writes must always be asked about, even with auto-approve (`--yes`) on: files that configure or run
// things, so that text injected into a file the model read cannot rewrite a git hook, a CI workflow, the
// editor's tasks or a build script without anyone looking. The rules err towards asking: a wrongly asked question costs a click, a wrongly skipped one can let text
// injected into a file rewrite the editor's settings, a git hook or a CI workflow without anyone looking.
import type { FileChange } from '../workspace';

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
  justfile: 'build commands',
  rakefile: 'build commands',
  'taskfile.yml': 'build commands',
  'taskfile.yaml': 'build commands',
  'cmakelists.txt': 'build commands',
  'meson.build': 'build commands',
  build: 'Bazel build rules',
  'build.bazel': 'Bazel build rules',
  workspace: 'Bazel workspace rules',
  'workspace.bazel': 'Bazel workspace rules',
  'module.bazel': 'Bazel module rules',
  'conftest.py': 'pytest runs it',
  'setup.py': 'package installs run it',
  'setup.cfg': 'package build settings',
  'pyproject.toml': 'build backends and tool settings',
  'tox.ini': 'test commands',
  'noxfile.py': 'test commands',
  'manage.py': 'Django runs it',
  'build.rs': 'cargo runs it at build time',
  'cargo.toml': 'cargo build settings (build scripts, proc macros)',
  'pom.xml': 'Maven build plugins run commands',
  'build.gradle': 'Gradle runs it',
  'build.gradle.kts': 'Gradle runs it',
  'settings.gradle': 'Gradle runs it',
  'settings.gradle.kts': 'Gradle runs it',
  'gradle.properties': 'Gradle settings',
  gradlew: 'the Gradle wrapper runs it',
  'gradlew.bat': 'the Gradle wrapper runs it',
  mvnw: 'the Maven wrapper runs it',
  'mvnw.cmd': 'the Maven wrapper runs it',
  dockerfile: 'container builds run it',
  containerfile: 'container builds run it',
  'docker-compose.yml': 'container settings',
  'docker-compose.yaml': 'container settings',
  'compose.yml': 'container settings',
  'compose.yaml': 'container settings',
  gemfile: 'bundler runs it',
  vagrantfile: 'Vagrant runs it',
  procfile: 'process commands',
  'directory.build.props': 'MSBuild runs it',
  'directory.build.targets': 'MSBuild runs it',
  'global.json': '.NET SDK settings',
  'nuget.config': 'package sources',
  'go.work': 'Go workspace settings',
  'deno.json': 'Deno tasks',
  'deno.jsonc': 'Deno tasks',
  'bunfig.toml': 'Bun settings',
  'lefthook.yml': 'git hooks',
  'lefthook.yaml': 'git hooks',
  'flake.nix': 'Nix builds',
  'shell.nix': 'Nix shells run it',
  'default.nix': 'Nix builds',
};

/** Name patterns (lower case) of files another tool runs or loads as code. */
const SENSITIVE_NAME_PATTERNS: Array<[RegExp, string]> = [
  [/^dockerfile\..+$|\.dockerfile$/, 'container builds run it'],
  [/\.(gradle|gradle\.kts)$/, 'Gradle runs it'],
  [/\.(mk|mak)$|^makefile\..+$/, 'build commands'],
  [/\.(csproj|fsproj|vbproj|props|targets|sln)$/, 'MSBuild runs it'],
  [/\.code-workspace$/, 'workspace settings'],
  // Tool configs written in code: vite, jest, vitest, webpack, rollup, babel, eslint, playwright, tailwind…
  [/\.config\.(js|cjs|mjs|ts|cts|mts)$/, 'the tool it configures runs it as code'],
];

/** Folders (lower case) whose files a tool runs. */
const SENSITIVE_SUBFOLDERS: Array<[RegExp, string]> = [
  [/(^|\/)gradle\/wrapper(\/|$)/, 'the Gradle wrapper downloads and runs what it names'],
];

/** Why a write to this path must always be asked about, or undefined when auto-approve may apply it. */
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
    const folder = Object.prototype.hasOwnProperty.call(SENSITIVE_FOLDERS, segment) ? SENSITIVE_FOLDERS[segment] : undefined;
    if (folder) return `${segment}/ holds ${folder}`;
    if (segment.startsWith('.')) return `${raw} is a dotfile (tool or editor settings)`;
  }
  const name = (segments[segments.length - 1] ?? '').replace(/[. ]+$/, '').toLowerCase();
  if (Object.prototype.hasOwnProperty.call(SENSITIVE_FILES, name)) return `${name}: ${SENSITIVE_FILES[name]}`;
  for (const [pattern, reason] of SENSITIVE_NAME_PATTERNS) if (pattern.test(name)) return `${name}: ${reason}`;
  const folder = segments.slice(0, -1).join('/').toLowerCase();
  for (const [pattern, reason] of SENSITIVE_SUBFOLDERS) if (pattern.test(folder)) return `${folder}/: ${reason}`;
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
