import * as assert from 'node:assert/strict';
import { CheckpointBook, netEffect, normalizePath, planUndo, type AppliedEdit } from '../../../src/core/checkpoints';

function files(map: Record<string, string>): (path: string) => Promise<string | undefined> {
  return async (path) => map[path];
}

describe('checkpoints and undo plans', () => {
  it('restores an updated file to its text before the edit', async () => {
    const edits: AppliedEdit[] = [{ editId: 'e1', turnId: 't1', changes: [{ kind: 'update', path: 'a.ts', oldText: 'one\n', newText: 'two\n' }] }];
    const plan = await planUndo(edits, files({ 'a.ts': 'two\n' }));
    assert.deepEqual(plan, { changes: [{ kind: 'update', path: 'a.ts', oldText: 'two\n', newText: 'one\n' }], conflicts: [] });
  });

  it('deletes a file the edits created and recreates one they deleted', async () => {
    const edits: AppliedEdit[] = [
      {
        editId: 'e1',
        turnId: 't1',
        changes: [
          { kind: 'add', path: 'new.ts', newText: 'fresh' },
          { kind: 'delete', path: 'old.ts', oldText: 'gone' },
        ],
      },
    ];
    const plan = await planUndo(edits, files({ 'new.ts': 'fresh' }));
    assert.deepEqual(plan.changes, [
      { kind: 'delete', path: 'new.ts', oldText: 'fresh' },
      { kind: 'add', path: 'old.ts', newText: 'gone' },
    ]);
  });

  it('undoes a move by putting the file back under its old name', async () => {
    const edits: AppliedEdit[] = [{ editId: 'e1', turnId: 't1', changes: [{ kind: 'update', path: 'a.ts', oldText: 'A', newText: 'B', moveTo: 'b.ts' }] }];
    const plan = await planUndo(edits, files({ 'b.ts': 'B' }));
    assert.deepEqual(plan.changes, [
      { kind: 'add', path: 'a.ts', newText: 'A' },
      { kind: 'delete', path: 'b.ts', oldText: 'B' },
    ]);
  });

  it('folds several edits of one turn into the state before the first', async () => {
    const edits: AppliedEdit[] = [
      { editId: 'e1', turnId: 't1', changes: [{ kind: 'update', path: 'a.ts', oldText: 'v1', newText: 'v2' }] },
      { editId: 'e2', turnId: 't1', changes: [{ kind: 'update', path: './a.ts', oldText: 'v2', newText: 'v3' }] },
      { editId: 'e3', turnId: 't1', changes: [{ kind: 'add', path: 'tmp.ts', newText: 'x' }] },
      { editId: 'e4', turnId: 't1', changes: [{ kind: 'delete', path: 'tmp.ts', oldText: 'x' }] },
    ];
    assert.deepEqual(netEffect(edits), [
      { path: 'a.ts', before: 'v1', after: 'v3' },
      { path: 'tmp.ts', before: undefined, after: undefined },
    ]);
    const plan = await planUndo(edits, files({ 'a.ts': 'v3' }));
    assert.deepEqual(plan.changes, [{ kind: 'update', path: 'a.ts', oldText: 'v3', newText: 'v1' }]);
  });

  it('refuses files changed since the edit and names them', async () => {
    const edits: AppliedEdit[] = [
      {
        editId: 'e1',
        turnId: 't1',
        changes: [
          { kind: 'update', path: 'a.ts', oldText: 'one', newText: 'two' },
          { kind: 'update', path: 'b.ts', oldText: 'x', newText: 'y' },
        ],
      },
    ];
    const plan = await planUndo(edits, files({ 'a.ts': 'two plus a user change', 'b.ts': 'y' }));
    assert.deepEqual(plan.conflicts, ['a.ts']);
  });

  it('counts a created file that was deleted since as a conflict', async () => {
    const edits: AppliedEdit[] = [{ editId: 'e1', turnId: 't1', changes: [{ kind: 'add', path: 'n.ts', newText: 'x' }] }];
    assert.deepEqual((await planUndo(edits, files({}))).conflicts, ['n.ts']);
  });

  it('does not count line endings the editor normalised as a change', async () => {
    const edits: AppliedEdit[] = [{ editId: 'e1', turnId: 't1', changes: [{ kind: 'update', path: 'a.ts', oldText: 'a\r\nb\r\n', newText: 'a\nc\n' }] }];
    const plan = await planUndo(edits, files({ 'a.ts': 'a\r\nc\r\n' }));
    assert.deepEqual(plan, { changes: [{ kind: 'update', path: 'a.ts', oldText: 'a\r\nc\r\n', newText: 'a\r\nb\r\n' }], conflicts: [] });
  });

  it('keeps edits by turn and forgets them once undone', () => {
    const book = new CheckpointBook();
    book.record({ editId: 'e1', turnId: 't1', changes: [] });
    book.record({ editId: 'e2', turnId: 't2', changes: [] });
    book.record({ editId: 'e3', turnId: 't1', changes: [] });
    assert.deepEqual(book.turn('t1').map((e) => e.editId), ['e1', 'e3']);
    book.forget(['e1']);
    assert.deepEqual(book.turn('t1').map((e) => e.editId), ['e3']);
    assert.equal(book.edit('e1'), undefined);
    assert.equal(book.edit('e2')?.turnId, 't2');
  });

  it('spells one path one way', () => {
    assert.equal(normalizePath('./src//a.ts'), 'src/a.ts');
    assert.equal(normalizePath('src\\b\\c.ts'), 'src/b/c.ts');
  });
});
