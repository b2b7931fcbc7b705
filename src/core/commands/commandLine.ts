// A parser for the POSIX/bash command lines the model asks to run, so approval rules judge what the shell will
// really do: quotes and escapes, `$(…)` and backticks (also inside double quotes and here-documents), `( … )`
// subshells and `{ …; }` groups, pipelines and chains, redirections, environment assignments. It never runs or
// expands anything: a word whose value depends on an expansion is marked dynamic, and syntax it does not follow
// (loops, functions, `case`) is reported as a problem so the line is asked about rather than guessed.

/** One shell word: its source text, and its value when no expansion can change it. */
export interface Word {
  /** The word as written. */
  raw: string;
  /** The value after quote removal, when the word holds no expansion (globs aside); undefined when dynamic. */
  value: string | undefined;
  /** Unquoted glob characters (`*`, `?`, `[`): the shell may expand the word to file names. */
  glob: boolean;
  /** Commands run to build the word (`$(…)`, backticks, `<(…)`), parsed. */
  substitutions: CommandList[];
}

export interface Redirection {
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `&>`, `&>>`, `>|`, `<>`. */
  op: string;
  /** The file descriptor written before the operator (`2>`), when one was. */
  fd?: number;
  /** The file (or here-document delimiter, or descriptor for `>&`). */
  target: Word;
  /** Commands a here-document's body runs (`$(…)` in an unquoted here-document). */
  bodySubstitutions?: CommandList[];
}

export interface SimpleCommand {
  type: 'simple';
  /** `NAME=value` words before the command name. */
  assignments: Word[];
  /** The command name and its arguments. */
  words: Word[];
  redirections: Redirection[];
}

export interface Subshell {
  type: 'subshell' | 'group';
  body: CommandList;
  redirections: Redirection[];
}

export type Command = SimpleCommand | Subshell;

/** Commands joined by `|` or `|&`. */
export interface Pipeline {
  stages: Command[];
}

/** Pipelines joined by `;`, `&`, `&&`, `||` or newlines. `operators[i]` follows `pipelines[i]`. */
export interface CommandList {
  pipelines: Pipeline[];
  operators: string[];
}

export interface ParsedCommandLine {
  list: CommandList;
  /** Why the line cannot be fully followed (unclosed quote, a loop, control characters); empty when it can. */
  problems: string[];
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', 'select', 'function', 'coproc', '[[', ']]', 'in']);
const OPERATOR_START = new Set([';', '&', '|', '<', '>', '(', ')', '\n']);
const BLANK = new Set([' ', '\t']);
/** How deeply subshells, substitutions and `${…}` may nest before the rest of the line is not followed (bash's own limit is the stack). */
export const MAX_NESTING = 100;

/** A word as a POSIX shell reads it back unchanged: plain, or single-quoted (which also stops history expansion). */
export function shellQuote(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Parses a command line as bash would read it; never throws (problems are reported instead). */
export function parseCommandLine(line: string): ParsedCommandLine {
  const parser = new Parser(line);
  const list = parser.list(undefined);
  if (parser.more()) parser.problem(`unexpected "${parser.peek()}"`);
  return { list, problems: [...new Set([...characterProblems(line), ...parser.problems])] };
}

/** Every simple command of a list, depth first: in subshells, groups, and substitutions inside words and redirections. */
export function allCommands(list: CommandList): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const visitWord = (word: Word) => word.substitutions.forEach(visitList);
  const visitRedirections = (redirections: Redirection[]) => {
    for (const r of redirections) {
      visitWord(r.target);
      r.bodySubstitutions?.forEach(visitList);
    }
  };
  function visitList(l: CommandList): void {
    for (const pipeline of l.pipelines) for (const stage of pipeline.stages) visitCommand(stage);
  }
  function visitCommand(command: Command): void {
    if (command.type === 'simple') {
      out.push(command);
      command.assignments.forEach(visitWord);
      command.words.forEach(visitWord);
    } else {
      visitList(command.body);
    }
    visitRedirections(command.redirections);
  }
  visitList(list);
  return out;
}

class Parser {
  pos = 0;
  readonly problems: string[] = [];
  private pendingHeredocs: Redirection[] = [];

  constructor(
    private readonly src: string,
    private depth = 0,
  ) {}

