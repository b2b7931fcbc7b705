// What every UI flow shares: one code-server with the packaged extension installed, the fake model
// service it talks to, a throwaway workspace and Chromium. Mocha's root hooks start it once, save a
// screenshot when a test fails, and always stop it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Mocha from 'mocha';
import type { Browser } from 'playwright-core';
import { startCodeServer, testSettings, type RunningCodeServer } from '../../../scripts/e2e/codeServer';
import { FakeResponsesServer } from '../../support/fakeResponsesServer';
import { FakeRunwareServer } from '../../support/fakeRunwareServer';
import { launchChromium } from '../support/browser';
import { resultsDir } from '../support/paths';
import { Workbench } from '../support/workbench';
import { createWorkspace, type TestWorkspace } from '../support/workspace';

/** The only key the fake services accept; any other gets their 401 (invalid key). */
export const validApiKey = 'e2e-valid-key';

export interface UiSessionConfig {
  vsix: string;
}

let config: UiSessionConfig | undefined;

export function configureUiSession(next: UiSessionConfig): void {
  config = next;
}

export class UiSession {
  private current: Workbench | undefined;
  /** Copies of the sample project opened by flows that change files; removed when the session stops. */
  private readonly copies: TestWorkspace[] = [];

  private constructor(
    readonly server: RunningCodeServer,
    readonly browser: Browser,
    readonly workspace: TestWorkspace,
    /** Flows queue the model's turns here (`responses.enqueue(...)`) and read what it was sent. */
    readonly responses: FakeResponsesServer,
    readonly runware: FakeRunwareServer,
  ) {}

  static async start({ vsix }: UiSessionConfig): Promise<UiSession> {
    const responses = await FakeResponsesServer.start({ expectedApiKey: validApiKey });
    const runware = await FakeRunwareServer.start({ apiKey: validApiKey });
    const workspace = createWorkspace();
    let server: RunningCodeServer | undefined;
    try {
      // The extension host inherits this environment; these variables override the services' base URLs.
      const env = { MINI_CODER_RESPONSES_BASE_URL: responses.baseURL, MINI_CODER_RUNWARE_BASE_URL: runware.url };
      server = await startCodeServer({ vsix, env, settings: testSettings });
      const browser = await launchChromium();
      return new UiSession(server, browser, workspace, responses, runware);
    } catch (error) {
      await server?.stop();
      await Promise.all([responses.close(), runware.close()]);
      workspace.remove();
      throw error;
    }
  }

  /** The workbench page shared by the flows, opened on first use. */
  async workbench(): Promise<Workbench> {
    this.current ??= await Workbench.open(this.browser, this.server.workbenchUrl(this.workspace.folder));
    return this.current;
  }

  /** A newly loaded workbench, for a flow that must not see what earlier flows left on screen. */
  async freshWorkbench(): Promise<Workbench> {
    await this.current?.close();
    this.current = undefined;
    return this.workbench();
  }

  /**
   * A newly loaded workbench on a fresh copy of the sample project, for a flow that changes files: no
   * earlier flow's edits, editors or chat. Later flows go on using this page and folder.
   */
  async workbenchOnFreshCopy(): Promise<{ workbench: Workbench; workspace: TestWorkspace }> {
    const workspace = createWorkspace();
    this.copies.push(workspace);
    await this.current?.close();
    this.current = undefined;
    this.current = await Workbench.open(this.browser, this.server.workbenchUrl(workspace.folder));
    return { workbench: this.current, workspace };
  }

  /** The page currently open, if any (for screenshots of failures). */
  get openWorkbench(): Workbench | undefined {
    return this.current;
  }

  async stop(): Promise<void> {
    await this.current?.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    await Promise.all([this.responses.close(), this.runware.close()]);
    this.workspace.remove();
    for (const copy of this.copies) copy.remove();
  }
}

let active: UiSession | undefined;

/** The running session; only valid inside a UI test. */
export function session(): UiSession {
  if (!active) throw new Error('the UI session is not running: run UI flows through `npm run test:e2e:ui`');
  return active;
}

const slug = (title: string): string =>
  title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 120);

export const uiHooks: Mocha.RootHookObject = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(240_000);
    if (!config) throw new Error('configureUiSession() was not called before the UI suite ran');
    active = await UiSession.start(config);
  },
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    const page = active?.openWorkbench;
    if (test?.state !== 'failed' || !page) return;
    const errors = [...page.consoleErrors, ...(active?.server.extensionHostErrors() ?? [])];
    for (const error of errors.slice(-8)) console.log(`      logged: ${error.slice(0, 300)}`);
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${slug(test.fullTitle())}.png`);
    await page.screenshot(file).then(
      () => console.log(`      screenshot: ${path.relative(process.cwd(), file)}`),
      (error: unknown) => console.log(`      no screenshot: ${String(error)}`),
    );
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await active?.stop();
    active = undefined;
  },
};
