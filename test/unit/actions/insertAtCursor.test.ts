import assert from 'node:assert/strict';
import { insertionText } from '../../../src/core/actions/insertAtCursor';
import { commandsOf, isShellLanguage } from '../../../src/core/actions/shellBlock';

/** The line after inserting `code` at `column` of `line` (the way the editor applies the text). */
function insertInto(line: string, column: number, code: string, eol: '\n' | '\r\n' = '\n'): string {
  return line.slice(0, column) + insertionText(code, { before: line.slice(0, column), after: line.slice(column), eol }) + line.slice(column);
}

describe('inserting a code block at the cursor', () => {
  it('inserts a one-line snippet as typed, inside the line', () => {
    assert.equal(insertInto('const total = ;', 14, 'sum(values)'), 'const total = sum(values);');
  });

  it('puts the rest of the line on its own line after a block inserted at the start of a line', () => {
    const block = 'if (values.length === 0) {\n  return 0;\n}\n';
    assert.equal(insertInto('  let total = 0;', 2, block), '  if (values.length === 0) {\n    return 0;\n  }\n  let total = 0;');
    assert.equal(insertInto('  let total = 0;', 0, block), 'if (values.length === 0) {\n  return 0;\n}\n  let total = 0;');
  });

  it('starts a block on a new line when the cursor is after code', () => {
    assert.equal(insertInto('    call();', 11, 'a();\nb();'), '    call();\n    a();\n    b();');
  });

  it('indents every line of the block to the cursor, keeping the block\'s own nesting', () => {
    const block = '    for (const v of values) {\n        total += v;\n    }';
    assert.equal(insertInto('\t\t', 2, block), '\t\tfor (const v of values) {\n\t\t    total += v;\n\t\t}');
  });

  it('uses the document\'s CRLF line breaks', () => {
    assert.equal(insertInto('x();', 0, 'a();\nb();\n', '\r\n'), 'a();\r\nb();\r\nx();');
  });
});

describe('shell code blocks', () => {
  it('are recognised by their fence language', () => {
    assert.deepEqual(['bash', 'sh', 'PowerShell', 'console', 'ts', undefined].map(isShellLanguage), [true, true, true, true, false, false]);
  });

  it('keep only the commands of a console transcript, not their output', () => {
    assert.equal(commandsOf('$ npm test\n> mini-coder@0.1.0 test\n  12 passing\n$ git status\n'), 'npm test\ngit status');
    assert.equal(commandsOf('npx tsc && npm test\n'), 'npx tsc && npm test');
  });
});