  /** Enters one level of nesting; false (with the rest of the line skipped) past MAX_NESTING, so a hostile line cannot exhaust the host's stack. */
  private enter(): boolean {
    if (this.depth < MAX_NESTING) {
      this.depth++;
      return true;
    }
    this.problem(`it nests more than ${MAX_NESTING} levels deep`);
    this.pos = this.src.length;
    return false;
  }

  more(): boolean {
    return this.pos < this.src.length;
  }

  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  problem(text: string): void {
    this.problems.push(text);
  }

  /** A list of pipelines up to `end` (`)` for subshells and `$(`, `}` for groups), or the end of the text. */
  list(end: ')' | '}' | undefined): CommandList {
    const list: CommandList = { pipelines: [], operators: [] };
    if (!this.enter()) return list;
    try {
      return this.listBody(end, list);
    } finally {
      this.depth--;
    }
  }

  private listBody(end: ')' | '}' | undefined, list: CommandList): CommandList {
    for (;;) {
      this.skipBlanks(true);
      if (!this.more()) {
        if (end) this.problem(`"${end === ')' ? '(' : '{'}" is never closed`);
        return list;
      }
      const c = this.peek();
      if (end === ')' && c === ')') return list;
      if (end === '}' && c === '}' && this.atWordEnd(1)) return list;
      if (c === ')') {
        this.problem('unexpected ")"');
        this.pos++;
        continue;
      }
      const stray = this.operatorAt();
      if (stray !== '' && stray !== '\n') {
        // A separator with no command before it: bash refuses it; keep reading to judge the rest.
        this.problem(`"${stray}" without a command before it`);
        this.pos += stray.length;
        continue;
      }
      list.pipelines.push(this.pipeline(end));
      this.skipBlanks(false);
      const op = this.operatorAt();
      if (op === ';' || op === '&' || op === '&&' || op === '||' || op === '\n') {
        this.pos += op.length;
        if (op === '\n') this.readHeredocBodies();
        list.operators.push(op);
        if (op === '&&' || op === '||') this.skipBlanks(true);
      } else if (op === ';;' || op === ';&' || op === ';;&') {
        this.problem(`"${op}" (case syntax) is not followed`);
        this.pos += op.length;
        list.operators.push(';');
      } else {
        if (end && !this.more()) this.problem(`"${end === ')' ? '(' : '{'}" is never closed`);
        return list;
      }
    }
  }

  private pipeline(end: ')' | '}' | undefined): Pipeline {
    const stages: Command[] = [];
    if (this.peek() === '!' && this.atWordEnd(1)) {
      this.pos++;
      this.skipBlanks(false);
    }
    for (;;) {
      stages.push(this.command(end));
      this.skipBlanks(false);
      const op = this.operatorAt();
      if (op !== '|' && op !== '|&') return { stages };
      this.pos += op.length;
      this.skipBlanks(true);
    }
  }

  private command(end: ')' | '}' | undefined): Command {
    this.skipBlanks(false);
    if (this.peek() === '(') {
      this.pos++;
      const body = this.list(')');
      if (this.peek() === ')') this.pos++;
      return { type: 'subshell', body, redirections: this.trailingRedirections() };
    }
    if (this.peek() === '{' && this.atWordEnd(1)) {
      this.pos++;
      const body = this.list('}');
      if (this.peek() === '}') this.pos++;
      return { type: 'group', body, redirections: this.trailingRedirections() };
    }
    const command: SimpleCommand = { type: 'simple', assignments: [], words: [], redirections: [] };
    for (;;) {
      this.skipBlanks(false);
      if (!this.more()) break;
      const c = this.peek();
      if (end === '}' && c === '}' && command.words.length === 0 && this.atWordEnd(1)) break;
      const redirection = this.redirection();
      if (redirection) {
        command.redirections.push(redirection);
        continue;
      }
      if (c === '(' && command.words.length > 0) {
        this.problem('a function definition or misplaced "(" is not followed');
        this.pos++;
        const body = this.list(')');
        if (this.peek() === ')') this.pos++;
        command.words.push({ raw: '(…)', value: undefined, glob: false, substitutions: [body] });
        continue;
      }
      if (OPERATOR_START.has(c) && !((c === '<' || c === '>') && this.peek(1) === '(')) break;
      const word = this.word();
      if (command.words.length === 0 && isAssignment(word)) {
        command.assignments.push(word);
        continue;
      }
      if (command.words.length === 0 && word.value !== undefined && RESERVED.has(word.value) && word.raw === word.value) {
        this.problem(`shell syntax "${word.value}" (loops, conditions, functions) is not followed`);
      }
      if (command.words.length === 0 && word.raw.startsWith('((')) this.problem('arithmetic commands are not followed');
      command.words.push(word);
    }
    return command;
  }

