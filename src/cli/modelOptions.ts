// The model flags of `mini-coder ask`: which service, model and options, checked with the same rules as
// the editor's settings (core/providers/optionRules) so a bad value stops here, before any request.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ModelOptions } from '../core/model/types';
import {
  modelFor,
  optionProblems,
  optionsNotSent,
  seedFromText,
  type OptionKey,
} from '../core/providers/optionRules';
import { DEFAULT_BASE_URLS, DEFAULT_MODELS, SERVICE_IDS, SERVICE_LABELS, accountOf, type ServiceId } from '../core/providers/services';
import { choiceFlag, UsageError } from './io';

/** The parseArgs declarations of the model flags. */
export const MODEL_FLAGS = {
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'reasoning-effort': { type: 'string' },
  'reasoning-summary': { type: 'string' },
  verbosity: { type: 'string' },
  'max-output-tokens': { type: 'string' },
  'top-p': { type: 'string' },
  temperature: { type: 'string' },
  'text-format': { type: 'string' },
  store: { type: 'boolean' },
  'no-store': { type: 'boolean' },
  user: { type: 'string' },
  delivery: { type: 'string' },
  'number-results': { type: 'string' },
  seed: { type: 'string' },
  'thinking-level': { type: 'string' },
  cache: { type: 'string' },
  'cache-ttl': { type: 'string' },
  'tool-mode': { type: 'string' },
  image: { type: 'string', multiple: true },
} as const;

export const MODEL_FLAGS_USAGE = `  --provider responses|runware|runware-responses
                             (runware-responses: Runware's Responses endpoint, with the Runware key)
  --base-url URL             Service URL (default: Anyfast for responses, Runware's API for the other two)
  --model ID                 Model id (default gpt-5.4-mini; openai:gpt@5.4-mini on Runware)
  --reasoning-effort none|low|medium|high|xhigh   (Runware: sent as thinkingLevel, xhigh as high)
  --reasoning-summary auto|concise|detailed       --verbosity low|medium|high
  --max-output-tokens N      (responses 16..128000, default the service's; runware 1..128000, default 32000)
  --top-p X (0..1)           --temperature X (0..2; never sent to reasoning models on responses)
  --text-format text|json_object
  --store / --no-store       Let the service keep the conversation (responses; default: not stored)
  --user ID                  End-user id for the service's abuse monitoring (responses; default: none)
  --delivery sync|async|stream   (runware; responses: sync = no streaming)
  --number-results 1..4  --seed 0..9223372036854775807  --thinking-level none|low|medium|high   (runware)
  --cache off|system|system+history  --cache-ttl 5m|1h   (runware prompt cache; default system+history, 5m)
  --tool-mode text|native    How tools travel on Runware's task API (default text)
  --image FILE               Attach a PNG, JPEG, GIF or WebP image (repeatable)`;

/** Flag names of the engine's options, for messages. */
const FLAG_OF: Record<OptionKey, string> = {
  reasoningEffort: '--reasoning-effort',
  reasoningSummary: '--reasoning-summary',
  verbosity: '--verbosity',
  maxOutputTokens: '--max-output-tokens',
  topP: '--top-p',
  temperature: '--temperature',
  textFormat: '--text-format',
  store: '--store',
  user: '--user',
  thinkingLevel: '--thinking-level',
  numberResults: '--number-results',
  seed: '--seed',
  delivery: '--delivery',
  cache: '--cache',
  cacheTtl: '--cache-ttl',
};

const NUMERIC: OptionKey[] = ['maxOutputTokens', 'topP', 'temperature', 'numberResults'];
const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };
/** Larger images are refused by both services' limits long before they help. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

type FlagValues = { [K in keyof typeof MODEL_FLAGS]?: (typeof MODEL_FLAGS)[K] extends { multiple: true } ? string[] : (typeof MODEL_FLAGS)[K] extends { type: 'boolean' } ? boolean : string };

/** A flag given that the service does not take, and why. */
export interface FlagNotSent {
  flag: string;
  reason: string;
}

