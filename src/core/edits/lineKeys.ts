/**
 * How strictly two lines are compared, from exact to tolerant. Each level's key is what must be equal;
 * matching tries the levels in order and stops at the first that finds the hunk.
 */
export enum Level {
  Exact = 0,
  /** Trailing whitespace (and so CR/LF differences) ignored. */
  TrailingSpace = 1,
  /** Unicode punctuation look-alikes folded to ASCII and runs of inner spaces collapsed; indentation kept. */
  Punctuation = 2,
  /** Indentation ignored here; the matcher then requires the whole hunk to be shifted as a block. */
  Indentation = 3,
}

export const LEVELS = [Level.Exact, Level.TrailingSpace, Level.Punctuation, Level.Indentation] as const;

// Characters models swap for their ASCII look-alikes (or back). Kept small on purpose: each one is
// a character a person would not tell apart in code.
const LOOK_ALIKES: Record<string, string> = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\uFE63': '-', '\uFF0D': '-',
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u00AB': '"', '\u00BB': '"', '\u2033': '"', '\uFF02': '"',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u2039': "'", '\u203A': "'", '\uFF07': "'",
  '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2007': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u205F': ' ', '\u3000': ' ',
  '\u2026': '...',
  '\u200B': '', '\u2060': '', '\uFEFF': '',
};
const LOOK_ALIKE_RE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7F]*$/;

/** The text with punctuation look-alikes folded to ASCII (and NFC-composed). */
function foldPunctuation(text: string): string {
  if (ASCII.test(text)) return text;
  return text.normalize('NFC').replace(LOOK_ALIKE_RE, (c) => LOOK_ALIKES[c]);
}

/** The leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** The column a line's text starts at, with tabs to the next multiple of `tab`. */
export function indentWidth(line: string, tab = 4): number {
  let w = 0;
  for (const c of indentOf(line)) w = c === '\t' ? (Math.floor(w / tab) + 1) * tab : w + 1;
  return w;
}

// Lines without these need no folding beyond trimming: the common case, kept off the slow path.
// eslint-disable-next-line no-control-regex
const NEEDS_FOLDING = /[^\x00-\x7F]|\S(?:\t| [ \t])/;
// eslint-disable-next-line no-control-regex
const NEEDS_FOLDING_TRIMMED = /[^\x00-\x7F]|\t| [ \t]/;

/** The comparison key of a line at a level. */
export function lineKey(line: string, level: Level): string {
  switch (level) {
    case Level.Exact:
      return line;
    case Level.TrailingSpace:
      return line.trimEnd();
    case Level.Punctuation: {
      const trimmed = line.trimEnd();
      if (!NEEDS_FOLDING.test(trimmed)) return trimmed;
      const folded = foldPunctuation(trimmed).trimEnd();
      const indent = indentOf(folded);
      return indent + folded.slice(indent.length).replace(/\s+/g, ' ');
    }
    case Level.Indentation: {
      const trimmed = line.trim();
      if (!NEEDS_FOLDING_TRIMMED.test(trimmed)) return trimmed;
      return foldPunctuation(trimmed).trim().replace(/\s+/g, ' ');
    }
  }
}

/** Words for a level, used when reporting which tolerance was needed. */
export function levelTolerance(level: Level): string | undefined {
  switch (level) {
    case Level.Exact:
      return undefined;
    case Level.TrailingSpace:
      return 'ignored trailing whitespace / line-ending differences';
    case Level.Punctuation:
      return 'treated Unicode punctuation look-alikes (quotes, dashes, spaces) and inner spacing as equal';
    case Level.Indentation:
      return 'matched lines whose indentation differs';
  }
}