  private trailingRedirections(): Redirection[] {
    const out: Redirection[] = [];
    for (;;) {
      this.skipBlanks(false);
      const r = this.redirection();
      if (!r) return out;
      out.push(r);
    }
  }

  /** A redirection at the cursor (`2>`, `>>`, `<<EOF`, `&>`…), or undefined without moving. */
  private redirection(): Redirection | undefined {
    const start = this.pos;
    let fd: number | undefined;
    const digits = this.match(/\d+/y);
    if (digits && (this.src[this.pos + digits.length] === '<' || this.src[this.pos + digits.length] === '>')) {
      fd = Number(digits);
      this.pos += digits.length;
    } else if (this.peek() === '{') {
      const named = this.match(/\{[A-Za-z_][A-Za-z0-9_]*\}(?=[<>])/y);
      if (named) this.pos += named.length;
    }
    const rest = this.src.slice(this.pos, this.pos + 3);
    const op = ['&>>', '<<<', '<<-', '&>', '>>', '>|', '<>', '<<', '>&', '<&', '<', '>'].find((o) => rest.startsWith(o));
    // `<(` and `>(` start a process substitution, which is a word.
    if (!op || ((op === '<' || op === '>') && rest[1] === '(')) {
      this.pos = start;
      return undefined;
    }
    this.pos += op.length;
    this.skipBlanks(false);
    if (!this.more() || OPERATOR_START.has(this.peek())) {
      this.problem(`"${op}" without a file`);
      return { op, ...(fd !== undefined ? { fd } : {}), target: { raw: '', value: undefined, glob: false, substitutions: [] } };
    }
    const target = this.word();
    const redirection: Redirection = { op, ...(fd !== undefined ? { fd } : {}), target };
    if (op === '<<' || op === '<<-') this.pendingHeredocs.push(redirection);
    return redirection;
  }

