import { isBlank, leadingWhitespace } from './text';

/** The smallest indentation (in characters) among non-blank lines, and the prefix that has it. */
function minIndent(lines: string[]): { width: number; prefix: string } | undefined {
  let best: { width: number; prefix: string } | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const prefix = leadingWhitespace(line);
    if (!best || prefix.length < best.width) best = { width: prefix.length, prefix };
  }
  return best;
}

/** The indentation step of space-indented lines (smallest positive difference), 4 when unknown. */
function spaceUnit(lines: string[]): number {
  const widths = [...new Set(lines.filter((l) => !isBlank(l)).map((l) => leadingWhitespace(l).length))].sort((a, b) => a - b);
  let unit = Infinity;
  for (let i = 1; i < widths.length; i++) unit = Math.min(unit, widths[i] - widths[i - 1]);
  if (!Number.isFinite(unit)) unit = widths.find((w) => w > 0) ?? 4;
  return Math.max(1, Math.min(unit, 8));
}

function usesOnly(lines: string[], ch: ' ' | '\t'): boolean {
  const indents = lines.filter((l) => !isBlank(l)).map(leadingWhitespace).filter((p) => p !== '');
  return indents.length > 0 && indents.every((p) => [...p].every((c) => c === ch));
}

/** Converts the answer's indentation to the original's style when the model swapped tabs and spaces. */
export function matchIndentStyle(answer: string[], original: string[]): string[] {
  if (usesOnly(original, '\t') && usesOnly(answer, ' ')) {
    const unit = spaceUnit(answer);
    return answer.map((line) => {
      const prefix = leadingWhitespace(line);
      return '\t'.repeat(Math.floor(prefix.length / unit)) + ' '.repeat(prefix.length % unit) + line.slice(prefix.length);
    });
  }
  if (usesOnly(original, ' ') && usesOnly(answer, '\t')) {
    const unit = ' '.repeat(spaceUnit(original));
    return answer.map((line) => {
      const prefix = leadingWhitespace(line);
      return prefix.replace(/\t/g, unit) + line.slice(prefix.length);
    });
  }
  return answer;
}

/**
 * Shifts the answer so its least-indented line sits where the original's least-indented line sat:
 * models often return selected code dedented to column 0, or indented differently from the file.
 */
export function rebaseIndent(answer: string[], original: string[]): string[] {
  const want = minIndent(original);
  const have = minIndent(answer);
  if (!want || !have || want.prefix === have.prefix) return answer;
  return answer.map((line) => (isBlank(line) ? '' : want.prefix + line.slice(have.width)));
}
