import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { unifiedDiff } from '../../../src/core/edits';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import type { FileChange } from '../../../src/core/workspace';
import type { EditView } from '../../../src/protocol/messages';
import { DEFAULT_RULES, judgeEdit, TrustPolicy } from '../../../src/core/trust/policy';
import { EditReview } from '../../../src/vscode/editReview';
import { counterIds, recordingScreen, tempFolder, until } from './chatFixtures';

describe('edit review', () => {
  let root: string;
  let workspace: FsWorkspace;
  let screen: ReturnType<typeof recordingScreen>;
  let autoApprove: boolean;
  let review: EditReview;
  let cards: Array<{ turnId: string; edit: EditView }>;

  const read = (rel: string) => fs.readFile(path.join(root, rel), 'utf8');
  const update = (rel: string, oldText: string, newText: string): FileChange => ({ kind: 'update', path: rel, oldText, newText });
  const lastCard = () => cards[cards.length - 1].edit;
  // As the tools do it: the core policy decides (auto-approve from the test's setting), the review presents.
  const policy = new TrustPolicy(() => ({ ...DEFAULT_RULES, autoApproveEdits: autoApprove }));
  const submit = async (changes: FileChange[], context: { summary: string; turnId: string; signal?: AbortSignal }) =>
    review.review(changes, { ...context, verdict: await judgeEdit(policy, workspace, changes) });

  beforeEach(async () => {
    root = await tempFolder({ 'src/a.ts': 'const a = 1;\n', 'src/b.ts': 'const b = 2;\n', '.vscode/settings.json': '{}\n' });
    workspace = new FsWorkspace(root);
    screen = recordingScreen();
    autoApprove = false;
    cards = [];
    review = new EditReview({ workspace: () => workspace, screen, diff: unifiedDiff, newId: counterIds('edit') });
    review.onDidChange((turnId, edit) => cards.push({ turnId, edit }));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('waits for the user, shows the diff, and applies the edit once accepted', async () => {
    const decision = submit([update('src/a.ts', 'const a = 1;\n', 'const a = 42;\n')], { summary: 'change a', turnId: 't1' });
    await until(() => review.pendingEdits().length === 1, 'the edit to be pending');
    assert.deepEqual(screen.shown, ['edit1']);
    assert.equal(await read('src/a.ts'), 'const a = 1;\n', 'nothing is written before the user accepts');
    assert.equal(lastCard().status, 'pending');
    assert.deepEqual(lastCard().files.map((f) => [f.path, f.added, f.removed]), [['src/a.ts', 1, 1]]);
    assert.match(lastCard().files[0].diff, /\+const a = 42;/);

    assert.deepEqual(await review.accept('edit1'), { ok: true });
    assert.deepEqual(await decision, { approved: true, applied: true });
    assert.equal(await read('src/a.ts'), 'const a = 42;\n');
    assert.equal(lastCard().status, 'accepted');
    assert.deepEqual(screen.closed, ['edit1']);
    assert.deepEqual(screen.pending[screen.pending.length - 1], []);
  });

  it('leaves the file untouched when the user rejects the edit', async () => {
    const decision = submit([update('src/a.ts', 'const a = 1;\n', 'gone\n')], { summary: 's', turnId: 't1' });
    await until(() => review.pendingEdits().length === 1, 'the edit to be pending');
    assert.equal(review.reject('edit1'), true);
    assert.deepEqual(await decision, { approved: false, reason: 'rejected by the user' });
    assert.equal(await read('src/a.ts'), 'const a = 1;\n');
    assert.equal(lastCard().status, 'rejected');
    assert.equal(review.reject('edit1'), false, 'a decided edit cannot be rejected again');
  });

  it('applies at once with auto-approve on, without opening a diff', async () => {
    autoApprove = true;
    const decision = await submit([update('src/a.ts', 'const a = 1;\n', 'const a = 7;\n')], { summary: 's', turnId: 't1' });
    assert.deepEqual(decision, { approved: true, applied: true });
    assert.equal(await read('src/a.ts'), 'const a = 7;\n');
    assert.deepEqual(screen.shown, []);
    assert.equal(lastCard().status, 'applied');
  });

  it('still asks for a sensitive path with auto-approve on, and says why', async () => {
    autoApprove = true;
    const decision = submit([update('.vscode/settings.json', '{}\n', '{"miniCoder.autoApproveEdits": true}\n')], { summary: 's', turnId: 't1' });
    await until(() => review.pendingEdits().length === 1, 'the edit to be pending');
    assert.equal(lastCard().status, 'pending');
    assert.match(lastCard().note ?? '', /Always asks: \.vscode\/settings\.json/);
    assert.equal(await read('.vscode/settings.json'), '{}\n');
    review.reject('edit1');
    await decision;
    assert.equal(lastCard().status, 'rejected');
    assert.match(lastCard().note ?? '', /Always asks/, 'the card keeps why it asked');
  });

  it('still asks when an innocent-looking link points at a sensitive file', async () => {
    autoApprove = true;
    await fs.mkdir(path.join(root, '.git'));
    await fs.writeFile(path.join(root, '.git', 'config'), '[core]\n');
    await fs.symlink(path.join(root, '.git', 'config'), path.join(root, 'src', 'notes.txt'));
    const decision = submit([update('src/notes.txt', '[core]\n', '[core]\n\thooksPath = evil\n')], { summary: 's', turnId: 't1' });
    await until(() => review.pendingEdits().length === 1, 'the edit to be pending');
    assert.match(lastCard().note ?? '', /src\/notes\.txt \(really \.git\/config\)/);
    review.reject('edit1');
    await decision;
  });

  it('asks for a code-block edit even with auto-approve on', async () => {
    autoApprove = true;
    const decision = review.review([update('src/a.ts', 'const a = 1;\n', 'x\n')], { summary: 's', turnId: 't1', verdict: { decision: 'ask', reason: 'a code block is applied only after you review it', sensitive: false } });
    await until(() => review.pendingEdits().length === 1, 'the edit to be pending');
    review.reject('edit1');
    assert.equal((await decision).approved, false);
  });

  it('ends a pending review as rejected when the turn is stopped', async () => {
    const controller = new AbortController();
    const decision = submit([update('src/a.ts', 'const a = 1;\n', 'x\n')], { summary: 's', turnId: 't1', signal: controller.signal });
    await until(() => review.pendingEdits().length === 1, 'the edit to be pending');
    controller.abort();
    assert.deepEqual(await decision, { approved: false, reason: 'the user stopped the turn' });
    assert.equal(review.pendingEdits().length, 0);
    assert.equal(await read('src/a.ts'), 'const a = 1;\n');
  });

  it('refuses to apply an accepted edit when the file changed meanwhile, and reports it', async () => {
    const decision = submit([update('src/a.ts', 'const a = 1;\n', 'const a = 2;\n')], { summary: 's', turnId: 't1' });
    await until(() => review.pendingEdits().length === 1, 'the edit to be pending');
    await fs.writeFile(path.join(root, 'src/a.ts'), 'const a = 1; // typed by the user\n');
    const outcome = await review.accept('edit1');
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.message, /changed since/);
    await assert.rejects(decision, /changed since/);
    assert.equal(await read('src/a.ts'), 'const a = 1; // typed by the user\n');
    assert.equal(lastCard().status, 'failed');
  });

  it('undoes every edit of a turn, back to the files before the turn', async () => {
    autoApprove = true;
    await submit([update('src/a.ts', 'const a = 1;\n', 'const a = 2;\n')], { summary: 's', turnId: 't1' });
    await submit([update('src/a.ts', 'const a = 2;\n', 'const a = 3;\n'), { kind: 'add', path: 'src/c.ts', newText: 'new\n' }], { summary: 's', turnId: 't1' });
    await submit([update('src/b.ts', 'const b = 2;\n', 'other turn\n')], { summary: 's', turnId: 't2' });
    const outcome = await review.undoTurn('t1');
    assert.deepEqual(outcome, { ok: true, files: ['src/a.ts', 'src/c.ts'] });
    assert.equal(await read('src/a.ts'), 'const a = 1;\n');
    await assert.rejects(read('src/c.ts'));
    assert.equal(await read('src/b.ts'), 'other turn\n', 'another turn is left alone');
    assert.deepEqual(
      cards.filter((c) => c.turnId === 't1' && c.edit.status === 'undone').map((c) => c.edit.editId),
      ['edit1', 'edit2'],
    );
    assert.equal((await review.undoTurn('t1')).ok, false, 'a turn is undone once');
  });

  it('refuses to undo a turn when a file it touched changed since, and changes nothing', async () => {
    autoApprove = true;
    await submit([update('src/a.ts', 'const a = 1;\n', 'const a = 2;\n'), update('src/b.ts', 'const b = 2;\n', 'const b = 3;\n')], { summary: 's', turnId: 't1' });
    await fs.writeFile(path.join(root, 'src/b.ts'), 'const b = 3; // user\n');
    const outcome = await review.undoTurn('t1');
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.message, /src\/b\.ts changed after the edit/);
    assert.equal(await read('src/a.ts'), 'const a = 2;\n');
  });

  it('undoes a single auto-applied edit', async () => {
    autoApprove = true;
    await submit([{ kind: 'add', path: 'src/new.ts', newText: 'x\n' }], { summary: 's', turnId: 't1' });
    assert.equal((await review.undoEdit('edit1')).ok, true);
    await assert.rejects(read('src/new.ts'));
    assert.equal((await review.undoEdit('edit1')).ok, false);
  });

  it('rejects every pending edit at once (leaving a conversation)', async () => {
    const first = submit([update('src/a.ts', 'const a = 1;\n', 'x\n')], { summary: 's', turnId: 't1' });
    const second = submit([update('src/b.ts', 'const b = 2;\n', 'y\n')], { summary: 's', turnId: 't1' });
    await until(() => review.pendingEdits().length === 2, 'two pending edits');
    review.rejectAll('left');
    assert.deepEqual([(await first).approved, (await second).approved], [false, false]);
  });
});
