import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sandboxAvailable } from '../../../src/core/commands/sandbox';
import { FakeResponsesServer, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { leftoverProcesses } from '../../support/processes';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';

// A real project in miniature: a function with a bug and a test that catches it, run with plain node.
const PROJECT = {
  'src/sum.js': 'exports.sum = (values) => values.reduce((a, b) => a + b, 1);\n',
  'test.js': "const assert = require('node:assert');\nconst { sum } = require('./src/sum');\nassert.strictEqual(sum([1, 2, 3]), 6);\nconsole.log('1 passing');\n",
};
const FIX = '*** Begin Patch\n*** Update File: src/sum.js\n-exports.sum = (values) => values.reduce((a, b) => a + b, 1);\n+exports.sum = (values) => values.reduce((a, b) => a + b, 0);\n*** End Patch';

describe('mini-coder ask running commands', function () {
  this.timeout(60_000);
  let server: FakeResponsesServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY });
    workspace = await writeTempTree(PROJECT, 'mc-cmd-');
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  const ask = (args: string[], extra: Parameters<typeof runCli>[1] = {}) =>
    runCli(['ask', '--workspace', workspace, '--base-url', server.baseURL, ...args], { timeoutMs: 50_000, ...extra, env: { MINI_CODER_API_KEY: KEY, ...extra.env } });

  /** What the model was told for each call, in order, across the run's requests. */
  const toolOutputs = (): string[] => {
    const last = server.requests.at(-1)?.body?.input as Array<Record<string, unknown>> | undefined;
    return (last ?? []).filter((i) => i.type === 'function_call_output').map((i) => String(i.output));
  };
  const runs = (...commands: Array<string | Record<string, unknown>>) =>
    commands.map((c, i) => toolCallTurn([{ name: 'run_command', arguments: JSON.stringify(typeof c === 'string' ? { command: c } : c), callId: `run_${i}` }]));

  for (const sandbox of ['off', 'auto'] as const) {
    describe(`with --sandbox ${sandbox}`, () => {
      before(async function () {
        if (sandbox === 'auto' && !(await sandboxAvailable())) {
          console.log('      (bubblewrap is not usable here: install the Debian package bubblewrap to run these)');
          this.skip();
        }
      });

      it('runs the failing test, applies the fix, and runs it green', async () => {
        server.enqueue(
          ...runs('node test.js'),
          toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch: FIX }), callId: 'fix' }]),
          ...runs('node test.js'),
          textTurn('The tests pass now.'),
        );
        const run = await ask(['--sandbox', sandbox, '--yes', '--allow-command', 'node test.js', 'make the tests pass']);
        assert.equal(run.code, 0, run.stderr);
        const [failing, patched, passing] = toolOutputs();
        assert.match(failing, /^Exit code 1 after [\d.]+ s\./);
        assert.match(failing, /AssertionError/);
        assert.match(failing, /7 !== 6|expected.*6/s);
        assert.match(patched, /Applied: updated src\/sum\.js/);
        assert.match(passing, /^Exit code 0 after/);
        assert.match(passing, /1 passing/);
        assert.equal(/ran in the sandbox/.test(passing), sandbox === 'auto', passing);
        // The command's output streamed to the terminal as it ran.
        assert.match(run.stderr, /• run_command \$ node test\.js/);
        assert.match(run.stderr, /1 passing/);
      });

      it('writes inside the workspace wherever it is, and (in the sandbox) nowhere else', async () => {
        const outside = path.join(os.tmpdir(), `mc-outside-${process.pid}-${sandbox}`);
        await fs.rm(outside, { force: true });
        const script = `require('fs').writeFileSync('made.txt', 'inside'); try { require('fs').writeFileSync(${JSON.stringify(outside)}, 'outside'); console.log('outside written') } catch (e) { console.log('outside refused: ' + e.code) }`;
        await fs.writeFile(path.join(workspace, 'write.js'), script);
        server.enqueue(...runs('node write.js'), textTurn('ok'));
        const run = await ask(['--sandbox', sandbox, '--allow-command', 'node write.js', 'write']);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(await fs.readFile(path.join(workspace, 'made.txt'), 'utf8'), 'inside');
        const wroteOutside = await fs.readFile(outside, 'utf8').then(() => true, () => false);
        await fs.rm(outside, { force: true });
        // /tmp is private in the sandbox: the file went into a /tmp that vanished with it.
        assert.equal(wroteOutside, sandbox === 'off');
        assert.match(toolOutputs()[0], sandbox === 'off' ? /outside written/ : /outside written|outside refused/);
      });

      it('keeps a command from creating .git or .vscode where the workspace has none (they would run later, outside the sandbox)', async () => {
        const script = `const fs = require('fs'); for (const f of ['.vscode/tasks.json', '.git/config']) { try { fs.mkdirSync(require('path').dirname(f), { recursive: true }); fs.writeFileSync(f, 'planted'); console.log(f + ' planted') } catch (e) { console.log(f + ' refused: ' + e.code) } }`;
        await fs.writeFile(path.join(workspace, 'plant.js'), script);
        server.enqueue(...runs('node plant.js'), textTurn('ok'));
        const run = await ask(['--sandbox', sandbox, '--allow-command', 'node plant.js', 'plant']);
        assert.equal(run.code, 0, run.stderr);
        const left = (await fs.readdir(workspace)).filter((n) => n === '.git' || n === '.vscode').sort();
        if (sandbox === 'off') {
          assert.deepEqual(left, ['.git', '.vscode'], 'unsandboxed, nothing stops it (it asks first unless allowed)');
        } else {
          assert.match(toolOutputs()[0], /\.vscode\/tasks\.json refused: EROFS/);
          assert.match(toolOutputs()[0], /\.git\/config refused: EROFS/);
          assert.deepEqual(left, [], 'the empty read-only folders that stood there are gone');
        }
      });

      it('stops a command at its time limit and leaves no process behind', async () => {
        server.enqueue(...runs({ command: 'sleep 31.4159', timeout_seconds: 1 }), textTurn('ok'));
        const run = await ask(['--sandbox', sandbox, '--allow-command', 'sleep', 'wait']);
        assert.equal(run.code, 0, run.stderr);
        assert.match(toolOutputs()[0], /^Error: Stopped after 1\.0 s: the time limit\. It printed nothing/);
        assert.deepEqual(await leftoverProcesses('31.4159'), []);
      });

      it('ends what a command left running, even a child that left its process group', async () => {
        server.enqueue(...runs('sleep 31.2718 & setsid sleep 31.2719 & echo started'), textTurn('ok'));
        const run = await ask(['--sandbox', sandbox, '--allow-command', 'sleep', '--allow-command', 'setsid', '--allow-command', 'echo', 'start']);
        assert.equal(run.code, 0, run.stderr);
        assert.match(toolOutputs()[0], /^Exit code 0/);
        assert.match(toolOutputs()[0], /started/);
        assert.deepEqual(await leftoverProcesses('31.271'), []);
      });

      it('in the sandbox, ends even a child that left its session and cleared its environment (unsandboxed, a documented limit)', async function () {
        if (sandbox === 'off') this.skip();
        server.enqueue(...runs('setsid env -i sleep 31.5772 </dev/null >/dev/null 2>&1 & sleep 0.5; echo started'), textTurn('ok'));
        const run = await ask(['--sandbox', sandbox, '--allow-command', 'setsid', '--allow-command', 'sleep', '--allow-command', 'echo', 'start']);
        assert.equal(run.code, 0, run.stderr);
        assert.match(toolOutputs()[0], /started/);
        assert.deepEqual(await leftoverProcesses('31.5772'), []);
      });

      it('catches a command waiting for input and says how to avoid it', async () => {
        server.enqueue(...runs('read answer && echo "got $answer"'), textTurn('ok'));
        const run = await ask(['--sandbox', sandbox, '--allow-command', 'read', '--allow-command', 'echo', 'ask me']);
        assert.equal(run.code, 0, run.stderr);
        assert.match(toolOutputs()[0], /^Error: Stopped after [\d.]+ s: it was waiting for input/);
      });
    });
  }

  it('refuses a command that is not allowed in a non-interactive run, naming the flag; --yes does not cover it', async () => {
    server.enqueue(...runs('node test.js'), textTurn('ok'));
    const run = await ask(['--yes', 'test']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(toolOutputs()[0], /not run: "node test\.js" is not among your allowed commands; this run has no terminal to ask on, so it was refused \(rerun with --allow-command 'node test\.js' to allow it\)/);
  });

  it('refuses a command that always asks even when its prefix is allowed', async () => {
    await fs.mkdir(path.join(workspace, '.git'));
    server.enqueue(...runs('git push origin main', 'echo x > .git/hooks/pre-commit'), textTurn('ok'));
    const run = await ask(['--allow-command', 'git', '--allow-command', 'echo', 'push']);
    assert.equal(run.code, 0, run.stderr);
    const [push, hook] = toolOutputs();
    assert.match(push, /pushes to a remote \(git push\).*it always asks, so only a run on a terminal can allow it/);
    assert.match(hook, /\.git/);
    assert.equal(await fs.stat(path.join(workspace, '.git/hooks/pre-commit')).catch(() => undefined), undefined);
  });

  it('refuses a chain whose second command is not allowed', async () => {
    server.enqueue(...runs('node test.js; touch pwned'), textTurn('ok'));
    await ask(['--allow-command', 'node test.js', 'x']);
    assert.match(toolOutputs()[0], /"touch pwned" is not among your allowed commands/);
    assert.equal(await fs.stat(path.join(workspace, 'pwned')).catch(() => undefined), undefined);
  });

  it('reports a command that does not exist, a non-zero exit and binary output plainly', async () => {
    server.enqueue(...runs('no-such-command-mc', 'node -e "process.exit(3)"', 'head -c 100000 /dev/zero'), textTurn('ok'));
    await ask(['--sandbox', 'off', '--allow-command', 'no-such-command-mc', '--allow-command', 'node', '--allow-command', 'head', 'x']);
    const [missing, three, binary] = toolOutputs();
    assert.match(missing, /^Exit code 127 after [\d.]+ s \(command not found\)/);
    assert.match(missing, /no-such-command-mc: command not found/);
    assert.match(three, /^Exit code 3 after/);
    assert.match(binary, /100,000 bytes of binary output not shown/);
    assert.ok(!binary.includes('\0'));
  });

  it('keeps the start and the end of a huge output, with a marker of what was cut', async () => {
    server.enqueue(...runs('seq 1 2000000'), textTurn('ok'));
    const run = await ask(['--sandbox', 'off', '--allow-command', 'seq', 'count']);
    assert.equal(run.code, 0, run.stderr);
    const [output] = toolOutputs();
    assert.ok(output.length < 40_000, `bounded: ${output.length} characters`);
    assert.match(output, /\n1\n2\n3\n/);
    assert.match(output, /\n2000000$/);
    assert.match(output, /characters of output cut here \([\d,]+ in all\)/);
  });

  it('stops the running command and its children at once on Ctrl+C', async () => {
    server.enqueue(...runs('echo started; sleep 31.5772 | cat'), textTurn('never'));
    const run = await ask(['--sandbox', 'off', '--json', '--allow-command', 'sleep', '--allow-command', 'cat', '--allow-command', 'echo', 'wait'], {
      // Once the command has printed, it is running: interrupt then.
      onStdout: (soFar) => (soFar.includes('"type":"tool_output"') ? 'SIGINT' : undefined),
    });
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stdout, /"type":"tool_output","callId":"run_0","name":"run_command","text":"started\\n"/);
    assert.deepEqual(await leftoverProcesses('31.5772'), []);
  });

  it('runs a server in the background, reads its output and stops it; the run ends any left running', async () => {
    const server1 = "setInterval(() => console.log('tick 27182'), 100)";
    server.enqueue(
      toolCallTurn([{ name: 'run_command', arguments: JSON.stringify({ command: `node -e "${server1}"`, background: true }), callId: 'bg' }]),
      toolCallTurn([{ name: 'read_command_output', arguments: JSON.stringify({ id: 'bg1', wait_seconds: 1 }), callId: 'read' }]),
      toolCallTurn([{ name: 'stop_command', arguments: JSON.stringify({ id: 'bg1' }), callId: 'stop' }]),
      toolCallTurn([{ name: 'run_command', arguments: JSON.stringify({ command: `node -e "${server1}"`, background: true }), callId: 'bg2' }]),
      textTurn('left one running'),
    );
    const run = await ask(['--sandbox', 'off', '--allow-command', 'node', 'serve']);
    assert.equal(run.code, 0, run.stderr);
    const [started, read, stopped, second] = toolOutputs();
    assert.match(started, /^Started in the background: bg1/);
    assert.match(read, /^Still running: bg1/);
    assert.match(read, /tick 27182/);
    assert.match(stopped, /^Stopped: exited with signal SIGKILL/);
    assert.match(second, /bg2/);
    assert.match(run.stderr, /stopped 1 background command the model left running/);
    assert.deepEqual(await leftoverProcesses('tick 27182'), []);
  });

  it('returns a malformed run_command call to the model as a tool error', async () => {
    server.enqueue(toolCallTurn([{ name: 'run_command', arguments: '{"command": 42}', callId: 'bad' }]), ...runs({ command: 'ls', cwd: '../..' }), textTurn('ok'));
    await ask(['--allow-command', 'ls', 'x']);
    const [bad, outside] = toolOutputs();
    assert.match(bad, /^Error: Invalid arguments for run_command/);
    assert.match(outside, /outside the workspace/);
  });

  it('never passes the API key to a command', async () => {
    server.enqueue(...runs('env'), textTurn('ok'));
    await ask(['--sandbox', 'off', '--allow-command', 'env', 'x']);
    assert.ok(!toolOutputs()[0].includes(KEY));
    assert.ok(!toolOutputs()[0].includes('MINI_CODER_API_KEY'));
  });

  it('undoes the whole turn with mini-coder undo: the patch and the file a command wrote', async () => {
    const state = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-state-'));
    const env = { MINI_CODER_STATE_DIR: state };
    try {
      server.enqueue(
        toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch: FIX }), callId: 'fix' }]),
        ...runs('node -e "require(\'fs\').writeFileSync(\'report.txt\', \'generated\')"'),
        textTurn('Fixed, and wrote a report.'),
      );
      const run = await ask(['--sandbox', 'off', '--yes', '--json', '--allow-command', 'node', 'fix it'], { env });
      assert.equal(run.code, 0, run.stderr);
      const final = run.events().at(-1) as { checkpoint?: { turnId: string; files: string[] } };
      assert.deepEqual(final.checkpoint?.files.sort(), ['report.txt', 'src/sum.js']);
      assert.equal(await fs.readFile(path.join(workspace, 'report.txt'), 'utf8'), 'generated');

      await fs.writeFile(path.join(workspace, 'report.txt'), 'edited by me');
      const refused = await runCli(['undo', '--workspace', workspace], { env });
      assert.equal(refused.code, 1);
      assert.match(refused.stdout, /not undone: report\.txt changed since the turn\. Rerun with --force/);
      assert.equal(await fs.readFile(path.join(workspace, 'src/sum.js'), 'utf8'), FIX.split('\n')[3].slice(1) + '\n', 'nothing restored');

      const forced = await runCli(['undo', '--workspace', workspace, '--force', '--json'], { env });
      assert.equal(forced.code, 0, forced.stderr);
      assert.deepEqual((forced.events()[0].restored as string[]).sort(), ['report.txt', 'src/sum.js']);
      assert.equal(await fs.readFile(path.join(workspace, 'src/sum.js'), 'utf8'), PROJECT['src/sum.js']);
      assert.equal(await fs.stat(path.join(workspace, 'report.txt')).catch(() => undefined), undefined);
      const nothing = await runCli(['undo', '--workspace', workspace], { env });
      assert.equal(nothing.code, 1);
      assert.match(nothing.stdout, /no turn to undo/);
    } finally {
      await fs.rm(state, { recursive: true, force: true });
    }
  });

  it('refuses an --allow-command that is not a plain prefix', async () => {
    const run = await ask(['--allow-command', 'npm test && rm -rf /', 'x']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not one plain command prefix/);
  });
});
