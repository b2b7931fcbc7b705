import type { ConversationItem } from '../model/types';
import { allocate, NO_ROOM, type Candidate } from './allocate';
import { ALWAYS_FRESH, blockFrame, blockMarker, editorLine, ORDER, PRIORITY, STABLE_KINDS } from './blocks';
import { hashText, JOIN_SLACK_TOKENS, loadTokenCounter, MESSAGE_OVERHEAD_TOKENS, type TokenCounter } from './tokens';
import type { ContextReport, ContextReportItem, ContextSource, PackResult, PackState, StableEntry } from './types';

export interface PackOptions {
  /** Report ids the user removed from the context list before sending. */
  excludeIds?: readonly string[];
  /**
   * The history as it will be sent after the stable items. When given, blocks that earlier messages
   * carried are checked to still be there (compaction may have dropped them) and re-sent if not.
   */
  history?: readonly ConversationItem[];
  /**
   * Tokens left unused when the stable items are built (first turn or rebuild), so the history can grow
   * for a while before they stop fitting and must be rebuilt (a prompt-cache miss). At most half the budget.
   */
  growthReserve?: number;
  /** Defaults to the shared o200k_base counter. */
  counter?: TokenCounter;
}

/** Suffix of the report id of an outdated stable copy kept for the prompt cache (removable like any item). */
export const OLD_COPY_SUFFIX = '#old-copy';

const UPDATED = 'updated since sent earlier';

interface LiveSource {
  source: ContextSource;
  /** Content hash, computed only when needed: most sources of a big mention are never compared or sent. */
  hash: () => string;
}

type Mode = 'keep' | 'prune' | 'fresh';

interface Plan {
  /** Previous stable entries still sent, in their old order (kept and outdated ones). */
  reused: Array<{ entry: StableEntry; outdated: boolean }>;
  candidates: Candidate[];
  earlierIds: string[];
  overBudget: boolean;
}

/**
 * Packs context sources into `budget` tokens for one request, laid out for the prompt cache:
 * `input = [...items, ...history, user(volatileText + question)]`. Stable items repeat last turn's
 * bytes; what is new or changed goes in `volatileText` (and so into the history, never re-sent while
 * unchanged). The total never exceeds `budget`.
 */
export async function packContext(sources: readonly ContextSource[], budget: number, previous?: PackState, options: PackOptions = {}): Promise<PackResult> {
  const counter = options.counter ?? (await loadTokenCounter());
  const excluded = new Set(options.excludeIds ?? []);
  // Withheld now (newly excluded, or no longer allowed): a copy sent before must not be sent again either.
  const withheld = new Set<string>();
  const refused: ContextReportItem[] = [];
  const live = new Map<string, LiveSource>();
  for (const source of highestPriorityById(sources)) {
    if (source.withheld !== undefined) {
      refused.push(notSent(source, source.withheld));
      withheld.add(source.id);
    } else if (excluded.has(source.id)) refused.push(notSent(source, 'removed by you'));
    else live.set(source.id, { source, hash: memo(() => hashText(source.text)) });
  }
  const dropped = new Set([...excluded, ...withheld]);
  const earlier = stillInHistory(previous?.earlier ?? {}, options.history);
  let editor = editorLine([...live.values()].map((l) => l.source));
  let editorTokens = editor ? counter.count(editor) + JOIN_SLACK_TOKENS : 0;
  if (editorTokens + JOIN_SLACK_TOKENS > budget) [editor, editorTokens] = ['', 0];
  // One more allowance for where the caller appends the question.
  const room = Math.max(0, budget - editorTokens - JOIN_SLACK_TOKENS);

  const reserve = Math.min(options.growthReserve ?? 0, Math.floor(room / 2));
  const planFor = (mode: Mode) => plan(mode, live, previous, earlier, dropped, mode === 'fresh' ? room - reserve : room, counter);
  let mode: Mode = previous ? 'keep' : 'fresh';
  let chosen = planFor(mode);
  let rebuilt: string | undefined;
  // Cutting is normal; only kept items that no longer fit, or the user's focus left out, break the cached prefix.
  if (mode === 'keep' && (chosen.overBudget || (urgentOmitted(chosen) && chosen.reused.some((r) => r.outdated)))) {
    mode = 'prune';
    chosen = planFor(mode);
    rebuilt = 'dropped outdated copies of changed or closed files to make room';
  }
  if (mode === 'prune' && (chosen.overBudget || urgentOmitted(chosen))) {
    mode = 'fresh';
    chosen = planFor(mode);
    rebuilt = 'the earlier context no longer fit next to the conversation; packed again from scratch';
  }
  if (!rebuilt && previous?.stable.some((e) => withheld.has(e.id))) rebuilt = 'a file sent before is now excluded or looks secret';
  if (!rebuilt && previous && chosen.reused.length < previous.stable.length) rebuilt = 'you removed an item sent before';

  return assemble(chosen, { editor, editorTokens, budget, rebuilt, refused, live, earlier });
}

