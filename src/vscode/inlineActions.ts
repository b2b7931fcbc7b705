// The inline actions in the editor: refactor with an instruction, explain (in the chat), fix a problem,
// add a documentation comment, write tests. Rewrites stream into a diff preview and are applied only
// when accepted, as one undoable edit confined to the chosen range. The logic lives in core/actions;
// this file wires it to commands, menus, progress and notifications.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cleanRewrite, type CleanOptions } from '../core/actions/cleanRewrite';
import { keepsEveryLine } from '../core/actions/keepsCode';
import {
  documentPrompt,
  explainPrompt,
  fixPrompt,
  refactorPrompt,
  refineInput,
  testsPrompt,
  type ActionDiagnostic,
  type ActionPrompt,
  type ActionSource,
  type PromptOptions,
  type RelatedSnippet,
  type RewriteKind,
} from '../core/actions/prompts';
import { rangeForDiagnostic, type ChosenRange } from '../core/actions/range';
import { runInlineAction } from '../core/actions/runInlineAction';
import { languageFamily, outline } from '../core/actions/declarations';
import { proposeTestFile } from '../core/actions/testConventions';
import { detectEol, leadingWhitespace, splitLines, type OffsetRange, type TextPosition } from '../core/actions/text';
import type { ErrorInfo } from '../core/errors';
import type { ModelOptions, ModelProvider, ModelRequest, Usage } from '../core/model/types';
import { INLINE_COMMANDS } from './inlineCommandIds';
import { InlineCodeActionProvider } from './inlineCodeActions';
import { definitionsUsedIn, documentSymbols, testConventionFiles } from './inlineEditorContext';
import { Proposal, PROPOSAL_CONTEXT_KEY, PROPOSAL_SCHEME, ProposalDocuments, type ProposalTarget } from './inlineProposal';
import { actionSource, actionTarget, chooseForTarget, problemsAt, readIfExists, severityName, type Target } from './inlineTarget';

export { INLINE_COMMANDS } from './inlineCommandIds';

/** The selection an explanation is about, as the chat shows and sends it. */
export interface InlineAttachment {
  path: string;
  languageId: string;
  /** Editor coordinates (0-based). */
  range: { start: TextPosition; end: TextPosition };
  text: string;
  /** The declaration the selection is, when it is one (`cartTotal`). */
  name?: string;
}

/** What the inline actions need from the extension host. */
export interface InlineActionDeps {
  /** The provider for the configured service; undefined when no API key is set. */
  getProvider(): Promise<ModelProvider | undefined>;
  /** Model and options from the user's settings; `contextBudgetTokens` bounds the context sent (default 18,000). */
  getModelOptions(): { model: string; options?: ModelOptions; contextBudgetTokens?: number };
  /** Sends a message to the chat view, which streams the answer, with the selection attached. */
  askInChat(prompt: string, attachment: InlineAttachment): Promise<void> | void;
  /** Related context from the context engine; when absent, definitions of the names the code uses are gathered. */
  getRelatedContext?(request: { path: string; languageId: string; text: string; range: OffsetRange }, signal: AbortSignal): Promise<RelatedSnippet[]>;
  /** Usage of each model call, for the host's totals. */
  onUsage?(usage: Usage): void;
  log?(line: string): void;
}

const DEFAULT_BUDGET = 18_000;
const EXAMPLE_TEST_LINES = 150;

const VERB: Record<RewriteKind | 'tests', string> = { refactor: 'Refactoring', fix: 'Fixing', document: 'Documenting', tests: 'Writing tests for' };

/** One run of a rewrite action: what it asked, where the answer goes, and how it is cleaned. */
interface ActionRun {
  kind: RewriteKind | 'tests';
  label: string;
  request: ModelRequest;
  proposal: Proposal;
  clean: CleanOptions;
  /** The range's original code, to tell "no change" and to check a documentation answer kept the code. */
  original: string;
  answer?: string;
}

