// The VS Code workbench in a browser page, in the words a UI test uses: run a palette command, open a
// file, find a webview by an element id of its own, read the toasts.
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  /** Errors the workbench logged to the page console (an extension's view failing to load, ...). */
  readonly consoleErrors: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (message) => {
      // Offline noise: the gallery host and the vsda files of Microsoft's builds are unreachable here.
      if (message.type() === 'error' && !/404|vsda|open-vsx|ENOTFOUND/.test(message.text())) {
        this.consoleErrors.push(message.text().replace(/%c\s*|color: #[0-9a-f]+\s*/gi, ''));
      }
    });
  }

  /** Opens the workbench at `url` in a fresh browser context and waits until it has rendered. */
  static async open(browser: Browser, url: string): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    if (process.env.MINI_CODER_E2E_VERBOSE === '1') page.on('console', (message) => console.log(`[page ${message.type()}] ${message.text()}`));
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The status bar fills in once the workbench has restored its parts.
    await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
    return new Workbench(context, page);
  }

  /** Runs a command from the command palette by its full title, e.g. `Mini Coder: Set API Key`. */
  async runCommand(title: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!(await this.findInPalette(title, deadline - Date.now()))) {
        throw new Error(`the command palette has no command "${title}" after 30 s`);
      }
      try {
        await this.quickPickRow(title).click({ timeout: 2_000 });
        return;
      } catch (error) {
        // The palette closed under us (an editor an earlier command opens late took the focus): again.
        if (Date.now() >= deadline) throw error;
      }
    }
  }

  /** Whether the command palette lists a command with this exact title (within `timeoutMs`). */
  async paletteHas(title: string, timeoutMs = 10_000): Promise<boolean> {
    const found = await this.findInPalette(title, timeoutMs);
    await this.page.keyboard.press('Escape');
    return found;
  }

  /** Opens a workspace file by its path relative to the folder, through Quick Open. */
  async openFile(relativePath: string): Promise<void> {
    await this.runCommand('Go to File...');
    const input = this.page.locator('.quick-input-widget input');
    await input.fill(relativePath);
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.pickExactly(name);
    await this.page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).waitFor();
  }

  /** Answers an input box (a key prompt, say) and confirms it. */
  async answerInput(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await input.press('Enter');
  }

  /**
   * The frame holding a webview's own document, found by an element id the webview renders. Webview
   * content sits in an iframe inside VS Code's webview host iframe, so every frame is searched.
   */
  async webviewFrame(elementId: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        try {
          if (await frame.$(`#${elementId}`)) return frame;
        } catch {
          // the frame navigated or went away while we looked
        }
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no webview frame has an element with id "${elementId}" after ${timeoutMs} ms`);
  }

  /** The messages of the notification toasts on screen. */
  async toasts(): Promise<string[]> {
    const messages = await this.page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
    return messages.map((text) => text.trim());
  }

  /** Dismisses every notification, so a later `waitForToast` sees only new ones. */
  async clearToasts(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Waits for a toast whose message matches, and returns that message. */
  async waitForToast(match: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const matches = (text: string): boolean => (typeof match === 'string' ? text.includes(match) : match.test(text));
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = await this.toasts();
      const found = seen.find(matches);
      if (found !== undefined) return found;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no toast matched ${String(match)} within ${timeoutMs} ms; toasts on screen: ${JSON.stringify(seen)}`);
  }

  /** Shows a view container of the activity bar (Explorer, an extension's, ...) by its name, if hidden. */
  async openSidebar(name: string): Promise<void> {
    const item = this.page.locator('.activitybar .action-item').filter({ has: this.page.locator(`.action-label[aria-label^="${name}"]`) }).first();
    await item.waitFor({ timeout: 20_000 });
    // Clicking the entry of the container already shown would hide it.
    if (!((await item.getAttribute('class')) ?? '').split(/\s+/).includes('checked')) await item.click();
  }

  /** The accessible names of the activity bar's entries (Explorer, Search, ..., an extension's container). */
  async activityBarEntries(): Promise<string[]> {
    const labels = await this.page.locator('.activitybar .action-item .action-label').evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('aria-label') ?? ''),
    );
    return labels.filter(Boolean);
  }

  /** Drags the sash on the side bar's edge until the side bar is about `width` pixels wide. */
  async resizeSidebar(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('the side bar is not shown');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width - 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    // Off the sash, which stays highlighted while the pointer rests on it.
    await this.page.mouse.move(box.x + width + 300, y);
  }

  /** "Developer: Reload Window", as a user would, and waits until the workbench has rendered again. */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /**
   * Types the title into the command palette until a row with exactly that title shows, reopening the
   * palette between tries: it lists what the workbench knew when it opened, and an extension's commands
   * arrive a moment after the workbench renders. Leaves the palette open.
   */
  private async findInPalette(title: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const input = this.page.locator('.quick-input-widget input');
    const patience = (): number => Math.max(500, Math.min(3_000, deadline - Date.now()));
    for (;;) {
      // F1 while the previous pick is still closing would be lost: wait until it is gone.
      await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      try {
        await this.page.keyboard.press('F1');
        // The palette also closes by itself when an editor opened a moment late takes the focus.
        await input.waitFor({ state: 'visible', timeout: patience() });
        await input.fill(`>${title}`, { timeout: patience() });
        await this.quickPickRow(title).waitFor({ timeout: patience() });
        return true;
      } catch {
        if (Date.now() >= deadline) return false;
        // Only while it is open: Escape in an editor would drop the selection a later command needs.
        if (await input.isVisible()) await this.page.keyboard.press('Escape');
      }
    }
  }

  private quickPickRow(title: string) {
    const label = this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
    return this.page.locator('.quick-input-list .monaco-list-row').filter({ has: label }).first();
  }

  private async pickExactly(title: string): Promise<void> {
    const row = this.quickPickRow(title);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
  }
}