function plan(mode: Mode, live: Map<string, LiveSource>, previous: PackState | undefined, earlier: PackState['earlier'], dropped: Set<string>, room: number, counter: TokenCounter): Plan {
  const reused: Plan['reused'] = [];
  if (mode !== 'fresh') {
    for (const entry of previous?.stable ?? []) {
      if (dropped.has(entry.id) || dropped.has(entry.id + OLD_COPY_SUFFIX)) continue;
      const outdated = live.get(entry.id)?.hash() !== entry.hash;
      if (outdated && mode === 'prune') continue;
      reused.push({ entry, outdated });
    }
  }
  const sunk = reused.reduce((sum, r) => sum + r.entry.tokens, 0);
  const current = new Set(reused.filter((r) => !r.outdated).map((r) => r.entry.id));
  const sentHash = new Map<string, string>([...(previous?.stable ?? []).map((e): [string, string] => [e.id, e.hash]), ...Object.entries(earlier).map(([id, e]): [string, string] => [id, e.hash])]);
  const candidates: Candidate[] = [];
  const earlierIds: string[] = [];
  const omittedBefore = mode === 'keep' ? (previous?.omitted ?? {}) : {};
  for (const { source, hash } of live.values()) {
    if (current.has(source.id)) continue;
    const fresh = ALWAYS_FRESH.has(source.kind);
    if (!fresh && earlier[source.id] && earlier[source.id].hash === hash()) {
      earlierIds.push(source.id);
      continue;
    }
    const placement = mode === 'fresh' && STABLE_KINDS.has(source.kind) ? 'stable' : 'volatile';
    const changed = sentHash.has(source.id) && sentHash.get(source.id) !== hash();
    const status = !fresh && changed ? UPDATED : source.kind === 'read_file' ? 'changed since you read it' : undefined;
    const { head, tail } = blockFrame(source, status);
    const framing = placement === 'stable' ? MESSAGE_OVERHEAD_TOKENS : JOIN_SLACK_TOKENS;
    const fixed = counter.count(head) + counter.count(tail) + 2 * JOIN_SLACK_TOKENS + framing;
    const candidate: Candidate = { source, hash, priority: source.priority ?? PRIORITY[source.kind], placement, status, head, tail, fixed };
    // What did not fit before stays out while the stable items are kept: sending it now would only grow
    // the conversation (it lands in the history) without making room for it.
    if (!fresh && omittedBefore[source.id] === source.kind) {
      candidate.omitted = NO_ROOM;
      candidate.heldBack = true;
    }
    candidates.push(candidate);
  }
  candidates.sort(byRank);
  if (sunk > room) return { reused, candidates, earlierIds, overBudget: true };
  // While the stable items are kept, new content lands in the history for good: a source too big for its
  // share gets only its share, so a few such turns cannot use up the room the conversation grows into.
  allocate(candidates.filter((c) => c.omitted === undefined), room - sunk, counter, { fillLeftover: mode === 'fresh' });
  return { reused, candidates, earlierIds, overBudget: false };
}

interface AssembleInput {
  editor: string;
  editorTokens: number;
  budget: number;
  rebuilt?: string;
  refused: ContextReportItem[];
  live: Map<string, LiveSource>;
  earlier: PackState['earlier'];
}

