// Where a policy verdict meets the user: an "ask" goes to the host's Approver (a card in the chat, a prompt on
// the terminal, a refusal where no one can be asked), and "always" answers are remembered for the session.
// Tools call this; they never decide trust themselves.
import { MiniCoderError } from '../errors';
import type { FileRef, TrustPolicy, Verdict } from './policy';

/** A question for the user, as a host shows it. */
export interface ApprovalRequest {
  kind: 'read' | 'command' | 'mcp_tool';
  /** What would happen, short: "Read .env". */
  title: string;
  /** Why it asks (the policy's reason). Never quotes a secret. */
  reason: string;
  /** What "always" covers: a real file path, a command prefix, a `server/tool`. */
  scope: string;
  /** More to show (a full command line, tool arguments). */
  detail?: string;
}

export type ApprovalAnswer = { decision: 'once' | 'always' } | { decision: 'deny'; reason?: string };

/** Presents a question to the user. Resolves `deny` when the signal aborts or no one can be asked. */
export interface Approver {
  ask(request: ApprovalRequest, signal?: AbortSignal): Promise<ApprovalAnswer>;
}

/** The policy plus the user's answers for one session (a chat window, one CLI run). */
export class Approvals {
  private readonly remembered: Set<string>;

  constructor(
    readonly policy: TrustPolicy,
    private readonly approver: Approver,
    remembered?: Set<string>,
  ) {
    this.remembered = remembered ?? new Set();
  }

  /** The same policy and remembered answers with another way of asking (a subagent answers every question "deny"). */
  withApprover(approver: Approver): Approvals {
    return new Approvals(this.policy, approver, this.remembered);
  }

  /** The same policy and remembered answers, with the way of asking wrapped (the agent loop pauses a tool's clock while the user decides). */
  wrapApprover(wrap: (approver: Approver) => Approver): Approvals {
    return new Approvals(this.policy, wrap(this.approver), this.remembered);
  }

  /** Lets the model see a file's content, or throws a tool error saying why not (the file's text is never quoted). */
  async read(file: FileRef, head: string | undefined, signal?: AbortSignal): Promise<void> {
    const request = { kind: 'read' as const, title: `Read ${file.path}`, scope: file.realPath };
    await this.check(this.policy.read(file, head), request, signal, (why) => `Reading ${file.path} was not allowed: ${why}.`);
  }

  /** Why a read that cannot ask (search, context gathering) skips this file, or undefined to read it. */
  skipReason(realPath: string, head?: string): string | undefined {
    if (this.remembered.has(key('read', realPath))) return undefined;
    return this.policy.skipReason(realPath, head);
  }

  /** Files the user allowed to read for the rest of the session ("always"), for filters that cannot ask. */
  readAllowedAlways(): string[] {
    return [...this.remembered].filter((k) => k.startsWith('read:')).map((k) => k.slice('read:'.length));
  }

  /**
   * Applies a verdict: allow passes, deny throws, ask goes to the user unless they already said "always" for this
   * scope. A refusal throws a `tool` error the model reads (with `refusal` to word it).
   */
  async check(verdict: Verdict, request: Omit<ApprovalRequest, 'reason'>, signal?: AbortSignal, refusal: (why: string) => string = (why) => `Not allowed: ${why}.`): Promise<void> {
    if (verdict.decision === 'allow') return;
    if (verdict.decision === 'deny') throw new MiniCoderError({ kind: 'tool', message: refusal(verdict.reason) });
    if (this.remembered.has(key(request.kind, request.scope))) return;
    if (signal?.aborted) throw new MiniCoderError({ kind: 'cancelled', message: 'Stopped.' });
    const answer = await this.approver.ask({ ...request, reason: verdict.reason }, signal);
    if (answer.decision === 'deny') throw new MiniCoderError({ kind: 'tool', message: refusal(answer.reason ?? verdict.reason) });
    if (answer.decision === 'always') this.remembered.add(key(request.kind, request.scope));
  }
}

/** An approver for hosts where no one can answer: every question is refused with the reason given. */
export function refusingApprover(why: (request: ApprovalRequest) => string): Approver {
  return { ask: async (request) => ({ decision: 'deny', reason: why(request) }) };
}

function key(kind: ApprovalRequest['kind'], scope: string): string {
  return `${kind}:${scope}`;
}
