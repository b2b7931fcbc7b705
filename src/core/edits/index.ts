/** The edit engine: parses model patches, places them in the current files, computes the changes. */
export { computePatch, type PatchOptions, type PatchResult, type ReadFile } from './computePatch';
export { changeDiff, unifiedDiff } from './unifiedDiff';
export { parsePatch } from './parsePatch';
export { applyHunks, type HunksResult } from './applyHunks';
export { splitLines, joinLines, type FileLines } from './fileText';
export type { ParsedPatch, FilePatch, Hunk, HunkLine, ParseResult, PatchSyntaxError } from './patchModel';
