/**
 * A file's text as lines, keeping what must survive an edit byte for byte: each line's own ending,
 * whether the last line ends with a newline, and a UTF-8 byte order mark.
 */
export interface FileLines {
  bom: boolean;
  /** Line contents without their endings. */
  lines: string[];
  /** The ending of each line: '\n', '\r\n', or '' for a last line without a final newline. */
  endings: string[];
  /** The ending most lines use; given to lines an edit adds. */
  eol: '\n' | '\r\n';
}

const BOM = '\uFEFF';

/** Splits text into lines with their endings; `joinLines(splitLines(t)) === t` for every string. */
export function splitLines(text: string): FileLines {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  const parts = body.split('\n');
  const lines: string[] = [];
  const endings: string[] = [];
  let crlf = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const last = i === parts.length - 1;
    if (last) {
      if (part !== '') {
        lines.push(part);
        endings.push('');
      }
      break;
    }
    if (part.endsWith('\r')) {
      lines.push(part.slice(0, -1));
      endings.push('\r\n');
      crlf++;
    } else {
      lines.push(part);
      endings.push('\n');
    }
  }
  const newlines = parts.length - 1;
  return { bom, lines, endings, eol: newlines > 0 && crlf * 2 > newlines ? '\r\n' : '\n' };
}

/** The text of a FileLines, BOM and endings included. */
export function joinLines(file: FileLines): string {
  const out: string[] = file.bom ? [BOM] : [];
  for (let i = 0; i < file.lines.length; i++) out.push(file.lines[i], file.endings[i]);
  return out.join('');
}

/** Whether the file's last line ends with a newline (an empty file counts as ending with one). */
export function hasFinalNewline(file: FileLines): boolean {
  return file.endings.length === 0 || file.endings[file.endings.length - 1] !== '';
}
