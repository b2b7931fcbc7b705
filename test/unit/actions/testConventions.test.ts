import * as assert from 'node:assert/strict';
import { importSpecifier, parseTestFile, proposeTestFile } from '../../../src/core/actions/testConventions';

describe('proposing where a new test file goes', () => {
  it('recognises the usual test file names and what they test', () => {
    assert.deepEqual(
      ['src/a.test.ts', 'b.spec.js', 'pkg/c_test.go', 'tests/test_d.py', 'src/test/java/ETest.java', 'FTests.cs', 'spec/g_spec.rb', 'src/h.ts'].map((p) => parseTestFile(p)?.subject),
      ['a', 'b', 'c', 'd', 'E', 'F', 'g', undefined],
    );
  });

  it('follows a mirrored test tree named by folder, as in this project', () => {
    const known = ['src/core/providers/runware/sse.ts', 'test/unit/runware/sse.test.ts', 'src/core/edits/parsePatch.ts', 'test/unit/edits/parsePatch.test.ts'];
    const proposal = proposeTestFile('src/core/actions/range.ts', known);
    assert.equal(proposal.path, 'test/unit/actions/range.test.ts');
    assert.equal(proposal.importPath, '../../../src/core/actions/range');
    assert.ok(proposal.example?.startsWith('test/unit/'));
  });

  it('mirrors the source tree exactly when the tests do', () => {
    const known = ['src/util/strings.ts', 'tests/util/strings.spec.ts'];
    assert.equal(proposeTestFile('src/util/dates.ts', known).path, 'tests/util/dates.spec.ts');
  });

  it('puts the test beside the code when that folder already does so', () => {
    const known = ['lib/parse.js', 'lib/parse.test.js'];
    const proposal = proposeTestFile('lib/format.js', known);
    assert.equal(proposal.path, 'lib/format.test.js');
    assert.equal(proposal.example, 'lib/parse.test.js');
    assert.equal(proposal.importPath, './format');
  });

  it('uses a __tests__ folder when the code\'s folder has one', () => {
    assert.equal(proposeTestFile('src/ui/button.tsx', ['src/ui/__tests__/input.test.tsx']).path, 'src/ui/__tests__/button.test.tsx');
  });

  it('follows the naming style the project uses most', () => {
    const known = ['src/a.spec.ts', 'src/b.spec.ts', 'src/c.test.ts'];
    assert.equal(proposeTestFile('src/d.ts', known).path, 'src/d.spec.ts');
  });

  it('falls back to each language\'s convention when there are no tests yet', () => {
    assert.equal(proposeTestFile('app/models/user.py', []).path, 'tests/test_user.py');
    assert.equal(proposeTestFile('internal/store/store.go', []).path, 'internal/store/store_test.go');
    assert.equal(proposeTestFile('src/main/java/com/acme/Cart.java', []).path, 'src/test/java/com/acme/CartTest.java');
    assert.equal(proposeTestFile('src/x.ts', []).path, 'src/x.test.ts');
  });

  it('uses a Python project\'s tests folder', () => {
    const known = ['pkg/io.py', 'tests/test_io.py'];
    assert.equal(proposeTestFile('pkg/net.py', known).path, 'tests/test_net.py');
  });

  it('ignores tests of other languages', () => {
    const known = ['tools/check_test.go', 'web/app.ts'];
    assert.equal(proposeTestFile('web/app.ts', known).path, 'web/app.test.ts');
  });

  it('writes relative import specifiers without the extension', () => {
    assert.equal(importSpecifier('test/unit/a.test.ts', 'src/a.ts'), '../../src/a');
    assert.equal(importSpecifier('src/a.test.ts', 'src/a.ts'), './a');
  });
});
