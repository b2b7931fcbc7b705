// Project instructions, as other assistants read them: the root's AGENTS.md and the nearest one above each file the
// turn works on, .github/copilot-instructions.md, .github/instructions/*.instructions.md whose `applyTo` globs
// match a file of the turn, and the user's own instructions setting. They become context sources of their own
// kind (stable, counted, removable per turn). Each file is read through the workspace's safe reading with the
// trust policy's secret filter: a secret file never becomes "instructions".
import { compileGlob } from '../glob';
import type { Workspace } from '../workspace';
import type { ContextSource } from './types';

export interface InstructionsRequest {
  /** Workspace-relative files the turn works on (active, selected, mentioned, read): they pick AGENTS.md files and applyTo matches. */
  files: readonly string[];
  /** Workspace-relative roots to look for root-level files in: `['']` for one folder, folder names for several. */
  roots?: readonly string[];
  /** The user-level instructions (a setting); never taken from a workspace. */
  userInstructions?: string;
  /** Why a file must not be read (the trust policy's filter for reads that cannot ask), or undefined. */
  skip: (realPath: string, head?: string) => string | undefined;
}

const AGENTS = 'AGENTS.md';
const COPILOT = '.github/copilot-instructions.md';
const INSTRUCTIONS_DIR = '.github/instructions';
/** Files of one kind read per turn, at most: an AGENTS.md in every folder of a monorepo stays bounded. */
const MAX_FILES = 20;

/** The instruction sources for a turn, in a fixed order (root files first), so the request prefix stays stable. */
export async function gatherInstructions(workspace: Workspace, request: InstructionsRequest): Promise<ContextSource[]> {
  const roots = request.roots ?? [''];
  const wanted: Array<{ path: string; label: string }> = [];
  const add = (path: string, label: string) => {
    if (!wanted.some((w) => w.path === path)) wanted.push({ path, label });
  };
  for (const root of roots) {
    add(join(root, AGENTS), 'project instructions');
    add(join(root, COPILOT), 'Copilot instructions');
  }
  for (const file of request.files) {
    const nearest = await nearestAgents(workspace, file, roots);
    if (nearest && wanted.length < MAX_FILES) add(nearest, 'instructions for this folder');
  }
  for (const root of roots) {
    for (const scoped of await scopedInstructionFiles(workspace, join(root, INSTRUCTIONS_DIR))) {
      if (wanted.length >= MAX_FILES) break;
      add(scoped, 'instructions');
    }
  }
  const sources: ContextSource[] = [];
  for (const { path, label } of wanted) {
    const source = await readInstructions(workspace, path, label, request);
    if (source) sources.push(source);
  }
  const user = request.userInstructions?.trim();
  if (user) sources.push({ id: 'instructions:user', kind: 'instructions', label: 'Your instructions (settings)', text: `${user}\n` });
  return sources;
}

async function readInstructions(workspace: Workspace, path: string, label: string, request: InstructionsRequest): Promise<ContextSource | undefined> {
  const stat = await workspace.stat(path).catch(() => undefined);
  if (stat?.type !== 'file') return undefined;
  const base = { id: `instructions:${path}`, kind: 'instructions' as const, label: `${path} (${label})`, path };
  const named = request.skip(path);
  if (named) return { ...base, text: '', withheld: named };
  let text: string;
  try {
    text = await workspace.readText(path, async ({ realPath, head }) => {
      const reason = request.skip(realPath, head) ?? request.skip(path, head);
      if (reason) throw new Error(reason);
    });
  } catch (err) {
    return { ...base, text: '', withheld: (err as Error).message };
  }
  if (path.endsWith('.instructions.md')) {
    const { applyTo, body } = frontMatter(text);
    // As in VS Code: a file without applyTo is attached by hand only; one whose globs match no file of the turn waits.
    if (!applyTo || !request.files.some((f) => applyTo.some((glob) => globMatches(glob, f)))) return undefined;
    return { ...base, label: `${path} (instructions for ${applyTo.join(', ')})`, text: body };
  }
  return { ...base, text };
}

/** The closest AGENTS.md in a folder above `file` (not the root's: that one is always read). */
async function nearestAgents(workspace: Workspace, file: string, roots: readonly string[]): Promise<string | undefined> {
  const parts = file.split('/').slice(0, -1);
  for (let depth = parts.length; depth > 0; depth--) {
    const folder = parts.slice(0, depth).join('/');
    if (roots.includes(folder)) return undefined;
    const candidate = `${folder}/${AGENTS}`;
    if ((await workspace.stat(candidate).catch(() => undefined))?.type === 'file') return candidate;
  }
  return undefined;
}

async function scopedInstructionFiles(workspace: Workspace, dir: string): Promise<string[]> {
  if ((await workspace.stat(dir).catch(() => undefined))?.type !== 'directory') return [];
  const entries = await workspace.list(dir, { recursive: false, limit: 200 }).catch(() => []);
  return entries
    .filter((e) => e.type === 'file' && e.path.endsWith('.instructions.md'))
    .map((e) => e.path)
    .sort();
}

// applyTo comes from the repository: matched by the automaton that never backtracks; an unusable glob matches nothing.
function globMatches(glob: string, file: string): boolean {
  try {
    return compileGlob(glob).test(file);
  } catch {
    return false;
  }
}

/** Splits a Markdown file's `---` front matter: the `applyTo` globs (comma-separated, quoted or not) and the body. */
export function frontMatter(text: string): { applyTo?: string[]; body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { body: text };
  const line = /^applyTo\s*:\s*(.+)$/m.exec(match[1]);
  const value = line?.[1].trim().replace(/^(['"])(.*)\1$/, '$2');
  const applyTo = value
    ?.split(',')
    .map((g) => g.trim().replace(/^(['"])(.*)\1$/, '$2'))
    .filter(Boolean);
  return { ...(applyTo && applyTo.length > 0 ? { applyTo } : {}), body: text.slice(match[0].length) };
}

function join(root: string, path: string): string {
  return root === '' ? path : `${root}/${path}`;
}
