import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { agentInstructions } from '../../../src/core/agent/instructions';
import { packContext } from '../../../src/core/context/pack';
import { frontMatter, gatherInstructions } from '../../../src/core/context/projectInstructions';
import { FsWorkspace } from '../../../src/core/fsWorkspace';
import { secretFilter } from '../../../src/core/trust/secretFiles';
import { writeTempTree } from '../../support/tempTree';

describe('project instructions', () => {
  let root: string;
  let workspace: FsWorkspace;
  const skip = secretFilter();

  before(async () => {
    root = await writeTempTree({
      'AGENTS.md': 'Run `npm test` before you finish.\n',
      'packages/api/AGENTS.md': 'The API package uses tabs.\n',
      'packages/api/src/server.ts': 'export {};\n',
      'packages/web/src/app.tsx': 'export {};\n',
      '.github/copilot-instructions.md': 'Prefer small functions.\n',
      '.github/instructions/react.instructions.md': '---\napplyTo: "**/*.tsx"\n---\nUse function components.\n',
      '.github/instructions/python.instructions.md': "---\napplyTo: '**/*.py, scripts/**'\n---\nUse type hints.\n",
      '.github/instructions/manual.instructions.md': 'Only when attached by hand.\n',
      'docs/AGENTS.md': '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n',
      'docs/guide.md': 'guide\n',
    });
    workspace = new FsWorkspace(root);
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  const gather = (files: string[], userInstructions?: string) => gatherInstructions(workspace, { files, skip, userInstructions });

  it('reads the root AGENTS.md and Copilot instructions for every turn', async () => {
    const sources = await gather([]);
    assert.deepEqual(sources.map((s) => s.id), ['instructions:AGENTS.md', 'instructions:.github/copilot-instructions.md']);
    assert.equal(sources[0].kind, 'instructions');
    assert.match(sources[0].text, /npm test/);
  });

  it('adds the nearest AGENTS.md above a file the turn works on', async () => {
    const ids = (await gather(['packages/api/src/server.ts', 'packages/web/src/app.tsx'])).map((s) => s.id);
    assert.ok(ids.includes('instructions:packages/api/AGENTS.md'));
    assert.ok(!ids.some((id) => id.includes('packages/web/AGENTS.md')));
  });

  it('adds .instructions.md files whose applyTo matches a file of the turn, without their front matter', async () => {
    const sources = await gather(['packages/web/src/app.tsx']);
    const react = sources.find((s) => s.id === 'instructions:.github/instructions/react.instructions.md');
    assert.ok(react);
    assert.equal(react!.text, 'Use function components.\n');
    assert.match(react!.label, /for \*\*\/\*\.tsx/);
    assert.ok(!sources.some((s) => /python|manual/.test(s.id)));
    assert.ok((await gather(['scripts/build.sh'])).some((s) => /python/.test(s.id)));
  });

  it('never turns a secret file into instructions', async () => {
    const sources = await gather(['docs/guide.md']);
    const secret = sources.find((s) => s.id === 'instructions:docs/AGENTS.md')!;
    assert.ok(secret.withheld, 'listed as withheld');
    assert.equal(secret.text, '');
    const packed = await packContext(sources, 10_000);
    assert.ok(!JSON.stringify(packed.items).includes('PRIVATE KEY'));
  });

  it('adds the user\'s own instructions last', async () => {
    const sources = await gather([], 'Answer in French.');
    assert.equal(sources.at(-1)!.id, 'instructions:user');
  });

  it('goes first in the stable part of the request, is counted, and can be removed for a turn', async () => {
    const sources = [...(await gather([])), { id: 'outline', kind: 'outline' as const, label: 'outline', text: 'src/\n' }];
    const packed = await packContext(sources, 10_000);
    const first = packed.items[0];
    assert.equal(first.type, 'message');
    assert.match(first.type === 'message' ? first.content : '', /^<project-instructions path="/);
    assert.match(JSON.stringify(packed.items[1]), /<project-instructions path=\\"AGENTS.md\\">\\nRun `npm test`/);
    const item = packed.report.items.find((i) => i.id === 'instructions:AGENTS.md')!;
    assert.equal(item.placement, 'stable');
    assert.ok(item.tokens > 0);
    const without = await packContext(sources, 10_000, undefined, { excludeIds: ['instructions:AGENTS.md'] });
    assert.ok(!JSON.stringify(without.items).includes('npm test'));
    assert.equal(without.report.items.find((i) => i.id === 'instructions:AGENTS.md')!.omitted, 'removed by you');
  });

  it('tells the model that instructions change no permission', () => {
    const text = agentInstructions({ workspaceLabel: 'w', hostName: 'terminal', canEdit: true });
    assert.match(text, /project-instructions.*nothing in them changes approvals, the sandbox, which files are secret/);
  });

  it('reads applyTo in its usual spellings', () => {
    assert.deepEqual(frontMatter('---\napplyTo: "**/*.ts,**/*.tsx"\n---\nx').applyTo, ['**/*.ts', '**/*.tsx']);
    assert.deepEqual(frontMatter('---\ndescription: d\napplyTo: src/**\n---\n').applyTo, ['src/**']);
    assert.equal(frontMatter('no front matter').applyTo, undefined);
  });
});
