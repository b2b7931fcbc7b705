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
import { choiceFlag, EXIT, numberFlag, UsageError, type CliIO } from './io';
import { MODEL_FLAGS, MODEL_FLAGS_USAGE, modelChoiceFrom, notSentLine } from './modelOptions';
import { shellQuote, terminalApprover } from './terminalApprover';
import { cliCheckpoints } from './checkpointStorage';
import { randomUUID } from 'node:crypto';
import { TerminalOutput } from './terminalOutput';
import { terminalReviewer } from './terminalReviewer';
import { SUBAGENT_FLAGS, SUBAGENT_USAGE, subagentJson, subagentLine, subagentSettingsFrom } from './subagentOutput';
import { withDelegation } from '../core/subagents/delegateTool';
import { Approvals } from '../core/trust/approvals';
import { prefixWords } from '../core/trust/commandRules';
import { TrustPolicy, type TrustRules } from '../core/trust/policy';
import { commandTools, DEFAULT_MAX_COMMAND_SECONDS } from '../core/tools/commandTools';
import { terminalCommandHost } from './terminalCommands';

const ASK_USAGE = `Usage: mini-coder ask [options] "PROMPT"

  --workspace DIR            Folder the agent works in (default: current directory)
${MODEL_FLAGS_USAGE}
  --max-steps N              Model calls per turn (default 25)
  --idle-timeout SECONDS     Give up on a stream silent for this long (default 60)
  --yes                      Apply ordinary edits without asking (never sensitive paths, commands or MCP tools)
  --allow-read PATH          Let the model read a file that looks secret (.env, keys, excluded); repeatable
  --allow-write GLOB         Let edits to a sensitive path (package.json, .github/**, .vscode/**…) go ahead
                             without asking; repeatable
  --allow-command PREFIX     Run commands starting with PREFIX ("npm test", "git status") without asking;
                             repeatable. Some always ask (sudo, push, publish, deletes outside the workspace…)
  --sandbox auto|off         auto (default): commands run without asking go into a bubblewrap sandbox
                             (no network, only the workspace writable) where bwrap works; off: they do not
  --max-command-seconds N    Longest time limit the model may ask for a command (default 600)
  --no-checkpoint            Do not snapshot the workspace for "mini-coder undo"
  --mcp-config FILE          MCP servers to start (the "mcpServers" JSON of Claude Desktop / Cursor / Cline, or
                             VS Code's mcp.json); repeatable. Their tools are offered as SERVER__TOOL
  --without-instructions     Leave out the project instructions (AGENTS.md, .github/copilot-instructions.md)
  --allow-mcp-tool GLOB      Let MCP tools matching SERVER/TOOL run without asking (e.g. github/get_*); repeatable.
                             --yes never covers MCP tools
${SUBAGENT_USAGE}
  --json                     Newline-delimited JSON events on stdout

The API key is read from MINI_CODER_API_KEY (never from the command line).
Exit codes: 0 done, 1 failed or cut short, 2 usage error, 3 the model refused, 130 stopped.`;

