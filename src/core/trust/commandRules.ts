// The rules for commands the model asks to run, judged on the parsed command line (commands/commandLine.ts):
// which simple commands match a prefix the user allowed, and which must always be asked about whatever the list
// says — deleting outside the workspace, a download piped into a shell, pushing, publishing, changing git
// configuration or hooks, sudo, writing onto a sensitive path, reading a secret file, environment variables
// that change what code runs. Pure: the trust policy (policy.ts) turns the findings into a verdict.
import * as path from 'node:path';
import { allCommands, parseCommandLine, shellQuote, type Redirection, type SimpleCommand, type Word } from '../commands/commandLine';
import { sensitiveReason } from './sensitiveWrites';

/** Where a command line runs, as the rules need it. */
export interface CommandPlace {
  /** Absolute real paths of the workspace folders. */
  roots: readonly string[];
  /** Absolute real path the command starts in. */
  cwd: string;
  /** The user's home folder (for `~` and for secrets outside the workspace). */
  home: string;
  /** The real path of an absolute path (links followed as far as it exists); identity when unknown. */
  realPath?: (abs: string) => string;
  /** The names in a folder ([] when it cannot be read), so a glob (`cat .en?`) is judged by the files it names. */
  listFolder?: (abs: string) => string[];
}

/** What the rules found in a command line. */
export interface CommandFindings {
  /** Reasons to ask whatever the allowed list says; empty when there are none. */
  alwaysAsk: string[];
  /** Simple commands no allowed prefix covers, as written. */
  notAllowed: string[];
  /** The prefixes that "always allow" would add for those commands. */
  suggestedPrefixes: string[];
  /** Notes for the user about how the line reads (look-alike characters). */
  warnings: string[];
}

/** A prefix the user allowed, split into the words it must match; undefined when it is not one plain command. */
export function prefixWords(prefix: string): string[] | undefined {
  const parsed = parseCommandLine(prefix.trim());
  if (parsed.problems.length > 0 || parsed.list.pipelines.length !== 1 || parsed.list.operators.length > 0) return undefined;
  const stages = parsed.list.pipelines[0].stages;
  if (stages.length !== 1 || stages[0].type !== 'simple') return undefined;
  const command = stages[0];
  const words = [...command.assignments, ...command.words];
  if (command.redirections.length > 0 || words.length === 0 || words.some((w) => w.value === undefined || w.glob || w.substitutions.length > 0)) return undefined;
  return words.map((w) => w.value as string);
}

/** Judges a command line against the allowed prefixes (already split with `prefixWords`). */
export function judgeCommandLine(line: string, allowed: readonly string[][], place: CommandPlace, secretReason: (relPath: string) => string | undefined): CommandFindings {
  const parsed = parseCommandLine(line);
  const commands = allCommands(parsed.list);
  const alwaysAsk: string[] = parsed.problems.map((p) => `the line cannot be fully analysed: ${p}`);
  const notAllowed: string[] = [];
  const suggested: string[] = [];
  const warnings: string[] = [];
  const ctx = new RuleContext(place, secretReason);
  if (commands.length === 0) alwaysAsk.push('the line holds no command');

  for (const command of commands) {
    const tokens = [...command.assignments, ...command.words];
    const lookAlike = tokens.slice(0, 3).find((w) => /[^\x00-\x7f]/.test(w.raw));
    if (lookAlike) warnings.push(`"${lookAlike.raw}" contains non-ASCII characters (${describeNonAscii(lookAlike.raw)}) that may look like others`);
    alwaysAsk.push(...ctx.rules(command));
    const isCd = ctx.moveTo(command);
    if (isCd === 'inside') continue;
    if (!matchesAllowed(tokens, allowed)) {
      notAllowed.push(tokens.map((w) => w.raw).join(' ') || '(redirection only)');
      const prefix = suggestPrefix(command);
      if (prefix) suggested.push(prefix);
    }
  }
  alwaysAsk.push(...downloadIntoShell(parsed.list));
  return { alwaysAsk: unique(alwaysAsk), notAllowed: unique(notAllowed), suggestedPrefixes: unique(suggested), warnings: unique(warnings) };
}

