// The declarations of a source file by line: what each is called, where it starts (doc comment and
// decorators included) and ends, and the members of classes. A line scanner, not a parser: it follows
// strings, comments, template literals and brackets well enough to place a code block by the names it
// redefines, and reports what it could not classify (`stray`) so the caller can refuse rather than guess.
import { indentWidth } from './indentBlock';
import { isBlank, leadingWhitespace } from './text';

export type DeclarationKind =
  | 'function'
  | 'class'
  | 'interface'
  | 'type'
  | 'enum'
  | 'variable'
  | 'namespace'
  | 'import'
  | 'method'
  | 'property'
  | 'constructor';

/** One declaration; lines are 0-based and inclusive. */
export interface Declaration {
  kind: DeclarationKind;
  /** The declared name (for an import, the module it imports from). */
  name: string;
  /** First line, with the doc comment and decorators directly above the header. */
  start: number;
  /** The line that names the declaration. */
  header: number;
  end: number;
  indent: string;
  isStatic?: boolean;
  /** Members of a class or interface, in order. */
  members?: Declaration[];
  /** Lines of a class body that are neither members, comments nor "existing code" markers. */
  strayMembers?: number[];
  /** Whether the class body holds an "existing code" marker (the block shows only part of the class). */
  partial?: boolean;
}

export interface Outline {
  declarations: Declaration[];
  /** Non-blank top-level lines outside every declaration that are not comments or markers. */
  stray: number[];
}

/** Which scanner reads a language. */
export type LanguageFamily = 'brace' | 'python';

const FAMILIES: Record<string, LanguageFamily> = {
  ts: 'brace', tsx: 'brace', mts: 'brace', cts: 'brace', typescript: 'brace', typescriptreact: 'brace',
  js: 'brace', jsx: 'brace', mjs: 'brace', cjs: 'brace', javascript: 'brace', javascriptreact: 'brace',
  py: 'python', pyi: 'python', python: 'python',
};

/** The family of a fence language, VS Code language id or file extension; undefined when unsupported. */
export function languageFamily(languageOrPath: string | undefined): LanguageFamily | undefined {
  if (!languageOrPath) return undefined;
  const word = languageOrPath.toLowerCase();
  return FAMILIES[word] ?? FAMILIES[word.slice(word.lastIndexOf('.') + 1)];
}