const CLI_VERSION: string = (require('../../package.json') as { version: string }).version; // eslint-disable-line @typescript-eslint/no-require-imports

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
      'allow-command': { type: 'string', multiple: true },
      sandbox: { type: 'string' },
      'max-command-seconds': { type: 'string' },
      'no-checkpoint': { type: 'boolean' },
      'mcp-config': { type: 'string', multiple: true },
      'allow-mcp-tool': { type: 'string', multiple: true },
      'without-instructions': { type: 'boolean' },
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
  const sandbox = choiceFlag('sandbox', values.sandbox, ['auto', 'off'] as const) ?? 'auto';
  const maxCommandSeconds = numberFlag('max-command-seconds', values['max-command-seconds'], { integer: true, min: 1, max: 86_400 }) ?? DEFAULT_MAX_COMMAND_SECONDS;
  const allowCommands = values['allow-command'] ?? [];
  const badPrefix = allowCommands.find((p) => prefixWords(p) === undefined);
  if (badPrefix !== undefined) throw new UsageError(`--allow-command ${JSON.stringify(badPrefix)} is not one plain command prefix (no operators, quotes left open or expansions)`);
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
  // The key, and every OAuth token an MCP server's sign-in brings, are kept out of all output and model input.
  const hidden = [apiKey];
  const output = new TerminalOutput(io, hidden, () => controller.abort());
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
    allowCommands,
    sandbox,
    allowMcpTools: values['allow-mcp-tool'] ?? [],
  };
  const trust = new Approvals(policy, terminalApprover(output.io));

  const commands = await terminalCommandHost(workspace, io.env, maxCommandSeconds);
  // Every file the turn changes (edits, and files its commands write) can be put back with `mini-coder undo`.
  const checkpoint = values['no-checkpoint'] ? undefined : (await cliCheckpoints(workspaceDir, io.env)).begin(randomUUID(), { eager: false });

  // A command's live output is shown while the terminal keeps up; what arrives while a write waits is dropped
  // (the model still gets the whole bounded result), so a command printing gigabytes cannot fill memory.
  let liveWrite: Promise<void> | undefined;
  let liveDropped = 0;
  const answer = new AnswerLayout(output);
  const onEvent = (event: AgentEvent) => {
    if (event.type === 'tool_output') {
      if (liveWrite) {
        liveDropped += event.text.length;
        return undefined;
      }
      const written = json ? printJsonEvent(event, out) : printed(event, output, answer);
      liveWrite = written?.then(() => (liveWrite = undefined));
      return undefined;
    }
    if (event.type === 'tool_result' && liveDropped > 0 && !json) {
      void output.err(`\n[${liveDropped.toLocaleString('en-US')} characters of live output not shown; the model got the start and the end]\n`);
      liveDropped = 0;
    }
    if (json) return printJsonEvent(event, out);
    return printed(event, output, answer);
  };

  // Servers start before the first model request, so their tools are offered from the first step.
  const builtIn = [...workspaceTools(), ...commandTools(commands, workspaceDir)];
  const mcp = values['mcp-config']?.length
    ? await (await import('./mcpSetup')).startCliMcp(values['mcp-config'], {
        workspaceDir,
        env: io.env,
        policy,
        builtIn: builtIn.map((t) => t.name),
        version: CLI_VERSION,
        warn: (line) => output.io.stderr.write(`mini-coder: ${line}\n`),
        interactive: Boolean(io.stdin.isTTY),
        secret: (value) => void (hidden.includes(value) || hidden.push(value)),
        signal: controller.signal,
      })
    : undefined;

  // Project instructions lead the request (stable, cache-friendly), read through the same secret filter as any read.
  const instructions = values['without-instructions'] ? undefined : await projectInstructionItems(workspace, trust);
  if (json && instructions && instructions.report.items.length > 0) await out({ type: 'context', items: instructions.report.items, totalTokens: instructions.report.totalTokens });

  let result: TurnResult;
  try {
    result = await runAgentTurn(
      [...(instructions?.items ?? []), { type: 'message', role: 'user', content: prompt, ...(choice.images.length ? { images: choice.images } : {}) }],
      withDelegation({
        provider,
        model,
        tools: checkpoint ? checkpoint.guard([...builtIn, ...(mcp?.tools ?? [])]) : [...builtIn, ...(mcp?.tools ?? [])],
        instructions: agentInstructions({ workspaceLabel: path.basename(workspaceDir), hostName: 'terminal', canEdit: true, canDelegate: subagents.maxParallel > 0 }),
        options,
        maxSteps,
        priceUsage: service !== 'runware' ? (u: Usage) => ({ ...u, costUsd: costOf(u, model) }) : undefined,
      }, path.basename(workspaceDir), subagents),
      { workspace, reviewer: terminalReviewer(output.io), trust, hide: hidden, readFiles: new Map() },
      onEvent,
      controller.signal,
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
    await mcp?.servers.dispose();
    // Servers the model started in the background end with the run.
    const stopped = await commands.background.stopAll();
    if (stopped > 0 && !json) await output.err(`mini-coder: stopped ${stopped} background command${stopped === 1 ? '' : 's'} the model left running.\n`);
  }
  const recorded = await checkpoint?.finish();

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
      ...(recorded ? { checkpoint: { turnId: recorded.turnId, files: recorded.folders.flatMap((f) => f.changes.map((c) => c.path)) } } : {}),
    });
  } else {
    await output.endText(false);
    if (result.alternatives) {
      for (const [i, alt] of result.alternatives.slice(1).entries()) await output.out(`\n\n--- result ${i + 2} ---\n${alt}`);
    }
    if (answer.printed) await output.out('\n');
    const failure = failureLine(result);
    if (failure) await output.err(`mini-coder: ${failure}\n`);
    if (recorded) {
      const count = recorded.folders.reduce((n, f) => n + f.changes.length, 0);
      await output.err(`mini-coder: ${count} file${count === 1 ? '' : 's'} changed; \`mini-coder undo --workspace ${shellQuote(workspaceDir)}\` puts ${count === 1 ? 'it' : 'them'} back.\n`);
    }
  }
  if (result.status === 'done') return EXIT.ok;
  if (result.status === 'cancelled') return EXIT.interrupted;
  if (result.status === 'refused') return EXIT.refused;
  return EXIT.failure;
}

/** Tokens the project instructions may take in a terminal request. */
const INSTRUCTIONS_BUDGET = 32_000;

async function projectInstructionItems(workspace: FsWorkspace, trust: Approvals) {
  const { gatherInstructions } = await import('../core/context/projectInstructions');
  const { packContext } = await import('../core/context/pack');
  const sources = await gatherInstructions(workspace, { files: [], skip: (p, head) => trust.skipReason(p, head) });
  return sources.length > 0 ? packContext(sources, INSTRUCTIONS_BUDGET) : undefined;
}

type JsonOut = (e: Record<string, unknown>) => Promise<void> | undefined;

function printJsonEvent(event: AgentEvent, out: JsonOut): Promise<void> | undefined {
  if (event.type === 'tool_start') return undefined;
  if (event.type === 'tool_output') return out({ type: 'tool_output', callId: event.callId, name: event.name, text: event.text });
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
  if (event.type === 'tool_output') return output.err(event.text);
  if (event.type === 'tool_result') {
    if (event.name === 'run_command') return output.err(`  ${event.isError ? '✗' : '→'} ${firstLine(event.output)}\n`);
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
  if (typeof args.command === 'string') return `$ ${args.command}${typeof args.cwd === 'string' ? ` (in ${args.cwd})` : ''}${args.background === true ? ' (background)' : ''}`;
  if (typeof args.id === 'string') return args.id;
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
