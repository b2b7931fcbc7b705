import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationStore } from '../../../src/core/history/conversationStore';
import type { ConversationRecord } from '../../../src/core/history/conversation';
import { titleFrom } from '../../../src/core/history/conversation';

function record(id: string, title: string, updatedAt: number, text = 'hello'): ConversationRecord<{ id: string; text: string }> {
  return {
    version: 1,
    id,
    title,
    createdAt: updatedAt - 10,
    updatedAt,
    items: [{ type: 'message', role: 'user', content: text }],
    messages: [{ id: `${id}-m1`, text }],
    turns: [{ turnId: 't1', userMessageId: `${id}-m1`, assistantMessageId: `${id}-m2`, itemsBefore: 0 }],
    totals: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 2, reasoningTokens: 0, totalTokens: 3 },
  };
}

describe('the conversation store', () => {
  let folder: string;
  let logged: string[];
  let store: ConversationStore<{ id: string; text: string }>;

  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'mc-history-'));
    logged = [];
    store = new ConversationStore(folder, { log: (line) => logged.push(line) });
  });
  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('lists nothing before anything was saved', async () => {
    assert.deepEqual(await store.list(), []);
  });

  it('saves a conversation and opens it again with the same content', async () => {
    const saved = record('c1', 'First', 1000);
    await store.save(saved);
    const loaded = await store.load('c1');
    assert.equal(loaded.status, 'ok');
    assert.deepEqual(loaded.status === 'ok' ? loaded.record : undefined, saved);
  });

  it('lists conversations newest first with their message counts', async () => {
    await store.save(record('old', 'Old', 1000));
    await store.save(record('new', 'New', 3000));
    await store.save(record('mid', 'Mid', 2000));
    const list = await store.list();
    assert.deepEqual(list.map((s) => s.id), ['new', 'mid', 'old']);
    assert.deepEqual(list[0], { id: 'new', title: 'New', updatedAt: 3000, messageCount: 1 });
  });

  it('reads a fresh store over the same folder the same way (nothing lives only in memory)', async () => {
    await store.save(record('c1', 'First', 1000));
    const again = new ConversationStore(folder);
    assert.deepEqual((await again.list()).map((s) => s.title), ['First']);
  });

  it('renames a conversation in its file and in the list', async () => {
    await store.save(record('c1', 'First', 1000));
    assert.equal(await store.rename('c1', '  Better name '), true);
    assert.equal((await store.list())[0].title, 'Better name');
    const loaded = await store.load('c1');
    assert.equal(loaded.status === 'ok' && loaded.record.title, 'Better name');
  });

  it('reports false when renaming or deleting a conversation that does not exist', async () => {
    assert.equal(await store.rename('nope', 'x'), false);
    assert.equal(await store.delete('nope'), false);
  });

  it('deletes one conversation and keeps the others', async () => {
    await store.save(record('a', 'A', 1000));
    await store.save(record('b', 'B', 2000));
    assert.equal(await store.delete('a'), true);
    assert.deepEqual((await store.list()).map((s) => s.id), ['b']);
    assert.equal((await store.load('a')).status, 'missing');
  });

  it('clears every conversation', async () => {
    await store.save(record('a', 'A', 1000));
    await store.save(record('b', 'B', 2000));
    assert.equal(await store.clear(), 2);
    assert.deepEqual(await store.list(), []);
  });

  it('refuses ids that could name a file outside its folder', async () => {
    for (const id of ['../escape', 'a/b', '..', '', 'a.json', 'x\\y']) {
      assert.equal((await store.load(id)).status, 'missing', id);
    }
    await assert.rejects(store.save(record('../escape', 'x', 1)), /Invalid conversation id/);
  });

  it('moves a damaged conversation file aside and keeps the others readable', async () => {
    await store.save(record('good', 'Good', 1000));
    await store.save(record('bad', 'Bad', 2000));
    await fs.writeFile(path.join(folder, 'conversations', 'bad.json'), '{"version":1,"id":"bad","tit');
    const result = await store.load('bad');
    assert.equal(result.status, 'corrupt');
    const movedTo = result.status === 'corrupt' ? result.movedTo : '';
    assert.equal(await fs.readFile(movedTo, 'utf8'), '{"version":1,"id":"bad","tit');
    assert.deepEqual((await store.list()).map((s) => s.id), ['good']);
    assert.equal((await store.load('good')).status, 'ok');
    assert.match(logged.join('\n'), /bad\.json could not be read/);
  });

  it('treats valid JSON of the wrong shape as damaged too', async () => {
    await store.save(record('c1', 'One', 1000));
    await fs.writeFile(path.join(folder, 'conversations', 'c1.json'), JSON.stringify({ version: 1, id: 'someone-else' }));
    assert.equal((await store.load('c1')).status, 'corrupt');
  });

  it('rebuilds a damaged index from the conversation files', async () => {
    await store.save(record('a', 'A', 1000));
    await store.save(record('b', 'B', 2000));
    await fs.writeFile(path.join(folder, 'index.json'), 'not json at all');
    assert.deepEqual((await store.list()).map((s) => s.id), ['b', 'a']);
    const rewritten = JSON.parse(await fs.readFile(path.join(folder, 'index.json'), 'utf8')) as { conversations: unknown[] };
    assert.equal(rewritten.conversations.length, 2);
    assert.ok((await fs.readdir(folder)).some((name) => name.startsWith('index.json.corrupt-')));
  });

  it('lists a conversation whose index line was lost (a crash between the two writes)', async () => {
    await store.save(record('a', 'A', 1000));
    await fs.writeFile(path.join(folder, 'index.json'), JSON.stringify({ version: 1, conversations: [] }));
    assert.deepEqual((await store.list()).map((s) => s.id), ['a']);
  });

  it('drops index lines whose file is gone', async () => {
    await store.save(record('a', 'A', 1000));
    await store.save(record('b', 'B', 2000));
    await fs.rm(path.join(folder, 'conversations', 'a.json'));
    assert.deepEqual((await store.list()).map((s) => s.id), ['b']);
  });

  it('keeps the previous file whole when a write is interrupted half-way', async () => {
    await store.save(record('c1', 'Before', 1000, 'original text'));
    const crashing = new ConversationStore(folder, {
      writeBytes: async (file, text) => {
        await fs.writeFile(file, text.slice(0, Math.floor(text.length / 2)));
        throw new Error('disk full');
      },
    });
    await assert.rejects(crashing.save(record('c1', 'After', 2000, 'new text')), /disk full/);
    const loaded = await store.load('c1');
    assert.equal(loaded.status === 'ok' && loaded.record.title, 'Before');
    const names = await fs.readdir(path.join(folder, 'conversations'));
    assert.deepEqual(names, ['c1.json'], 'no temporary file is left behind');
  });

  it('ignores temporary files left by a crashed process when listing', async () => {
    await store.save(record('a', 'A', 1000));
    await fs.writeFile(path.join(folder, 'conversations', 'a.json.123-abcd.tmp'), '{"half');
    assert.deepEqual((await store.list()).map((s) => s.id), ['a']);
  });

  it('applies concurrent saves in the order they were asked for', async () => {
    const saves = [1, 2, 3, 4, 5].map((n) => store.save(record('c1', `Version ${n}`, 1000 + n)));
    await Promise.all(saves);
    const loaded = await store.load('c1');
    assert.equal(loaded.status === 'ok' && loaded.record.title, 'Version 5');
    assert.deepEqual((await store.list()).map((s) => s.title), ['Version 5']);
  });
});

describe('conversation titles', () => {
  it('takes the first words of the question on one line', () => {
    assert.equal(titleFrom('  Why does\n  this fail?  '), 'Why does this fail?');
  });

  it('cuts long questions to 60 characters with an ellipsis', () => {
    const title = titleFrom('word '.repeat(40));
    assert.ok(title.length <= 60);
    assert.ok(title.endsWith('…'));
  });

  it('names an empty question "New chat"', () => {
    assert.equal(titleFrom('   '), 'New chat');
  });
});
