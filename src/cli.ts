/** Composition root of the terminal host. */
import { runCli } from './cli/main';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mini-coder: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
