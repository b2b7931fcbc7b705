import * as path from 'node:path';

/** How a project names a test file after the file it tests. */
type NameStyle = 'dot-test' | 'dot-spec' | 'underscore-test' | 'test-prefix' | 'Test-suffix' | 'Tests-suffix' | 'underscore-spec';

interface TestFile {
  path: string;
  dir: string;
  subject: string;
  style: NameStyle;
  family: string;
}

/** Where a new test file for a source file goes, and which existing test to imitate. */
export interface TestFileProposal {
  path: string;
  /** An existing test of the same language near the proposal, for the prompt to follow. */
  example?: string;
  /** For JavaScript/TypeScript: the import specifier of the source file from the test file. */
  importPath?: string;
  /** How the location was decided, for logs and the user. */
  reason: string;
}

const FAMILY: Record<string, string> = {
  '.ts': 'js', '.tsx': 'js', '.mts': 'js', '.cts': 'js', '.js': 'js', '.jsx': 'js', '.mjs': 'js', '.cjs': 'js',
  '.py': 'py', '.go': 'go', '.java': 'jvm', '.kt': 'jvm', '.kts': 'jvm', '.scala': 'jvm', '.cs': 'cs', '.rb': 'rb', '.rs': 'rs', '.swift': 'swift', '.php': 'php',
};

const DEFAULT_STYLE: Record<string, NameStyle> = { js: 'dot-test', py: 'test-prefix', go: 'underscore-test', jvm: 'Test-suffix', cs: 'Tests-suffix', rb: 'underscore-spec', swift: 'Tests-suffix', php: 'Test-suffix' };
const SOURCE_ROOTS = new Set(['src', 'lib', 'app', 'source', 'sources', 'pkg']);

function familyOf(file: string): string {
  return FAMILY[path.posix.extname(file).toLowerCase()] ?? path.posix.extname(file).toLowerCase();
}

/** Recognises a test file by its name; undefined for anything else. */
export function parseTestFile(file: string): TestFile | undefined {
  const dir = path.posix.dirname(file);
  const base = path.posix.basename(file);
  const family = familyOf(file);
  const patterns: Array<[RegExp, NameStyle]> = [
    [/^(.+)\.test\.[^.]+$/, 'dot-test'],
    [/^(.+)\.spec\.[^.]+$/, 'dot-spec'],
    [/^(.+)_test\.[^.]+$/, 'underscore-test'],
    [/^(.+)_spec\.[^.]+$/, 'underscore-spec'],
    [/^test_(.+)\.py$/, 'test-prefix'],
    [/^([A-Z][\w]*?)Tests\.[^.]+$/, 'Tests-suffix'],
    [/^([A-Z][\w]*?)Test\.[^.]+$/, 'Test-suffix'],
  ];
  for (const [re, style] of patterns) {
    const match = re.exec(base);
    if (match) return { path: file, dir, subject: match[1], style, family };
  }
  return undefined;
}

function testName(base: string, ext: string, style: NameStyle): string {
  const pascal = base.charAt(0).toUpperCase() + base.slice(1);
  switch (style) {
    case 'dot-test': return `${base}.test${ext}`;
    case 'dot-spec': return `${base}.spec${ext}`;
    case 'underscore-test': return `${base}_test${ext}`;
    case 'underscore-spec': return `${base}_spec${ext}`;
    case 'test-prefix': return `test_${base}${ext}`;
    case 'Test-suffix': return `${pascal}Test${ext}`;
    case 'Tests-suffix': return `${pascal}Tests${ext}`;
  }
}

function mostCommon<T>(items: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [item, n] of counts) if (n > bestCount) [best, bestCount] = [item, n];
  return best;
}

function segments(dir: string): string[] {
  return dir === '.' || dir === '' ? [] : dir.split('/');
}

function join(parts: string[]): string {
  return parts.filter(Boolean).join('/');
}

/** A learned mapping from a source folder to its test folder: `test/unit` + the last `keep` folders. */
interface Mirror {
  testPrefix: string[];
  sourcePrefix: string[];
  keep: number;
}

function mirrorOf(test: TestFile, source: string): Mirror {
  const t = segments(test.dir);
  const s = segments(path.posix.dirname(source));
  let keep = 0;
  while (keep < t.length && keep < s.length && t[t.length - 1 - keep] === s[s.length - 1 - keep]) keep++;
  return { testPrefix: t.slice(0, t.length - keep), sourcePrefix: s.slice(0, s.length - keep), keep };
}

function startsWith(parts: string[], prefix: string[]): boolean {
  return prefix.every((p, i) => parts[i] === p);
}

