// Unified diffs and "*** Begin Patch" texts shown with one coloured line per line of text.
import { h } from '../dom';

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('***') || line.startsWith('diff ') || line.startsWith('index ')) {
    return 'diff-meta';
  }
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-del';
  return 'diff-context';
}

/** A `pre.diff` with a span per line classed diff-add, diff-del, diff-hunk, diff-meta or diff-context. */
export function renderDiff(doc: Document, text: string): HTMLPreElement {
  const pre = h(doc, 'pre', { class: 'diff' });
  const lines = text.replace(/\n$/, '').split('\n');
  for (const line of lines) pre.append(h(doc, 'span', { class: lineClass(line) }, `${line}\n`));
  return pre;
}
