// Globs (`**`, `*`, `?`, `{a,b}`, `[abc]`, `[!abc]`) matched against `/`-separated relative paths in time
// proportional to path length × glob length, whatever the glob: a glob is compiled to a small automaton and
// every way through it is followed at once, so `*a*a*a*a*a*a*a*a*a*a*b` can never backtrack (a RegExp would).

/** A compiled glob. `test` has the shape of RegExp's so callers read the same. */
export interface GlobMatcher {
  readonly glob: string;
  test(path: string): boolean;
}

/** Longest glob accepted: the automaton has one state per character, and a path is matched against all of them. */
export const MAX_GLOB_CHARS = 1000;

type State =
  | { op: 'char'; ch: string; next: number }
  | { op: 'any'; slash: boolean; next: number }
  | { op: 'class'; negated: boolean; ranges: Array<[string, string]>; next: number }
  | { op: 'split'; next: number; alt: number }
  | { op: 'match' };

type Node =
  | { kind: 'char'; ch: string }
  | { kind: 'one' } // `?`
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> }
  | { kind: 'star' } // `*`: any run of characters inside one name
  | { kind: 'globstar' } // `**` not followed by `/`: anything, across folders
  | { kind: 'folders' } // `**/` (and the implicit prefix of a glob without `/`): zero or more whole folders
  | { kind: 'group'; alternatives: Node[][] };

/**
 * Compiles a glob. A glob without `/` matches a name at any depth (`*.ts` finds `src/a.ts`), as people expect;
 * one with `/` matches from the root. `*` and `?` never cross `/`; `**` does. Throws on a glob over MAX_GLOB_CHARS.
 */
export function compileGlob(glob: string): GlobMatcher {
  if (glob.length > MAX_GLOB_CHARS) throw new Error(`The glob is ${glob.length} characters long; at most ${MAX_GLOB_CHARS} are accepted.`);
  const parser = new GlobParser(glob);
  const body = parser.sequence(false);
  const nodes: Node[] = glob.includes('/') ? body : [{ kind: 'folders' }, ...body];
  const states: State[] = [{ op: 'match' }];
  const start = emitSequence(states, nodes, 0);
  return { glob, test: (path: string) => run(states, start, path) };
}

class GlobParser {
  private i = 0;

  constructor(private readonly glob: string) {}

  /** Nodes up to the end, or (inside a group) up to the `,` or `}` that ends this alternative. */
  sequence(inGroup: boolean): Node[] {
    const nodes: Node[] = [];
    const g = this.glob;
    while (this.i < g.length) {
      const c = g[this.i];
      if (inGroup && (c === ',' || c === '}')) break;
      if (c === '*') {
        let stars = 0;
        while (g[this.i] === '*') {
          stars++;
          this.i++;
        }
        if (stars === 1) nodes.push({ kind: 'star' });
        else if (g[this.i] === '/') {
          this.i++;
          nodes.push({ kind: 'folders' });
        } else nodes.push({ kind: 'globstar' });
      } else if (c === '?') {
        this.i++;
        nodes.push({ kind: 'one' });
      } else if (c === '[') {
        nodes.push(this.characterClass() ?? (this.i++, { kind: 'char', ch: '[' }));
      } else if (c === '{' && this.closes(this.i)) {
        this.i++;
        const alternatives: Node[][] = [this.sequence(true)];
        while (g[this.i] === ',') {
          this.i++;
          alternatives.push(this.sequence(true));
        }
        this.i++; // the `}`
        nodes.push({ kind: 'group', alternatives });
      } else {
        this.i++;
        nodes.push({ kind: 'char', ch: c });
      }
    }
    return nodes;
  }

