// What the chat gets from MCP and the project instructions: extra context sources for a message (instructions,
// @-mentioned resources), `@` completion of resources, `/` completion and expansion of prompts, and the servers'
// tools for a turn. Plugged into the chat's existing seams by the composition root.
import * as vscode from 'vscode';
import { gatherInstructions } from '../../core/context/projectInstructions';
import type { ContextSource } from '../../core/context/types';
import { completePromptCommands, completeResources, expandPromptCommand, isResourceMention, resourceSources, type ChatCompletion } from '../../core/mcp/chatCommands';
import type { Approvals } from '../../core/trust/approvals';
import type { Workspace } from '../../core/workspace';
import type { EditorMcp } from './editorMcp';

export interface ChatHooks {
  moreSources: (request: { mentions: string[]; files: string[] }) => Promise<ContextSource[]>;
  resourceMentions: (query: string) => Promise<ChatCompletion[]>;
  slashCommands: (query: string) => Promise<ChatCompletion[]>;
  expandCommand: (text: string) => Promise<{ text: string; images: string[] } | undefined>;
  extraTools: EditorMcp['toolsForTurn'];
}

/** How long a read resource is reused: the context preview runs while the user types, the server is not asked each time. */
const RESOURCE_REUSE_MS = 10_000;

export function chatHooks(mcp: EditorMcp, workspace: Workspace, trust: Approvals): ChatHooks {
  const recent = new Map<string, { at: number; sources: Promise<ContextSource[]> }>();
  const resources = (mentions: string[]): Promise<ContextSource[][]> =>
    Promise.all(
      mentions.filter(isResourceMention).map((mention) => {
        const kept = recent.get(mention);
        if (kept && Date.now() - kept.at < RESOURCE_REUSE_MS) return kept.sources;
        const sources = resourceSources(mcp.servers, [mention]);
        recent.set(mention, { at: Date.now(), sources });
        return sources;
      }),
    );
  return {
    moreSources: async ({ mentions, files }) => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const instructions = folders.length === 0 ? [] : await gatherInstructions(workspace, {
        files,
        roots: folders.length > 1 ? folders.map((f) => f.name) : [''],
        userInstructions: userInstructions(),
        skip: (path, head) => trust.skipReason(path, head),
      });
      return [...instructions, ...(await resources(mentions)).flat()];
    },
    resourceMentions: async (query) => completeResources(mcp.servers, query),
    slashCommands: async (query) => completePromptCommands(mcp.servers, query),
    expandCommand: (text) => expandPromptCommand(mcp.servers, text),
    extraTools: (builtIn) => mcp.toolsForTurn(builtIn),
  };
}

/** `miniCoder.instructions` from the user's own settings only: a cloned repository has its AGENTS.md for that. */
function userInstructions(): string | undefined {
  const value = vscode.workspace.getConfiguration('miniCoder').inspect<unknown>('instructions')?.globalValue;
  return typeof value === 'string' ? value : undefined;
}
