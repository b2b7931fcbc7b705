import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { changeNeedsReview, editNeedsReview, sensitiveReason } from '../../../src/core/trust/sensitiveWrites';

describe('paths that always ask, even with auto-approve on', () => {
  it('lets ordinary source files be auto-approved', () => {
    for (const path of ['src/a.ts', 'README.md', 'lib/deep/nested/file.py', './src/b.ts', 'docs/settings-guide.md']) {
      assert.equal(sensitiveReason(path), undefined, path);
    }
  });

  it('asks for editor settings, git internals and CI workflows', () => {
    assert.match(sensitiveReason('.vscode/settings.json') ?? '', /editor settings/);
    assert.match(sensitiveReason('.git/hooks/pre-commit') ?? '', /git/);
    assert.match(sensitiveReason('.github/workflows/ci.yml') ?? '', /CI workflows/);
    assert.match(sensitiveReason('packages/app/.vscode/tasks.json') ?? '', /editor settings/);
  });

  it('asks for any dotfile or file inside a dot folder', () => {
    for (const path of ['.env', '.eslintrc.json', 'sub/.npmrc', '.config/tool.json', '.gitignore']) {
      assert.ok(sensitiveReason(path), path);
    }
  });

  it('asks for package scripts, makefiles and workspace files', () => {
    for (const path of ['package.json', 'packages/web/package.json', 'Makefile', 'GNUmakefile', 'team.code-workspace']) {
      assert.ok(sensitiveReason(path), path);
    }
  });

  it('asks for anything that names a place outside the workspace', () => {
    for (const path of ['../other/file.ts', 'src/../../etc/passwd', '/etc/passwd', 'C:\\Windows\\x.ini', 'c:/x', '~/.bashrc', '']) {
      assert.match(sensitiveReason(path) ?? '', /outside|empty/, path);
    }
  });

  it('is not fooled by Windows spellings of a sensitive folder', () => {
    for (const path of ['.VSCode/settings.json', '.vscode./settings.json', '.vscode /settings.json', '.vscode\\settings.json', 'PACKAGE.JSON', 'package.json.']) {
      assert.ok(sensitiveReason(path), path);
    }
  });

  it('asks for alternate data streams and 8.3 short names', () => {
    assert.match(sensitiveReason('src/a.ts:hidden') ?? '', /alternate data stream/);
    assert.match(sensitiveReason('VSCODE~1/settings.json') ?? '', /short/);
  });

  it('asks for deletions and for moves into a sensitive place', () => {
    assert.match(changeNeedsReview({ kind: 'delete', path: 'src/a.ts', oldText: 'x' }) ?? '', /deletes/);
    assert.match(changeNeedsReview({ kind: 'update', path: 'src/a.ts', oldText: 'a', newText: 'b', moveTo: '.vscode/settings.json' }) ?? '', /moves into/);
    assert.equal(changeNeedsReview({ kind: 'update', path: 'src/a.ts', oldText: 'a', newText: 'b', moveTo: 'src/b.ts' }), undefined);
    assert.equal(changeNeedsReview({ kind: 'add', path: 'src/new.ts', newText: 'x' }), undefined);
  });

  it('names the file that makes a multi-file edit ask', () => {
    const reason = editNeedsReview([
      { kind: 'add', path: 'src/new.ts', newText: 'x' },
      { kind: 'update', path: '.vscode/settings.json', oldText: '{}', newText: '{"x":1}' },
    ]);
    assert.match(reason ?? '', /^\.vscode\/settings\.json: /);
  });

  it('asks for every path that has a dot-segment anywhere, whatever surrounds it', () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 3 }), segment, fc.array(segment, { maxLength: 3 }), (before, dotted, after) => {
        const path = [...before, `.${dotted}`, ...after].join('/');
        return sensitiveReason(path) !== undefined;
      }),
    );
  });
});
