import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProcessLauncher } from '../../../src/core/commands/processLauncher';
import { runCommand } from '../../../src/core/commands/runCommand';
import { sandboxAvailable } from '../../../src/core/commands/sandbox';

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  }
}

describe('the sandbox (bubblewrap)', function () {
  this.timeout(30_000);
  let home: string;

  before(async function () {
    if (!(await sandboxAvailable())) this.skip();
  });
  beforeEach(async () => {
    // Outside /tmp (the sandbox's /tmp is private, which would hide it anyway): a home folder of its own in the real one.
    home = await fs.mkdtemp(path.join(os.homedir(), '.mc-sandbox-home-'));
    await writeFiles(
      home,
      {
        '.ssh/id_rsa': 'PRIVATE KEY',
        '.local/state/mini-coder/checkpoints/repo-1/objects/ab/cd': 'a copy of another project',
        '.cargo/credentials.toml': 'token = "x"',
        'project/src/a.ts': 'export const a = 1;\n',
        'project/.git/HEAD': 'ref: refs/heads/main\n',
      },
    );
  });
  afterEach(() => fs.rm(home, { recursive: true, force: true }));

  const run = (command: string, workspace: string) =>
    runCommand(new ProcessLauncher(), { command, cwd: workspace, sandbox: { writable: [workspace], home } }, { timeLimitMs: 20_000 });
  const probe = (p: string) => `if cat ${p} >/dev/null 2>&1 && [ -s ${p} ]; then echo "read ${p}"; else echo "hidden ${p}"; fi`;

  it('hides credentials and the checkpoints of other workspaces, also when the home folder is the workspace', async () => {
    for (const workspace of [path.join(home, 'project'), home]) {
      const files = ['.ssh/id_rsa', '.local/state/mini-coder/checkpoints/repo-1/objects/ab/cd', '.cargo/credentials.toml'].map((f) => path.join(home, f));
      const result = await run(files.map(probe).join('; '), workspace);
      for (const file of files) assert.match(result.output, new RegExp(`hidden ${file.replace(/[.]/g, '\\.')}`), `${workspace}: ${result.output}`);
    }
  });

  it('writes nothing through a link in the workspace that points outside it, nor through /proc/self/root', async () => {
    const workspace = path.join(home, 'project');
    const outside = await fs.mkdtemp(path.join(os.homedir(), '.mc-sandbox-outside-'));
    try {
      await fs.symlink(outside, path.join(workspace, 'out'));
      const result = await run(`echo x > out/through-link; echo y > /proc/self/root${outside}/through-proc; echo z > .git/hooks-planted; ls -a`, workspace);
      assert.deepEqual(await fs.readdir(outside), [], result.output);
      assert.equal(await fs.stat(path.join(workspace, '.git/hooks-planted')).then(() => true, () => false), false);
      assert.match(result.output, /Read-only file system/);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('has no network beyond a loopback of its own: a server on the host\'s 127.0.0.1 is unreachable', async () => {
    const http = await import('node:http');
    const server = http.createServer((_, res) => res.end('host server')).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const script = `require('http').get('http://127.0.0.1:${port}', (r) => r.on('data', (d) => console.log('got ' + d))).on('error', (e) => console.log('refused ' + e.code))`;
      const result = await run(`${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}`, path.join(home, 'project'));
      assert.match(result.output, /refused ECONNREFUSED/);
    } finally {
      server.close();
    }
  });
});
