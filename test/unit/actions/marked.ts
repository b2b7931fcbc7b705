// Test texts mark positions inline: `‸` is the cursor, `«` and `»` the ends of a selection.
import { positionAt, type TextPosition } from '../../../src/core/actions/text';

export interface Marked {
  text: string;
  start: TextPosition;
  end: TextPosition;
}

/** Removes the marks and reports where they were. */
export function marked(source: string): Marked {
  const cursor = source.indexOf('‸');
  if (cursor !== -1) {
    const text = source.replace('‸', '');
    const at = positionAt(text, cursor);
    return { text, start: at, end: at };
  }
  const open = source.indexOf('«');
  const close = source.indexOf('»') - 1;
  const text = source.replace('«', '').replace('»', '');
  return { text, start: positionAt(text, open), end: positionAt(text, close) };
}
