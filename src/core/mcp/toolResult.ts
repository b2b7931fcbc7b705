// What an MCP tool call gives back, as the model reads it: text, structured content, resource links and
// embedded resources as text, images as images, `isError` kept — bounded in size whatever the server sends.

/** Characters of a tool result the model reads; the rest is cut with a note (about 25K tokens). */
export const MAX_RESULT_CHARS = 100_000;
/** Images one result may pass to the model, and the most bytes (base64) of each. */
export const MAX_RESULT_IMAGES = 4;
export const MAX_IMAGE_BASE64_CHARS = 5 * 1024 * 1024;

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A `tools/call` result as the SDK hands it over (content blocks are read defensively: servers vary). */
export interface McpCallResult {
  content?: unknown[];
  structuredContent?: unknown;
  isError?: boolean;
  [key: string]: unknown;
}

export interface FormattedResult {
  output: string;
  isError: boolean;
  /** data: URIs of images the model should see. */
  images: string[];
  /** Whether the text was cut to MAX_RESULT_CHARS. */
  truncated: boolean;
}

/** Turns a tool result into text and images for the model, within the size bounds. */
export function formatToolResult(result: McpCallResult, limit = MAX_RESULT_CHARS): FormattedResult {
  const parts: string[] = [];
  const images: string[] = [];
  const content = Array.isArray(result.content) ? result.content : [];
  for (const block of content) parts.push(describeBlock(block, images));
  const hasText = content.some((b) => isObject(b) && b.type === 'text');
  if (result.structuredContent !== undefined && !hasText) {
    parts.push(`structured content:\n${safeJson(result.structuredContent, limit + 1)}`);
  }
  let output = parts.filter((p) => p !== '').join('\n');
  if (output === '') output = result.isError ? 'The tool failed without saying why.' : '(the tool returned nothing)';
  const truncated = output.length > limit;
  if (truncated) {
    output = `${output.slice(0, limit)}\n[... ${(output.length - limit).toLocaleString('en-US')} more characters left out: a tool result is cut at ${limit.toLocaleString('en-US')} characters; ask the tool for less]`;
  }
  return { output, isError: result.isError === true, images, truncated };
}

function describeBlock(block: unknown, images: string[]): string {
  if (!isObject(block)) return '';
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text : '';
    case 'image': {
      const mime = String(block.mimeType ?? '');
      const data = typeof block.data === 'string' ? block.data : '';
      if (!IMAGE_TYPES.has(mime)) return `[image of type ${mime || 'unknown'} left out: only PNG, JPEG, GIF and WebP are shown to the model]`;
      if (data.length > MAX_IMAGE_BASE64_CHARS) return `[${mime} image of ${kb(data.length)} left out: larger than ${kb(MAX_IMAGE_BASE64_CHARS)}]`;
      if (images.length >= MAX_RESULT_IMAGES) return `[${mime} image left out: at most ${MAX_RESULT_IMAGES} images per result]`;
      images.push(`data:${mime};base64,${data}`);
      return `[image ${images.length}: ${mime}, attached below]`;
    }
    case 'audio':
      return `[audio (${String(block.mimeType ?? 'unknown type')}, ${kb(String(block.data ?? '').length)}) left out: the model cannot hear]`;
    case 'resource_link':
      return `[resource link: ${String(block.name ?? block.uri)} <${String(block.uri)}>${block.mimeType ? ` (${String(block.mimeType)})` : ''}${typeof block.description === 'string' ? ` — ${block.description}` : ''}]`;
    case 'resource': {
      const resource = isObject(block.resource) ? block.resource : {};
      const head = `[resource ${String(resource.uri ?? '')}${resource.mimeType ? ` (${String(resource.mimeType)})` : ''}]`;
      if (typeof resource.text === 'string') return `${head}\n${resource.text}`;
      if (typeof resource.blob === 'string') return `${head} binary, ${kb(resource.blob.length)}, not shown`;
      return head;
    }
    default:
      return `[content of type ${String(block.type)} left out]`;
  }
}

function safeJson(value: unknown, limit: number): string {
  try {
    return JSON.stringify(value, null, 2).slice(0, limit);
  } catch {
    return '(not representable as JSON)';
  }
}

function kb(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1024))} KB`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
