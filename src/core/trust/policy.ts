// The one place that decides what the model may do: every tool call of both hosts (and of subagents, commands
// and MCP servers) asks this policy whether an action is allowed, must be asked about, or is refused, and why.
// The hosts only present the question and report the answer (see approvals.ts). Nothing the model or a file
// says reaches these rules: they come from the user's own settings and flags.
import ignore from 'ignore';
import { posix } from 'node:path';
import type { FileChange, Workspace, WriteVerdict } from '../workspace';
import { judgeCommandLine, prefixWords, type CommandPlace } from './commandRules';
import { mcpServerVerdict, mcpToolVerdict, type McpServerFacts, type McpToolFacts } from './mcpRules';
import { secretFilter, type SecretFilter } from './secretFiles';
import { sensitiveReason } from './sensitiveWrites';

/** What the policy decides for one action. */
export type Verdict = { decision: 'allow' } | { decision: 'ask'; reason: string } | { decision: 'deny'; reason: string };

/** The user's rules. Read at each decision, so a changed setting applies to the next tool call. */
export interface TrustRules {
  /** Apply ordinary edits without asking (the editor's auto-approve setting, the terminal's `--yes`). */
  autoApproveEdits: boolean;
  /** Files (gitignore-style globs) the user lets the model read although they look secret (user settings, `--allow-read`). */
  allowRead: readonly string[];
  /** Files (globs) the user lets the model write although they are sensitive (`--allow-write`): the user's explicit word. */
  allowWrite: readonly string[];
  /** Files the user never wants read (`miniCoder.context.exclude`, `--exclude`): treated like secrets. */
  excludeRead: readonly string[];
  /** Command prefixes the user lets run without asking (user settings only, `--allow-command`). */
  allowCommands: readonly string[];
  /** Whether commands run without asking go into the sandbox where the system has one (`auto`) or not (`off`). */
  sandbox: 'auto' | 'off';
  /**
   * MCP tools (globs matched against `server/tool`, `*` any run of characters) the user lets run without asking
   * (`--allow-mcp-tool`, user settings). Nothing else allows an MCP tool: not `autoApproveEdits`, not annotations.
   */
  allowMcpTools?: readonly string[];
}

export const DEFAULT_RULES: TrustRules = { autoApproveEdits: false, allowRead: [], allowWrite: [], excludeRead: [], allowCommands: [], sandbox: 'auto' };

/** Where a command would run and what the host can offer it. */
export interface CommandFacts extends CommandPlace {
  /** Whether a working sandbox exists on this system (bubblewrap). */
  sandboxAvailable: boolean;
  /** Why the model says the command must run outside the sandbox, when it says so. */
  outsideSandbox?: string;
  /** False where the shell is not a POSIX shell the parser follows (cmd.exe): every command asks. */
  posixShell: boolean;
}

/** The policy's decision on a command line, with what "always allow" would remember and where it runs. */
export type CommandVerdict = Verdict & {
  /** Prefixes an "always" answer adds (empty when the command must ask every time). */
  prefixes: string[];
  /** Whether an "always" answer may be remembered at all. */
  rememberable: boolean;
  /** When allowed without asking: run inside the sandbox. */
  sandboxed: boolean;
  /** Notes for the person asked (look-alike characters). */
  warnings: string[];
};

/** A file as the policy judges it: the path the model gave and the workspace-relative path it really is (after links). */
export interface FileRef {
  path: string;
  realPath: string;
}

/** A change with the real paths of the files it touches. */
export type ResolvedChange = FileChange & { realPath: string; realMoveTo?: string };

export type { WriteVerdict };

export class TrustPolicy {
  private cache: { signature: string; rules: TrustRules; secrets: SecretFilter; allowWrite: ReturnType<typeof ignore> } | undefined;

  constructor(private readonly rules: () => TrustRules) {}

  /**
   * Whether the model may see a file's content. `head` is its first bytes as text where known (credentials in
   * a `.npmrc`, a private key in any file). A secret file asks; the reason never quotes the file.
   */
  read(file: FileRef, head?: string): Verdict {
    const secrets = this.compiled().secrets;
    const reason = secrets(file.realPath, head) ?? (file.path === file.realPath ? undefined : secrets(normalize(file.path), head));
    if (!reason) return { decision: 'allow' };
    const shown = file.path === file.realPath ? file.path : `${file.path} (really ${file.realPath})`;
    return { decision: 'ask', reason: `${shown} ${reason}` };
  }

