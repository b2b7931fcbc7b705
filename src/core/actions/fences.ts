/** A fenced code block found in a model's answer, by line index (fence lines excluded from `content`). */
export interface FencedBlock {
  openLine: number;
  /** Line of the closing fence, or -1 when the answer ended inside the block. */
  closeLine: number;
  info: string;
  content: string[];
}

const OPEN = /^\s*(`{3,}|~{3,})(.*)$/;

/** Whether a line is a Markdown fence (opening or closing). */
export function isFenceLine(line: string): boolean {
  const match = OPEN.exec(line);
  return match !== null && !(match[1][0] === '`' && match[2].includes('`'));
}

/** The fenced blocks of a Markdown answer, in order; a closing fence must use the same character and be at least as long. */
export function fencedBlocks(lines: string[]): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { fence: string; block: FencedBlock } | undefined;
  lines.forEach((line, index) => {
    if (open) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
        open.block.closeLine = index;
        blocks.push(open.block);
        open = undefined;
      } else {
        open.block.content.push(line);
      }
      return;
    }
    const match = OPEN.exec(line);
    if (match && isFenceLine(line)) open = { fence: match[1], block: { openLine: index, closeLine: -1, info: match[2].trim(), content: [] } };
  });
  if (open) blocks.push(open.block);
  return blocks;
}

/** Wraps text in a fence longer than any backtick run inside it, so code containing fences stays intact. */
export function fence(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text}${text.endsWith('\n') ? '' : '\n'}${ticks}`;
}