  /** Reads the bodies of here-documents whose command line just ended. */
  private readHeredocBodies(): void {
    const pending = this.pendingHeredocs;
    this.pendingHeredocs = [];
    for (const r of pending) {
      const quoted = /['"\\]/.test(r.target.raw);
      const delimiter = r.target.value ?? r.target.raw.replace(/['"\\]/g, '');
      const body: string[] = [];
      let closed = false;
      while (this.more()) {
        const nl = this.src.indexOf('\n', this.pos);
        const lineEnd = nl < 0 ? this.src.length : nl;
        const line = this.src.slice(this.pos, lineEnd);
        this.pos = nl < 0 ? this.src.length : nl + 1;
        if ((r.op === '<<-' ? line.replace(/^\t+/, '') : line) === delimiter) {
          closed = true;
          break;
        }
        body.push(line);
      }
      if (!closed) this.problem(`the here-document "${delimiter}" is never closed`);
      // An unquoted delimiter lets the body expand `$(…)` and backticks like a double-quoted string.
      if (!quoted) {
        const inner = new Parser(body.join('\n'), this.depth + 1);
        const substitutions: CommandList[] = [];
        inner.doubleQuotedContent(substitutions, undefined);
        this.problems.push(...inner.problems);
        if (substitutions.length) r.bodySubstitutions = substitutions;
      }
    }
  }

  private word(): Word {
    const start = this.pos;
    let value = '';
    let dynamic = false;
    let glob = false;
    const substitutions: CommandList[] = [];
    while (this.more()) {
      const c = this.peek();
      if (BLANK.has(c) || c === '\n' || c === ';' || c === '&' || c === '|' || c === ')' || c === '(') break;
      if ((c === '<' || c === '>') && this.peek(1) === '(') {
        this.pos += 2;
        substitutions.push(this.substitution());
        dynamic = true;
        continue;
      }
      if (c === '<' || c === '>') break;
      if (c === '\\') {
        if (this.peek(1) === '\n') {
          this.pos += 2;
          continue;
        }
        value += this.peek(1);
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        const close = this.src.indexOf("'", this.pos + 1);
        if (close < 0) {
          this.problem('a single quote is never closed');
          value += this.src.slice(this.pos + 1);
          this.pos = this.src.length;
          break;
        }
        value += this.src.slice(this.pos + 1, close);
        this.pos = close + 1;
        continue;
      }
      if (c === '"') {
        this.pos++;
        const inner = this.doubleQuotedContent(substitutions, '"');
        if (inner.value === undefined) dynamic = true;
        else value += inner.value;
        continue;
      }
      const expanded = this.expansion(substitutions, false);
      if (expanded !== null) {
        if (expanded === undefined) dynamic = true;
        else value += expanded;
        continue;
      }
      if (c === '~' && this.pos === start) dynamic = true;
      if (c === '*' || c === '?' || c === '[') glob = true;
      if (c === '{' && this.match(/\{[^\s{}]*(,|\.\.)[^\s{}]*\}/y) !== undefined) dynamic = true;
      value += c;
      this.pos++;
    }
    return { raw: this.src.slice(start, this.pos), value: dynamic ? undefined : value, glob, substitutions };
  }

  /**
   * The inside of a double-quoted string (or an unquoted here-document body when `close` is undefined): `\` escapes
   * only `$`, backtick, `"`, `\` and newline; `$…` and backticks expand.
   */
  doubleQuotedContent(substitutions: CommandList[], close: '"' | undefined): { value: string | undefined } {
    let value = '';
    let dynamic = false;
    for (;;) {
      if (!this.more()) {
        if (close) this.problem('a double quote is never closed');
        break;
      }
      const c = this.peek();
      if (close && c === close) {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const next = this.peek(1);
        if (next === '\n') this.pos += 2;
        else if ('$`"\\'.includes(next) && next !== '') {
          value += next;
          this.pos += 2;
        } else {
          value += c;
          this.pos++;
        }
        continue;
      }
      const expanded = this.expansion(substitutions, true);
      if (expanded !== null) {
        if (expanded === undefined) dynamic = true;
        else value += expanded;
        continue;
      }
      value += c;
      this.pos++;
    }
    return { value: dynamic ? undefined : value };
  }

  /** A `$…` or backtick expansion at the cursor: its literal value, undefined when dynamic, null when there is none. */
  private expansion(substitutions: CommandList[], quoted: boolean): string | undefined | null {
    const c = this.peek();
    if (c === '$') return this.dollar(substitutions, quoted);
    if (c !== '`') return null;
    this.pos++;
    substitutions.push(this.backtick());
    return undefined;
  }

  /** An expansion starting with `$` at the cursor: its literal value (`$'…'`, a lone `$`), or undefined when dynamic. */
  private dollar(substitutions: CommandList[], quoted = false): string | undefined {
    const next = this.peek(1);
    if (next === '(') {
      this.pos += 2;
      substitutions.push(this.substitution());
      return undefined;
    }
    if (next === '{') {
      this.pos += 2;
      if (this.enter()) {
        this.braceExpansion(substitutions, quoted);
        this.depth--;
      }
      return undefined;
    }
    if (!quoted && next === "'") {
      this.pos += 2;
      return this.ansiC();
    }
    if (!quoted && next === '"') {
      this.pos += 2;
      return this.doubleQuotedContent(substitutions, '"').value;
    }
    const name = this.match(/(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/y, this.pos + 1);
    if (name) {
      this.pos += 1 + name.length;
      return undefined;
    }
    this.pos++;
    return '$';
  }

  /**
   * `${…}`: skipped to its closing brace, with any `$(…)` inside parsed. Inside double quotes a single-quoted part
   * still expands (`"${x:-'$(id)'}"` runs `id`), so a substitution there is reported rather than skipped.
   */
  private braceExpansion(substitutions: CommandList[], quoted: boolean): void {
    let depth = 1;
    while (this.more()) {
      const c = this.peek();
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        const close = this.src.indexOf("'", this.pos + 1);
        const inner = this.src.slice(this.pos + 1, close < 0 ? this.src.length : close);
        if (quoted && /\$[({]|`/.test(inner)) this.problem('a substitution inside single quotes within a double-quoted "${…}" (the shell runs it) is not followed');
        this.pos = close < 0 ? this.src.length : close + 1;
        continue;
      }
      if (c === '"') {
        this.pos++;
        this.doubleQuotedContent(substitutions, '"');
        continue;
      }
      if (c === '$' && (this.peek(1) === '(' || this.peek(1) === '{')) {
        this.dollar(substitutions, true);
        continue;
      }
      if (c === '`') {
        this.pos++;
        substitutions.push(this.backtick());
        continue;
      }
      this.pos++;
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) return;
    }
    this.problem('"${" is never closed');
  }

  /** `$(…)`, `<(…)`, `>(…)` after the opening: the commands inside, up to the matching `)`. */
  private substitution(): CommandList {
    const body = this.list(')');
    if (this.peek() === ')') this.pos++;
    return body;
  }

  /** A backtick substitution after the opening backtick: its text unescaped, then parsed on its own. */
  private backtick(): CommandList {
    let text = '';
    let closed = false;
    while (this.more()) {
      const c = this.peek();
      if (c === '\\' && '$`\\'.includes(this.peek(1)) && this.peek(1) !== '') {
        text += this.peek(1);
        this.pos += 2;
        continue;
      }
      this.pos++;
      if (c === '`') {
        closed = true;
        break;
      }
      text += c;
    }
    if (!closed) this.problem('a backtick is never closed');
    const inner = new Parser(text, this.depth + 1);
    const list = inner.list(undefined);
    this.problems.push(...inner.problems);
    return list;
  }

  /** `$'…'` after the opening: the string with its C escapes decoded. */
  private ansiC(): string {
    let value = '';
    while (this.more()) {
      const c = this.peek();
      this.pos++;
      if (c === "'") return value;
      if (c !== '\\') {
        value += c;
        continue;
      }
      const e = this.peek();
      this.pos++;
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
      if (e in simple) value += simple[e];
      else if (e === 'x' || e === 'u' || e === 'U') {
        const max = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = this.match(new RegExp(`[0-9a-fA-F]{1,${max}}`, 'y')) ?? '';
        this.pos += hex.length;
        value += hex ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)) : `\\${e}`;
      } else if (/[0-7]/.test(e)) {
        const octal = e + (this.match(/[0-7]{0,2}/y) ?? '');
        this.pos += octal.length - 1;
        value += String.fromCharCode(parseInt(octal, 8) & 0xff);
      } else if (e === 'c') {
        value += String.fromCharCode(this.peek().charCodeAt(0) & 0x1f);
        this.pos++;
      } else value += `\\${e}`;
    }
    this.problem("a $'…' string is never closed");
    return value;
  }

  /** What a sticky pattern matches at `at` (the cursor by default), without copying the rest of the text. */
  private match(pattern: RegExp, at = this.pos): string | undefined {
    pattern.lastIndex = at;
    return pattern.exec(this.src)?.[0];
  }

  /** Skips blanks, line continuations and comments; newlines too when `newlines`. */
  skipBlanks(newlines: boolean): void {
    while (this.more()) {
      const c = this.peek();
      if (BLANK.has(c)) this.pos++;
      else if (c === '\\' && this.peek(1) === '\n') this.pos += 2;
      else if (c === '#') {
        const nl = this.src.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.src.length : nl;
      } else if (newlines && c === '\n') {
        this.pos++;
        this.readHeredocBodies();
      } else return;
    }
  }

  /** The control operator at the cursor, or ''. */
  private operatorAt(): string {
    const rest = this.src.slice(this.pos, this.pos + 3);
    for (const op of [';;&', ';;', ';&', '&&', '||', '|&', ';', '&', '|', '\n']) {
      if (!rest.startsWith(op)) continue;
      // `&>` is a redirection, not a background operator.
      if (op === '&' && rest[1] === '>') return '';
      return op;
    }
    return '';
  }

  /** Whether the word at the cursor ends after `length` characters (a blank, an operator, the end). */
  private atWordEnd(length: number): boolean {
    const after = this.src[this.pos + length];
    return after === undefined || BLANK.has(after) || after === '\n' || after === ';' || after === '&' || after === '|' || after === ')';
  }
}

function isAssignment(word: Word): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(word.raw);
}

/** Characters that change how a line looks without changing what runs, or that the shell treats specially. */
function characterProblems(line: string): string[] {
  const problems: string[] = [];
  if (line.includes('\0')) problems.push('contains a NUL character');
  const control = /[\x01-\x08\x0b-\x1f\x7f]/.exec(line);
  if (control) problems.push(`contains the control character U+${hex(control[0])} (it can hide text on a terminal)`);
  const invisible = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c\u180e]/u.exec(line);
  if (invisible) problems.push(`contains the invisible character U+${hex(invisible[0])} (it can make the line read differently from what runs)`);
  return problems;
}

function hex(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