  /** Whether an edit may be applied without the user looking at it, and otherwise why it asks. */
  write(changes: readonly ResolvedChange[]): WriteVerdict {
    const { rules, allowWrite } = this.compiledWithRules();
    const allowed = (p: string) => {
      const rel = normalize(p);
      return rel !== '' && ignore.isPathValid(rel) && allowWrite.ignores(rel);
    };
    let ordinaryNeedsReview = false;
    for (const change of changes) {
      const paths = [
        [change.path, change.realPath],
        ...(change.kind === 'update' && change.moveTo !== undefined ? [[change.moveTo, change.realMoveTo ?? change.moveTo]] : []),
      ];
      for (const [given, real] of paths) {
        const reason = sensitiveReason(real) ?? sensitiveReason(normalize(given)) ?? (change.kind === 'delete' ? 'deletes a file' : undefined);
        const named = allowed(real) || allowed(given);
        if (reason && !named) {
          const shown = given === real ? given : `${given} (really ${real})`;
          return { decision: 'ask', reason: `${shown}: ${reason}`, sensitive: true };
        }
        if (!reason && !named && !rules.autoApproveEdits) ordinaryNeedsReview = true;
      }
    }
    return ordinaryNeedsReview ? { decision: 'ask', reason: 'edits are reviewed before they are applied', sensitive: false } : { decision: 'allow' };
  }

  /**
   * Whether a command line may run without asking: every command in it (chains, pipes, subshells, substitutions)
   * must start with a prefix the user allowed (or one allowed this session), and none may hit a rule that always
   * asks. Allowed commands run in the sandbox when it is on and available; one the model wants outside it asks.
   */
  command(line: string, facts: CommandFacts, sessionPrefixes: readonly string[] = []): CommandVerdict {
    const { rules, secrets } = this.compiledWithRules();
    const ask = (reason: string, prefixes: string[], rememberable: boolean, warnings: string[]): CommandVerdict => ({ decision: 'ask', reason, prefixes, rememberable, sandboxed: false, warnings });
    if (!facts.posixShell) return ask('commands always ask on this system (its shell is not one Mini Coder can analyse)', [], false, []);
    const allowed = [...rules.allowCommands, ...sessionPrefixes].map(prefixWords).filter((w): w is string[] => w !== undefined);
    const findings = judgeCommandLine(line, allowed, facts, (rel) => secrets(rel));
    if (findings.alwaysAsk.length > 0) return ask(`it ${findings.alwaysAsk.join('; ')}`, [], false, findings.warnings);
    if (findings.notAllowed.length > 0) {
      const which = findings.notAllowed.map((c) => `"${oneLine(c)}"`).join(', ');
      return ask(`${which} ${findings.notAllowed.length === 1 ? 'is' : 'are'} not among your allowed commands`, findings.suggestedPrefixes, findings.suggestedPrefixes.length > 0, findings.warnings);
    }
    const sandboxed = rules.sandbox === 'auto' && facts.sandboxAvailable;
    if (sandboxed && facts.outsideSandbox !== undefined) {
      return ask(`it asks to run outside the sandbox: ${oneLine(facts.outsideSandbox)}`, [], false, findings.warnings);
    }
    return { decision: 'allow', prefixes: [], rememberable: false, sandboxed, warnings: findings.warnings };
  }

  /** Whether an MCP server's tool may run; the server's annotations only word the question, never allow on their own. */
  mcpTool(tool: McpToolFacts): Verdict {
    return mcpToolVerdict(tool, this.rules().allowMcpTools ?? []);
  }

  /** Whether an MCP server may be started (a stdio server runs a command): a workspace's servers need trust and the user's word. */
  mcpServerStart(server: McpServerFacts): Verdict {
    return mcpServerVerdict(server);
  }

  /** A filter for reads that never ask (search, context gathering): why a file is skipped, or undefined. */
  skipReason(realPath: string, head?: string): string | undefined {
    return this.compiled().secrets(realPath, head);
  }

  /** The rules now, as data (a search worker rebuilds the same filter from them). */
  currentRules(): TrustRules {
    return this.rules();
  }

  private compiled() {
    return this.compiledWithRules();
  }

  private compiledWithRules() {
    const rules = this.rules();
    // Hosts read their settings afresh for each decision; the compiled matchers are kept while they stay the same.
    const signature = JSON.stringify(rules);
    if (this.cache?.signature !== signature) {
      this.cache = {
        signature,
        rules,
        secrets: secretFilter({ exclude: rules.excludeRead, allow: rules.allowRead }),
        allowWrite: ignore().add(rules.allowWrite.map(normalize)),
      };
    }
    return this.cache;
  }
}

/** Finds where each file of an edit really is (a harmless name may be a link to .git/hooks), then asks the policy. */
export async function judgeEdit(policy: TrustPolicy, workspace: Pick<Workspace, 'realPath'>, changes: readonly FileChange[]): Promise<WriteVerdict> {
  const resolved: ResolvedChange[] = await Promise.all(
    changes.map(async (c) => ({
      ...c,
      realPath: await workspace.realPath(c.path),
      ...(c.kind === 'update' && c.moveTo !== undefined ? { realMoveTo: await workspace.realPath(c.moveTo) } : {}),
    })),
  );
  return policy.write(resolved);
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** One spelling of a workspace path for matching: `/` separators, `.` and `..` folded, no leading `./`. */
function normalize(path: string): string {
  const unified = path.replace(/\\/g, '/');
  if (unified.startsWith('/')) return unified;
  const folded = posix.normalize(unified);
  return folded === '.' ? '' : folded.replace(/\/$/, '');
}
