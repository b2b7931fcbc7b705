// A command the agent runs, as a card: the command line and where it runs, its output as it arrives (open
// while it runs, collapsible), and then how it ended (exit code, time limit, stopped, waiting for input) with
// its duration. Stop ends this command only; the turn goes on and the model is told.
import type { CommandView, ToolCallView } from '../../protocol/messages';
import { h, icon, textButton } from '../dom';
import { readArguments } from './toolCard';

/** Characters of output a card shows (the latest ones); the host keeps the same. */
const SHOWN_CHARS = 20_000;

const endLabels: Record<string, string> = {
  timeout: 'time limit reached',
  stopped: 'stopped',
  input: 'stopped: waiting for input',
};

export class CommandCard {
  readonly element: HTMLDetailsElement;
  private readonly line: HTMLElement;
  private readonly where: HTMLElement;
  private readonly status: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly output: HTMLPreElement;
  private call: ToolCallView;
  private text = '';

  constructor(private readonly doc: Document, call: ToolCallView) {
    this.call = { ...call };
    this.line = h(doc, 'code', { class: 'command-line' });
    this.where = h(doc, 'span', { class: 'command-cwd' });
    this.status = h(doc, 'span', { class: 'command-status', role: 'status' });
    this.actions = h(doc, 'span', { class: 'command-actions' });
    this.output = h(doc, 'pre', { class: 'command-output', 'aria-label': 'Command output' });
    this.element = h(
      doc,
      'details',
      { class: 'command-card tool-card', 'data-call-id': call.callId, 'data-tool': call.name, open: true },
      h(doc, 'summary', {}, icon(doc, 'terminal'), this.line, this.where, this.status, this.actions),
      this.output,
    );
    this.update(call);
  }

  update(call: ToolCallView): void {
    const wasRunning = this.running;
    this.call = { ...call };
    const command = call.command;
    const args = readArguments(call.args);
    this.line.textContent = `$ ${command?.command ?? (typeof args.command === 'string' ? args.command : '')}`;
    const cwd = command?.cwd ?? (typeof args.cwd === 'string' ? args.cwd : '.');
    this.where.textContent = cwd === '.' || cwd === '' ? '' : `in ${cwd}`;
    if (command && command.output.length >= this.text.length) this.setText(command.output);
    // A command that never ran (refused, or not allowed) has only the tool's answer to show.
    if (!command && call.status !== 'running' && call.output) this.setText(call.output);
    this.element.setAttribute('data-status', this.running ? 'running' : this.failed ? 'error' : 'done');
    this.element.setAttribute('data-end', command?.end ?? (this.running ? 'running' : 'not-run'));
    if (command?.background) this.element.setAttribute('data-background', command.background);
    this.status.replaceChildren(...this.statusParts());
    this.actions.replaceChildren(...(this.running ? [textButton(this.doc, 'Stop', 'stop-command', 'debug-stop', { 'aria-label': `Stop ${this.line.textContent}` })] : []));
    // Once it ends, a long output folds away; a failure stays open to be read.
    if (wasRunning && !this.running && !this.failed && this.text.length > 2_000) this.element.open = false;
  }

  appendArguments(delta: string): void {
    this.call.args += delta;
    if (this.call.args.length < 4096 && !this.call.command) {
      const command = readArguments(this.call.args).command;
      if (typeof command === 'string') this.line.textContent = `$ ${command}`;
    }
  }

  /** Output as the command prints it. */
  appendOutput(text: string): void {
    this.setText(this.text + text);
  }

  private get running(): boolean {
    const command = this.call.command;
    if (command?.background && command.end === 'running') return true;
    return this.call.status === 'running';
  }

  private get failed(): boolean {
    const command = this.call.command;
    if (!command) return this.call.status === 'error';
    if (command.end === 'running') return false;
    return command.end !== 'exited' || command.exitCode !== 0;
  }

  private statusParts(): Node[] {
    const command: CommandView | undefined = this.call.command;
    if (this.running && !command?.background) return [icon(this.doc, 'loading', 'codicon-modifier-spin'), this.doc.createTextNode('running')];
    if (!command) return this.call.status === 'error' ? [icon(this.doc, 'error'), this.doc.createTextNode('not run')] : [];
    const parts: Node[] = [];
    if (command.background) parts.push(h(this.doc, 'span', { class: 'badge' }, `background ${command.background}`));
    if (command.sandboxed) parts.push(h(this.doc, 'span', { class: 'badge', title: 'No network; only the workspace writable' }, icon(this.doc, 'shield'), 'sandbox'));
    const ended = endLabels[command.end];
    if (ended) parts.push(h(this.doc, 'span', { class: 'command-exit failed' }, ended));
    else if (command.end === 'exited') parts.push(h(this.doc, 'span', { class: `command-exit ${command.exitCode === 0 ? 'passed' : 'failed'}` }, `exit ${command.exitCode ?? '?'}`));
    else if (command.end === 'running') parts.push(h(this.doc, 'span', { class: 'command-exit' }, 'running'));
    if (command.durationMs !== undefined) parts.push(h(this.doc, 'span', { class: 'command-duration' }, seconds(command.durationMs)));
    return parts;
  }

  private setText(text: string): void {
    this.text = text.length > SHOWN_CHARS ? text.slice(text.length - SHOWN_CHARS) : text;
    this.output.textContent = this.text;
    this.output.scrollTop = this.output.scrollHeight;
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
