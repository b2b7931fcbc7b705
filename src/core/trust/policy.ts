// The one place that decides what the model may do: every tool call of both hosts (and of subagents, commands
// and MCP servers) asks this policy whether an action is allowed, must be asked about, or is refused, and why.
// The hosts only present the question and report the answer (see approvals.ts). Nothing the model or a file
// says reaches these rules: they come from the user's own settings and flags.
import ignore from 'ignore';
import { posix } from 'node:path';
import type { FileChange, Workspace, WriteVerdict } from '../workspace';
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
}

export const DEFAULT_RULES: TrustRules = { autoApproveEdits: false, allowRead: [], allowWrite: [], excludeRead: [] };

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

/** One spelling of a workspace path for matching: `/` separators, `.` and `..` folded, no leading `./`. */
function normalize(path: string): string {
  const unified = path.replace(/\\/g, '/');
  if (unified.startsWith('/')) return unified;
  const folded = posix.normalize(unified);
  return folded === '.' ? '' : folded.replace(/\/$/, '');
}
