import * as assert from 'node:assert/strict';
import { chooseActionRange, rangeForDiagnostic, type ActionSymbol } from '../../../src/core/actions/range';
import { marked } from './marked';

const pick = (source: string, symbols?: ActionSymbol[]) => {
  const m = marked(source);
  const chosen = chooseActionRange(m.text, { start: m.start, end: m.end }, symbols);
  return { ...chosen, code: m.text.slice(chosen.range.start, chosen.range.end) };
};

const sym = (name: string, kind: string, sl: number, sc: number, el: number, ec: number, children?: ActionSymbol[]): ActionSymbol => ({
  name,
  kind,
  range: { start: { line: sl, character: sc }, end: { line: el, character: ec } },
  children,
});

describe('choosing the range of an inline action', () => {
  describe('with a selection', () => {
    it('uses a mid-line selection exactly as selected', () => {
      const r = pick('const total = «price * count» + tax;\n');
      assert.equal(r.source, 'selection');
      assert.equal(r.code, 'price * count');
    });

    it('widens a selection to whole lines when only indentation lies outside it', () => {
      const r = pick('function f() {\n  «const a = 1;\n  const b = 2;»\n}\n');
      assert.equal(r.code, '  const a = 1;\n  const b = 2;');
      assert.equal(r.label, 'lines 2–3');
    });

    it('keeps the final line break of a selection that ends at the start of the next line', () => {
      const r = pick('a();\n«b();\nc();\n»d();\n');
      assert.equal(r.code, 'b();\nc();\n');
      assert.equal(r.label, 'lines 2–3');
    });

    it('treats a whitespace-only selection like a cursor', () => {
      const r = pick('function f() {\n  return 1;\n}\n«  »\n');
      assert.notEqual(r.source, 'selection');
    });
  });

  describe('from the editor\'s symbols', () => {
    const text = [
      'class Cart {', //            0
      '  add(item) {', //           1
      '    this.items.push(item);', // 2
      '  }', //                     3
      '  total() {', //             4
      '    return 1;', //           5
      '  }', //                     6
      '}', //                       7
      '',
    ].join('\n');
    const symbols = [sym('Cart', 'class', 0, 0, 7, 1, [sym('add', 'method', 1, 2, 3, 3), sym('total', 'method', 4, 2, 6, 3)])];

    it('picks the smallest enclosing method, from the start of its line', () => {
      const r = pick(text.replace('this.items', 'this.it‸ems'), symbols);
      assert.equal(r.source, 'symbol');
      assert.equal(r.label, 'method add');
      assert.equal(r.code, '  add(item) {\n    this.items.push(item);\n  }');
    });

    it('picks the class when the cursor is in the class but outside its methods', () => {
      const r = pick(text.replace('class Cart {', 'class Ca‸rt {'), symbols);
      assert.equal(r.label, 'class Cart');
      assert.ok(r.code.startsWith('class Cart {') && r.code.endsWith('}'));
    });

    it('ignores one-line variables but accepts a multi-line one holding a function', () => {
      const src = 'const x = 1;\nconst handler = (e) => {\n  lo‸g(e);\n};\n';
      const symbols2 = [sym('x', 'variable', 0, 0, 0, 12), sym('handler', 'variable', 1, 0, 3, 2)];
      const r = pick(src, symbols2);
      assert.equal(r.label, 'variable handler');
      assert.equal(r.code, 'const handler = (e) => {\n  log(e);\n};');
    });

    it('falls back to indentation when no symbol encloses the cursor', () => {
      const r = pick('function a() {\n  retur‸n 1;\n}\n', [sym('b', 'function', 5, 0, 6, 1)]);
      assert.equal(r.source, 'indentation');
    });
  });

  describe('from indentation alone', () => {
    it('finds the enclosing function of a brace language, closing brace included', () => {
      const r = pick('import x from "y";\n\nexport function area(w, h) {\n  if (w < 0) {\n    thr‸ow new Error("w");\n  }\n  return w * h;\n}\n\nconst z = 1;\n');
      assert.equal(r.source, 'indentation');
      assert.equal(r.code, 'export function area(w, h) {\n  if (w < 0) {\n    throw new Error("w");\n  }\n  return w * h;\n}');
    });

    it('finds the enclosing Python function with its decorator and without the blank lines after it', () => {
      const r = pick('@cache\ndef area(w, h):\n    if w < 0:\n        raise ValueError("w")\n    return w ‸* h\n\n\ndef other():\n    pass\n');
      assert.equal(r.code, '@cache\ndef area(w, h):\n    if w < 0:\n        raise ValueError("w")\n    return w * h');
    });

    it('prefers the method over the if-block it is in', () => {
      const r = pick('class A {\n  run() {\n    if (x) {\n      g‸o();\n    }\n  }\n}\n');
      assert.equal(r.code, '  run() {\n    if (x) {\n      go();\n    }\n  }');
    });

    it('takes the whole function when its parameters span several lines', () => {
      const r = pick('function make(\n  a: string,\n  b: number,\n): Thing {\n  return bu‸ild(a, b);\n}\n');
      assert.equal(r.code, 'function make(\n  a: string,\n  b: number,\n): Thing {\n  return build(a, b);\n}');
    });

    it('takes the test block a cursor is in, for callbacks passed to calls', () => {
      const r = pick("describe('x', () => {\n  it('adds', () => {\n    expect(ad‸d(1, 2)).toBe(3);\n  });\n});\n");
      assert.equal(r.code, "  it('adds', () => {\n    expect(add(1, 2)).toBe(3);\n  });");
    });

    it('takes the whole if/else when no definition encloses the cursor', () => {
      const r = pick('if (a) {\n  one();\n} else {\n  tw‸o();\n}\nrest();\n');
      assert.equal(r.code, 'if (a) {\n  one();\n} else {\n  two();\n}');
    });

    it('takes the construct a closing brace closes when the cursor is on it', () => {
      const r = pick('function f() {\n  a();\n}‸\n');
      assert.equal(r.code, 'function f() {\n  a();\n}');
    });

    it('falls back to the cursor\'s line for flat code', () => {
      const r = pick('a();\nb‸();\nc();\n');
      assert.equal(r.source, 'line');
      assert.equal(r.code, 'b();');
    });

    it('uses the next non-blank line when the cursor is on a blank line inside a function', () => {
      const r = pick('def f():\n    a = 1\n‸\n    return a\n');
      assert.equal(r.code, 'def f():\n    a = 1\n\n    return a');
    });

    it('handles CRLF documents without taking the carriage return into the range', () => {
      const r = pick('function f() {\r\n  a‸();\r\n}\r\nnext();\r\n');
      assert.equal(r.code, 'function f() {\r\n  a();\r\n}');
    });
  });

  describe('for a diagnostic', () => {
    it('rewrites the enclosing function when it is small', () => {
      const m = marked('function f() {\n  const x: number = «"a"»;\n}\n');
      const r = rangeForDiagnostic(m.text, { start: m.start, end: m.end });
      assert.equal(m.text.slice(r.range.start, r.range.end), 'function f() {\n  const x: number = "a";\n}');
    });

    it('uses a window of lines around the problem when the enclosing unit is too large', () => {
      const body = Array.from({ length: 300 }, (_, i) => `  line${i}();`);
      body[150] = '  «broken»();';
      const m = marked(`function big() {\n${body.join('\n')}\n}\n`);
      const r = rangeForDiagnostic(m.text, { start: m.start, end: m.end });
      const code = m.text.slice(r.range.start, r.range.end);
      assert.ok(code.includes('broken();'));
      assert.equal(code.split('\n').length, 17);
      assert.ok(code.startsWith('  line142();'));
    });
  });
});
