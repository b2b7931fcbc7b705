import { toErrorInfo, type ErrorInfo } from '../errors';
import { addUsage, emptyUsage } from '../agent/usage';
import type { ModelProvider, ModelRequest, Usage } from '../model/types';

export interface InlineActionResult {
  /** The answer's text (the final-answer phase when the model marked phases), partial when it failed. */
  text: string;
  usage: Usage;
  error?: ErrorInfo;
}

/**
 * Streams one inline-action request: reports the whole answer so far each time it grows (`onText`;
 * it restarts when the model moves from commentary to its final answer) and resolves with the text, the usage, and an error when the turn did not complete. Never throws.
 */
export async function runInlineAction(
  provider: ModelProvider,
  request: ModelRequest,
  onText: (text: string) => void,
  signal?: AbortSignal,
): Promise<InlineActionResult> {
  let usage = emptyUsage();
  let all = '';
  let final = '';
  let sawFinal = false;
  let refusal = '';
  const current = () => (sawFinal ? final : all);
  if (signal?.aborted) return { text: '', usage, error: { kind: 'cancelled', message: 'Stopped.' } };
  // An inline action wants text only; tools are never offered.
  const plain: ModelRequest = { ...request, tools: undefined, toolChoice: undefined };
  try {
    for await (const event of provider.stream(plain, signal)) {
      switch (event.type) {
        case 'text_delta': {
          if ((event.resultIndex ?? 0) !== 0) break;
          all += event.delta;
          if (event.phase === 'final_answer') {
            // Commentary before the final answer is not part of the code.
            sawFinal = true;
            final += event.delta;
            onText(final);
          } else if (!sawFinal) {
            onText(all);
          }
          break;
        }
        case 'usage':
          usage = addUsage(usage, event.usage);
          break;
        case 'refusal_delta':
          refusal += event.delta;
          break;
        case 'completed':
          if (refusal) return { text: current(), usage, error: { kind: 'refusal', message: `The model declined: ${refusal}` } };
          return { text: current(), usage };
        case 'incomplete':
          return {
            text: current(),
            usage,
            error: {
              kind: event.reason === 'content_filter' ? 'content_filter' : 'server',
              message:
                event.reason === 'max_output_tokens'
                  ? 'The answer was cut off at the maximum output length, so it was not used. Raise the max output tokens setting or select less code.'
                  : `The answer stopped early (${event.reason}), so it was not used.`,
            },
          };
        case 'error':
          return { text: current(), usage, error: event.error };
        default:
          break;
      }
    }
  } catch (err) {
    return { text: current(), usage, error: signal?.aborted ? { kind: 'cancelled', message: 'Stopped.' } : toErrorInfo(err, 'network') };
  }
  const error: ErrorInfo = signal?.aborted
    ? { kind: 'cancelled', message: 'Stopped.' }
    : { kind: 'network', message: 'The model stream ended before the answer was finished; nothing was applied. Retry.' };
  return { text: current(), usage, error };
}