/** Registers the inline actions' commands, code actions and preview documents. */
export function registerInlineActions(context: vscode.ExtensionContext, deps: InlineActionDeps): void {
  const actions = new InlineActions(deps);
  context.subscriptions.push(
    actions,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, actions.documents),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new InlineCodeActionProvider(), {
      providedCodeActionKinds: InlineCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand(INLINE_COMMANDS.refactorSelection, (...args: unknown[]) => actions.refactor(args[0])),
    vscode.commands.registerCommand(INLINE_COMMANDS.explainSelection, (...args: unknown[]) => actions.explain(args[0])),
    vscode.commands.registerCommand(INLINE_COMMANDS.fixDiagnostic, (...args: unknown[]) => actions.fix(args[0])),
    vscode.commands.registerCommand(INLINE_COMMANDS.addDocComment, (...args: unknown[]) => actions.document(args[0])),
    vscode.commands.registerCommand(INLINE_COMMANDS.writeTests, (...args: unknown[]) => actions.writeTests(args[0])),
    vscode.commands.registerCommand(INLINE_COMMANDS.acceptRefactor, () => actions.accept()),
    vscode.commands.registerCommand(INLINE_COMMANDS.rejectRefactor, () => actions.reject()),
    vscode.commands.registerCommand(INLINE_COMMANDS.refineRefactor, () => actions.refine()),
  );
}


class InlineActions implements vscode.Disposable {
  readonly documents = new ProposalDocuments();
  private current?: ActionRun;
  private running?: AbortController;

  constructor(private readonly deps: InlineActionDeps) {}

  dispose(): void {
    this.running?.abort();
    void this.current?.proposal.dispose();
    this.documents.dispose();
  }

  async refactor(arg: unknown): Promise<void> {
    const target = await actionTarget(arg);
    if (!target) return;
    const chosen = await chooseForTarget(target);
    if (!chosen) return;
    // Definitions are looked up while the user types the instruction.
    const related = this.related(target.document, actionSource(target.document, chosen.range));
    const instruction = await vscode.window.showInputBox({
      title: `Mini Coder: refactor ${chosen.label}`,
      prompt: 'How should this code change?',
      placeHolder: 'e.g. use async/await, extract a helper, handle the empty case',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Describe the change, or press Escape to cancel.' : undefined),
    });
    if (!instruction) return;
    await this.rewrite('refactor', target, chosen, (source, options) => refactorPrompt(source, instruction, options), related);
  }

  async fix(arg: unknown): Promise<void> {
    const target = await actionTarget(arg);
    if (!target) return;
    const problems = target.diagnostic ? [target.diagnostic] : problemsAt(target);
    if (problems.length === 0) {
      void vscode.window.showInformationMessage('Mini Coder: there is no problem (error or warning) at the cursor to fix.');
      return;
    }
    const text = target.document.getText();
    const first = problems[0].range;
    const symbols = await documentSymbols(target.document);
    const chosen = rangeForDiagnostic(text, { start: first.start, end: first.end }, symbols);
    // Every problem sent lies inside the range the answer replaces (the first one always does).
    const sent = problems.filter((p) => target.document.offsetAt(p.range.start) >= chosen.range.start && target.document.offsetAt(p.range.end) <= chosen.range.end);
    const diagnostics: ActionDiagnostic[] = sent.map((p) => ({
      message: p.message,
      severity: severityName(p.severity),
      source: p.source,
      code: typeof p.code === 'object' ? String(p.code.value) : p.code === undefined ? undefined : String(p.code),
      range: { start: target.document.offsetAt(p.range.start), end: target.document.offsetAt(p.range.end) },
    }));
    await this.rewrite('fix', target, chosen, (source, options) => fixPrompt(source, diagnostics, options));
  }

  async document(arg: unknown): Promise<void> {
    const target = await actionTarget(arg);
    if (!target) return;
    const chosen = await chooseForTarget(target);
    if (!chosen) return;
    await this.rewrite('document', target, chosen, (source, options) => documentPrompt(source, options));
  }

  async explain(arg: unknown): Promise<void> {
    const target = await actionTarget(arg);
    if (!target) return;
    const chosen = await chooseForTarget(target);
    if (!chosen) return;
    const source = actionSource(target.document, chosen.range);
    const start = target.document.positionAt(chosen.range.start);
    const end = target.document.positionAt(chosen.range.end);
    try {
      await this.deps.askInChat(explainPrompt(source, { fileBudgetTokens: 3_000 }), {
        path: source.path,
        languageId: source.languageId,
        range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
        text: source.text.slice(chosen.range.start, chosen.range.end),
        ...nameOf(chosen, source.text.slice(chosen.range.start, chosen.range.end), source.languageId),
      });
    } catch (err) {
      void this.showFailure({ kind: 'unknown', message: `The chat could not take the question: ${(err as Error).message}` }).then((choice) =>
        choice === 'Retry' ? this.explain(arg) : undefined,
      );
    }
  }

