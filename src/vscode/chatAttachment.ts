// An editor selection sent to the chat (Explain Selection): the transcript shows what the user asked and the
// selection as a chip; the model gets the full request. Free of `vscode` so the wording is unit-tested.
import type { AttachmentView } from '../protocol/messages';
import type { InlineAttachment } from './inlineActions';
import type { TurnQuestion } from './turnInput';

/** "Explain `cartTotal` in src/cart.ts:8-14", with the selection attached and `prompt` as what the model reads. */
export function explainQuestion(prompt: string, attachment: InlineAttachment): TurnQuestion {
  const first = attachment.range.start.line + 1;
  // A selection of whole lines ends at the start of the next line, which it does not include.
  const endsAtLineStart = attachment.range.end.character === 0 && attachment.range.end.line > attachment.range.start.line;
  const last = attachment.range.end.line + (endsAtLineStart ? 0 : 1);
  const label = `${attachment.path}:${first === last ? first : `${first}-${last}`}`;
  const text = attachment.name ? `Explain \`${attachment.name}\` in ${label}` : `Explain ${label}`;
  const chip: AttachmentView = { kind: 'selection', label, path: attachment.path, startLine: first, endLine: last, languageId: attachment.languageId, text: attachment.text };
  return { text, prompt, attachments: [chip] };
}

/** An attachment as the model reads it: where it is from, then the code in a fence it cannot close. */
export function attachmentBlock(attachment: AttachmentView): string {
  const longest = Math.max(2, ...[...attachment.text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${attachment.label}:\n${fence}${attachment.languageId}\n${attachment.text.replace(/\n$/, '')}\n${fence}`;
}
