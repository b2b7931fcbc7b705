import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { computePatch, changeDiff } from '../core/edits';
import { toErrorInfo } from '../core/errors';
import { FsWorkspace } from '../core/fsWorkspace';
import type { FileChange, Workspace } from '../core/workspace';

const USAGE = 'Usage: mini-coder apply-patch --workspace DIR [--dry-run] [--json] < patch';

interface ApplyPatchIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `mini-coder apply-patch`: applies a patch read on stdin to a workspace with the edit engine.
 * Exit 0 applied (or would apply, with --dry-run), 1 refused with nothing changed, 2 usage error.
 */
export async function runApplyPatch(argv: string[], io: ApplyPatchIO): Promise<number> {
  let options: { workspace?: string; 'dry-run'?: boolean; json?: boolean; help?: boolean };
  try {
    options = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  if (options.help) {
    io.stdout.write(`${USAGE}\n\nReads a patch (the '*** Begin Patch' format or a unified diff) on stdin.\n`);
    return 0;
  }
  if (!options.workspace) return usage(io, '--workspace DIR is required');
  const isDir = await fs.stat(options.workspace).then((s) => s.isDirectory(), () => false);
  if (!isDir) return usage(io, `--workspace ${options.workspace} is not a folder`);
  if (io.stdin.isTTY) return usage(io, 'pipe the patch on stdin');
  const patch = await readAll(io.stdin);
  if (patch.trim() === '') return usage(io, 'no patch on stdin');

  const workspace = new FsWorkspace(options.workspace);
  const json = options.json === true;
  // Sections naming one real file (`a.txt`, `sub/../a.txt`, a link to it) are merged, not lost.
  const result = await computePatch(patch, (path) => currentText(workspace, path), { canonicalPath: (path) => workspace.relative(path) });
  if (!result.ok) return refuse(io, json, result.error);
  if (!options['dry-run']) {
    try {
      await workspace.applyChanges(result.changes);
    } catch (err) {
      return refuse(io, json, toErrorInfo(err, 'tool').message);
    }
  }
  if (json) {
    const files = result.changes.map((c) => ({ path: c.path, kind: c.kind, ...(c.kind === 'update' && c.moveTo !== undefined ? { moveTo: c.moveTo } : {}) }));
    io.stdout.write(`${JSON.stringify({ ok: true, files, tolerances: result.tolerances })}\n`);
    return 0;
  }
  io.stdout.write(`${options['dry-run'] ? 'Would apply' : 'Applied'}: ${result.summary}\n`);
  for (const change of result.changes) io.stdout.write(`  ${describe(change)}\n`);
  for (const tolerance of result.tolerances) io.stdout.write(`  tolerated: ${tolerance}\n`);
  if (options['dry-run']) for (const change of result.changes) io.stdout.write(changeDiff(change));
  return 0;
}

/** A file's text, or undefined when there is none; a folder is an error, not a missing file. */
async function currentText(workspace: Workspace, path: string): Promise<string | undefined> {
  const stat = await workspace.stat(path);
  if (!stat) return undefined;
  if (stat.type === 'directory') throw new Error(`${path} is a folder, not a file`);
  return workspace.readText(path);
}

function refuse(io: ApplyPatchIO, json: boolean, error: string): number {
  io.stderr.write(`mini-coder: patch refused, no file was changed.\n${error}\n`);
  if (json) io.stdout.write(`${JSON.stringify({ ok: false, error })}\n`);
  return 1;
}

function usage(io: ApplyPatchIO, message: string): number {
  io.stderr.write(`mini-coder apply-patch: ${message}\n${USAGE}\n`);
  return 2;
}

function describe(change: FileChange): string {
  if (change.kind === 'add') return `A ${change.path}`;
  if (change.kind === 'delete') return `D ${change.path}`;
  return change.moveTo !== undefined ? `R ${change.path} -> ${change.moveTo}` : `M ${change.path}`;
}


async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