/** A comment standing for code the block leaves out: `// ...`, `# ... existing code ...`, `/* ... *\/`. */
export function isMarker(line: string): boolean {
  return /^\s*(?:\/\/|#|\/\*|<!--)\s*(?:\.\.\.|…|\[\.\.\.\]|(?:\.\.\.\s*)?(?:existing|rest of|unchanged|other|remaining)\b)/i.test(line);
}

/** Lists the declarations of `lines` (and the members of their classes). */
export function outline(lines: readonly string[], family: LanguageFamily): Outline {
  return family === 'python' ? new PythonOutline(lines).read() : new BraceOutline(lines).read();
}

// ---------------------------------------------------------------------------------------------------
// Brace languages (TypeScript, JavaScript)

interface BraceLines {
  /** Bracket depth at the start of each line; one entry more than there are lines. */
  depth: number[];
  /** Whether the line starts in code (not inside a block comment or a template literal). */
  code: boolean[];
  /** The line's last code character ('' when it has none). */
  last: string[];
  /** Whether the line has an opening brace in code. */
  curly: boolean[];
}

const REGEX_BEFORE = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_AFTER_WORDS = /(?:^|[^\w$])(?:return|typeof|case|in|of|delete|void|throw|new|yield|await)$/;

/** Follows strings, comments, template literals and regexes to count brackets per line. */
function scanBrace(lines: readonly string[]): BraceLines {
  const depth = [0];
  const code: boolean[] = [];
  const last: string[] = [];
  const curly: boolean[] = [];
  // Mode stack: 'c' code (the number of open braces of a `${` is kept beside it), 't' template, 'b' block comment.
  const stack: Array<{ mode: 'c' | 't' | 'b'; braces: number }> = [{ mode: 'c', braces: 0 }];
  let d = 0;
  for (const line of lines) {
    code.push(stack[stack.length - 1].mode === 'c');
    let lastChar = '';
    let hasCurly = false;
    for (let i = 0; i < line.length; i++) {
      const top = stack[stack.length - 1];
      const ch = line[i];
      if (top.mode === 'b') {
        if (ch === '*' && line[i + 1] === '/') {
          stack.pop();
          i++;
        }
        continue;
      }
      if (top.mode === 't') {
        if (ch === '\\') i++;
        else if (ch === '`') stack.pop();
        else if (ch === '$' && line[i + 1] === '{') {
          stack.push({ mode: 'c', braces: 0 });
          i++;
        }
        continue;
      }
      if (ch === '/' && line[i + 1] === '/') break;
      if (ch === '/' && line[i + 1] === '*') {
        stack.push({ mode: 'b', braces: 0 });
        i++;
        continue;
      }
      if (ch === '"' || ch === "'") {
        i = skipQuoted(line, i, ch);
        lastChar = ch;
        continue;
      }
      if (ch === '`') {
        stack.push({ mode: 't', braces: 0 });
        lastChar = '`';
        continue;
      }
      if (ch === '/' && (REGEX_BEFORE.has(lastChar) || REGEX_AFTER_WORDS.test(line.slice(0, i).trimEnd()))) {
        i = skipRegex(line, i);
        lastChar = '/';
        continue;
      }
      if (ch === '{' || ch === '(' || ch === '[') {
        if (ch === '{') {
          hasCurly = true;
          if (stack.length > 1) top.braces++;
        }
        d++;
      } else if (ch === '}' || ch === ')' || ch === ']') {
        if (ch === '}' && stack.length > 1 && top.braces === 0) {
          // The end of a `${...}` inside a template literal.
          stack.pop();
          continue;
        }
        if (ch === '}' && stack.length > 1) top.braces--;
        d = Math.max(0, d - 1);
      }
      if (ch !== ' ' && ch !== '\t') lastChar = ch;
    }
    last.push(lastChar);
    curly.push(hasCurly);
    depth.push(d);
  }
  return { depth, code, last, curly };
}

function skipQuoted(line: string, start: number, quote: string): number {
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === quote) return i;
  }
  return line.length;
}

function skipRegex(line: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) return i;
  }
  // No closing slash on the line: it was a division after all.
  return start;
}

const EXPORT = String.raw`(?:export\s+)?(?:default\s+)?(?:declare\s+)?`;
const BRACE_HEADERS: Array<[DeclarationKind, RegExp]> = [
  ['function', new RegExp(String.raw`^${EXPORT}(?:async\s+)?function\s*\*?\s*([\w$]+)`)],
  ['class', new RegExp(String.raw`^${EXPORT}(?:abstract\s+)?class\s+([\w$]+)`)],
  ['interface', new RegExp(String.raw`^${EXPORT}interface\s+([\w$]+)`)],
  ['type', new RegExp(String.raw`^${EXPORT}type\s+([\w$]+)\s*(?:<|=)`)],
  ['enum', new RegExp(String.raw`^${EXPORT}(?:const\s+)?enum\s+([\w$]+)`)],
  ['namespace', new RegExp(String.raw`^${EXPORT}(?:namespace|module)\s+([\w$.]+)`)],
  ['variable', new RegExp(String.raw`^${EXPORT}(?:const|let|var)\s+([\w$]+)`)],
  ['import', /^import\s+(?!\()/],
  ['import', /^export\s+(?:type\s+)?(?:\*|\{)[^;]*?\bfrom\b/],
];
const MEMBER_MODIFIERS = String.raw`(?:(?:public|private|protected|static|readonly|async|override|abstract|declare|accessor)\s+)*`;
const METHOD = new RegExp(String.raw`^(${MEMBER_MODIFIERS})(?:(get|set)\s+(?=[\w$#\[]))?\*?\s*(#?[\w$]+|\[[^\]]+\])\s*[?!]?\s*(?:<[^(]*>)?\s*\(`);
const PROPERTY = new RegExp(String.raw`^(${MEMBER_MODIFIERS})(#?[\w$]+|\[[^\]]+\])\s*[?!]?\s*(?:[:=;]|$)`);
const CONTROL = /^(?:if|for|while|switch|catch|with|return|function|else|do|try|new|await|yield|typeof|delete|throw)$/;
const BLOCK_KINDS = new Set<DeclarationKind>(['function', 'class', 'interface', 'enum', 'namespace', 'method', 'constructor']);
const CONTINUES = /^(?:[.?:+\-*/%&|^=,)\]}>]|as\s|satisfies\s)/;
const OPEN_ENDINGS = new Set(['=', ',', '+', '-', '*', '/', '%', '&', '|', '^', '?', ':', '(', '[', '{', '<', '>']);

