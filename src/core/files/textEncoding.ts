// A file's text and the encoding it came in, so an edit writes back every byte it did not change exactly as it
// was. UTF-8 (with or without BOM) and UTF-16 with a BOM decode as themselves; anything else that is not binary is
// read as windows-1252, which maps each of the 256 byte values to its own character, so decoding and encoding
// again gives the same bytes. Text that an encoding cannot hold is refused, never replaced.
import { isUtf8 } from 'node:buffer';
import { MiniCoderError } from '../errors';

export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be' | 'windows-1252';

export interface DecodedText {
  /** The text; a BOM stays as U+FEFF at its start so it is written back. */
  text: string;
  encoding: TextEncodingName;
}


// windows-1252 as the WHATWG Encoding Standard defines it (Node's own decoder for the label is plain Latin-1):
// 0x80-0x9F hold typographic characters, except five bytes that stay C1 controls; every other byte is itself.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_CHARS = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b));
const CP1252_BYTES = new Map(CP1252_CHARS.map((c, b) => [c.charCodeAt(0), b]));

function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const end = Math.min(bytes.length, i + 8192);
    const parts: string[] = [];
    for (let j = i; j < end; j++) parts.push(CP1252_CHARS[bytes[j]]);
    out += parts.join('');
  }
  return out;
}

/** A streaming decoder with TextDecoder's shape, for windows-1252 (one byte is one character, nothing held back). */
class Cp1252Decoder {
  decode(bytes?: Uint8Array, _options?: { stream?: boolean }): string {
    return bytes ? decodeCp1252(bytes) : '';
  }
}

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
  // isUtf8 validates in native code; toString then decodes without a second check.
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: 'utf8' };
  return { text: decodeCp1252(bytes), encoding: 'windows-1252' };
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
export function streamDecoder(encoding: TextEncodingName): Pick<TextDecoder, 'decode'> {
  if (encoding === 'utf8') return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  if (encoding === 'windows-1252') return new Cp1252Decoder();
  return new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be', { ignoreBOM: true });
}

function utf16Bom(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  return undefined;
}

function encodeCp1252(text: string, path: string): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = CP1252_BYTES.get(text.charCodeAt(i));
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