/** Everything the model flags decide. */
export interface ModelChoice {
  service: ServiceId;
  model: string;
  baseUrl: string;
  options: ModelOptions;
  toolMode?: 'text' | 'native';
  /** Attached images as data: URIs. */
  images: string[];
  notSent: FlagNotSent[];
}

/** Reads and checks the model flags; a bad value is a UsageError naming the flag, raised before any request. */
export async function modelChoiceFrom(values: FlagValues, env: NodeJS.ProcessEnv, cwd: string): Promise<ModelChoice> {
  const service = choiceFlag<ServiceId>('provider', values.provider, SERVICE_IDS) ?? 'responses';
  const options: ModelOptions = {};
  const raw = options as Record<string, unknown>;
  for (const key of Object.keys(FLAG_OF) as OptionKey[]) {
    if (key === 'store') continue;
    const text = values[FLAG_OF[key].slice(2) as keyof FlagValues];
    if (typeof text !== 'string') continue;
    raw[key] = key === 'seed' ? seedFromText(text) : NUMERIC.includes(key) ? numberFrom(text) : text;
  }
  if (values.store && values['no-store']) throw new UsageError('--store and --no-store contradict each other; give one');
  if (values.store) options.store = true;
  if (values['no-store']) options.store = false;
  // Several results cannot stream: without a named delivery they are awaited together.
  if (service === 'runware' && typeof options.numberResults === 'number' && options.numberResults > 1) options.delivery ??= 'sync';

  const problems = optionProblems(service, options);
  if (problems.length > 0) throw new UsageError(problems.map((p) => `${FLAG_OF[p.key]} ${p.message}`).join('; '));

  const chosen = modelFor(service, values.model ?? DEFAULT_MODELS[service]);
  if ('problem' in chosen) throw new UsageError(`--model: ${chosen.problem}`);

  const toolMode = choiceFlag('tool-mode', values['tool-mode'], ['text', 'native'] as const);
  const notSent: FlagNotSent[] = optionsNotSent(service, chosen.model, options).map((n) => ({ flag: FLAG_OF[n.key], reason: n.reason }));
  if (toolMode !== undefined && service !== 'runware') notSent.push({ flag: '--tool-mode', reason: 'the Responses API always carries tools natively' });

  return {
    service,
    model: chosen.model,
    baseUrl: values['base-url'] ?? env.MINI_CODER_BASE_URL ?? DEFAULT_BASE_URLS[accountOf(service)],
    options,
    toolMode,
    images: await imagesFrom(values.image ?? [], cwd),
    notSent,
  };
}

/** One line naming the flags that were not sent and why, or undefined when every flag was sent. */
export function notSentLine(choice: ModelChoice): string | undefined {
  if (choice.notSent.length === 0) return undefined;
  const list = choice.notSent.map((n) => `${n.flag} (${n.reason})`).join('; ');
  return `not sent to ${SERVICE_LABELS[choice.service]}: ${list}.`;
}

/** A number flag's value, or its text when it is not a plain decimal number (the rules then name it). */
function numberFrom(text: string): number | string {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : text;
}

async function imagesFrom(files: string[], cwd: string): Promise<string[]> {
  const images: string[] = [];
  for (const file of files) {
    const type = IMAGE_TYPES[path.extname(file).toLowerCase()];
    if (!type) throw new UsageError(`--image ${file}: only PNG, JPEG, GIF and WebP images can be attached`);
    const full = path.resolve(cwd, file);
    const stat = await fs.stat(full).catch(() => undefined);
    if (!stat?.isFile()) throw new UsageError(`--image ${file}: no such file`);
    if (stat.size > MAX_IMAGE_BYTES) throw new UsageError(`--image ${file}: larger than 20 MB`);
    images.push(`data:${type};base64,${(await fs.readFile(full)).toString('base64')}`);
  }
  return images;
}
