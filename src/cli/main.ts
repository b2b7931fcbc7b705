import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliIO } from './io';

const USAGE = `Usage: mini-coder <command> [options]

Commands:
  ask [options] "PROMPT"     Run the agent on a workspace (key from MINI_CODER_API_KEY)
  apply-patch --workspace DIR [--dry-run] [--json] < patch
                             Apply a patch with the edit engine
  context --workspace DIR [--file F] [--selection L1-L2] [--mention PATH]... --budget N [--json]
                             Show what context would be sent
  undo --workspace DIR [--turn ID] [--force]
                             Put back every file the last ask turn changed
  --version                  Print the version
  --help                     This text

Run "mini-coder ask --help" for the options of ask.`;

/** Entry of the terminal host: dispatches to a command and returns the process exit code. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case '--version':
      case '-v':
      case 'version':
        io.stdout.write(`${readVersion()}\n`);
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case 'ask': {
        const { runAsk } = await import('./askCommand');
        return await runAsk(rest, io);
      }
      case 'apply-patch': {
        const { runApplyPatch } = await import('./applyPatchCommand');
        return await runApplyPatch(rest, io);
      }
      case 'undo': {
        const { runUndo } = await import('./undoCommand');
        return await runUndo(rest, io);
      }
      case 'context': {
        const { runContext } = await import('./contextCommand');
        return await runContext(rest, io);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.stderr.write(`mini-coder: ${(err as Error).message}\nRun "mini-coder --help" for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function readVersion(): string {
  // Bundled by esbuild as a JSON module; cheap to load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

function processIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

export { parseArgs };
