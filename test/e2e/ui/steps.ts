// Steps of Mini Coder's UI that several flows take, in the user's words.
import type { Frame } from 'playwright-core';
import type { Workbench } from '../support/workbench';

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
  await workbench.runCommand('Mini Coder: New Chat');
  await chat.waitForFunction(() => document.querySelectorAll('article.message').length === 0, undefined, { timeout: 10_000 });
  return chat;
}

/** Types a prompt into the composer, sends it with Enter and waits for it to show in the transcript. */
export async function ask(chat: Frame, prompt: string): Promise<void> {
  const composer = chat.locator('textarea').first();
  await composer.fill(prompt);
  await composer.press('Enter');
  await chat.locator('article.message.user', { hasText: prompt }).waitFor({ timeout: 10_000 });
}
