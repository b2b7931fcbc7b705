import type { InlineAttachment } from './inlineActions';

/** A chat message carrying an editor selection: the request, then the code with its file and lines. */
export function messageWithSelection(prompt: string, attachment: InlineAttachment): string {
  const first = attachment.range.start.line + 1;
  const last = attachment.range.end.line + 1;
  const lines = first === last ? `line ${first}` : `lines ${first}-${last}`;
  // A fence longer than any backtick run in the code, so the code cannot close it early.
  const longest = Math.max(2, ...[...attachment.text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${prompt}\n\n${attachment.path} (${lines}):\n${fence}${attachment.languageId}\n${attachment.text.replace(/\n$/, '')}\n${fence}`;
}
