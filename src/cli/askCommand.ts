import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runAgentTurn, type AgentEvent, type TurnResult } from '../core/agent/agentTurn';
import { agentInstructions } from '../core/agent/instructions';
import { FsWorkspace } from '../core/fsWorkspace';
import { incompleteAdvice } from '../core/model/incompleteAdvice';
import type { MessagePhase, Usage } from '../core/model/types';
import { costOf } from '../core/pricing';
import { createProvider } from '../core/providers';
import { REASONING_EFFORTS } from '../core/providers/optionRules';
import { workspaceTools } from '../core/tools/workspaceTools';
import { EXIT, numberFlag, UsageError, type CliIO } from './io';
import { MODEL_FLAGS, MODEL_FLAGS_USAGE, modelChoiceFrom, notSentLine } from './modelOptions';
import { terminalApprover } from './terminalApprover';
import { TerminalOutput } from './terminalOutput';
import { terminalReviewer } from './terminalReviewer';
import { SUBAGENT_FLAGS, SUBAGENT_USAGE, subagentJson, subagentLine, subagentSettingsFrom } from './subagentOutput';
import { withDelegation } from '../core/subagents/delegateTool';
import { Approvals } from '../core/trust/approvals';
import { TrustPolicy, type TrustRules } from '../core/trust/policy';

const ASK_USAGE = `Usage: mini-coder ask [options] "PROMPT"

  --workspace DIR            Folder the agent works in (default: current directory)
${MODEL_FLAGS_USAGE}
  --max-steps N              Model calls per turn (default 25)
  --idle-timeout SECONDS     Give up on a stream silent for this long (default 60)
  --yes                      Apply ordinary edits without asking (never sensitive paths, commands or MCP tools)
  --allow-read PATH          Let the model read a file that looks secret (.env, keys, excluded); repeatable
  --allow-write GLOB         Let edits to a sensitive path (package.json, .github/**, .vscode/**…) go ahead
                             without asking; repeatable
${SUBAGENT_USAGE}
  --json                     Newline-delimited JSON events on stdout

The API key is read from MINI_CODER_API_KEY (never from the command line).
Exit codes: 0 done, 1 failed or cut short, 2 usage error, 3 the model refused, 130 stopped.`;

