// Lists the file names inside a .vsix (a zip) from its central directory, so the package check reads the
// artifact itself rather than a second, slower run of vsce's file collection.
import * as fs from 'node:fs';

const endOfCentralDirectory = 0x06054b50;
const centralDirectoryEntry = 0x02014b50;

/** Names of the entries in a zip archive, in archive order. */
export function zipEntries(file: string): string[] {
  const zip = fs.readFileSync(file);
  // The end record is 22 bytes plus a comment of up to 65535 bytes at the very end.
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === endOfCentralDirectory) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip archive (no end of central directory)`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== centralDirectoryEntry) throw new Error(`${file}: damaged central directory at byte ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The extension's own files in a .vsix, relative to the extension folder it installs into. */
export function vsixFiles(file: string): string[] {
  return zipEntries(file)
    .filter((name) => name.startsWith('extension/'))
    .map((name) => name.slice('extension/'.length))
    .sort();
}
