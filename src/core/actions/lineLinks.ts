/** A link from an answer back to lines of a file: `src/a.ts#L12` or `src/a.ts#L12-L20`. */
export interface LineLink {
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

/**
 * Reads a line link as the explain prompt asks the model to write them; undefined for any other href
 * (web links, links without a line fragment), so the host can fall back to its usual handling.
 */
export function parseLineLink(href: string): LineLink | undefined {
  const match = /^(?!\w+:\/\/)([^#\s]+)#L(\d+)(?:-L?(\d+))?$/.exec(href.trim());
  if (!match) return undefined;
  const startLine = Number(match[2]);
  const endLine = match[3] === undefined ? startLine : Number(match[3]);
  if (startLine < 1 || endLine < startLine) return undefined;
  return { path: decodeURIComponent(match[1]).replace(/^\.\//, ''), startLine, endLine };
}
