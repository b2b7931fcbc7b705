// Steps of Mini Coder's UI that several flows take, in the user's words.
import * as assert from 'node:assert/strict';
import type { Frame, Locator } from 'playwright-core';
import type { Workbench } from '../support/workbench';
import type { TestWorkspace } from '../support/workspace';

/** Stores a key through "Mini Coder: Set API Key" and waits for the confirmation. */
export async function setApiKey(workbench: Workbench, key: string): Promise<void> {
  await workbench.clearToasts();
  await workbench.runCommand('Mini Coder: Set API Key');
  await workbench.answerInput(key);
  await workbench.waitForToast('API key for');
}

/** Starts a new conversation and returns the chat view's document once it shows an empty transcript. */
export async function openNewChat(workbench: Workbench): Promise<Frame> {
  await workbench.openSidebar('Mini Coder');
  const chat = await workbench.webviewFrame('app');
  // The service picker fills in once the view has the host's state; only then does an empty transcript mean
  // an empty chat. New Chat runs only when there is something to clear: on an empty one nothing would show
  // when it has run, and if it ran late it would stop the next question.
  await chat.locator('#service-picker option').first().waitFor({ state: 'attached', timeout: 10_000 });
  if ((await chat.locator('article.message').count()) > 0) {
    await workbench.runCommand('Mini Coder: New Chat');
    await chat.waitForFunction(() => document.querySelectorAll('article.message').length === 0, undefined, { timeout: 10_000 });
  }
  return chat;
}

/** Types a prompt into the composer, sends it with Enter and waits for it to show in the transcript. */
export async function ask(chat: Frame, prompt: string): Promise<void> {
  // The previous answer may have ended a moment before the view heard that the chat is no longer busy.
  await chat.locator('#send:not([disabled])').waitFor({ timeout: 10_000 });
  const composer = chat.locator('#prompt');
  await composer.fill(prompt);
  await composer.press('Enter');
  await chat.locator('article.message.user', { hasText: prompt }).waitFor({ timeout: 10_000 });
}

/** The newest assistant message of the transcript. */
export function lastAnswer(chat: Frame): Locator {
  return chat.locator('article.message.assistant').last();
}

/** Waits for the newest assistant message to end with `status` (done, stopped, error, ...). */
export async function waitForAnswerStatus(chat: Frame, status: string, timeoutMs = 30_000): Promise<Locator> {
  const answer = chat.locator(`article.message.assistant[data-status="${status}"]`).last();
  await answer.waitFor({ timeout: timeoutMs });
  return answer;
}

/**
 * The editor of a diff whose right side shows a document of `scheme` (an edit's or a refactor's
 * proposal). Monaco puts each editor's model URI in a `data-uri` attribute.
 */
export function diffEditorShowing(workbench: Workbench, scheme: string): Locator {
  return workbench.page.locator(`.monaco-diff-editor .editor.modified .monaco-editor[data-uri^="${scheme}:"]`);
}

/** Selects lines `first` to `last` (1-based) of the active editor whole, through the last one's line break. */
export async function selectLines(workbench: Workbench, first: number, last: number): Promise<void> {
  await workbench.runCommand('Go to Line/Column...');
  await workbench.answerInput(`:${first}:1`);
  for (let line = first; line <= last; line++) await workbench.page.keyboard.press('Shift+ArrowDown');
}

/**
 * Waits until a workspace file on disk reads `expected` (an edit is saved a moment after it applies),
 * failing with the difference when it never does.
 */
export async function waitForDisk(workspace: TestWorkspace, relative: string, expected: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (workspace.read(relative) !== expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(workspace.read(relative), expected, `${relative} on disk`);
}

/** The themes VS Code ships, by the kind its webviews see in `body[data-vscode-theme-kind]`. */
export const THEMES = [
  { name: 'Light Modern', kind: 'vscode-light' },
  { name: 'Dark Modern', kind: 'vscode-dark' },
  { name: 'Dark High Contrast', kind: 'vscode-high-contrast' },
  { name: 'Light High Contrast', kind: 'vscode-high-contrast-light' },
] as const;

/** Switches the colour theme through "Preferences: Color Theme" and waits for the chat to get its colours. */
export async function setColorTheme(workbench: Workbench, chat: Frame, theme: (typeof THEMES)[number]): Promise<void> {
  await workbench.runCommand('Preferences: Color Theme');
  await workbench.answerInput(theme.name);
  await chat.waitForFunction((kind) => document.body.getAttribute('data-vscode-theme-kind') === kind, theme.kind, { timeout: 15_000 });
  // The new variables apply on the next style pass.
  await chat.waitForTimeout(300);
}

/** Waits for the newest answer itself (not an earlier one) to end with `status`. */
export async function waitForLastAnswer(chat: Frame, status: string, timeoutMs = 60_000): Promise<Locator> {
  await chat.waitForFunction(
    (wanted) => {
      const answers = document.querySelectorAll('article.message.assistant');
      return answers.length > 0 && answers[answers.length - 1].getAttribute('data-status') === wanted;
    },
    status,
    { timeout: timeoutMs },
  );
  return lastAnswer(chat);
}
