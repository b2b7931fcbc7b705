import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { vsixFiles, zipEntries } from '../../../scripts/vsixEntries';

/** A zip record of `size` bytes with little-endian fields at the given offsets. */
function record(size: number, fields: Array<[offset: number, value: number, bytes: 2 | 4]>): Buffer {
  const buffer = Buffer.alloc(size);
  for (const [offset, value, bytes] of fields) {
    if (bytes === 2) buffer.writeUInt16LE(value, offset);
    else buffer.writeUInt32LE(value, offset);
  }
  return buffer;
}

/** A zip with stored (uncompressed) entries and an optional archive comment; CRCs are left at zero. */
function storedZip(entries: Array<[string, string]>, comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(content);
    locals.push(record(30, [[0, 0x04034b50, 4], [18, data.length, 4], [22, data.length, 4], [26, nameBytes.length, 2]]), nameBytes, data);
    centrals.push(record(46, [[0, 0x02014b50, 4], [20, data.length, 4], [24, data.length, 4], [28, nameBytes.length, 2], [42, offset, 4]]), nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = record(22, [
    [0, 0x06054b50, 4],
    [8, entries.length, 2],
    [10, entries.length, 2],
    [12, directory.length, 4],
    [16, offset, 4],
    [20, Buffer.byteLength(comment), 2],
  ]);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment)]);
}

describe('reading the file list of a .vsix', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-entries-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, bytes: Buffer): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  it('lists every entry name in archive order', () => {
    const file = write('a.zip', storedZip([['extension/package.json', '{}'], ['[Content_Types].xml', '<x/>'], ['extension/dist/extension.js', 'x']]));
    assert.deepEqual(zipEntries(file), ['extension/package.json', '[Content_Types].xml', 'extension/dist/extension.js']);
  });

  it('finds the directory behind an archive comment', () => {
    const file = write('c.zip', storedZip([['extension/a.txt', 'a']], 'a comment that is not part of any entry'));
    assert.deepEqual(zipEntries(file), ['extension/a.txt']);
  });

  it('gives the extension files relative to the installed folder, sorted, without vsce metadata', () => {
    const file = write('m.vsix', storedZip([['extension.vsixmanifest', ''], ['extension/package.json', '{}'], ['extension/dist/extension.js', '']]));
    assert.deepEqual(vsixFiles(file), ['dist/extension.js', 'package.json']);
  });

  it('refuses a file that is not a zip archive', () => {
    const file = write('n.vsix', Buffer.from('not a zip at all, just text long enough to scan'));
    assert.throws(() => zipEntries(file), /not a zip archive/);
  });
});
