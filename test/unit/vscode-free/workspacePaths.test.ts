import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { displayPath, locatePath } from '../../../src/vscode/workspacePaths';

const one = [{ name: 'app', fsPath: '/home/u/app' }];
const two = [
  { name: 'app', fsPath: '/home/u/app' },
  { name: 'lib', fsPath: '/home/u/lib' },
];

describe('model paths in the editor workspace', () => {
  it('reads a relative path inside the only folder', () => {
    assert.deepEqual(locatePath('src/a.ts', one, path.posix), { folder: 0, segments: ['src', 'a.ts'] });
    assert.deepEqual(locatePath('./src//b.ts', one, path.posix), { folder: 0, segments: ['src', 'b.ts'] });
    assert.deepEqual(locatePath('', one, path.posix), { folder: 0, segments: [] });
  });

  it('allows .. that stays inside and refuses .. that climbs out', () => {
    assert.deepEqual(locatePath('src/../b.ts', one, path.posix), { folder: 0, segments: ['b.ts'] });
    assert.throws(() => locatePath('../secret.txt', one, path.posix), /outside the workspace folders/);
    assert.throws(() => locatePath('src/../../x', one, path.posix), /outside/);
    assert.throws(() => locatePath('src\\..\\..\\x', one, path.posix), /outside/);
  });

  it('accepts absolute paths inside a folder and refuses others', () => {
    assert.deepEqual(locatePath('/home/u/app/src/a.ts', one, path.posix), { folder: 0, segments: ['src', 'a.ts'] });
    assert.throws(() => locatePath('/etc/passwd', one, path.posix), /outside/);
    assert.throws(() => locatePath('/home/u/apple/x', one, path.posix), /outside/, 'a sibling with a common prefix is outside');
  });

  it('picks a folder by its name in a multi-root workspace', () => {
    assert.deepEqual(locatePath('lib/index.ts', two, path.posix), { folder: 1, segments: ['index.ts'] });
    assert.deepEqual(locatePath('src/a.ts', two, path.posix), { folder: 0, segments: ['src', 'a.ts'] });
    assert.equal(displayPath({ folder: 1, segments: ['index.ts'] }, two), 'lib/index.ts');
    assert.equal(displayPath({ folder: 0, segments: ['src', 'a.ts'] }, one), 'src/a.ts');
  });

  it('says to open a folder when none is open', () => {
    assert.throws(() => locatePath('a.ts', [], path.posix), /open a folder/);
  });
});