class BraceOutline {
  private readonly scan: BraceLines;

  constructor(private readonly lines: readonly string[]) {
    this.scan = scanBrace(lines);
  }

  read(): Outline {
    const { declarations, stray } = this.level(0, this.lines.length - 1, 0, false);
    return { declarations: groupOverloads(declarations), stray };
  }

  /** Declarations among lines `from`..`to` whose depth is `depth` (members when `members`). */
  private level(from: number, to: number, depth: number, members: boolean): { declarations: Declaration[]; stray: number[]; partial: boolean } {
    const declarations: Declaration[] = [];
    const stray: number[] = [];
    let partial = false;
    for (let i = from; i <= to; i++) {
      const line = this.lines[i];
      if (isBlank(line)) continue;
      if (!this.scan.code[i] || this.scan.depth[i] !== depth) {
        if (this.scan.depth[i] < depth) stray.push(i);
        continue;
      }
      if (isMarker(line)) {
        partial = true;
        continue;
      }
      const text = line.trim();
      if (isCommentLine(text) || text.startsWith('@')) continue;
      const found = members ? memberHeader(text) : topHeader(text);
      if (!found) {
        stray.push(i);
        continue;
      }
      const end = this.end(i, depth, found.kind);
      const declaration: Declaration = { ...found, start: this.leadingStart(i, from), header: i, end, indent: leadingWhitespace(line) };
      if (found.kind === 'import') declaration.name = moduleOf(this.lines.slice(i, end + 1).join('\n')) ?? text;
      if (found.kind === 'class' || found.kind === 'interface') this.readMembers(declaration, depth);
      declarations.push(declaration);
      i = end;
    }
    return { declarations, stray, partial };
  }

  private readMembers(declaration: Declaration, depth: number): void {
    let open = declaration.header;
    while (open < declaration.end && !this.scan.curly[open]) open++;
    if (open >= declaration.end) return;
    const inner = this.level(open + 1, declaration.end - 1, depth + 1, true);
    declaration.members = groupOverloads(inner.declarations);
    declaration.strayMembers = inner.stray;
    declaration.partial = inner.partial;
  }

  /** The last line of the declaration whose header is line `header` at bracket depth `depth`. */
  private end(header: number, depth: number, kind: DeclarationKind): number {
    const { depth: at, last, curly } = this.scan;
    const block = BLOCK_KINDS.has(kind);
    let sawCurly = false;
    for (let i = header; i < this.lines.length; i++) {
      sawCurly ||= curly[i];
      if (at[i + 1] > depth) continue;
      if (block) {
        if (sawCurly || last[i] === ';') return i;
        continue;
      }
      if (last[i] === ';') return i;
      if (OPEN_ENDINGS.has(last[i]) || this.lines[i].trimEnd().endsWith('=>')) continue;
      const next = this.nextCodeLine(i + 1);
      if (next === undefined || !CONTINUES.test(this.lines[next].trim())) return i;
    }
    return this.lines.length - 1;
  }

  private nextCodeLine(from: number): number | undefined {
    for (let i = from; i < this.lines.length; i++) {
      const text = this.lines[i].trim();
      if (text !== '' && this.scan.code[i] && !isCommentLine(text)) return i;
    }
    return undefined;
  }

