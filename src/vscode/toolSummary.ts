/** Longest tool output a card keeps; the model saw the whole of it, the view needs a glance. */
export const CARD_OUTPUT_CHARS = 8000;

/** One short line saying what a tool call did, for the collapsed card. */
export function toolSummary(name: string, args: Record<string, unknown>, output: string, isError: boolean, detail: unknown): string {
  if (isError) return clip(firstLine(output));
  const d = (detail ?? {}) as Record<string, unknown>;
  const count = typeof d.count === 'number' ? d.count : undefined;
  switch (name) {
    case 'read_file': {
      const path = String(args.path ?? d.path ?? '');
      if (typeof d.start === 'number' && typeof d.end === 'number' && typeof d.totalLines === 'number') {
        return d.start === 1 && d.end === d.totalLines ? `read ${path} (${d.totalLines} lines)` : `read lines ${d.start}-${d.end} of ${path}`;
      }
      return `read ${path}`;
    }
    case 'list_files':
      return `listed ${count ?? 0} entries in ${String(args.path ?? '') || 'the workspace'}`;
    case 'search_text':
      return `${count ?? 0} ${count === 1 ? 'match' : 'matches'} for "${clip(String(args.query ?? ''), 40)}"`;
    case 'get_diagnostics':
      return count === undefined || count === 0 ? 'no problems reported' : `${count} ${count === 1 ? 'problem' : 'problems'}`;
    default:
      return clip(firstLine(output));
  }
}

/** Tool output cut to what a card shows. */
export function cardOutput(output: string): string {
  return output.length <= CARD_OUTPUT_CHARS ? output : `${output.slice(0, CARD_OUTPUT_CHARS)}\n… (${output.length - CARD_OUTPUT_CHARS} more characters)`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function clip(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
