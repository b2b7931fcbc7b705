// The subagent cards of one assistant message, kept by the host from the delegate tool's progress: each card's
// task, live tool activity, tokens and cost, and its report. The view gets a card whole when it changes.
import type { AgentEvent } from '../core/agent/agentTurn';
import { addUsage, emptyUsage } from '../core/agent/usage';
import type { Usage } from '../core/model/types';
import { describeActivity } from '../core/subagents/report';
import type { HostMessage, MessageView, SubagentView } from '../protocol/messages';
import { figures } from './assistantMessage';
import { toolSummary } from './toolSummary';

/** Tool calls a card lists; older ones are counted, not shown. */
const ACTIVITY_KEPT = 30;

type Progress = Extract<AgentEvent, { type: 'tool_progress' }>;

export class SubagentViews {
  private readonly usage = new Map<string, Usage>();
  private readonly args = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly message: MessageView,
    private readonly post: (message: HostMessage) => void,
  ) {}

  /** Applies one update of a subagent to its card and sends the card. */
  apply(event: Progress): void {
    const update = event.progress.subagent;
    if (update.type === 'start') {
      this.set({ id: update.id, callId: event.callId, index: update.index + 1, count: update.count, task: update.task, status: 'running', activity: [], toolCount: 0 });
      return;
    }
    const view = this.find(update.id);
    if (!view) return;
    if (update.type === 'end') {
      const { outcome } = update;
      this.set({ ...view, status: outcome.status, usage: figures(outcome.usage), report: outcome.report, steps: outcome.steps, elapsedMs: outcome.elapsedMs, ...(outcome.error ? { error: outcome.error.message } : {}), activity: view.activity.map((a) => (a.status === 'running' ? { ...a, status: 'error' } : a)) });
      return;
    }
    const inner = update.event;
    const key = (callId: string) => `${update.id}/${callId}`;
    if (inner.type === 'tool_start') {
      this.args.set(key(inner.callId), inner.args);
      const activity = [...view.activity, { callId: inner.callId, text: describeActivity(inner.name, inner.args), status: 'running' as const }].slice(-ACTIVITY_KEPT);
      this.set({ ...view, activity, toolCount: view.toolCount + 1 });
    } else if (inner.type === 'tool_result') {
      const text = toolSummary(inner.name, this.args.get(key(inner.callId)) ?? {}, inner.output, inner.isError, inner.detail);
      const activity = view.activity.map((a) => (a.callId === inner.callId ? { ...a, text, status: inner.isError ? ('error' as const) : ('done' as const) } : a));
      this.set({ ...view, activity });
    } else if (inner.type === 'model' && inner.event.type === 'usage') {
      const usage = addUsage(this.usage.get(update.id) ?? emptyUsage(), inner.event.usage);
      this.usage.set(update.id, usage);
      this.set({ ...view, usage: figures(usage) });
    }
  }

  /** Marks the cards still running as stopped (the turn ended around them). */
  finish(): void {
    for (const view of this.message.subagents ?? []) {
      if (view.status === 'running') this.set({ ...view, status: 'cancelled', activity: view.activity.map((a) => (a.status === 'running' ? { ...a, status: 'error' } : a)) });
    }
  }

  private find(id: string): SubagentView | undefined {
    return this.message.subagents?.find((s) => s.id === id);
  }

  private set(view: SubagentView): void {
    const list = (this.message.subagents ??= []);
    const at = list.findIndex((s) => s.id === view.id);
    if (at >= 0) list[at] = view;
    else list.push(view);
    this.post({ type: 'subagent', messageId: this.message.id, subagent: view });
  }
}
