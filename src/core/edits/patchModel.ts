/** A patch as parsed, before it is matched against any file. Both input formats parse to this. */
export interface ParsedPatch {
  format: 'begin-patch' | 'unified';
  files: FilePatch[];
  /** Things the parser tolerated (missing `*** Begin Patch`, a fenced block, ...), for reporting. */
  notes: string[];
}

export type FilePatch =
  | { kind: 'add'; path: string; lines: string[]; finalNewline: boolean; patchLine: number }
  | { kind: 'delete'; path: string; patchLine: number }
  | { kind: 'update'; path: string; moveTo?: string; hunks: Hunk[]; patchLine: number };

export type LineOp = 'context' | 'delete' | 'add';

export interface HunkLine {
  op: LineOp;
  text: string;
  /**
   * A context line that began with a space in a hunk where the model also wrote context lines with no
   * prefix at all: the space may be the prefix or the line's own first character, so both are tried.
   */
  spaceMayBeContent?: boolean;
  /** A context line written without its leading space (models do this); `text` is the raw line. */
  unprefixed?: boolean;
}

export interface Hunk {
  /** `@@ anchor` lines, outermost first: the hunk lies after these lines of the file. */
  anchors: string[];
  lines: HunkLine[];
  /** 1-based line of the old file from a `@@ -a,b +c,d @@` header; a hint, models get it wrong. */
  oldStart?: number;
  /** Old-side line count from the header (a hint, often wrong). */
  oldCount?: number;
  /** `*** End of File`: the hunk's old lines end the file. */
  atEndOfFile: boolean;
  /** 1-based line of the patch text where the hunk starts, for error messages. */
  patchLine: number;
}

/** A parse failure that names the line and what was expected there. */
export interface PatchSyntaxError {
  line: number;
  message: string;
}

export type ParseResult = { ok: true; patch: ParsedPatch } | { ok: false; error: PatchSyntaxError };

/** Whether the hunk changes anything. */
export function hasChanges(hunk: Hunk): boolean {
  return hunk.lines.some((l) => l.op !== 'context');
}
