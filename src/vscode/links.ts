/** Link schemes the chat may open. Anything else (command:, file:, vscode:, javascript:, data:) is refused. */
const OPENABLE = new Set(['http:', 'https:', 'mailto:']);

/** The link as an absolute URL when the chat may open it, else undefined. */
export function openableLink(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  return OPENABLE.has(url.protocol) ? url.href : undefined;
}