  async writeTests(arg: unknown): Promise<void> {
    const target = await actionTarget(arg);
    if (!target) return;
    const folder = vscode.workspace.getWorkspaceFolder(target.document.uri);
    if (!folder || target.document.isUntitled) {
      void vscode.window.showWarningMessage('Mini Coder: save the file inside a workspace folder first, so the test file has a place to go.');
      return;
    }
    const chosen = await chooseForTarget(target);
    if (!chosen) return;
    const sourcePath = vscode.workspace.asRelativePath(target.document.uri, false);
    const proposal = proposeTestFile(sourcePath, await testConventionFiles(folder));
    this.deps.log?.(`inline tests: ${proposal.path} (${proposal.reason})`);
    const testUri = vscode.Uri.joinPath(folder.uri, proposal.path);
    const existing = await readIfExists(testUri);
    const example = proposal.example ? await readIfExists(vscode.Uri.joinPath(folder.uri, proposal.example)) : undefined;
    const testTarget = {
      path: proposal.path,
      importPath: proposal.importPath,
      existingText: existing,
      example: example === undefined || proposal.example === undefined ? undefined : { path: proposal.example, text: example.split('\n').slice(0, EXAMPLE_TEST_LINES).join('\n') },
    };
    const proposalTarget: ProposalTarget = existing === undefined ? { kind: 'newFile', uri: testUri } : { kind: 'range', uri: testUri, snapshot: { text: existing, range: { start: 0, end: existing.length } } };
    await this.start(
      'tests',
      target,
      chosen,
      proposalTarget,
      { original: existing ?? '', wholeFile: true, eol: existing !== undefined ? detectEol(existing) : detectEol(target.document.getText()) },
      `Tests for ${chosen.label} → ${path.posix.basename(proposal.path)}`,
      (source, options) => testsPrompt(source, testTarget, options),
    );
  }

  async accept(): Promise<void> {
    const run = this.current;
    if (!run || run.proposal.replacement === undefined) {
      void vscode.window.showInformationMessage('Mini Coder: there is no finished proposal to accept.');
      return;
    }
    const result = await run.proposal.accept();
    if (!result.ok) {
      // A stale document: the proposal stays open to read or reject; the action run again starts from the current text.
      void this.showFailure(result.error, { retry: false });
      return;
    }
    await this.finish(run);
    const editor = await vscode.window.showTextDocument(result.document, { preview: false });
    editor.selection = new vscode.Selection(result.range.start, result.range.end);
    editor.revealRange(result.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if (!result.exact) void vscode.window.showWarningMessage('Mini Coder: the document also changed while the edit was applied; check the result (Undo reverts the edit).');
  }

  async reject(): Promise<void> {
    if (this.current) await this.finish(this.current);
  }

  async refine(): Promise<void> {
    const run = this.current;
    if (!run || run.answer === undefined) {
      void vscode.window.showInformationMessage('Mini Coder: there is no proposal to refine.');
      return;
    }
    const instruction = await vscode.window.showInputBox({
      title: `Mini Coder: refine the proposal for ${run.label}`,
      prompt: 'What should be different?',
      placeHolder: 'e.g. keep the old function name, no comments',
      ignoreFocusOut: true,
    });
    if (!instruction?.trim()) return;
    run.request = { ...run.request, input: refineInput(run.request.input, run.answer, instruction, run.kind) };
    await this.rerun(run);
  }

  /** Builds the prompt and streams a range rewrite into a preview of the same document. */
  private async rewrite(
    kind: RewriteKind,
    target: Target,
    chosen: ChosenRange,
    build: (source: ActionSource, options: PromptOptions) => ActionPrompt,
    related?: Promise<RelatedSnippet[]>,
  ): Promise<void> {
    const document = target.document;
    const text = document.getText();
    const startPos = document.positionAt(chosen.range.start);
    const clean: CleanOptions = {
      original: text.slice(chosen.range.start, chosen.range.end),
      // Ranges are snapped to line starts unless code precedes them on their first line.
      startsAtLineStart: startPos.character === 0,
      lineIndent: leadingWhitespace(document.lineAt(startPos.line).text),
      eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    };
    const name = path.posix.basename(document.uri.path);
    const title = `${VERB[kind]} ${chosen.label} of ${name} (proposal)`;
    await this.start(kind, target, chosen, { kind: 'range', uri: document.uri, snapshot: { text, range: chosen.range } }, clean, title, build, related);
  }

  private async start(
    kind: RewriteKind | 'tests',
    target: Target,
    chosen: ChosenRange,
    proposalTarget: ProposalTarget,
    clean: CleanOptions,
    title: string,
    build: (source: ActionSource, options: PromptOptions) => ActionPrompt,
    early?: Promise<RelatedSnippet[]>,
  ): Promise<void> {
    const provider = await this.provider();
    if (!provider) return;
    const settings = this.deps.getModelOptions();
    const budget = settings.contextBudgetTokens ?? DEFAULT_BUDGET;
    const source = actionSource(target.document, chosen.range);
    const related = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Mini Coder: reading related code' }, () =>
      early ?? this.related(target.document, source),
    );
    const prompt = build(source, { related, fileBudgetTokens: Math.round(budget * 0.65), relatedBudgetTokens: Math.round(budget * 0.35) });
    // One proposal at a time: a new action replaces the one still open.
    if (this.current) await this.finish(this.current);
    const run: ActionRun = {
      kind,
      label: chosen.label,
      request: { model: settings.model, instructions: prompt.instructions, input: prompt.input, options: settings.options },
      proposal: new Proposal(proposalTarget, title, this.documents),
      clean,
      original: clean.original,
    };
    this.current = run;
    await this.rerun(run, provider);
  }

