// What the parent model reads back from the delegate tool: per subagent its status, what it spent and its
// bounded report. Nothing else of a subagent's work (files it read, tool outputs) enters the parent's conversation.
import type { SubagentOutcome, SubagentStatus } from './types';

/** Activity entries listed for a subagent that stopped early, so the parent need not redo them. */
const ACTIVITY_SHOWN = 20;

/** A tool call in a few words: "read src/a.ts", "search_text \"retry\"". */
export function describeActivity(name: string, args: Record<string, unknown>): string {
  const verb = name === 'read_file' ? 'read' : name === 'list_files' ? 'listed' : name === 'search_text' ? 'searched' : name;
  if (typeof args.path === 'string') {
    const lines = typeof args.start_line === 'number' ? `:${args.start_line}${typeof args.end_line === 'number' ? `-${args.end_line}` : ''}` : '';
    return `${verb} ${args.path || '.'}${lines}`;
  }
  if (typeof args.query === 'string') return `${verb} ${JSON.stringify(args.query.length > 60 ? `${args.query.slice(0, 59)}…` : args.query)}`;
  return name === 'list_files' ? `${verb} .` : verb;
}

/** The report cut to `max` characters at a line break where one is near, marked as cut. */
export function boundReport(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const lineEnd = text.lastIndexOf('\n', max);
  const end = lineEnd > max * 0.8 ? lineEnd : max;
  return { text: `${text.slice(0, end).trimEnd()}\n[report cut at ${end.toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters]`, cut: true };
}

const STATUS_WORDS: Record<SubagentStatus, string> = {
  done: 'done',
  step_limit: 'stopped at its step limit',
  token_limit: 'stopped at its token budget',
  time_limit: 'stopped at its time limit',
  incomplete: 'cut short by the service',
  error: 'failed',
  cancelled: 'stopped',
};

/** The status in words: "done", "stopped at its time limit". */
export function statusWords(status: SubagentStatus): string {
  return STATUS_WORDS[status];
}

/** One line of figures: "5 model calls, 23,456 tokens, 12 s". */
export function outcomeFigures(outcome: Pick<SubagentOutcome, 'steps' | 'usage' | 'elapsedMs'>): string {
  const tokens = outcome.usage.inputTokens + outcome.usage.outputTokens;
  return `${outcome.steps} model call${outcome.steps === 1 ? '' : 's'}, ${tokens.toLocaleString('en-US')} tokens, ${Math.round(outcome.elapsedMs / 1000)} s`;
}

/** The delegate tool's answer to the parent model: every task's outcome, in the order the tasks were given. */
export function formatDelegation(tasks: readonly string[], outcomes: readonly SubagentOutcome[]): string {
  const counts = new Map<SubagentStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const summary = [...counts].map(([status, n]) => `${n} ${statusWords(status)}`).join(', ');
  const parts = [`${outcomes.length} subagent${outcomes.length === 1 ? '' : 's'}: ${summary}.`];
  outcomes.forEach((outcome, i) => {
    const lines = [`## Subagent ${i + 1} (${statusWords(outcome.status)}; ${outcomeFigures(outcome)})`, `Task: ${firstLine(tasks[i])}`];
    if (outcome.error) lines.push(`Error: ${outcome.error.message}`);
    if (outcome.status !== 'done' && outcome.activity.length > 0) {
      const more = outcome.activity.length > ACTIVITY_SHOWN ? `, and ${outcome.activity.length - ACTIVITY_SHOWN} more` : '';
      lines.push(`It looked at: ${outcome.activity.slice(0, ACTIVITY_SHOWN).join('; ')}${more}.`);
    }
    lines.push('Report:', outcome.report);
    parts.push(lines.join('\n'));
  });
  return parts.join('\n\n');
}

function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0];
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
