import type { ErrorInfo } from '../errors';
import { fencedBlocks, isFenceLine } from './fences';
import { matchIndentStyle, rebaseIndent } from './indentation';
import { isBlank, leadingWhitespace, splitLines, trimBlankEdges } from './text';
import { RANGE_END_MARKER, RANGE_START_MARKER } from './markers';

export interface CleanOptions {
  /** The exact text of the range being replaced (for a new file: empty). */
  original: string;
  /** False when the range begins mid-line (after code on the same line). Default true. */
  startsAtLineStart?: boolean;
  /** Indentation of the document line the range starts on; used when the range begins mid-line. */
  lineIndent?: string;
  /** Line break of the document; the answer is converted to it. Default: the original's, else `\n`. */
  eol?: '\n' | '\r\n';
  /** The answer is a whole file (new test file): no indentation rebasing, ends with one line break. */
  wholeFile?: boolean;
}

export type CleanResult = { ok: true; text: string; notes: string[] } | { ok: false; error: ErrorInfo; notes: string[] };

const PROSE_LEAD = /^\s*(?:here(?:'s| is| are)|sure\b|certainly\b|of course\b|below\b|the (?:following|updated|refactored|fixed|rewritten)\b|i(?:'ve| have| made| changed| updated| rewrote| refactored)\b|this (?:version|code|change|refactor)\b|okay\b|ok,)/i;

const PROSE_TAIL = /^\s*(?:note:|notes:|explanation:|changes:|this (?:change|version|refactor|keeps|makes|removes|adds)\b|i (?:also |have |changed|kept|renamed|removed|added)\b)/i;

function refuse(message: string, notes: string[]): CleanResult {
  return { ok: false, error: { kind: 'protocol', message }, notes };
}

/**
 * Turns a model's rewrite into the exact replacement text for a range: strips a fence wrapper and the
 * prose around a single fenced block, restores the original indentation and line breaks, and refuses
 * (with a message a person can act on) answers that are empty, hold several code blocks, or mix
 * prose and code that cannot be told apart.
 */
export function cleanRewrite(answer: string, options: CleanOptions): CleanResult {
  const notes: string[] = [];
  const original = options.original;
  const normalized = answer.replace(/\r\n/g, '\n').split(RANGE_START_MARKER).join('').split(RANGE_END_MARKER).join('');
  if (normalized.trim() === '') return refuse('The model returned no code; nothing was changed. Try again, or rephrase the instruction.', notes);
  const cannot = /^\s*CANNOT:\s*(.*)/s.exec(normalized);
  if (cannot) return refuse(`The model says this cannot be done within the selected code: ${cannot[1].trim().split('\n')[0]}`, notes);

  const code = extractCode(splitLines(normalized), splitLines(original), notes);
  if (typeof code === 'string') return refuse(code, notes);

  let lines = trimBlankEdges(code);
  if (lines.length === 0) return refuse('The model returned an empty code block; nothing was changed. Try again.', notes);
  if (!options.wholeFile) lines = restoreIndentation(lines, options, notes);

  const eol = options.eol ?? (original.includes('\r\n') ? '\r\n' : '\n');
  let body = lines.join('\n');
  if (eol === '\r\n') body = body.replace(/\n/g, '\r\n');
  if (options.wholeFile) return { ok: true, text: body + eol, notes };
  return { ok: true, text: leadingBreaks(original) + body + trailingBreaks(original), notes };
}

/** The code lines of an answer, or the reason it cannot be used. */
function extractCode(lines: string[], original: string[], notes: string[]): string[] | string {
  const originalHasFences = original.some(isFenceLine);
  if (originalHasFences) {
    // The code itself contains fences (Markdown, a template): only an outer wrapper the original lacks is removed.
    const first = lines.findIndex((l) => !isBlank(l));
    const last = lines.length - 1 - [...lines].reverse().findIndex((l) => !isBlank(l));
    const originalFirst = original.find((l) => !isBlank(l)) ?? '';
    const originalLast = [...original].reverse().find((l) => !isBlank(l)) ?? '';
    const wrapped = first < last && isFenceLine(lines[first]) && /^\s*(`{3,}|~{3,})\s*$/.test(lines[last]);
    if (wrapped && !(isFenceLine(originalFirst) && isFenceLine(originalLast))) {
      notes.push('removed the code fence around the answer');
      return lines.slice(first + 1, last);
    }
    return lines;
  }
  const blocks = fencedBlocks(lines);
  if (blocks.length > 1) {
    return `The answer has ${blocks.length} separate code blocks, so it is unclear which one replaces the selection; nothing was changed. Retry, or refine with "reply with only the replacement code".`;
  }
  if (blocks.length === 1) {
    const block = blocks[0];
    const end = block.closeLine === -1 ? lines.length : block.closeLine + 1;
    const outside = [...lines.slice(0, block.openLine), ...lines.slice(end)];
    notes.push(outside.some((l) => !isBlank(l)) ? 'kept only the code block and dropped the text around it' : 'removed the code fence around the answer');
    return block.content;
  }
  const firstLine = lines.find((l) => !isBlank(l)) ?? '';
  const originalFirst = original.find((l) => !isBlank(l)) ?? '';
  const lastParagraph = lines.slice(lines.map(isBlank).lastIndexOf(true) + 1).find((l) => !isBlank(l)) ?? '';
  const proseAfter = lines.some(isBlank) && PROSE_TAIL.test(lastParagraph) && !original.some((l) => PROSE_TAIL.test(l));
  if ((PROSE_LEAD.test(firstLine) && !PROSE_LEAD.test(originalFirst)) || proseAfter) {
    return 'The answer mixes explanation with code without marking which part is code; nothing was changed. Retry, or refine with "reply with only the replacement code".';
  }
  return lines;
}

function restoreIndentation(lines: string[], options: CleanOptions, notes: string[]): string[] {
  const original = trimBlankEdges(splitLines(options.original));
  if (original.length === 0) return lines;
  const styled = matchIndentStyle(lines, original);
  if (styled !== lines) notes.push('converted indentation to the file\'s tabs/spaces');
  let result: string[];
  if (options.startsAtLineStart === false) {
    // The first line continues a line of the document: it gets no indentation of its own.
    const first = styled[0].replace(/^[ \t]+/, '');
    const rest = styled.slice(1);
    const originalRest = original.slice(1);
    const reference = originalRest.some((l) => !isBlank(l)) ? originalRest : [`${options.lineIndent ?? leadingWhitespace(original[0])}x`];
    result = [first, ...rebaseIndent(rest, reference)];
  } else {
    result = rebaseIndent(styled, original);
  }
  if (result.some((line, i) => line !== styled[i])) notes.push('restored the indentation of the original code');
  return result;
}

/** The line breaks (and blank lines) the original starts with. */
function leadingBreaks(original: string): string {
  const match = /^[ \t\r\n]*\n/.exec(original);
  return match ? match[0].replace(/[ \t]+/g, '') : '';
}

/** The line breaks the original ends with, and any indentation after the last one. */
function trailingBreaks(original: string): string {
  const match = /\r?\n[ \t\r\n]*$/.exec(original);
  if (!match) return '';
  const tail = match[0];
  const lastBreak = tail.lastIndexOf('\n');
  return tail.slice(0, lastBreak + 1).replace(/[ \t]+/g, '') + tail.slice(lastBreak + 1);
}
