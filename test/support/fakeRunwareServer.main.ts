/*
 * The fake Runware server as its own process, for CLI tests:
 *   tsx test/support/fakeRunwareServer.main.ts [port] [--key KEY] [--reply TEXT] [--fail 429,500]
 * Prints `listening http://127.0.0.1:PORT/v1` once ready; stops on SIGTERM/SIGINT.
 */
import { FakeRunwareServer, type Fault } from './fakeRunwareServer';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const portArg = process.argv[2] && !process.argv[2].startsWith('--') ? Number(process.argv[2]) : 0;
  const server = await FakeRunwareServer.start({ port: portArg, apiKey: flag('--key') });
  const reply = flag('--reply');
  if (reply !== undefined) server.reply = () => ({ texts: [reply, reply, reply, reply] });
  const statuses = (flag('--fail') ?? '').split(',').filter(Boolean).map(Number);
  server.failNext(...statuses.map((status): Fault => ({ kind: 'status', status, retryAfterMs: 0 })));
  process.stdout.write(`listening ${server.url}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