  /** The header's line, or the first line of the doc comment and decorators right above it. */
  private leadingStart(header: number, floor: number): number {
    let start = header;
    for (let i = header - 1; i >= floor; i--) {
      const text = this.lines[i].trim();
      if (text === '' || isMarker(this.lines[i])) break;
      if (isCommentLine(text) || text.startsWith('@') || !this.scan.code[i]) start = i;
      else break;
    }
    return start;
  }
}

function topHeader(text: string): { kind: DeclarationKind; name: string } | undefined {
  for (const [kind, pattern] of BRACE_HEADERS) {
    const match = pattern.exec(text);
    if (match) return { kind, name: match[1] ?? '' };
  }
  if (/^export\s+default\b/.test(text)) return { kind: 'variable', name: 'default' };
  // A method written on its own (a block showing one method of a class), placed among the file's members.
  const method = /\{\s*$/.test(text) ? METHOD.exec(text) : null;
  if (method && !CONTROL.test(method[3])) return memberOf(method, 'method');
  return undefined;
}

function memberHeader(text: string): { kind: DeclarationKind; name: string; isStatic?: boolean } | undefined {
  if (/^constructor\s*\(/.test(text)) return { kind: 'constructor', name: 'constructor' };
  if (/^static\s*\{/.test(text)) return { kind: 'method', name: 'static {}' };
  const method = METHOD.exec(text);
  if (method && !CONTROL.test(method[3])) return memberOf(method, 'method');
  const property = PROPERTY.exec(text);
  if (property) return { kind: 'property', name: property[2], ...(/\bstatic\s/.test(property[1]) ? { isStatic: true } : {}) };
  return undefined;
}

function memberOf(match: RegExpExecArray, kind: DeclarationKind): { kind: DeclarationKind; name: string; isStatic?: boolean } {
  const accessor = match[2] ? `${match[2]} ` : '';
  return { kind, name: `${accessor}${match[3]}`, ...(/\bstatic\s/.test(match[1]) ? { isStatic: true } : {}) };
}

function isCommentLine(text: string): boolean {
  return text.startsWith('//') || text.startsWith('/*') || text.startsWith('*');
}

function moduleOf(importText: string): string | undefined {
  return /\bfrom\s*['"]([^'"]+)['"]/.exec(importText)?.[1] ?? /^import\s*['"]([^'"]+)['"]/.exec(importText.trim())?.[1];
}

/** TypeScript overloads (and a getter beside its setter stay apart): same-named functions in a row are one. */
function groupOverloads(declarations: Declaration[]): Declaration[] {
  const out: Declaration[] = [];
  for (const declaration of declarations) {
    const previous = out[out.length - 1];
    const overload = previous && previous.name === declaration.name && previous.kind === declaration.kind && (declaration.kind === 'function' || declaration.kind === 'method');
    if (overload && previous.isStatic === declaration.isStatic) previous.end = declaration.end;
    else out.push({ ...declaration });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Python

interface PythonLines {
  /** The line starts inside a triple-quoted string, open brackets or after a backslash. */
  continued: boolean[];
}

function scanPython(lines: readonly string[]): PythonLines {
  const continued: boolean[] = [];
  let triple: string | undefined;
  let brackets = 0;
  let backslash = false;
  for (const line of lines) {
    continued.push(triple !== undefined || brackets > 0 || backslash);
    backslash = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (triple) {
        if (ch === '\\') i++;
        else if (line.startsWith(triple, i)) {
          i += 2;
          triple = undefined;
        }
        continue;
      }
      if (ch === '#') break;
      if ((ch === '"' || ch === "'") && line.startsWith(ch.repeat(3), i)) {
        triple = ch.repeat(3);
        i += 2;
      } else if (ch === '"' || ch === "'") {
        i = skipQuoted(line, i, ch);
      } else if ('([{'.includes(ch)) brackets++;
      else if (')]}'.includes(ch)) brackets = Math.max(0, brackets - 1);
      else if (ch === '\\' && i === line.length - 1) backslash = true;
    }
  }
  return { continued };
}

const PY_HEADERS: Array<[DeclarationKind, RegExp]> = [
  ['function', /^(?:async\s+)?def\s+(\w+)/],
  ['class', /^class\s+(\w+)/],
  ['import', /^(?:import|from)\s+([\w.]+)/],
  ['variable', /^(\w+)\s*(?::[^=]*)?=(?!=)/],
];

class PythonOutline {
  private readonly scan: PythonLines;

  constructor(private readonly lines: readonly string[]) {
    this.scan = scanPython(lines);
  }

  read(): Outline {
    const { declarations, stray } = this.level(0, this.lines.length - 1, 0, false);
    return { declarations, stray };
  }

  private starts(i: number): boolean {
    return !this.scan.continued[i] && !isBlank(this.lines[i]);
  }

  private level(from: number, to: number, indent: number, members: boolean): { declarations: Declaration[]; stray: number[]; partial: boolean } {
    const declarations: Declaration[] = [];
    const stray: number[] = [];
    let partial = false;
    for (let i = from; i <= to; i++) {
      if (!this.starts(i)) continue;
      const line = this.lines[i];
      const width = indentWidth(line);
      if (width !== indent) {
        if (width < indent) stray.push(i);
        continue;
      }
      if (isMarker(line)) {
        partial = true;
        continue;
      }
      const text = line.trim();
      if (text.startsWith('#') || text.startsWith('@')) continue;
      const found = pyHeader(text);
      if (!found) {
        stray.push(i);
        continue;
      }
      const kind: DeclarationKind = members ? (found.kind === 'function' ? 'method' : found.kind === 'variable' ? 'property' : found.kind) : found.kind;
      const end = kind === 'variable' || kind === 'property' || kind === 'import' ? this.statementEnd(i) : this.blockEnd(i, width, to);
      const declaration: Declaration = { kind, name: found.name, start: this.leadingStart(i, from), header: i, end, indent: leadingWhitespace(line) };
      if (kind === 'class') this.readMembers(declaration);
      declarations.push(declaration);
      i = end;
    }
    return { declarations, stray, partial };
  }

  private readMembers(declaration: Declaration): void {
    let body = declaration.header + 1;
    while (body <= declaration.end && (!this.starts(body) || this.lines[body].trim().startsWith('#'))) body++;
    if (body > declaration.end) return;
    const inner = this.level(body, declaration.end, indentWidth(this.lines[body]), true);
    declaration.members = inner.declarations;
    declaration.strayMembers = inner.stray.filter((line) => line > declaration.header);
    declaration.partial = inner.partial;
  }

  private statementEnd(header: number): number {
    let end = header;
    while (end + 1 < this.lines.length && this.scan.continued[end + 1]) end++;
    return end;
  }

  /** The last non-blank line before the next line that starts at `indent` or less. */
  private blockEnd(header: number, indent: number, to: number): number {
    let end = header;
    for (let i = header + 1; i <= Math.max(to, header); i++) {
      if (i >= this.lines.length) break;
      if (isBlank(this.lines[i])) continue;
      if (this.starts(i) && indentWidth(this.lines[i]) <= indent) break;
      end = i;
    }
    return end;
  }

  private leadingStart(header: number, floor: number): number {
    let start = header;
    for (let i = header - 1; i >= floor; i--) {
      const text = this.lines[i].trim();
      if (text === '' || isMarker(this.lines[i])) break;
      // A decorator may span lines: step back to where its statement starts.
      let first = i;
      while (first > floor && this.scan.continued[first]) first--;
      const head = this.lines[first].trim();
      if (first === i && text.startsWith('#')) start = i;
      else if (head.startsWith('@')) start = i = first;
      else break;
    }
    return start;
  }
}

function pyHeader(text: string): { kind: DeclarationKind; name: string } | undefined {
  for (const [kind, pattern] of PY_HEADERS) {
    const match = pattern.exec(text);
    if (match) return { kind, name: match[1] };
  }
  return undefined;
}