function matchesAllowed(tokens: Word[], allowed: readonly string[][]): boolean {
  if (tokens.length === 0) return false;
  return allowed.some((prefix) => prefix.length <= tokens.length && prefix.every((word, i) => tokens[i].value === word && !tokens[i].glob && tokens[i].substitutions.length === 0));
}

// Launchers whose next word names what really runs: `npm run build`, `python -m pytest`, `npx mocha`.
const LAUNCHERS: Record<string, string[]> = {
  npm: ['run', 'run-script', 'exec', 'x'],
  pnpm: ['run', 'exec', 'dlx'],
  yarn: ['run', 'exec', 'dlx'],
  bun: ['run', 'x'],
  python: ['-m'],
  python3: ['-m'],
  uv: ['run'],
  poetry: ['run'],
  bundle: ['exec'],
  dotnet: ['run', 'tool'],
  go: ['run', 'tool'],
  cargo: ['run'],
};
const RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'uvx', 'pipx']);
const SCRIPT_RUNNERS = new Set(['node', 'deno', 'python', 'python3', 'ruby', 'perl', 'php', 'bash', 'sh', 'zsh', 'tsx', 'ts-node']);

/** The prefix "always allow" offers for a command: its name and subcommand (`npm test`, `git status`, `npx mocha`). */
export function suggestPrefix(command: SimpleCommand): string | undefined {
  const tokens = [...command.assignments, ...command.words];
  const values = tokens.map((w) => (w.value !== undefined && !w.glob && w.substitutions.length === 0 ? w.value : undefined));
  const nameAt = command.assignments.length;
  const name = values[nameAt];
  if (name === undefined) return undefined;
  let end = nameAt + 1;
  const base = path.posix.basename(name);
  const next = values[end];
  const subcommand = (w: string | undefined) => w !== undefined && /^[A-Za-z][\w:.-]*$/.test(w) && !/\.(?:[cm]?[jt]sx?|py|rb|sh|pl|php)$/.test(w);
  if (RUNNERS.has(base) && subcommand(next)) end++;
  else if (LAUNCHERS[base]?.includes(next ?? '') && subcommand(values[end + 1])) end += 2;
  // An interpreter is allowed for one script, never for any code.
  else if (SCRIPT_RUNNERS.has(base) && next !== undefined && !next.startsWith('-')) end++;
  else if (subcommand(next) && !SCRIPT_RUNNERS.has(base) && !['cat', 'ls', 'echo', 'rm', 'cp', 'mv', 'grep', 'find', 'head', 'tail', 'wc'].includes(base)) end++;
  return values.slice(0, end).map((v) => shellQuote(v as string)).join(' ');
}

