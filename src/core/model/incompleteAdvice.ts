import { MAX_OUTPUT_TOKENS } from '../providers/optionRules';

/**
 * What to tell the user when an answer stopped early, per reason. `limitOption` names the output-limit
 * option in the host's words (`--max-output-tokens`, `miniCoder.maxOutputTokens`).
 */
export function incompleteAdvice(reason: string | undefined, limitOption: string): string {
  switch (reason) {
    case 'max_output_tokens':
      return `the answer reached the output token limit and was cut off (max_output_tokens): raise ${limitOption} (at most ${MAX_OUTPUT_TOKENS}) or ask for less.`;
    case 'content_filter':
      return `the service's content filter stopped the answer (content_filter): rephrase the request or leave out what triggered it; a higher ${limitOption} will not help.`;
    default:
      return `the answer stopped early (${reason ?? 'no reason given'}); try again.`;
  }
}
