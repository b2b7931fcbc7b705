// The trust boundary through the real CLI, as a prompt injection in a repository would try it: the model asks for
// secrets by every spelling, writes where another tool runs the file, names one file twice, and the service itself
// misbehaves. The fake Responses server plays the model; the workspace is real files on disk.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FakeResponsesServer, httpErrorTurn, textTurn, toolCallTurn } from '../../support/fakeResponsesServer';
import { runCli } from '../../support/runCli';
import { writeTempTree } from '../../support/tempTree';

const KEY = 'test-key-0123456789abcdef0123456789';
const SECRET = 'ENV-SECRET-VALUE-93f1c0';

describe('mini-coder ask: the trust boundary', function () {
  this.timeout(60_000);
  let server: FakeResponsesServer;
  let workspace: string;

  beforeEach(async () => {
    server = await FakeResponsesServer.start({ expectedApiKey: KEY });
    workspace = await writeTempTree(
      {
        '.env': `API_TOKEN=${SECRET}\n`,
        'config/prod.pem': `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n`,
        'src/a.ts': 'export const a = 1;\n',
        'notes/plain.md': 'ordinary notes\n',
        '.vscode/settings.json': '{}\n',
        'package.json': '{"scripts":{"test":"mocha"}}\n',
      },
      'mc-trust-',
    );
  });
  afterEach(async () => {
    await server.close();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  const ask = (args: string[], extra: Parameters<typeof runCli>[1] = {}) =>
    runCli(['ask', '--workspace', workspace, '--base-url', server.baseURL, ...args], { timeoutMs: 30_000, ...extra, env: { MINI_CODER_API_KEY: KEY, ...extra.env } });
  const read = (rel: string) => fs.readFile(path.join(workspace, rel), 'utf8');
  const readCall = (p: string, callId = 'c1') => toolCallTurn([{ name: 'read_file', arguments: JSON.stringify({ path: p }), callId }]);
  const patchCall = (patch: string, callId = 'p1') => toolCallTurn([{ name: 'apply_patch', arguments: JSON.stringify({ patch }), callId }]);
  /** What went back to the model as the output of the tool call(s) of step `step` (1-based): the newest outputs of the next request. */
  const firstOutput = (step = 1) => {
    const input = (server.requests[step]?.body?.input as Array<Record<string, unknown>>) ?? [];
    const outputs = input.filter((i) => i.type === 'function_call_output');
    return String(outputs[outputs.length - 1]?.output ?? '');
  };
  const everythingSent = () => server.requests.map((r) => JSON.stringify(r.body)).join('\n');

  describe('secrets stay home', () => {
    for (const spelling of ['.env', './.env', 'src/../.env', 'notes//../.env', 'config/prod.pem']) {
      it(`refuses read_file of ${spelling} without a terminal, naming the flag, and never sends the secret`, async () => {
        server.enqueue(readCall(spelling), textTurn('ok'));
        const run = await ask([spelling === 'config/prod.pem' ? 'read the key' : 'read the env']);
        assert.equal(run.code, 0, run.stderr);
        assert.match(firstOutput(), /not allowed/);
        assert.match(firstOutput(), /--allow-read/);
        assert.ok(!everythingSent().includes(SECRET), 'the secret reached the model');
      });
    }

    it('refuses an absolute path to the secret and one through an innocently named link', async () => {
      await fs.symlink(path.join('..', '.env'), path.join(workspace, 'notes', 'todo.txt'));
      await fs.symlink(path.join(workspace, '.env'), path.join(workspace, 'readme-link.md'));
      server.enqueue(
        toolCallTurn([
          { name: 'read_file', arguments: JSON.stringify({ path: path.join(workspace, '.env') }), callId: 'abs' },
          { name: 'read_file', arguments: JSON.stringify({ path: 'readme-link.md' }), callId: 'link' },
        ]),
        textTurn('ok'),
      );
      const run = await ask(['read them']);
      assert.equal(run.code, 0, run.stderr);
      const outputs = (server.requests[1].body!.input as Array<Record<string, unknown>>).filter((i) => i.type === 'function_call_output');
      assert.equal(outputs.length, 2);
      for (const o of outputs) assert.match(String(o.output), /not allowed/);
      assert.match(String(outputs[1].output), /really \.env/);
      assert.ok(!everythingSent().includes(SECRET));
    });

    it('judges a file by its content too: an .npmrc with a token and a private key in a .txt', async () => {
      await fs.writeFile(path.join(workspace, '.npmrc'), `//registry.npmjs.org/:_authToken=${SECRET}\n`);
      await fs.writeFile(path.join(workspace, 'notes', 'backup.txt'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n`);
      await fs.writeFile(path.join(workspace, 'notes', '.npmrc'), 'registry=https://registry.example.org/\n');
      server.enqueue(
        toolCallTurn([
          { name: 'read_file', arguments: '{"path":".npmrc"}', callId: 'a' },
          { name: 'read_file', arguments: '{"path":"notes/backup.txt"}', callId: 'b' },
          { name: 'read_file', arguments: '{"path":"notes/.npmrc"}', callId: 'c' },
        ]),
        textTurn('ok'),
      );
      const run = await ask(['read']);
      assert.equal(run.code, 0, run.stderr);
      const outputs = (server.requests[1].body!.input as Array<Record<string, unknown>>).filter((i) => i.type === 'function_call_output').map((o) => String(o.output));
      assert.match(outputs[0], /not allowed.*credentials/);
      assert.match(outputs[1], /not allowed.*private key/);
      assert.match(outputs[2], /registry=https:\/\/registry\.example\.org/, 'an .npmrc without credentials is an ordinary file');
      assert.ok(!everythingSent().includes(SECRET));
    });

    it('reads a secret file the user allowed with --allow-read', async () => {
      server.enqueue(readCall('.env'), textTurn('ok'));
      const run = await ask(['--allow-read', '.env', 'read the env']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), new RegExp(SECRET));
    });

    it('does not let a patch on a secret file quote its lines back', async () => {
      const patch = '*** Begin Patch\n*** Update File: .env\n@@\n-API_TOKEN=guess\n+API_TOKEN=other\n*** End Patch';
      server.enqueue(patchCall(patch), textTurn('ok'));
      const run = await ask(['--yes', 'change the env']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), /not applied/);
      assert.ok(!everythingSent().includes(SECRET));
      assert.equal(await read('.env'), `API_TOKEN=${SECRET}\n`);
    });

    it('withholds a linked secret from `context --mention` and a link out of the workspace from `--file`', async () => {
      const outside = await writeTempTree({ 'creds.txt': `outside ${SECRET}\n` }, 'mc-outside-');
      await fs.symlink(path.join('..', '.env'), path.join(workspace, 'notes', 'todo.txt'));
      await fs.symlink(path.join(outside, 'creds.txt'), path.join(workspace, 'notes', 'creds.txt'));
      const run = await runCli(['context', '--workspace', workspace, '--mention', 'notes/todo.txt', '--file', 'notes/creds.txt', '--no-outline']);
      await fs.rm(outside, { recursive: true, force: true });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!run.stdout.includes(SECRET), run.stdout);
      assert.match(run.stdout, /notes\/todo\.txt.*secret/);
      assert.match(run.stdout, /notes\/creds\.txt.*outside the workspace/);
    });

    it('never runs a command the repository names when listing @changes', async () => {
      execFileSync('git', ['init', '-q'], { cwd: workspace });
      const marker = path.join(workspace, 'fsmonitor-ran');
      await fs.appendFile(path.join(workspace, '.git', 'config'), `[core]\n\tfsmonitor = "touch ${marker}"\n`);
      await fs.writeFile(path.join(workspace, '.gitattributes'), '*.ts filter=evil\n');
      await fs.appendFile(path.join(workspace, '.git', 'config'), `[filter "evil"]\n\tclean = "touch ${marker}-filter; cat"\n`);
      const run = await runCli(['context', '--workspace', workspace, '--mention', '@changes', '--no-outline']);
      assert.equal(run.code, 0, run.stderr);
      await assert.rejects(fs.access(marker), 'core.fsmonitor ran');
      await assert.rejects(fs.access(`${marker}-filter`), 'a clean filter ran');
    });
  });

  describe('sensitive writes always ask', () => {
    const sensitive: Record<string, string> = {
      '.vscode/settings.json': '{"x": 1}',
      '.vscode/tasks.json': '{}',
      '.git/config': '[core]\n\tfsmonitor = evil',
      '.git/hooks/pre-commit': 'evil',
      'package.json': '{}',
      '.github/workflows/ci.yml': 'on: push',
      Makefile: 'all:\n\tevil',
      '.envrc': 'evil',
      '.husky/pre-commit': 'evil',
      '.devcontainer/devcontainer.json': '{}',
      'team.code-workspace': '{}',
      'conftest.py': 'evil',
      'setup.py': 'evil',
      'build.rs': 'evil',
      Dockerfile: 'FROM evil',
      'pom.xml': '<evil/>',
      'build.gradle': 'evil',
      '.pre-commit-config.yaml': 'evil',
      'vite.config.ts': 'evil',
    };
    for (const [file, content] of Object.entries(sensitive)) {
      it(`refuses to write ${file} under --yes without a terminal, and names --allow-write`, async () => {
        const existed = await fs.readFile(path.join(workspace, file), 'utf8').catch(() => undefined);
        const call =
          existed === undefined
            ? toolCallTurn([{ name: 'write_file', arguments: JSON.stringify({ path: file, content }), callId: 'w1' }])
            : patchCall(`*** Begin Patch\n*** Update File: ${file}\n@@\n-${existed.trimEnd()}\n+${content}\n*** End Patch`);
        server.enqueue(call, textTurn('done'));
        const run = await ask(['--yes', 'configure things']);
        assert.equal(run.code, 0, run.stderr);
        const output = firstOutput(1);
        assert.match(output, /did not apply/);
        assert.match(output, /--allow-write/);
        assert.equal(await fs.readFile(path.join(workspace, file), 'utf8').catch(() => undefined), existed, `${file} was written`);
      });
    }

    it('refuses a deletion and a move into .vscode/ under --yes, but applies an ordinary edit', async () => {
      server.enqueue(
        patchCall('*** Begin Patch\n*** Delete File: src/a.ts\n*** End Patch', 'del'),
        patchCall('*** Begin Patch\n*** Update File: notes/plain.md\n*** Move to: .vscode/plain.md\n@@\n-ordinary notes\n+moved\n*** End Patch', 'mv'),
        patchCall('*** Begin Patch\n*** Update File: notes/plain.md\n@@\n-ordinary notes\n+better notes\n*** End Patch', 'ok'),
        textTurn('done'),
      );
      const run = await ask(['--yes', 'tidy up']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(1), /did not apply.*deletes a file/);
      assert.match(firstOutput(2), /did not apply.*\.vscode/);
      assert.match(firstOutput(3), /Applied/);
      assert.equal(await read('src/a.ts'), 'export const a = 1;\n');
      assert.equal(await read('notes/plain.md'), 'better notes\n');
    });

    it('writes a sensitive path the user named with --allow-write, even without --yes', async () => {
      server.enqueue(patchCall('*** Begin Patch\n*** Update File: .vscode/settings.json\n@@\n-{}\n+{"editor.tabSize": 2}\n*** End Patch'), textTurn('done'));
      const run = await ask(['--allow-write', '.vscode/settings.json', 'set tab size']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), /Applied/);
      assert.equal(await read('.vscode/settings.json'), '{"editor.tabSize": 2}\n');
    });

    it('asks for a link whose harmless name points into .git', async () => {
      await fs.mkdir(path.join(workspace, '.git'), { recursive: true });
      await fs.writeFile(path.join(workspace, '.git', 'config'), '[core]\n');
      await fs.symlink(path.join('..', '.git', 'config'), path.join(workspace, 'notes', 'config.md'));
      server.enqueue(patchCall('*** Begin Patch\n*** Update File: notes/config.md\n@@\n [core]\n+\tfsmonitor = evil\n*** End Patch'), textTurn('done'));
      const run = await ask(['--yes', 'edit notes']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), /really \.git\/config/);
      assert.equal(await read('.git/config'), '[core]\n');
    });
  });

  describe('edits never damage what they do not change', () => {
    it('keeps a Latin-1 file byte for byte outside the changed line', async () => {
      const latin1 = Buffer.from('caf\xe9 = 1\nna\xefve = 2\nfin\n', 'latin1');
      await fs.writeFile(path.join(workspace, 'src', 'legacy.txt'), latin1);
      server.enqueue(patchCall('*** Begin Patch\n*** Update File: src/legacy.txt\n@@\n-fin\n+end\n*** End Patch'), textTurn('done'));
      const run = await ask(['--yes', 'rename fin']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), /Applied/);
      assert.deepEqual(await fs.readFile(path.join(workspace, 'src', 'legacy.txt')), Buffer.from('caf\xe9 = 1\nna\xefve = 2\nend\n', 'latin1'));
    });

    it('refuses, changing nothing, an edit that adds a character the file encoding cannot hold', async () => {
      const latin1 = Buffer.from('caf\xe9\n', 'latin1');
      await fs.writeFile(path.join(workspace, 'src', 'legacy.txt'), latin1);
      server.enqueue(patchCall('*** Begin Patch\n*** Update File: src/legacy.txt\n@@\n-café\n+café ☕\n*** End Patch'), textTurn('done'));
      const run = await ask(['--yes', 'add coffee']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), /windows-1252.*cannot hold/);
      assert.deepEqual(await fs.readFile(path.join(workspace, 'src', 'legacy.txt')), latin1);
    });

    it('keeps the exec bit of a script it edits', async () => {
      const script = path.join(workspace, 'run.sh');
      await fs.writeFile(script, '#!/bin/sh\necho one\n', { mode: 0o755 });
      await fs.chmod(script, 0o755);
      server.enqueue(patchCall('*** Begin Patch\n*** Update File: run.sh\n@@\n-echo one\n+echo two\n*** End Patch'), textTurn('done'));
      const run = await ask(['--yes', 'say two']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(await read('run.sh'), '#!/bin/sh\necho two\n');
      assert.equal((await fs.stat(script)).mode & 0o777, 0o755);
    });

    it('never loses one of two sections that name the same file through an alias', async () => {
      await fs.writeFile(path.join(workspace, 'a.txt'), 'one\ntwo\nthree\n');
      await fs.mkdir(path.join(workspace, 'sub'));
      await fs.symlink(path.join('..', 'a.txt'), path.join(workspace, 'sub', 'link.txt'));
      const patch = [
        '*** Begin Patch',
        '*** Update File: a.txt',
        '@@',
        '-one',
        '+ONE',
        '*** Update File: sub/../a.txt',
        '@@',
        '-three',
        '+THREE',
        '*** Update File: sub/link.txt',
        '@@',
        ' two',
        '+two and a half',
        '*** End Patch',
      ].join('\n');
      server.enqueue(patchCall(patch), textTurn('done'));
      const run = await ask(['--yes', 'change a']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), /Applied: updated a\.txt\./);
      assert.equal(await read('a.txt'), 'ONE\ntwo\ntwo and a half\nTHREE\n', 'every section applied, one over the other');
    });
  });

  describe('nothing hangs or exhausts the host', () => {
    it('refuses a FIFO at once instead of waiting for a writer', async () => {
      execFileSync('mkfifo', [path.join(workspace, 'pipe')]);
      server.enqueue(readCall('pipe'), textTurn('ok'));
      const started = Date.now();
      const run = await ask(['read the pipe']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), /FIFO/);
      assert.ok(Date.now() - started < 20_000);
    });

    it('pages a 5 MB one-line file instead of returning it whole', async () => {
      await fs.writeFile(path.join(workspace, 'big.min.js'), 'x'.repeat(5 * 1024 * 1024));
      server.enqueue(readCall('big.min.js'), textTurn('ok'));
      const run = await ask(['read big']);
      assert.equal(run.code, 0, run.stderr);
      const output = firstOutput();
      assert.ok(output.length < 250_000, `${output.length} characters went back`);
      assert.match(output, /start_line=1 and start_char=\d+/);
    });

    it('refuses a path of 10,000 characters', async () => {
      server.enqueue(readCall('a/'.repeat(5000)), textTurn('ok'));
      const run = await ask(['read deep']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(firstOutput(), /longer than 4096/);
    });

    it('ends a runaway stream with a clear error and bounded output instead of growing without limit', async () => {
      server.enqueue({ kind: 'flood' });
      const run = await ask(['--json', 'flood me'], { timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      const final = run.events().at(-1)!;
      assert.equal(final.status, 'error');
      assert.match(JSON.stringify(final.error), /runaway or broken server/);
      assert.ok(run.stdout.length < 64 * 1024 * 1024, `${run.stdout.length} bytes of output`);
    });

    it('ends a stream whose line never ends', async () => {
      server.enqueue({ kind: 'flood', oneLine: true });
      const run = await ask(['flood me'], { timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /runaway or broken server/);
    });
  });

  describe('no key in any output', () => {
    it('scrubs the key from every field of --json events when the service quotes it, even in the error code', async () => {
      server.enqueue(httpErrorTurn(400, `bad_key_${KEY}`, `The key ${KEY} is not allowed here`));
      const run = await ask(['--json', 'hi']);
      assert.equal(run.code, 1);
      assert.ok(!run.stdout.includes(KEY), run.stdout);
      assert.ok(!run.stderr.includes(KEY), run.stderr);
      assert.match(run.stdout, /\[redacted\]/);
    });

    it('removes the key from a tool result before the model sees it, keeping other key-shaped text', async () => {
      await fs.writeFile(path.join(workspace, 'notes', 'pasted.md'), `my key is ${KEY}\nheader: Bearer abcdefghijklmnop\n`);
      server.enqueue(readCall('notes/pasted.md'), textTurn('ok'));
      const run = await ask(['--json', 'read my notes']);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!everythingSent().includes(KEY), 'the key reached the model');
      assert.match(firstOutput(), /my key is \[redacted\]/);
      assert.match(firstOutput(), /Bearer abcdefghijklmnop/, 'only the key itself is removed from file content');
      assert.ok(!run.stdout.includes(KEY));
    });

    it('scrubs the key from a streamed answer even when it is split across deltas', async () => {
      server.enqueue(textTurn(`here it is: ${KEY} done`, { chunkSize: 5 }));
      const text = await ask(['echo']);
      assert.ok(!text.stdout.includes(KEY), text.stdout);
      server.enqueue(textTurn(`here it is: ${KEY} done`, { chunkSize: 5 }));
      const json = await ask(['--json', 'echo']);
      assert.ok(!json.stdout.includes(KEY), json.stdout);
    });
  });
});