/** Relative import specifier from one file to another, without the extension (`./x`, `../src/x`). */
export function importSpecifier(fromFile: string, toFile: string): string {
  const target = toFile.slice(0, toFile.length - path.posix.extname(toFile).length);
  const relative = path.posix.relative(path.posix.dirname(fromFile), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/**
 * Proposes the path of a new test file for `sourcePath`, following what the project already does:
 * the naming style and location of its existing tests (same folder, `__tests__`, or a mirrored test
 * tree such as `test/unit/<area>/`), falling back to the language's usual convention.
 * `knownFiles` are workspace-relative paths of existing files (tests and the sources they test).
 */
export function proposeTestFile(sourcePath: string, knownFiles: string[]): TestFileProposal {
  const ext = path.posix.extname(sourcePath);
  const base = path.posix.basename(sourcePath, ext);
  const dir = path.posix.dirname(sourcePath);
  const family = familyOf(sourcePath);
  const tests = knownFiles.map(parseTestFile).filter((t): t is TestFile => t !== undefined && t.family === family && t.path !== sourcePath);
  const style = mostCommon(tests.map((t) => t.style)) ?? DEFAULT_STYLE[family] ?? 'dot-test';
  const name = testName(base, ext, style);
  const propose = (folder: string, reason: string): TestFileProposal => {
    const file = join([folder === '.' ? '' : folder, name]);
    const example = nearestExample(file, tests);
    return { path: file, reason, ...(example ? { example } : {}), ...(family === 'js' ? { importPath: importSpecifier(file, sourcePath) } : {}) };
  };

  if (tests.some((t) => t.dir === dir)) return propose(dir, 'tests sit beside the code in this folder');
  if (tests.some((t) => t.dir === join([dir, '__tests__']))) return propose(join([dir, '__tests__']), 'this folder keeps its tests in __tests__');

  const sources = new Map<string, string[]>();
  for (const file of knownFiles) {
    if (parseTestFile(file) || familyOf(file) !== family) continue;
    const key = path.posix.basename(file, path.posix.extname(file));
    sources.set(key, [...(sources.get(key) ?? []), file]);
  }
  const mirrors: Mirror[] = [];
  for (const test of tests) {
    const subjects = sources.get(test.style === 'Test-suffix' || test.style === 'Tests-suffix' ? test.subject : test.subject) ?? [];
    for (const subject of subjects) {
      const mirror = mirrorOf(test, subject);
      if (mirror.keep > 0 || mirror.testPrefix.join('/') !== mirror.sourcePrefix.join('/')) mirrors.push(mirror);
    }
  }
  const sourceDir = segments(dir);
  const exact = mirrors.filter((m) => m.sourcePrefix.length > 0 && startsWith(sourceDir, m.sourcePrefix)).sort((a, b) => b.sourcePrefix.length - a.sourcePrefix.length)[0];
  if (exact) return propose(join([...exact.testPrefix, ...sourceDir.slice(exact.sourcePrefix.length)]), `tests mirror ${exact.sourcePrefix.join('/')}/ under ${exact.testPrefix.join('/')}/`);
  const loose = mostCommon(mirrors.map((m) => `${m.testPrefix.join('/')}\u0000${m.keep}`));
  if (loose !== undefined) {
    const [prefix, keep] = loose.split('\u0000');
    const kept = sourceDir.slice(Math.max(0, sourceDir.length - Number(keep)));
    return propose(join([prefix, ...kept]), `tests live under ${prefix}/ by folder name`);
  }

  if (dir.includes('src/main/')) return propose(dir.replace('src/main/', 'src/test/'), 'Maven/Gradle layout: src/main → src/test');
  const roots = tests.map((t) => segments(t.dir)[0]).filter((r) => r !== undefined && /^(tests?|specs?|__tests__)$/.test(r));
  const root = mostCommon(roots);
  if (root) {
    const rest = SOURCE_ROOTS.has(sourceDir[0]) ? sourceDir.slice(1) : sourceDir;
    return propose(join([root, ...rest]), `tests live under ${root}/`);
  }
  if (tests.length === 0 && family === 'py') return propose('tests', 'Python convention: tests/test_<name>.py');
  if (tests.length === 0 && family === 'rb') return propose(join(['spec', ...(SOURCE_ROOTS.has(sourceDir[0]) ? sourceDir.slice(1) : sourceDir)]), 'RSpec convention: spec/');
  return propose(dir, tests.length === 0 ? 'no tests found: placed beside the code' : 'placed beside the code');
}

/** The existing test closest to a path (most shared leading folders), preferring the same folder. */
function nearestExample(file: string, tests: TestFile[]): string | undefined {
  const target = segments(path.posix.dirname(file));
  let best: TestFile | undefined;
  let bestScore = -1;
  for (const test of tests) {
    if (test.path === file) continue;
    const parts = segments(test.dir);
    let shared = 0;
    while (shared < parts.length && shared < target.length && parts[shared] === target[shared]) shared++;
    const score = shared * 10 - Math.abs(parts.length - target.length);
    if (score > bestScore) [best, bestScore] = [test, score];
  }
  return best?.path;
}
