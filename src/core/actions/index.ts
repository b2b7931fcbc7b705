// Inline editor actions (refactor, explain, fix, document, write tests): pure logic, no editor API.
export { type ActionSymbol, type ChosenRange, chooseActionRange, rangeForDiagnostic, snapToLines, linesLabel } from './range';
export { indentationBlock, looksLikeDefinition } from './indentBlock';
export { excerptAround, countTextTokens, type FileExcerpt } from './fileExcerpt';
export {
  type ActionSource,
  type ActionDiagnostic,
  type ActionPrompt,
  type PromptOptions,
  type RelatedSnippet,
  type RewriteKind,
  type TestTarget,
  refactorPrompt,
  fixPrompt,
  documentPrompt,
  testsPrompt,
  explainPrompt,
  refineInput,
} from './prompts';
export { cleanRewrite, type CleanOptions, type CleanResult } from './cleanRewrite';
export { applyRangeRewrite, locateRange, type RangeSnapshot, type RewriteResult } from './applyRewrite';
export { runInlineAction, type InlineActionResult } from './runInlineAction';
export { proposeTestFile, parseTestFile, importSpecifier, type TestFileProposal } from './testConventions';
export { parseLineLink, type LineLink } from './lineLinks';
export { RANGE_START_MARKER, RANGE_END_MARKER } from './markers';
export { type OffsetRange, type TextPosition, offsetAt, positionAt, lineStarts, detectEol, leadingWhitespace } from './text';
export { keepsEveryLine } from './keepsCode';
export { usedNames } from './usedNames';