const SUDO = new Set(['sudo', 'doas', 'su', 'pkexec', 'run0', 'runas']);
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh', 'lynx', 'iwr', 'invoke-webrequest', 'invoke-restmethod']);
const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'ash', 'busybox', 'python', 'python2', 'python3', 'node', 'nodejs', 'deno', 'bun', 'perl', 'ruby', 'php', 'lua', 'pwsh', 'powershell', 'iex', 'eval', 'source', '.', 'exec', 'xargs', 'sudo', 'doas']);
const DELETERS = new Set(['rm', 'rmdir', 'unlink', 'shred', 'srm', 'trash', 'trash-put', 'gio']);
const WRITERS = new Set(['tee', 'cp', 'mv', 'install', 'ln', 'touch', 'truncate', 'chmod', 'chown', 'chgrp', 'mkdir', 'rsync', 'dd']);
/** Wrappers that run the command after their own options: the rules look through them. */
const WRAPPERS = new Set(['env', 'command', 'builtin', 'exec', 'nohup', 'nice', 'time', 'timeout', 'stdbuf', 'ionice', 'xargs', 'setsid', 'chronic', 'unbuffer', 'caffeinate', 'watch', 'flock', 'chrt', 'taskset', 'strace', 'ltrace']);
/** Variables that change which code a command runs. */
const CODE_VARIABLES = /^(LD_[A-Z_]+|DYLD_[A-Z_]+|NODE_OPTIONS|NODE_PATH|PYTHONSTARTUP|PYTHONPATH|PYTHONHOME|PERL5OPT|PERL5LIB|RUBYOPT|RUBYLIB|BASH_ENV|ENV|PROMPT_COMMAND|SHELLOPTS|BASHOPTS|IFS|PATH|GIT_[A-Z_]+|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|CLASSPATH|LUA_INIT|npm_config_[a-z_]+|NPM_CONFIG_[A-Z_]+)$/;
const PUBLISH: Record<string, string[]> = {
  npm: ['publish', 'unpublish', 'deprecate', 'dist-tag', 'owner', 'access', 'token', 'adduser', 'login'],
  pnpm: ['publish'],
  yarn: ['publish', 'npm'],
  bun: ['publish'],
  cargo: ['publish', 'yank', 'owner', 'login'],
  gem: ['push', 'yank', 'owner', 'signin'],
  twine: ['upload', 'register'],
  poetry: ['publish'],
  flit: ['publish'],
  hatch: ['publish'],
  uv: ['publish'],
  vsce: ['publish', 'unpublish'],
  ovsx: ['publish'],
  docker: ['push', 'login'],
  podman: ['push', 'login'],
  helm: ['push'],
  lerna: ['publish'],
  changeset: ['publish'],
  mvn: ['deploy'],
  gradle: ['publish'],
  gradlew: ['publish'],
  dotnet: ['nuget'],
  nuget: ['push'],
  gh: ['release', 'secret'],
  hg: ['push'],
  jj: ['git'],
  svn: ['commit', 'ci', 'import'],
  fly: ['deploy'],
  flyctl: ['deploy'],
  vercel: ['deploy'],
  netlify: ['deploy'],
  firebase: ['deploy'],
  wrangler: ['deploy', 'publish'],
  terraform: ['apply', 'destroy'],
  kubectl: ['apply', 'delete', 'create', 'replace', 'patch'],
};
const GIT_OPTIONS_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix', '--list-cmds']);
const GIT_CONFIG_READS = new Set(['--get', '--get-all', '--get-regexp', '--get-urlmatch', '--list', '-l', '--get-color', '--get-colorbool', 'get', 'list']);
const OUTPUT_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);
const HARMLESS_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty']);

/** Folders a line's `cd`s may leave the next command in that are followed; beyond, the folder counts as unknown. */
const MAX_PLACES = 16;

class RuleContext {
  /** Folder entries globs may still look at in this line (a line of many globs must not block the host). */
  private readonly globBudget = { entries: MAX_GLOB_ENTRIES };
  /** The folders the next command may start in (`cd` changes it; several when a `cd` may or may not apply). */
  private cwds: string[] | 'unknown';

  constructor(private readonly place: CommandPlace, private readonly secretReason: (relPath: string) => string | undefined) {
    this.cwds = [place.cwd];
  }

  /** Follows a `cd`/`pushd`/`popd`; says whether it was one that stays inside the workspace. */
  moveTo(command: SimpleCommand): 'inside' | 'outside' | undefined {
    const name = command.words[0]?.value;
    if (name !== 'cd' && name !== 'pushd' && name !== 'popd') return undefined;
    const args = command.words.slice(1).filter((w) => !(w.value ?? '').startsWith('-') || w.value === '-');
    if (name === 'popd' || args.length > 1 || command.assignments.length > 0) {
      this.cwds = 'unknown';
      return 'outside';
    }
    const target = args.length === 0 ? this.place.home : args[0].value;
    if (target === undefined || target === '-' || args[0]?.glob || this.cwds === 'unknown') {
      this.cwds = 'unknown';
      return 'outside';
    }
    const next = this.cwds.map((cwd) => this.real(path.resolve(cwd, target)));
    // A `cd` inside a subshell or after `||` may or may not apply: keep every place the next command may start in
    // (they double with each `cd`, so past a few the place counts as unknown rather than cost exponential time).
    this.cwds = unique([...this.cwds, ...next]);
    if (this.cwds.length > MAX_PLACES) {
      this.cwds = 'unknown';
      return 'outside';
    }
    return next.every((dir) => this.inside(dir) !== undefined) && command.redirections.length === 0 ? 'inside' : 'outside';
  }

