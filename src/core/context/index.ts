/** The editor-context engine: gather sources, count them on o200k_base, pack them into the budget, compact long conversations. */
export { packContext, OLD_COPY_SUFFIX, type PackOptions } from './pack';
export { ContextTurns, type BuiltTurn, type ContextTurnsOptions, type TurnQuestionInput } from './turns';
export { compactConversation, itemTokens, REMOVED_TURNS_PREFIX, type CompactOptions, type CompactResult } from './compact';
export { contextBudget, inputLimit, DEFAULT_RESERVE_TOKENS, GPT_5_4_MINI_LIMITS, type BudgetOptions, type ModelLimits } from './budget';
export { loadTokenCounter, createTokenCounter, hashText, TokenCounter, type Tokenizer } from './tokens';
export { cutToFit, type CutResult } from './cut';
export { secretFilter, filterDiff, SECRET_PATTERNS, type SecretFilter, type SecretRules } from '../trust/secretFiles';
export { formatOutline } from './outline';
export { findDefinition } from './symbols';
export * from './sources';
export type * from './types';