function assemble(chosen: Plan, input: AssembleInput): PackResult {
  const packed = chosen.candidates.filter((c) => c.packed);
  const fresh = packed.filter((c) => c.placement === 'stable').map(toEntry);
  const stable = [...chosen.reused.map((r) => r.entry), ...fresh];
  const volatile = packed.filter((c) => c.placement === 'volatile');
  const blocks = volatile.map((c) => c.head + c.packed!.content + c.tail).join('');
  const volatileText = input.editor || blocks ? `${input.editor}${blocks}\n` : '';

  const items: ContextReportItem[] = [
    ...chosen.reused.map(({ entry, outdated }) => reusedItem(entry, outdated, input.live.has(entry.id))),
    ...fresh.map((e) => ({ id: e.id, kind: e.kind, label: e.label, tokens: e.tokens, truncated: e.truncated, placement: 'stable' as const, note: e.note })),
    ...volatile.map((c) => packedItem(c)),
    ...chosen.earlierIds.map((id) => earlierItem(input.live.get(id)!.source)),
    ...chosen.candidates.filter((c) => c.omitted).map((c) => notSent(c.source, c.omitted!)),
    ...input.refused,
  ];
  const stableTokens = stable.reduce((sum, e) => sum + e.tokens, 0);
  const volatileTokens = volatileText ? input.editorTokens + JOIN_SLACK_TOKENS + volatile.reduce((sum, c) => sum + c.packed!.tokens, 0) : 0;
  const report: ContextReport = {
    items,
    totalTokens: stableTokens + volatileTokens,
    budgetTokens: input.budget,
    stableTokens,
    volatileTokens,
    reusedStableItems: chosen.reused.filter((r) => !r.outdated).length,
    ...(input.rebuilt ? { rebuilt: input.rebuilt } : {}),
  };

  const earlier = { ...input.earlier };
  for (const c of volatile) if (!ALWAYS_FRESH.has(c.source.kind)) earlier[c.source.id] = { hash: c.hash(), marker: blockMarker(c.source) };
  const omitted = Object.fromEntries(chosen.candidates.filter((c) => c.omitted).map((c) => [c.source.id, c.source.kind]));
  return { items: stable.map((e) => e.item), volatileText, report, state: { stable, earlier, omitted } };
}

function toEntry(c: Candidate): StableEntry {
  const p = c.packed!;
  return {
    id: c.source.id,
    kind: c.source.kind,
    label: c.source.label,
    hash: c.hash(),
    tokens: p.tokens,
    truncated: p.truncated,
    ...(p.note ? { note: p.note } : {}),
    item: { type: 'message', role: 'user', content: c.head + p.content + c.tail },
  };
}

function reusedItem(entry: StableEntry, outdated: boolean, stillThere: boolean): ContextReportItem {
  const base = { kind: entry.kind, label: entry.label, tokens: entry.tokens, truncated: entry.truncated, placement: 'stable' as const };
  if (!outdated) return { id: entry.id, ...base, note: join(entry.note, 'same bytes as the last request') };
  const why = stillThere ? 'an older copy (the file changed)' : 'no longer open';
  return { id: entry.id + OLD_COPY_SUFFIX, ...base, label: `${entry.label} (old copy)`, note: `${why}; kept so the prompt cache still matches` };
}

function packedItem(c: Candidate): ContextReportItem {
  const p = c.packed!;
  const note = join(c.status, p.note);
  return { id: c.source.id, kind: c.source.kind, label: c.source.label, tokens: p.tokens, truncated: p.truncated, placement: c.placement, ...(note ? { note } : {}) };
}

function earlierItem(source: ContextSource): ContextReportItem {
  return { id: source.id, kind: source.kind, label: source.label, tokens: 0, truncated: false, placement: 'earlier', note: 'already in the conversation, unchanged' };
}

function notSent(source: ContextSource, reason: string): ContextReportItem {
  return { id: source.id, kind: source.kind, label: source.label, tokens: 0, truncated: false, omitted: reason, placement: 'none' };
}

function join(...parts: Array<string | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => !!p);
  return kept.length > 0 ? kept.join('; ') : undefined;
}

function urgentOmitted(p: Plan): boolean {
  return p.candidates.some((c) => c.omitted !== undefined && !c.heldBack && c.priority >= PRIORITY.active_file);
}

// Deterministic order, so the same sources always give the same bytes.
function byRank(a: Candidate, b: Candidate): number {
  return ORDER[a.source.kind] - ORDER[b.source.kind] || (a.source.id < b.source.id ? -1 : a.source.id > b.source.id ? 1 : 0);
}

// The same file may come as active, open and mentioned: the highest-priority role speaks for it.
function highestPriorityById(sources: readonly ContextSource[]): ContextSource[] {
  const byId = new Map<string, ContextSource>();
  for (const s of sources) {
    const seen = byId.get(s.id);
    if (!seen || (s.priority ?? PRIORITY[s.kind]) > (seen.priority ?? PRIORITY[seen.kind])) byId.set(s.id, s);
  }
  return [...byId.values()];
}

function stillInHistory(earlier: PackState['earlier'], history?: readonly ConversationItem[]): PackState['earlier'] {
  if (!history) return earlier;
  const texts = history.flatMap((item) => (item.type === 'message' && item.role === 'user' ? [item.content] : []));
  return Object.fromEntries(Object.entries(earlier).filter(([, e]) => texts.some((t) => t.includes(e.marker))));
}

function memo<T>(compute: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
