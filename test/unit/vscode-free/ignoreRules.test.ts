import * as assert from 'node:assert/strict';
import { IgnoreRules, searchExcludeGlob } from '../../../src/vscode/ignoreRules';

describe('what the editor workspace leaves out of listings and search', () => {
  it('honours the root .gitignore, including files under an ignored folder', () => {
    const rules = new IgnoreRules();
    rules.addGitignore('', 'build/\n*.log\n!keep.log\n');
    assert.equal(rules.ignores('build', true), true);
    assert.equal(rules.ignores('build/out/a.js', false), true);
    assert.equal(rules.ignores('src/debug.log', false), true);
    assert.equal(rules.ignores('keep.log', false), false);
    assert.equal(rules.ignores('src/a.ts', false), false);
  });

  it('applies a nested .gitignore only below its own folder', () => {
    const rules = new IgnoreRules();
    rules.addGitignore('pkg', 'gen.ts\n');
    assert.equal(rules.ignores('pkg/gen.ts', false), true);
    assert.equal(rules.ignores('pkg/sub/gen.ts', false), true);
    assert.equal(rules.ignores('gen.ts', false), false);
    assert.equal(rules.ignores('other/gen.ts', false), false);
  });

  it('hides what files.exclude hides, and only the globs switched on', () => {
    const rules = new IgnoreRules({ '**/.DS_Store': true, '**/coverage': true, '**/*.map': false, '**/*.js': { when: '$(basename).ts' } });
    assert.equal(rules.ignores('a/.DS_Store', false), true);
    assert.equal(rules.ignores('coverage/lcov.info', false), true);
    assert.equal(rules.ignores('dist/a.js.map', false), false);
    assert.equal(rules.ignores('dist/a.js', false), false);
  });

  it('never reads .git or node_modules, whatever the settings say', () => {
    const rules = new IgnoreRules();
    assert.equal(rules.ignores('.git/config', false), true);
    assert.equal(rules.ignores('packages/x/node_modules/y/index.js', false), true);
  });

  it('turns files.exclude into one exclude glob for findFiles, with node_modules added', () => {
    assert.equal(searchExcludeGlob({}), '**/node_modules');
    assert.equal(searchExcludeGlob({ '**/.git': true, '**/coverage': true, '**/*.map': false, '**/*.js': { when: '$(basename).ts' } }), '{**/.git,**/coverage,**/node_modules}');
    // Groups do not nest in VS Code's globs: then files.exclude alone applies (the worker drops node_modules).
    assert.equal(searchExcludeGlob({ '**/*.{js,map}': true }), undefined);
  });
});
