// Which files hold secrets. Judged on the real path (after links) by the trust policy, and on a file's first
// bytes where the name alone cannot tell (a `.npmrc` with only a registry line is not a secret; one with an
// `_authToken` is; any file holding a private key block is).
import ignore from 'ignore';
import { MiniCoderError } from '../errors';

/** Files whose content is a secret by name (gitignore syntax): environment files, private keys, certificates, credential stores. */
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
  '.ssh/**',
  '.gnupg/**',
  '.aws/credentials',
  '.azure/accessTokens.json',
  '.config/gcloud/**',
  '.docker/config.json',
  '.kube/config',
  '.netrc',
  '_netrc',
  '.git-credentials',
  '.pgpass',
  '.htpasswd',
  '*.tfstate',
  '*.tfstate.backup',
];

/** Files that hold a secret only when they carry credentials; without their content they count as secret. */
const CREDENTIAL_FILES: Record<string, RegExp> = {
  '.npmrc': /(_authToken|_auth|_password|\bpassword\b|\btoken\b)\s*=/i,
  '.pypirc': /^\s*(password|token)\s*[:=]/im,
  '.yarnrc.yml': /npmAuth(Token|Ident)\s*:/i,
  // A remote URL with a user and password or token in it.
  config: /[a-z][a-z0-9+.-]*:\/\/[^/\s@:]+:[^/\s@]+@/i,
};

/** A private key in any file, whatever its name. */
const PRIVATE_KEY_BLOCK = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;

/** How many bytes of a file `secretReason` looks at for credentials. */
export const SECRET_SNIFF_BYTES = 64 * 1024;

export interface SecretRules {
  /** More globs (gitignore syntax) the user never wants sent (a setting, `--exclude`). */
  exclude?: readonly string[];
  /** Paths (or globs) the user explicitly allowed even though they match a secret or excluded pattern. */
  allow?: readonly string[];
}

/** Decides whether a workspace-relative path may be read; returns why not, or undefined. `head` is the file's first bytes as text, when known. */
export type SecretFilter = (path: string, head?: string) => string | undefined;

/** Builds the filter from the built-in secret rules plus the user's excludes and explicit allows. */
export function secretFilter(rules: SecretRules = {}): SecretFilter {
  const secrets = ignore().add([...SECRET_PATTERNS]);
  const excluded = ignore().add([...(rules.exclude ?? [])]);
  const allowed = ignore().add((rules.allow ?? []).map(normalize));
  return (path, head) => {
    const rel = normalize(path);
    if (rel === '' || !ignore.isPathValid(rel)) return undefined;
    if (allowed.ignores(rel)) return undefined;
    const secret = secrets.test(rel);
    if (secret.ignored) return `looks like a secret (matches ${secret.rule?.pattern}); allow this file explicitly to send it`;
    const user = excluded.test(rel);
    if (user.ignored) return `excluded by your setting (${user.rule?.pattern})`;
    return credentialReason(rel, head);
  };
}

function credentialReason(rel: string, head: string | undefined): string | undefined {
  const name = rel.slice(rel.lastIndexOf('/') + 1).toLowerCase();
  const credentials = name === 'config' ? (/(^|\/)\.git\/config$/i.test(rel) ? CREDENTIAL_FILES.config : undefined) : CREDENTIAL_FILES[name];
  if (credentials && (head === undefined || credentials.test(head))) {
    return `looks like a secret (${name} ${head === undefined ? 'may hold' : 'holds'} credentials); allow this file explicitly to send it`;
  }
  if (head !== undefined && PRIVATE_KEY_BLOCK.test(head)) return 'holds a private key; allow this file explicitly to send it';
  return undefined;
}

/** Removes the sections of a unified diff that touch files the filter refuses, and says which. */
export function filterDiff(diff: string, filter: SecretFilter): { text: string; withheld: string[] } {
  const sections = diff.split(/^(?=diff --git )/m);
  const kept: string[] = [];
  const withheld: string[] = [];
  for (const section of sections) {
    const paths = diffPaths(section);
    // A section's own lines are the file's content as far as the diff shows it.
    const refused = paths.find((p) => filter(p, section) !== undefined);
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

/**
 * A read guard for reads that cannot ask (context gathering): refuses a file the filter refuses, judged by its real
 * path and first bytes as well as the name it was asked by. The error's message is the reason, never the content.
 */
export function secretGuard(filter: SecretFilter, given: string): (file: { realPath: string; head: string }) => Promise<void> {
  return async ({ realPath, head }) => {
    const reason = filter(realPath, head) ?? filter(given, head);
    if (reason) throw new MiniCoderError({ kind: 'tool', message: reason });
  };
}
