// The `delegate` tool: the model hands self-contained research tasks to subagents that run in parallel, each in
// its own context window with read-only tools, and gets back only their bounded reports. Every tool call of a
// subagent passes the parent's trust policy; a question it would ask the user is refused instead (answers the
// user already gave for the session still count).
import type { AgentConfig } from '../agent/agentTurn';
import type { ModelOptions } from '../model/types';
import type { Tool, ToolContext } from '../tools/tool';
import { refusingApprover } from '../trust/approvals';
import type { EditReviewer } from '../workspace';
import { subagentInstructions } from './instructions';
import { formatDelegation } from './report';
import { runSubagent } from './runSubagent';
import { MAX_PARALLEL_LIMIT, MAX_TASKS_PER_CALL, TASK_MAX_CHARS, wrapUpTimeMs, type SubagentSettings } from './settings';
import type { SubagentOutcome } from './types';

export const DELEGATE_TOOL_NAME = 'delegate';

/** What subagents are built from: the parent's model and options, its tools (the read-only ones are lent), the settings. */
export interface DelegationSetup {
  parent: Pick<AgentConfig, 'provider' | 'model' | 'options' | 'priceUsage'>;
  tools: readonly Tool[];
  workspaceLabel: string;
  settings: SubagentSettings;
}

/** The parent's agent with the delegate tool added, or unchanged when delegation is off or there is nothing to lend. */
export function withDelegation(config: AgentConfig, workspaceLabel: string, settings: SubagentSettings): AgentConfig {
  if (settings.maxParallel < 1 || !config.tools.some(lendable)) return config;
  const delegate = delegateTool({ parent: config, tools: config.tools, workspaceLabel, settings });
  return { ...config, tools: [...config.tools, delegate] };
}

/** Tools a subagent may use: read-only ones, never delegation itself. */
function lendable(tool: Tool): boolean {
  return tool.readOnly && tool.name !== DELEGATE_TOOL_NAME;
}

/** Builds the delegate tool; subagents of one tool (one turn) share its parallel limit and get ids s1, s2, … */
export function delegateTool(setup: DelegationSetup): Tool {
  const { settings } = setup;
  const tools = setup.tools.filter(lendable);
  const names = tools.map((t) => t.name);
  const parallel = Math.max(1, Math.min(MAX_PARALLEL_LIMIT, Math.floor(settings.maxParallel)));
  const slots = limiter(parallel);
  const config: AgentConfig = {
    provider: setup.parent.provider,
    model: setup.parent.model,
    tools,
    instructions: subagentInstructions(setup.workspaceLabel, names),
    options: subagentOptions(setup.parent.options, settings),
    maxSteps: settings.maxSteps,
    ...(setup.parent.priceUsage ? { priceUsage: setup.parent.priceUsage } : {}),
  };
  let started = 0;
  return {
    name: DELEGATE_TOOL_NAME,
    description: [
      `Hand self-contained research tasks to subagents. Each runs in its own context window with read-only tools (${names.join(', ')}) and returns only a short report citing path:line, so your own context stays small.`,
      'Use it for questions that span many files ("how does X work across this repository?", "where is Y configured and tested?"): give several independent tasks in one call and they run in parallel.',
      `A task must stand on its own: the subagent sees nothing of this conversation. Subagents cannot edit, run commands or delegate. At most ${MAX_TASKS_PER_CALL} tasks per call; ${parallel} run at once.`,
    ].join('\n'),
    parameters: {
      type: 'object',
      properties: {
        tasks: {
          type: 'array',
          items: { type: 'string', description: 'One self-contained task: what to find out and what to report.' },
          minItems: 1,
          maxItems: MAX_TASKS_PER_CALL,
          description: 'The tasks, one subagent each.',
        },
      },
      required: ['tasks'],
      additionalProperties: false,
    },
    readOnly: true,
    timeLimitMs: (args) => {
      const count = Array.isArray(args.tasks) ? Math.max(1, args.tasks.length) : 1;
      // Each subagent ends itself at its own limits first; this only catches a subagent that ignores Stop.
      return Math.ceil(count / parallel) * (settings.timeLimitMs + wrapUpTimeMs(settings)) + 30_000;
    },
    async run(args, context) {
      const tasks = (args.tasks as unknown[]).map((t) => String(t).trim());
      const problem = taskProblem(tasks);
      if (problem) return { output: problem, isError: true };
      const subContext = subagentContext(context);
      const outcomes: SubagentOutcome[] = await Promise.all(
        tasks.map((task, index) => {
          const id = `s${++started}`;
          return slots(async () => {
            await context.progress?.({ subagent: { type: 'start', id, index, count: tasks.length, task } });
            return runSubagent({
              id,
              task,
              config,
              context: subContext,
              settings,
              signal: context.signal,
              emit: (update, usage) => context.progress?.({ subagent: update, ...(usage ? { usage } : {}) }),
            });
          });
        }),
      );
      const failed = outcomes.every((o) => o.status === 'error' || o.status === 'cancelled');
      return { output: formatDelegation(tasks, outcomes), isError: failed, detail: { subagents: outcomes } };
    },
  };
}

/** Why the tasks cannot be handed out, or undefined. */
function taskProblem(tasks: string[]): string | undefined {
  if (tasks.length === 0) return 'Give at least one task.';
  if (tasks.length > MAX_TASKS_PER_CALL) return `At most ${MAX_TASKS_PER_CALL} tasks per call (got ${tasks.length}); merge related ones or call again.`;
  const empty = tasks.findIndex((t) => t === '');
  if (empty >= 0) return `Task ${empty + 1} is empty; describe what the subagent should find out.`;
  const long = tasks.findIndex((t) => t.length > TASK_MAX_CHARS);
  if (long >= 0) return `Task ${long + 1} is ${tasks[long].length.toLocaleString('en-US')} characters long; keep a task under ${TASK_MAX_CHARS.toLocaleString('en-US')}.`;
  return undefined;
}

/** The parent's context for a subagent: same workspace and policy, no one to ask, no edits, its own read log. */
function subagentContext(parent: ToolContext): SubagentContext {
  return {
    workspace: parent.workspace,
    reviewer: noEdits,
    trust: parent.trust.withApprover(
      refusingApprover((request) => `${request.reason}; a subagent cannot ask the user, so it was refused (say so in your report: the main agent can ask)`),
    ),
    readFiles: new Map(),
    ...(parent.hide ? { hide: parent.hide } : {}),
  };
}

type SubagentContext = Omit<ToolContext, 'signal' | 'progress'>;

const noEdits: EditReviewer = { review: async () => ({ approved: false, reason: 'subagents cannot edit files' }) };

/** The parent's options at the subagent effort, with one result and no summaries to show. */
function subagentOptions(options: ModelOptions | undefined, settings: SubagentSettings): ModelOptions {
  const { thinkingLevel: _t, numberResults: _n, reasoningSummary: _s, ...rest } = options ?? {};
  return { ...rest, reasoningEffort: settings.reasoningEffort };
}

/** Runs at most `max` jobs at once, the others in the order they came. */
function limiter(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (job) => {
    while (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
