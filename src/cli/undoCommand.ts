import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cliCheckpoints } from './checkpointStorage';
import { EXIT, UsageError, type CliIO } from './io';

const UNDO_USAGE = `Usage: mini-coder undo --workspace DIR [--turn ID] [--force] [--json]

Puts back every file the last "mini-coder ask" turn changed in DIR (edits, new and deleted files, files its
commands wrote), as it was before the turn. Refuses, naming them, when a file changed since; --force restores
anyway. --turn undoes an earlier turn by the id "ask --json" reported.`;

/** `mini-coder undo`: restores the files of a turn from its checkpoint. */
export async function runUndo(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { workspace: { type: 'string' }, turn: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout.write(`${UNDO_USAGE}\n`);
    return EXIT.ok;
  }
  const workspaceDir = path.resolve(values.workspace ?? process.cwd());
  const store = await cliCheckpoints(workspaceDir, io.env).catch(() => {
    throw new UsageError(`--workspace ${workspaceDir} is not a folder`);
  });
  const turnId = values.turn ?? (await store.latest())?.turnId;
  const say = (event: Record<string, unknown>, line: string) => io.stdout.write(values.json ? `${JSON.stringify(event)}\n` : `${line}\n`);
  if (!turnId) {
    say({ ok: false, error: 'nothing to undo' }, 'mini-coder: no turn to undo in this workspace.');
    return EXIT.failure;
  }
  const result = await store.undo(turnId, { force: Boolean(values.force) });
  if (result.ok) {
    const missed = result.notCovered.length > 0 ? ` Not restored (larger than the checkpoint limit): ${result.notCovered.join(', ')}.` : '';
    say({ ok: true, turnId, restored: result.restored, notCovered: result.notCovered }, `Undone turn ${turnId}: ${result.restored.join(', ')}.${missed}`);
    return EXIT.ok;
  }
  if (result.reason === 'changed since') {
    say({ ok: false, turnId, changedSince: result.changedSince }, `mini-coder: not undone: ${result.changedSince.join(', ')} changed since the turn. Rerun with --force to put them back anyway (your later changes to them are lost).`);
    return EXIT.failure;
  }
  say({ ok: false, turnId, error: result.message }, `mini-coder: ${result.message}`);
  return EXIT.failure;
}
