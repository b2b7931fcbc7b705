/**
 * Runs the fake Responses server in its own process, for tests that drive another program
 * (a VS Code under test, the CLI) against it:
 *
 *   npx tsx test/support/fakeResponsesServer.main.ts PORT SCRIPT.json [REQUESTS.jsonl]
 *
 * SCRIPT.json is `{"expectedApiKey"?: string, "turns": ScriptTurn[], "fallback"?: ScriptTurn}`.
 * Prints `FAKE_RESPONSES_BASE_URL=http://127.0.0.1:PORT/v1` once listening; each request is appended
 * to REQUESTS.jsonl when given. Stops on SIGTERM or SIGINT.
 */
import * as fs from 'node:fs';
import { FakeResponsesServer, turnFromScript, type ScriptTurn } from './fakeResponsesServer';

interface ScriptFile {
  expectedApiKey?: string;
  turns?: ScriptTurn[];
  fallback?: ScriptTurn;
}

async function main(argv: string[]): Promise<void> {
  const [portText, scriptPath, requestLog] = argv;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || !scriptPath) {
    process.stderr.write('usage: fakeResponsesServer.main.ts PORT SCRIPT.json [REQUESTS.jsonl]\n');
    process.exitCode = 2;
    return;
  }
  const script = JSON.parse(fs.readFileSync(scriptPath, 'utf8')) as ScriptFile;
  const server = await FakeResponsesServer.start(
    {
      expectedApiKey: script.expectedApiKey,
      turns: (script.turns ?? []).map(turnFromScript),
      fallback: script.fallback ? turnFromScript(script.fallback) : undefined,
      onRequest: requestLog
        ? (request) => fs.appendFileSync(requestLog, `${JSON.stringify({ ...request, headers: { ...request.headers, authorization: undefined } })}\n`)
        : undefined,
    },
    port,
  );
  process.stdout.write(`FAKE_RESPONSES_BASE_URL=${server.baseURL}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main(process.argv.slice(2));
