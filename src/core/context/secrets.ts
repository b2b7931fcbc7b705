import ignore from 'ignore';

/** Files never gathered as context (gitignore syntax): environment files, private keys, certificates, credential stores. */
export const SECRET_PATTERNS: readonly string[] = [
  '.env*',
  '*.pem',
  '*.key',
  '*.crt',
  '*.cer',
  '*.der',
  '*.p8',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '*.ppk',
  '*.kdbx',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '.netrc',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
];

export interface SecretRules {
  /** More globs (gitignore syntax) the user never wants sent (a setting, `--exclude`). */
  exclude?: readonly string[];
  /** Paths (or globs) the user explicitly allowed even though they match a secret or excluded pattern. */
  allow?: readonly string[];
}

/** Decides whether a workspace-relative path may be read as context; returns why not, or undefined. */
export type SecretFilter = (path: string) => string | undefined;

/** Builds the filter from the built-in secret patterns plus the user's excludes and explicit allows. */
export function secretFilter(rules: SecretRules = {}): SecretFilter {
  const secrets = ignore().add([...SECRET_PATTERNS]);
  const excluded = ignore().add([...(rules.exclude ?? [])]);
  const allowed = ignore().add((rules.allow ?? []).map(normalize));
  return (path) => {
    const rel = normalize(path);
    if (rel === '' || !ignore.isPathValid(rel)) return undefined;
    if (allowed.ignores(rel)) return undefined;
    const secret = secrets.test(rel);
    if (secret.ignored) return `looks like a secret (matches ${secret.rule?.pattern}); allow this file explicitly to send it`;
    const user = excluded.test(rel);
    if (user.ignored) return `excluded by your setting (${user.rule?.pattern})`;
    return undefined;
  };
}

/** Removes the sections of a unified diff that touch files the filter refuses, and says which. */
export function filterDiff(diff: string, filter: SecretFilter): { text: string; withheld: string[] } {
  const sections = diff.split(/^(?=diff --git )/m);
  const kept: string[] = [];
  const withheld: string[] = [];
  for (const section of sections) {
    const paths = diffPaths(section);
    const refused = paths.find((p) => filter(p) !== undefined);
    if (refused === undefined) kept.push(section);
    else withheld.push(refused);
  }
  return { text: kept.join(''), withheld };
}

function diffPaths(section: string): string[] {
  // Only the file header names paths; hunk lines could look like `--- x` too.
  const hunk = section.indexOf('\n@@');
  const head = hunk < 0 ? section : section.slice(0, hunk);
  const header = /^diff --git a\/(.+?) b\/(.+)$/m.exec(head);
  const names = /^(?:---|\+\+\+) (?:[ab]\/)?(.+)$/gm;
  const paths = header ? [header[1], header[2]] : [];
  for (let m = names.exec(head); m; m = names.exec(head)) if (m[1] !== '/dev/null') paths.push(m[1]);
  return paths;
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
}