  /** Streams the run's request into its preview, then offers the proposal for review. */
  private async rerun(run: ActionRun, knownProvider?: ModelProvider): Promise<void> {
    const provider = knownProvider ?? (await this.provider());
    if (!provider) return;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    run.proposal.restart();
    await vscode.commands.executeCommand('setContext', PROPOSAL_CONTEXT_KEY, false);
    await run.proposal.show();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Mini Coder: ${VERB[run.kind].toLowerCase()} ${run.label}…`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let lines = 0;
        return runInlineAction(
          provider,
          run.request,
          (text) => {
            run.proposal.stream(() => {
              const preview = cleanRewrite(text, run.clean);
              return preview.ok ? preview.text : text;
            });
            const count = text.split('\n').length;
            if (count !== lines) progress.report({ message: `${(lines = count)} line${count === 1 ? '' : 's'} received` });
          },
          controller.signal,
        );
      },
    );
    if (this.running === controller) this.running = undefined;
    if (this.current !== run) return; // replaced by a newer action meanwhile
    this.deps.onUsage?.(result.usage);
    this.deps.log?.(`inline ${run.kind}: ${result.usage.inputTokens} in (${result.usage.cachedInputTokens} cached), ${result.usage.outputTokens} out${result.error ? `, ${result.error.kind}` : ''}`);
    run.answer = result.text;
    // Notifications wait for a click that may never come: their choices are handled when they arrive,
    // so the command itself completes as soon as the proposal (or the failure) is shown.
    if (result.error) {
      await this.finish(run);
      void this.showFailure(result.error, { answer: result.text }).then((choice) => (choice === 'Retry' ? this.again(run) : undefined));
      return;
    }
    const cleaned = cleanRewrite(result.text, run.clean);
    if (!cleaned.ok) {
      // The run stays open so the user can refine the request that produced an unusable answer.
      run.proposal.restart();
      void this.showFailure(cleaned.error, { answer: result.text, refine: true }).then((choice) => {
        if (this.current !== run || run.proposal.replacement !== undefined) return undefined;
        if (choice === 'Retry') return this.rerun(run);
        if (choice === 'Refine…') return this.refine();
        return this.finish(run);
      });
      return;
    }
    if (cleaned.text === run.original) {
      await this.finish(run);
      void vscode.window.showInformationMessage(`Mini Coder: the model proposed no change to ${run.label}.`);
      return;
    }
    run.proposal.complete(cleaned.text);
    await vscode.commands.executeCommand('setContext', PROPOSAL_CONTEXT_KEY, true);
    void this.offerReview(run, cleaned.text);
  }

  /** Retries a run whose proposal was closed: opens a fresh preview for the same request. */
  private async again(run: ActionRun): Promise<void> {
    if (this.current) await this.finish(this.current);
    const fresh: ActionRun = { ...run, proposal: new Proposal(run.proposal.target, run.proposal.title, this.documents), answer: undefined };
    this.current = fresh;
    await this.rerun(fresh);
  }

  private async offerReview(run: ActionRun, replacement: string): Promise<void> {
    const where = run.proposal.target.kind === 'newFile' ? `the new file ${vscode.workspace.asRelativePath(run.proposal.target.uri)}` : run.label;
    const warning = run.kind === 'document' && !keepsEveryLine(run.original, replacement) ? ' Careful: the answer also changes code, not only comments.' : '';
    const choice = await vscode.window.showInformationMessage(`Mini Coder: review the proposed change to ${where}.${warning}`, 'Accept', 'Reject', 'Refine…');
    // The buttons act only on the proposal they were shown for.
    if (this.current !== run || run.proposal.replacement !== replacement) return;
    if (choice === 'Accept') await this.accept();
    else if (choice === 'Reject') await this.reject();
    else if (choice === 'Refine…') await this.refine();
  }

  private async finish(run: ActionRun): Promise<void> {
    if (this.current === run) {
      this.current = undefined;
      this.running?.abort();
      await vscode.commands.executeCommand('setContext', PROPOSAL_CONTEXT_KEY, false);
    }
    await run.proposal.dispose();
  }

  private async provider(): Promise<ModelProvider | undefined> {
    const provider = await this.deps.getProvider();
    if (provider) return provider;
    // Ask for the key right away and go on with it; a notification saying a key is missing would stay on
    // screen after the key was set.
    await vscode.commands.executeCommand('miniCoder.setApiKey');
    return this.deps.getProvider();
  }

  /** Shows an error with the actions that can fix it; resolves the one picked (Retry, Refine…), if any. */
  private async showFailure(error: ErrorInfo, options: { answer?: string; retry?: boolean; refine?: boolean } = {}): Promise<string | undefined> {
    if (error.kind === 'cancelled') {
      vscode.window.setStatusBarMessage('Mini Coder: stopped.', 3000);
      return undefined;
    }
    const actions = [
      ...(error.kind === 'auth' ? ['Set API Key'] : options.retry !== false ? ['Retry'] : []),
      ...(options.refine ? ['Refine…'] : []),
      ...(options.answer?.trim() ? ['Show Answer'] : []),
    ];
    const choice = await vscode.window.showErrorMessage(`Mini Coder: ${error.message}`, ...actions);
    if (choice === 'Set API Key') await vscode.commands.executeCommand('miniCoder.setApiKey');
    if (choice === 'Show Answer' && options.answer) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: options.answer, language: 'markdown' }), { preview: true });
    }
    return choice;
  }

  private async related(document: vscode.TextDocument, source: ActionSource): Promise<RelatedSnippet[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 3000);
    try {
      if (this.deps.getRelatedContext) return await this.deps.getRelatedContext(source, controller.signal);
      return await definitionsUsedIn(document, new vscode.Range(document.positionAt(source.range.start), document.positionAt(source.range.end)));
    } catch (err) {
      this.deps.log?.(`inline related context skipped: ${(err as Error).message}`);
      return [];
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The name of the declaration an explained range is: the editor's symbol, or the one declaration the selection holds. */
function nameOf(chosen: ChosenRange, text: string, languageId: string): { name?: string } {
  if (chosen.source === 'symbol') return { name: chosen.label.slice(chosen.label.lastIndexOf(' ') + 1) };
  const family = languageFamily(languageId);
  if (!family) return {};
  const found = outline(splitLines(text.replace(/\n$/, '')), family);
  const only = found.declarations.length === 1 && found.stray.length === 0 ? found.declarations[0] : undefined;
  return only && only.kind !== 'import' ? { name: only.name } : {};
}
