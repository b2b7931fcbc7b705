// A file's text and the encoding it came in, so an edit writes back every byte it did not change exactly as it
// was. UTF-8 (with or without BOM) and UTF-16 with a BOM decode as themselves; anything else that is not binary is
// read as windows-1252, which maps each of the 256 byte values to its own character, so decoding and encoding
// again gives the same bytes. Text that an encoding cannot hold is refused, never replaced.
import { MiniCoderError } from '../errors';

export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be' | 'windows-1252';

export interface DecodedText {
  /** The text; a BOM stays as U+FEFF at its start so it is written back. */
  text: string;
  encoding: TextEncodingName;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const cp1252 = new TextDecoder('windows-1252');

/** Whether bytes look binary: a NUL in the first 8 KB of a file without a UTF-16 byte order mark. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (utf16Bom(bytes)) return false;
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Decodes a text file's bytes, naming the encoding to write it back in. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = utf16Bom(bytes);
  if (bom) return { text: new TextDecoder(bom === 'utf16le' ? 'utf-16le' : 'utf-16be', { ignoreBOM: true }).decode(bytes), encoding: bom };
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: cp1252.decode(bytes), encoding: 'windows-1252' };
  }
}

/** The encoding a file's bytes are in (see decodeText), without keeping the text. */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  return decodeText(bytes).encoding;
}

/** Encodes text in a file's encoding; throws a `tool` error naming the first character the encoding cannot hold. */
export function encodeText(text: string, encoding: TextEncodingName, path = 'the file'): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'windows-1252':
      return encodeCp1252(text, path);
  }
}

/** A decoder for a stream of chunks in this encoding (for reading a large file a page at a time). */
export function streamDecoder(encoding: TextEncodingName): TextDecoder {
  if (encoding === 'utf8') return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  if (encoding === 'windows-1252') return new TextDecoder('windows-1252');
  return new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be', { ignoreBOM: true });
}

function utf16Bom(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  return undefined;
}

let cp1252Bytes: Map<number, number> | undefined;

function encodeCp1252(text: string, path: string): Buffer {
  if (!cp1252Bytes) {
    cp1252Bytes = new Map();
    const all = cp1252.decode(Uint8Array.from({ length: 256 }, (_, i) => i));
    for (let i = 0; i < 256; i++) cp1252Bytes.set(all.charCodeAt(i), i);
  }
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = cp1252Bytes.get(text.charCodeAt(i));
    if (byte === undefined) {
      const char = String.fromCodePoint(text.codePointAt(i) ?? 0);
      throw new MiniCoderError({
        kind: 'tool',
        message: `${path} is not UTF-8 (it is read as windows-1252 / Latin-1) and the edit adds "${char}" (U+${(text.codePointAt(i) ?? 0).toString(16).toUpperCase().padStart(4, '0')}), which that encoding cannot hold; nothing was written. Use only characters the file's encoding has.`,
      });
    }
    out[i] = byte;
  }
  return out;
}