/** `mini-coder ask`: runs one agent turn on a workspace and streams it to the terminal. */
export async function runAsk(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      ...MODEL_FLAGS,
      'max-steps': { type: 'string' },
      'idle-timeout': { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'api-key': { type: 'string' },
      'allow-read': { type: 'string', multiple: true },
      'allow-write': { type: 'string', multiple: true },
      ...SUBAGENT_FLAGS,
    },
  });
  if (values.help) {
    io.stdout.write(`${ASK_USAGE}\n`);
    return EXIT.ok;
  }
  if (values['api-key'] !== undefined) {
    throw new UsageError('the key is never taken from the command line (it would show in the process list and shell history); set MINI_CODER_API_KEY');
  }
  const prompt = positionals.join(' ').trim();
  if (!prompt) throw new UsageError('ask needs a prompt, e.g. mini-coder ask "explain src/index.ts"');

  const choice = await modelChoiceFrom(values, io.env, process.cwd());
  const { service, model, options } = choice;
  const maxSteps = numberFlag('max-steps', values['max-steps'], { integer: true, min: 1, max: 200 });
  const idleSeconds = numberFlag('idle-timeout', values['idle-timeout'], { min: 0.01 });
  const subagents = subagentSettingsFrom(values, REASONING_EFFORTS);

  const apiKey = io.env.MINI_CODER_API_KEY;
  if (!apiKey) {
    throw new UsageError('no API key: set MINI_CODER_API_KEY to your key for the chosen service');
  }
  const workspaceDir = path.resolve(values.workspace ?? process.cwd());
  const workspace = new FsWorkspace(workspaceDir);
  if (!(await workspace.stat('.'))) throw new UsageError(`--workspace ${workspaceDir} is not a folder`);

  const provider = createProvider(
    {
      service,
      baseUrl: choice.baseUrl,
      model,
      idleTimeoutMs: idleSeconds === undefined ? undefined : idleSeconds * 1000,
      runwareDelivery: options.delivery,
      runwareToolMode: choice.toolMode,
      authHint: 'Set MINI_CODER_API_KEY to a valid key for this service.',
    },
    apiKey,
  );

  const json = Boolean(values.json);
  const controller = new AbortController();
  const output = new TerminalOutput(io, [apiKey], () => controller.abort());
  const out = (event: Record<string, unknown>) => output.json(event);
  // Said once, before the run: flags this service does not take are not sent.
  const notSent = notSentLine(choice);
  if (notSent && json) await out({ type: 'notice', message: notSent, notSent: choice.notSent });
  else if (notSent) await output.err(`mini-coder: ${notSent}\n`);
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);

  const policy = new TrustPolicy(() => rules);
  const rules: TrustRules = {
    autoApproveEdits: Boolean(values.yes),
    allowRead: values['allow-read'] ?? [],
    allowWrite: values['allow-write'] ?? [],
    excludeRead: [],
  };
  const trust = new Approvals(policy, terminalApprover(output.io));

  const answer = new AnswerLayout(output);
  const onEvent = (event: AgentEvent) => {
    if (json) return printJsonEvent(event, out);
    return printed(event, output, answer);
  };

  let result: TurnResult;
  try {
    result = await runAgentTurn(
      [{ type: 'message', role: 'user', content: prompt, ...(choice.images.length ? { images: choice.images } : {}) }],
      withDelegation({
        provider,
        model,
        tools: workspaceTools(),
        instructions: agentInstructions({ workspaceLabel: path.basename(workspaceDir), hostName: 'terminal', canEdit: true, canDelegate: subagents.maxParallel > 0 }),
        options,
        maxSteps,
        priceUsage: service !== 'runware' ? (u: Usage) => ({ ...u, costUsd: costOf(u, model) }) : undefined,
      }, path.basename(workspaceDir), subagents),
      { workspace, reviewer: terminalReviewer(output.io), trust, hide: [apiKey], readFiles: new Map() },
      onEvent,
      controller.signal,
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
  }

  if (json) {
    await out({
      type: 'final',
      status: result.status,
      text: result.text,
      ...(result.alternatives ? { alternatives: result.alternatives } : {}),
      usage: result.usage,
      steps: result.steps,
      ...(result.error ? { error: result.error } : {}),
      ...(result.incompleteReason ? { reason: result.incompleteReason, advice: incompleteAdvice(result.incompleteReason, '--max-output-tokens') } : {}),
      ...(result.refusal ? { refusal: result.refusal } : {}),
    });
  } else {
    await output.endText(false);
    if (result.alternatives) {
      for (const [i, alt] of result.alternatives.slice(1).entries()) await output.out(`\n\n--- result ${i + 2} ---\n${alt}`);
    }
    if (answer.printed) await output.out('\n');
    const failure = failureLine(result);
    if (failure) await output.err(`mini-coder: ${failure}\n`);
  }
  if (result.status === 'done') return EXIT.ok;
  if (result.status === 'cancelled') return EXIT.interrupted;
  if (result.status === 'refused') return EXIT.refused;
  return EXIT.failure;
}

type JsonOut = (e: Record<string, unknown>) => Promise<void> | undefined;

function printJsonEvent(event: AgentEvent, out: JsonOut): Promise<void> | undefined {
  if (event.type === 'tool_start') return undefined;
  if (event.type === 'step_cut') return out({ type: 'step_cut', step: event.step, tool: event.tool, message: cutMessage(event) });
  if (event.type === 'tool_progress') return subagentJson(event, out, printJsonEvent);
  if (event.type === 'tool_result') {
    return out({ type: 'tool_result', callId: event.callId, name: event.name, output: event.output, isError: event.isError });
  }
  if (event.type === 'step_start') {
    return out({ type: 'step', step: event.step });
  }
  const e = event.event;
  switch (e.type) {
    case 'text_delta':
      return out({ type: 'text', delta: e.delta, ...(e.phase ? { phase: e.phase } : {}), ...(e.resultIndex ? { resultIndex: e.resultIndex } : {}) });
    case 'reasoning_delta':
      return out({ type: 'reasoning', delta: e.delta });
    case 'refusal_delta':
      return out({ type: 'refusal', delta: e.delta });
    case 'notice':
      return out({ type: 'notice', message: e.message });
    case 'tool_call_complete':
      return out({ type: 'tool_call', callId: e.callId, name: e.name, arguments: e.arguments });
    case 'usage':
      return out({ type: 'usage', usage: e.usage });
    case 'incomplete':
      return out({ type: 'incomplete', reason: e.reason, ...(e.cutToolCall !== undefined ? { cutToolCall: e.cutToolCall } : {}) });
    case 'error':
      return out({ type: 'error', error: e.error });
    default:
      return undefined;
  }
}