  /** `[...]` at the cursor, or undefined (the `[` is then a plain character) when it is not closed. */
  private characterClass(): Node | undefined {
    const g = this.glob;
    let j = this.i + 1;
    const negated = g[j] === '!' || g[j] === '^';
    if (negated) j++;
    // A `]` right after `[` or `[!` is a member, not the end.
    const end = g.indexOf(']', g[j] === ']' ? j + 1 : j);
    if (end === -1) return undefined;
    const body = g.slice(j, end);
    const ranges: Array<[string, string]> = [];
    for (let k = 0; k < body.length; k++) {
      if (body[k + 1] === '-' && k + 2 < body.length) {
        ranges.push([body[k], body[k + 2]]);
        k += 2;
      } else ranges.push([body[k], body[k]]);
    }
    this.i = end + 1;
    return { kind: 'class', negated, ranges };
  }

  /** Whether the `{` at `from` has its `}` (an unclosed one is a plain character, as in most shells). */
  private closes(from: number): boolean {
    let depth = 0;
    for (let k = from; k < this.glob.length; k++) {
      if (this.glob[k] === '{') depth++;
      else if (this.glob[k] === '}' && --depth === 0) return true;
    }
    return false;
  }
}

/** Appends the states of `nodes` so they continue to `next`; returns the first one. Built back to front. */
function emitSequence(states: State[], nodes: Node[], next: number): number {
  let at = next;
  for (let k = nodes.length - 1; k >= 0; k--) at = emitNode(states, nodes[k], at);
  return at;
}

function emitNode(states: State[], node: Node, next: number): number {
  const add = (s: State) => states.push(s) - 1;
  switch (node.kind) {
    case 'char':
      return add({ op: 'char', ch: node.ch, next });
    case 'one':
      return add({ op: 'any', slash: false, next });
    case 'class':
      return add({ op: 'class', negated: node.negated, ranges: node.ranges, next });
    case 'star':
      return loop(states, false, next);
    case 'globstar':
      return loop(states, true, next);
    case 'folders': {
      // (anything ending in `/`) or nothing
      const slash = add({ op: 'char', ch: '/', next });
      return add({ op: 'split', next: loop(states, true, slash), alt: next });
    }
    case 'group': {
      let at = emitSequence(states, node.alternatives[node.alternatives.length - 1], next);
      for (let k = node.alternatives.length - 2; k >= 0; k--) at = add({ op: 'split', next: emitSequence(states, node.alternatives[k], next), alt: at });
      return at;
    }
  }
}

/** Zero or more characters (`/` too when `slash`), then `next`. */
function loop(states: State[], slash: boolean, next: number): number {
  const split = states.push({ op: 'split', next: -1, alt: next }) - 1;
  const any = states.push({ op: 'any', slash, next: split }) - 1;
  (states[split] as { next: number }).next = any;
  return split;
}

/** Follows every path through the automaton at once: each state is visited at most once per character. */
function run(states: State[], start: number, path: string): boolean {
  const seen = new Int32Array(states.length).fill(-1);
  let current: number[] = [];
  let following: number[] = [];
  const stack: number[] = [];
  const addClosure = (list: number[], from: number, step: number) => {
    stack.push(from);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen[s] === step) continue;
      seen[s] = step;
      const state = states[s];
      if (state.op === 'split') {
        stack.push(state.alt, state.next);
      } else list.push(s);
    }
  };
  addClosure(current, start, 0);
  for (let k = 0; k < path.length && current.length > 0; k++) {
    const c = path[k];
    following.length = 0;
    for (const s of current) {
      const state = states[s];
      if (state.op !== 'match' && state.op !== 'split' && accepts(state, c)) addClosure(following, state.next, k + 1);
    }
    [current, following] = [following, current];
  }
  return current.some((s) => states[s].op === 'match');
}

function accepts(state: Exclude<State, { op: 'match' } | { op: 'split' }>, c: string): boolean {
  switch (state.op) {
    case 'char':
      return c === state.ch;
    case 'any':
      return state.slash || c !== '/';
    case 'class': {
      if (c === '/') return false;
      const inside = state.ranges.some(([from, to]) => c >= from && c <= to);
      return inside !== state.negated;
    }
  }
}
