// Commands in the editor's terminal (src/vscode/terminalLauncher.ts) on the real VS Code API: shell integration
// runs them, their output and exit code come back from the execution, Stop ends everything they started, and
// the sandbox confines them the same as in the terminal host.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandLauncher, LaunchRequest, RunningCommand } from '../../../src/core/commands/launcher';
import { runCommand } from '../../../src/core/commands/runCommand';
import { sandboxAvailable } from '../../../src/core/commands/sandbox';
import { TerminalLauncher } from '../../../src/vscode/terminalLauncher';

/** A fallback that fails the test: these commands must run in a terminal. */
const noFallback: CommandLauncher = {
  shellName: 'none',
  where: 'nowhere',
  launch: (request: LaunchRequest): Promise<RunningCommand> => Promise.reject(new Error(`fell back to a child process for ${request.command}: the terminal had no shell integration`)),
};

function alive(token: string): string[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return '';
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      } catch {
        return '';
      }
    })
    .filter((line) => line.includes(token));
}

describe('commands in a VS Code terminal with shell integration', function () {
  this.timeout(60_000);
  const scripts = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-host-scripts-'));
  const launcher = new TerminalLauncher(noFallback, scripts, () => undefined);
  const root = (): string => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens a workspace folder');
    return fs.realpathSync(folder.uri.fsPath);
  };

  after(() => {
    launcher.dispose();
    fs.rmSync(scripts, { recursive: true, force: true });
  });

  it('runs a command in a terminal of its own and reads its output and exit code from the execution', async () => {
    const result = await runCommand(launcher, { command: 'echo "from the terminal: $((6 * 7))"; echo oops >&2; exit 3', cwd: root() }, { timeLimitMs: 30_000 });
    assert.equal(result.end, 'exited');
    assert.equal(result.exitCode, 3);
    assert.match(result.output, /from the terminal: 42/);
    assert.match(result.output, /oops/);
    assert.ok(vscode.window.terminals.some((t) => t.name.startsWith('Mini Coder: echo')), vscode.window.terminals.map((t) => t.name).join(', '));
  });

  it('runs the command as written, not as the interactive shell would rewrite it (history expansion, aliases)', async () => {
    const result = await runCommand(launcher, { command: "alias ls='echo aliased'; echo \"bang!\" 'quote''d'; ls -d .", cwd: root() }, { timeLimitMs: 30_000 });
    assert.equal(result.exitCode, 0);
    assert.match(result.output, /bang! quoted/);
    assert.match(result.output, /^\.$/m, 'aliases do not apply in a script');
  });

  it('ends every process a stopped command started, keeping the terminal', async () => {
    const stop = new AbortController();
    const running = runCommand(launcher, { command: 'echo started; sleep 37.21 | cat', cwd: root() }, { timeLimitMs: 30_000, signal: stop.signal, onOutput: (text) => (text.includes('started') ? stop.abort() : undefined) });
    const result = await running;
    assert.equal(result.end, 'stopped');
    const deadline = Date.now() + 3_000;
    while (alive('37.21').length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(alive('37.21'), []);
  });

  it('confines a sandboxed command to the workspace', async function () {
    if (!(await sandboxAvailable())) this.skip();
    const outside = path.join(os.homedir(), `mc-host-outside-${process.pid}`);
    const command = `touch inside-${process.pid}.txt && (touch ${outside} 2>/dev/null && echo wrote-outside || echo outside-refused)`;
    const result = await runCommand(launcher, { command, cwd: root(), sandbox: { writable: [root()], home: os.homedir() } }, { timeLimitMs: 30_000 });
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, /outside-refused/);
    assert.equal(fs.existsSync(path.join(root(), `inside-${process.pid}.txt`)), true);
    assert.equal(fs.existsSync(outside), false);
    fs.rmSync(path.join(root(), `inside-${process.pid}.txt`), { force: true });
  });
});