function printed(event: AgentEvent, output: TerminalOutput, answer: AnswerLayout): Promise<void> | undefined {
  if (event.type === 'tool_start') {
    return output.err(`• ${event.name} ${describeArgs(event.args)}\n`);
  }
  if (event.type === 'tool_result') {
    return event.isError ? output.err(`  ✗ ${firstLine(event.output)}\n`) : undefined;
  }
  if (event.type === 'tool_progress') {
    const line = subagentLine(event);
    return line ? output.err(line) : undefined;
  }
  if (event.type === 'step_cut') return output.err(`mini-coder: ${cutMessage(event)}\n`);
  if (event.type === 'step_start') {
    answer.newStep();
    return undefined;
  }
  if (event.type !== 'model') return undefined;
  const e = event.event;
  if (e.type === 'text_delta' && !e.resultIndex) return answer.write(e.delta, e.phase);
  if (e.type === 'notice') return output.err(`mini-coder: ${e.message}\n`);
  return undefined;
}

/**
 * The answer on stdout: messages of different phases (commentary, then the final answer) and of different
 * model calls are kept a blank line apart instead of glued together.
 */
class AnswerLayout {
  printed = false;
  private lastPhase: MessagePhase | undefined;
  private breakDue = false;
  private trailingNewlines = 0;

  constructor(private readonly output: TerminalOutput) {}

  newStep(): void {
    if (this.printed) this.breakDue = true;
  }

  write(delta: string, phase: MessagePhase | undefined): Promise<void> | undefined {
    if (delta === '') return undefined;
    if (phase !== undefined && this.lastPhase !== undefined && phase !== this.lastPhase) this.breakDue = true;
    if (phase !== undefined) this.lastPhase = phase;
    const gap = this.breakDue && this.printed ? '\n'.repeat(Math.max(0, 2 - this.trailingNewlines)) : '';
    this.breakDue = false;
    this.printed = true;
    const trailing = /\n*$/.exec(delta)![0].length;
    this.trailingNewlines = trailing === delta.length ? this.trailingNewlines + trailing : trailing;
    return this.output.text(gap + delta);
  }
}

function cutMessage(event: Extract<AgentEvent, { type: 'step_cut' }>): string {
  const what = event.tool ? `a call to ${event.tool}` : 'a tool call';
  return `step ${event.step} reached the output token limit while writing ${what}; the call was not run and the model was asked to send it in smaller pieces (or raise --max-output-tokens).`;
}

function describeArgs(args: Record<string, unknown>): string {
  if (typeof args.path === 'string') return args.path;
  if (typeof args.query === 'string') return JSON.stringify(args.query);
  if (typeof args.patch === 'string') return `(${args.patch.split('\n').length} lines)`;
  if (Array.isArray(args.tasks)) return `${args.tasks.length} task${args.tasks.length === 1 ? '' : 's'}`;
  return '';
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 200 ? line.slice(0, 200) + '…' : line;
}

function failureLine(result: TurnResult): string | undefined {
  switch (result.status) {
    case 'done':
      return undefined;
    case 'incomplete':
      return incompleteAdvice(result.incompleteReason, '--max-output-tokens');
    case 'refused':
      return `the model refused: ${result.refusal ?? ''}`.trim();
    case 'cancelled':
      return 'stopped; the partial answer above was kept.';
    default:
      return result.error?.message ?? 'the turn failed.';
  }
}
