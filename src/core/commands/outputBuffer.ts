// What a command prints, kept within a fixed size however much it prints: the first part and the last part,
// with a marker saying how much was left out between them. Colours and cursor movements are removed, progress
// lines overwritten with carriage returns keep their last state, and binary data is counted, not kept.

/** Characters kept from the start and the end of a command's output by default (the end says most: test failures, errors). */
export const DEFAULT_HEAD_CHARS = 8_000;
export const DEFAULT_TAIL_CHARS = 24_000;

// CSI (colours, cursor), OSC (titles, links, shell-integration marks) and two-character escapes.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g;

/** Text as a terminal would leave it to be read: escapes removed, each line's last carriage-return state kept. */
export function readableText(text: string): string {
  return text
    .replace(ESCAPES, '')
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      const cr = line.lastIndexOf('\r');
      const last = cr < 0 ? line : line.slice(cr + 1);
      // Other control characters (bells, backspaces) say nothing to a reader; C1 controls (U+0080–U+009F) can start
      // an escape sequence on a terminal the CLI echoes to.
      return last.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
    })
    .join('\n');
}

/** Whether a chunk of bytes is binary rather than text: NUL bytes, or mostly control bytes. */
export function looksBinaryChunk(bytes: Uint8Array): boolean {
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return bytes.length > 0 && control / bytes.length > 0.1;
}

/** A bounded record of text: the head, the tail, and how much fell between them. */
export class OutputBuffer {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  private cutChars = 0;
  private total = 0;

  constructor(
    private readonly headChars = DEFAULT_HEAD_CHARS,
    private readonly tailChars = DEFAULT_TAIL_CHARS,
  ) {}

  /** Characters appended in all (kept or not). */
  get totalChars(): number {
    return this.total;
  }

  /** Whether anything was left out. */
  get cut(): boolean {
    return this.cutChars > 0;
  }

  append(text: string): void {
    if (text === '') return;
    this.total += text.length;
    if (this.head.length < this.headChars) {
      const room = this.headChars - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
      if (text === '') return;
    }
    this.tail.push(text);
    this.tailLength += text.length;
    while (this.tailLength > this.tailChars) {
      const over = this.tailLength - this.tailChars;
      const first = this.tail[0];
      if (first.length <= over) {
        this.tail.shift();
        this.tailLength -= first.length;
        this.cutChars += first.length;
      } else {
        this.tail[0] = first.slice(over);
        this.tailLength -= over;
        this.cutChars += over;
      }
    }
  }

  /** The kept text, with a line marking what was cut from the middle. */
  text(): string {
    const tail = this.tail.join('');
    if (this.cutChars === 0) return readableText(this.head + tail);
    // Cut at line boundaries so no half line reads as if it were whole.
    const headEnd = this.head.lastIndexOf('\n');
    const head = headEnd > this.head.length / 2 ? this.head.slice(0, headEnd + 1) : this.head;
    const tailStart = tail.indexOf('\n');
    const kept = tailStart >= 0 && tailStart < tail.length / 2 ? tail.slice(tailStart + 1) : tail;
    const left = this.cutChars + (this.head.length - head.length) + (tail.length - kept.length);
    const marker = `\n[… ${left.toLocaleString('en-US')} characters of output cut here (${this.total.toLocaleString('en-US')} in all); the start and the end are kept …]\n`;
    return readableText(head) + marker + readableText(kept);
  }

  /** Empties the buffer (what was read of a background command's output). */
  clear(): void {
    this.head = '';
    this.tail = [];
    this.tailLength = 0;
    this.cutChars = 0;
    this.total = 0;
  }
}
