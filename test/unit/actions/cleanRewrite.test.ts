import * as assert from 'node:assert/strict';
import { cleanRewrite, type CleanResult } from '../../../src/core/actions/cleanRewrite';
import { keepsEveryLine } from '../../../src/core/actions/keepsCode';

const ok = (result: CleanResult): string => {
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.text;
};
const refused = (result: CleanResult): string => {
  assert.ok(!result.ok, 'expected the answer to be refused');
  assert.equal(result.error.kind, 'protocol');
  return result.error.message;
};

const original = '  function add(a, b) {\n    return a + b;\n  }\n';

describe('cleaning a model\'s rewrite of a range', () => {
  it('takes a plain answer as it is, keeping the range\'s final line break', () => {
    const text = ok(cleanRewrite('  function add(a, b) {\n    return b + a;\n  }', { original }));
    assert.equal(text, '  function add(a, b) {\n    return b + a;\n  }\n');
  });

  it('strips a fenced block wrapper', () => {
    const text = ok(cleanRewrite('```js\n  const add = (a, b) => a + b;\n```', { original }));
    assert.equal(text, '  const add = (a, b) => a + b;\n');
  });

  it('drops prose before and after a single fenced block', () => {
    const result = cleanRewrite('Here is the refactored code:\n\n```javascript\n  const add = (a, b) => a + b;\n```\n\nThis uses an arrow function.', { original });
    assert.equal(ok(result), '  const add = (a, b) => a + b;\n');
    assert.ok(result.notes.some((n) => n.includes('dropped the text around it')));
  });

  it('accepts a fence that the answer never closed', () => {
    assert.equal(ok(cleanRewrite('```ts\n  const add = 1;\n', { original })), '  const add = 1;\n');
  });

  it('refuses an answer with several code blocks', () => {
    const message = refused(cleanRewrite('Option 1:\n```js\na();\n```\nOption 2:\n```js\nb();\n```', { original }));
    assert.match(message, /2 separate code blocks/);
  });

  it('refuses an empty answer and an empty code block', () => {
    assert.match(refused(cleanRewrite('  \n\n', { original })), /no code/);
    assert.match(refused(cleanRewrite('```js\n```', { original })), /empty code block/);
  });

  it('refuses prose that is not separated from the code', () => {
    assert.match(refused(cleanRewrite('Sure! I changed the order:\nreturn b + a;', { original })), /mixes explanation/);
    assert.match(refused(cleanRewrite('return b + a;\n\nThis change makes the sum commutative.', { original })), /mixes explanation/);
  });

  it('passes on the model\'s reason when it says the task cannot be done in the range', () => {
    assert.match(refused(cleanRewrite('CANNOT: the callers in other files need changing too', { original })), /callers in other files/);
  });

  it('re-applies the base indentation when the model dedented the code', () => {
    const text = ok(cleanRewrite('function add(a, b) {\n  return b + a;\n}', { original }));
    assert.equal(text, '  function add(a, b) {\n    return b + a;\n  }\n');
  });

  it('moves code the model indented too deeply back to the range\'s indentation', () => {
    const text = ok(cleanRewrite('        function add(a, b) {\n          return b + a;\n        }', { original }));
    assert.equal(text, '  function add(a, b) {\n    return b + a;\n  }\n');
  });

  it('keeps the relative indentation of code the model wrapped in a new block', () => {
    const text = ok(cleanRewrite('try {\n  function add(a, b) {\n    return a + b;\n  }\n} catch {}', { original }));
    assert.equal(text, '  try {\n    function add(a, b) {\n      return a + b;\n    }\n  } catch {}\n');
  });

  it('converts spaces back to tabs in a tab-indented file', () => {
    const tabbed = '\tif (x) {\n\t\ty();\n\t}';
    assert.equal(ok(cleanRewrite('if (x) {\n    z();\n}', { original: tabbed })), '\tif (x) {\n\t\tz();\n\t}');
  });

  it('does not add a line break the range did not have, and keeps blank lines the range ended with', () => {
    assert.equal(ok(cleanRewrite('b + a\n\n', { original: 'a + b', startsAtLineStart: false })), 'b + a');
    assert.equal(ok(cleanRewrite('x();', { original: 'y();\n\n' })), 'x();\n\n');
  });

  it('indents continuation lines of a mid-line range under the line it continues', () => {
    const text = ok(cleanRewrite('compute(\n  first,\n  second,\n)', { original: 'compute(first, second)', startsAtLineStart: false, lineIndent: '    ' }));
    assert.equal(text, 'compute(\n      first,\n      second,\n    )');
  });

  it('does not indent the first line of a mid-line range', () => {
    const text = ok(cleanRewrite('    x + 1', { original: 'x + 2', startsAtLineStart: false, lineIndent: '    ' }));
    assert.equal(text, 'x + 1');
  });

  it('writes the document\'s CRLF line breaks', () => {
    const text = ok(cleanRewrite('```\nif (a) {\n  b();\n}\n```', { original: 'if (a) {\r\n  c();\r\n}\r\n' }));
    assert.equal(text, 'if (a) {\r\n  b();\r\n}\r\n');
  });

  it('removes selection markers the model echoed', () => {
    assert.equal(ok(cleanRewrite('<<<SELECTION_START>>>x();<<<SELECTION_END>>>', { original: 'y();' })), 'x();');
  });

  it('keeps fences that belong to the code when the original has them', () => {
    const md = '## Usage\n\n```sh\nnpm test\n```\n';
    const answer = '## Usage\n\n```sh\nnpm run test\n```';
    assert.equal(ok(cleanRewrite(answer, { original: md })), '## Usage\n\n```sh\nnpm run test\n```\n');
    assert.equal(ok(cleanRewrite('````markdown\n' + answer + '\n````', { original: md })), '## Usage\n\n```sh\nnpm run test\n```\n');
  });

  it('ends a whole file with one line break and leaves its indentation alone', () => {
    assert.equal(ok(cleanRewrite('```ts\nimport x from "y";\n\ndescribe("x", () => {});\n```', { original: '', wholeFile: true })), 'import x from "y";\n\ndescribe("x", () => {});\n');
  });
});

describe('checking that a documentation answer kept the code', () => {
  it('accepts added comment lines around and inside the code', () => {
    const before = 'def area(w, h):\n    return w * h\n';
    assert.ok(keepsEveryLine(before, 'def area(w, h):\n    """Area of a w by h rectangle."""\n    return w * h\n'));
    assert.ok(keepsEveryLine('function f() {}', '/** Does nothing. */\nfunction f() {}'));
  });

  it('notices a changed or dropped line of code', () => {
    assert.ok(!keepsEveryLine('a();\nb();', '// doc\na();\nc();'));
    assert.ok(!keepsEveryLine('a();\nb();', '// doc\nb();'));
  });
});