  /** Reasons this one command must always be asked about. */
  rules(command: SimpleCommand): string[] {
    const reasons: string[] = [];
    for (const assignment of command.assignments) {
      const name = assignment.raw.split(/[+[=]/, 1)[0];
      if (CODE_VARIABLES.test(name)) reasons.push(`sets ${name}, which changes what code runs`);
    }
    for (const r of command.redirections) reasons.push(...this.redirectionRules(r));
    const argv = unwrap(command.words);
    for (const assignment of argv.assignments) {
      const name = assignment.split(/[+[=]/, 1)[0];
      if (CODE_VARIABLES.test(name)) reasons.push(`sets ${name}, which changes what code runs`);
    }
    for (const words of [command.words, argv.words]) reasons.push(...this.argvRules(words));
    return reasons;
  }

  private argvRules(words: Word[]): string[] {
    const reasons: string[] = [];
    const name = words[0]?.value;
    if (name === undefined) return reasons;
    const base = path.posix.basename(name).toLowerCase();
    const args = words.slice(1);
    if (SUDO.has(base)) reasons.push(`uses ${base} (runs as another user)`);
    if (base === 'git') reasons.push(...gitRules(args));
    const sub = firstOperand(args);
    const published = PUBLISH[base];
    if (published) {
      if (sub === undefined && args.length > 0) reasons.push(`runs ${base} with a subcommand that depends on an expansion`);
      else if (sub !== undefined && published.includes(sub)) reasons.push(`${base === 'hg' || base === 'jj' || base === 'docker' || base === 'podman' || base === 'helm' ? 'pushes' : 'publishes or deploys'} (${base} ${sub})`);
    }
    if ((base === 'npm' || base === 'pnpm' || base === 'yarn') && sub === 'config' && ['set', 'delete', 'edit'].includes(args.find((w, i) => i > 0 && !(w.value ?? '').startsWith('-'))?.value ?? '')) {
      reasons.push(`changes ${base} configuration`);
    }
    for (const word of args) {
      const value = word.value ?? word.raw;
      if (/(^|\/)\.git\/(hooks|config)(\/|$)|hookspath|core\.fsmonitor|core\.sshcommand|(^|\/)\.husky\//i.test(value)) {
        reasons.push(`touches git hooks or configuration (${value})`);
        break;
      }
    }
    if (DELETERS.has(base)) reasons.push(...this.pathRules(operands(args), 'deletes'));
    if (base === 'find' && args.some((w) => w.value === '-delete' || w.value === '-exec' || w.value === '-execdir' || w.value === '-ok' || w.value === '-okdir')) {
      const roots = args.slice(0, Math.max(0, args.findIndex((w) => /^[-(!]/.test(w.value ?? '-')))).filter(Boolean);
      reasons.push(...this.pathRules(roots.length ? roots : [literal('.')], 'deletes or runs commands on'));
    }
    if (WRITERS.has(base)) {
      const targets = base === 'dd' ? args.filter((w) => (w.value ?? '').startsWith('of=')).map((w) => literal((w.value as string).slice(3))) : operands(args);
      if (base === 'dd' && args.some((w) => w.value === undefined)) reasons.push('writes where an expansion decides (dd)');
      reasons.push(...this.pathRules(targets, 'writes'));
    }
    if ((base === 'sed' || base === 'perl') && args.some((w) => /^-[a-zA-Z]*i/.test(w.value ?? '') || w.value === '--in-place')) {
      reasons.push(...this.pathRules(operands(args).slice(base === 'sed' ? 1 : 0), 'writes'));
    }
    // Reading a secret file sends it to the model in the command's output.
    for (const word of args) {
      const reason = this.secretIn(word);
      if (reason) {
        reasons.push(reason);
        break;
      }
    }
    return reasons;
  }

  private redirectionRules(r: Redirection): string[] {
    const target = r.target;
    if (r.op === '<<' || r.op === '<<-' || r.op === '<<<') return [];
    // bash opens a connection for these paths itself, whatever the command (`cat < /dev/tcp/host/80`).
    if (/^\/dev\/(tcp|udp)\//.test(target.value ?? target.raw)) return [`opens a network connection (${target.raw})`];
    if ((r.op === '>&' || r.op === '<&') && /^(\d+-?|-)$/.test(target.value ?? '')) return [];
    if (r.op === '<' || r.op === '<&') {
      const secret = this.secretIn(target);
      return secret ? [secret] : [];
    }
    if (!OUTPUT_OPS.has(r.op) && r.op !== '>&') return [];
    if (target.value !== undefined && HARMLESS_TARGETS.has(target.value)) return [];
    return this.pathRules([target], 'writes');
  }

  /** Reasons to ask about deleting or writing these paths: outside the workspace, sensitive, or unknown. */
  private pathRules(targets: Word[], verb: string): string[] {
    const reasons: string[] = [];
    for (const target of targets) {
      if (target.value === undefined || target.substitutions.length > 0) {
        reasons.push(`${verb} a path that depends on an expansion (${target.raw})`);
        continue;
      }
      if (this.cwds === 'unknown' && !path.isAbsolute(target.value)) {
        reasons.push(`${verb} ${target.value} after a change of folder that cannot be followed`);
        continue;
      }
      for (const cwd of this.cwds === 'unknown' ? [this.place.cwd] : this.cwds) {
        const abs = this.real(path.resolve(cwd, target.value));
        const rel = this.inside(abs);
        if (rel === undefined) reasons.push(`${verb} outside the workspace (${abs})`);
        else if (rel === '') reasons.push(`${verb} the whole workspace folder`);
        else {
          const sensitive = sensitiveReason(rel);
          // Deleting inside the workspace is undoable; only folders and dotfiles that configure tools always ask
          // (a `build/` folder is not a Bazel BUILD file).
          const counts = verb === 'writes' || (verb === 'deletes' && sensitive !== undefined && /\/ holds |dotfile/.test(sensitive));
          if (sensitive && counts) reasons.push(`${verb} ${rel}: ${sensitive}`);
        }
      }
    }
    return reasons;
  }

  /** Why a word names a secret file (in the workspace or the home folder), or undefined. */
  private secretIn(word: Word): string | undefined {
    // `~/x` and `$HOME/x` are dynamic for the shell but their meaning is plain: the home folder.
    const inHome = word.value === undefined ? /^"?(?:~|\$HOME|\$\{HOME\})(\/[\w./@+*?[\]-]+)"?$/.exec(word.raw) : null;
    const value = (word.value ?? (inHome ? `~${inHome[1]}` : '')).replace(/^--?[\w-]+=/, '');
    if (value === '' || /^-/.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
    const starts = this.cwds === 'unknown' ? [this.place.cwd] : this.cwds;
    for (const cwd of starts) {
      const abs = value.startsWith('~/') ? path.join(this.place.home, value.slice(2)) : path.resolve(cwd, value);
      // A glob is judged by the files it names now (`cat .en?` reads .env).
      const named = word.glob && this.place.listFolder ? expandGlob(abs, this.place.listFolder, this.globBudget) : [abs];
      if (named === undefined) return `reads files a pattern names (${value}) among more than can be checked for secrets`;
      for (const candidate of unique(named.flatMap((p) => [p, this.real(p)]))) {
        const rel = this.inside(candidate) ?? (isWithin(this.place.home, candidate) ? path.relative(this.place.home, candidate).split(path.sep).join('/') : undefined);
        if (rel === undefined || rel === '') continue;
        const reason = this.secretReason(rel);
        if (reason) return `reads a secret file (${value}): ${reason}`;
      }
    }
    return undefined;
  }

  /** The workspace-relative path of an absolute path, '' for a root, or undefined when outside every root. */
  private inside(abs: string): string | undefined {
    for (const root of this.place.roots) if (isWithin(root, abs)) return path.relative(root, abs).split(path.sep).join('/');
    return undefined;
  }

  private real(abs: string): string {
    return this.place.realPath ? this.place.realPath(abs) : abs;
  }
}

function gitRules(args: Word[]): string[] {
  const reasons: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const value = args[i].value;
    if (value === undefined) return ['runs git with an option or subcommand that depends on an expansion'];
    if (!value.startsWith('-')) break;
    if (value === '-c' || value.startsWith('--config-env')) reasons.push('sets git configuration for the command (git -c)');
    if (value.startsWith('-c') && value.length > 2) reasons.push('sets git configuration for the command (git -c)');
    if (GIT_OPTIONS_WITH_VALUE.has(value)) i++;
  }
  const sub = args[i]?.value;
  const rest = args.slice(i + 1).map((w) => w.value);
  if (sub === 'push') reasons.push('pushes to a remote (git push)');
  // `git diff --output=.git/config`, `git format-patch --output-directory dir`: git writes the file itself.
  const output = args.slice(i + 1).findIndex((w) => /^--output(-directory)?(=|$)/.test(w.value ?? ''));
  if (output >= 0) reasons.push('writes a file named by an option (git --output)');
  if (sub === 'config' && !rest.some((v) => v !== undefined && GIT_CONFIG_READS.has(v))) reasons.push('changes git configuration (git config)');
  if (sub === 'remote' && rest.some((v) => v === 'add' || v === 'set-url' || v === 'rename' || v === 'remove' || v === 'rm')) reasons.push('changes git configuration (git remote)');
  if (sub === 'hook' || (sub === 'init' && rest.some((v) => (v ?? '').startsWith('--template')))) reasons.push('changes or runs git hooks');
  if (sub === 'send-email' || sub === 'svn' || sub === 'p4') reasons.push(`sends changes away (git ${sub})`);
  return reasons;
}

/** The command a wrapper (`env X=1`, `timeout 10`, `nice -n 5`, `xargs`) runs, with the assignments `env` sets. */
function unwrap(words: Word[]): { words: Word[]; assignments: string[] } {
  const assignments: string[] = [];
  let rest = words;
  for (let guard = 0; guard < 8; guard++) {
    const name = rest[0]?.value;
    if (name === undefined || !WRAPPERS.has(path.posix.basename(name))) break;
    const base = path.posix.basename(name);
    let i = 1;
    while (i < rest.length) {
      const v = rest[i].value;
      if (v === undefined) break;
      if (base === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
        assignments.push(v);
        i++;
      } else if (v.startsWith('-')) {
        // Options that take a separate value.
        const takesValue = (base === 'nice' && v === '-n') || (base === 'timeout' && (v === '-s' || v === '-k')) || (base === 'xargs' && /^-[IiLlnPsdE]$/.test(v)) || (base === 'env' && (v === '-u' || v === '-C' || v === '-S'));
        i += takesValue ? 2 : 1;
        if (v === '--') break;
      } else if (base === 'timeout' && /^\d/.test(v)) i++;
      else if (base === 'flock' && i === 1) i++;
      else break;
    }
    rest = rest.slice(i);
  }
  return { words: rest, assignments };
}

/** Arguments that are not options (everything after `--` counts). */
function operands(args: Word[]): Word[] {
  const out: Word[] = [];
  let optionsDone = false;
  for (const word of args) {
    if (!optionsDone && word.value === '--') {
      optionsDone = true;
      continue;
    }
    if (!optionsDone && word.value !== undefined && word.value.startsWith('-') && word.value !== '-') continue;
    out.push(word);
  }
  return out;
}

function firstOperand(args: Word[]): string | undefined {
  for (const word of args) {
    if (word.value === undefined) return undefined;
    if (!word.value.startsWith('-')) return word.value;
  }
  return '';
}

/**
 * A downloader's output run by a shell: `curl … | sh`, `bash <(curl …)`, `sh -c "$(wget …)"`, `eval $(curl …)`.
 * The pipeline's stages are searched in order; substitutions inside an interpreter's words count too.
 */
function downloadIntoShell(list: ReturnType<typeof parseCommandLine>['list']): string[] {
  const reasons: string[] = [];
  const namesIn = (commands: SimpleCommand[]) => commands.map((c) => commandName(c)).filter((n): n is string => n !== undefined);
  const visit = (l: typeof list) => {
    for (const pipeline of l.pipelines) {
      let downloaded = false;
      for (const stage of pipeline.stages) {
        const inner = stage.type === 'simple' ? [stage] : allCommands(stage.body);
        const names = namesIn(inner);
        if (downloaded && names.some((n) => INTERPRETERS.has(n))) reasons.push('pipes a download into a shell or interpreter');
        if (names.some((n) => DOWNLOADERS.has(n))) downloaded = true;
        for (const command of inner) {
          const subs = [...command.words, ...command.assignments, ...command.redirections.map((r) => r.target)].flatMap((w) => w.substitutions);
          const name = commandName(command);
          const runsText = name !== undefined && (INTERPRETERS.has(name) || command.words.length === 0);
          if (runsText && subs.some((s) => namesIn(allCommands(s)).some((n) => DOWNLOADERS.has(n)))) reasons.push('runs a download with a shell or interpreter');
          if (name !== undefined && INTERPRETERS.has(name) && command.redirections.some((r) => r.op === '<' && r.target.substitutions.some((s) => namesIn(allCommands(s)).some((n) => DOWNLOADERS.has(n))))) {
            reasons.push('runs a download with a shell or interpreter');
          }
          subs.forEach(visit);
        }
        if (stage.type !== 'simple') visit(stage.body);
      }
    }
  };
  visit(list);
  return reasons;
}

function commandName(command: SimpleCommand): string | undefined {
  const words = unwrap(command.words).words;
  const name = words[0]?.value ?? command.words[0]?.value;
  return name === undefined ? undefined : path.posix.basename(name).toLowerCase();
}

/** Entries the globs of one line may look at before they count as too broad to check. */
const MAX_GLOB_ENTRIES = 50_000;

/**
 * The existing paths an absolute glob names, as bash expands it (`*`, `?`, `[…]` within one path segment; a name
 * starting with `.` only where the pattern does); undefined when it would look at more entries than the budget left.
 */
function expandGlob(absPattern: string, listFolder: (abs: string) => string[], budget: { entries: number }): string[] | undefined {
  let found = ['/'];
  for (const segment of absPattern.split('/').filter((s) => s !== '')) {
    if (!/[*?[]/.test(segment)) {
      found = found.map((dir) => path.join(dir, segment));
      continue;
    }
    const pattern = globSegment(segment);
    const next: string[] = [];
    for (const dir of found) {
      if (budget.entries <= 0) return undefined;
      const names = listFolder(dir);
      budget.entries -= names.length + 1;
      if (budget.entries < 0) return undefined;
      for (const name of names) if (pattern.test(name) && (segment.startsWith('.') || !name.startsWith('.'))) next.push(path.join(dir, name));
    }
    found = next;
  }
  return found;
}

/** One segment of a glob as a regular expression; past three `*` it matches every name (conservative, and no catastrophic backtracking). */
function globSegment(segment: string): RegExp {
  if ((segment.match(/\*/g)?.length ?? 0) > 3) return /^/s;
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    const close = c === '[' ? segment.indexOf(']', i + 2) : -1;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (close > 0) {
      const body = segment.slice(i + 1, close).replace(/^[!^]/, '^').replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`, 's');
  } catch {
    return /^/s;
  }
}

function literal(value: string): Word {
  return { raw: value, value, glob: false, substitutions: [] };
}

function isWithin(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function describeNonAscii(text: string): string {
  const chars = [...new Set([...text].filter((c) => (c.codePointAt(0) ?? 0) > 0x7f))].slice(0, 3);
  return chars.map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ');
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
