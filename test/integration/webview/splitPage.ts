// The page side of streamingSplits.test.ts, bundled for Chromium: renders a text at once and streamed in
// two deltas split at every point (and one character at a time), and reports the splits whose DOM differs.
import { MarkdownView } from '../../../src/webview/render/streaming';

export interface SplitMismatch {
  /** Where the text was cut (-1: one character at a time). */
  at: number;
  streamed: string;
  once: string;
}

function render(parts: readonly string[]): string {
  const view = new MarkdownView(document);
  for (const part of parts) view.append(part);
  view.finish();
  return view.element.innerHTML;
}

/** Every way of streaming `text` tried here whose final DOM differs from rendering it at once (at most `limit`). */
function mismatches(text: string, limit = 3): SplitMismatch[] {
  const view = new MarkdownView(document);
  view.set(text);
  const once = view.element.innerHTML;
  const found: SplitMismatch[] = [];
  const check = (at: number, parts: readonly string[]) => {
    const streamed = render(parts);
    if (streamed !== once && found.length < limit) found.push({ at, streamed, once });
  };
  for (let at = 1; at < text.length; at++) check(at, [text.slice(0, at), text.slice(at)]);
  check(-1, [...text]);
  return found;
}

Object.assign(window, { mismatches });
