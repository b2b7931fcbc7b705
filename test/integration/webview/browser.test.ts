// The chat webview in a real browser (Debian's Chromium through playwright-core): the bundle built as the
// extension builds it, served under the HTML and content security policy of src/vscode/chatHtml.ts, with a
// fake `acquireVsCodeApi`. Checks what happy-dom cannot: that the policy blocks nothing the view needs, and
// that DOMPurify and the renderer neutralise hostile output in a browser's own parser. Skips without Chromium.
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { HostMessage } from '../../../src/protocol/messages';
import { chatHtml } from '../../../src/vscode/chatHtml';
import { launchChromium } from '../../e2e/support/browser';

const repo = path.resolve(__dirname, '../../..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const nonce = 'bm9uY2UtZm9yLXRoaXMtbG9hZA';

// Runs before the bundle (same nonce): the API VS Code injects, and a record of policy violations.
const fakeApi = `
window.posted = []; window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: () => {} });
`;

// A dark theme's worth of the variables VS Code defines, so the screenshot looks like the editor.
const theme = `body { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-foreground: #ccc;
--vscode-sideBar-background: #252526; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 12px;
--vscode-textCodeBlock-background: #1e1e1e; --vscode-widget-border: #454545; --vscode-descriptionForeground: #999;
--vscode-textLink-foreground: #3794ff; --vscode-button-background: #0e639c; --vscode-button-foreground: #fff;
--vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #fff; --vscode-input-background: #3c3c3c;
--vscode-badge-background: #4d4d4d; --vscode-badge-foreground: #fff; --vscode-progressBar-background: #0e70c0;
--vscode-inputValidation-errorBackground: #5a1d1d; --vscode-inputValidation-errorBorder: #be1100; --vscode-errorForeground: #f48771;
--vscode-diffEditor-insertedLineBackground: rgba(155,185,85,.2); --vscode-diffEditor-removedLineBackground: rgba(255,0,0,.2);
--vscode-editorInfo-foreground: #3794ff; --vscode-focusBorder: #007fd4; }`;

const hostile = [
  'Hello <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script>',
  '',
  '<iframe src="javascript:window.pwned=3"></iframe>',
  '',
  '[click](javascript:window.pwned=4) ![remote](https://example.com/tracker.png) <a href="#" onclick="window.pwned=5">x</a>',
  '',
  '```ts src/answer.ts',
  'export const answer = 42; // <script>window.pwned=6</script>',
  '```',
].join('\n');

describe('chat webview in Chromium', function () {
  this.timeout(60_000);
  let server: Server;
  let browser: Browser;
  let page: Page;
  let dir: string;

  before(async function () {
    if (!existsSync(chromiumPath)) {
      console.log(`      (skipped: no Chromium at ${chromiumPath})`);
      this.skip();
    }
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mini-coder-webview-'));
    await esbuild.build({ entryPoints: [path.join(repo, 'src/webview/main.ts')], outfile: path.join(dir, 'webview.js'), bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent' });
    const codicons = path.join(repo, 'node_modules/@vscode/codicons/dist');
    const files: Record<string, string> = {
      '/webview.js': path.join(dir, 'webview.js'),
      '/media/chat.css': path.join(repo, 'media/chat.css'),
      '/codicons/codicon.css': path.join(codicons, 'codicon.css'),
      '/codicons/codicon.ttf': path.join(codicons, 'codicon.ttf'),
    };
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (url.pathname === '/') {
        const html = chatHtml({ cspSource: origin, nonce, scriptUri: `${origin}/webview.js`, styleUris: [`${origin}/theme.css`, `${origin}/codicons/codicon.css`, `${origin}/media/chat.css`] });
        res.setHeader('content-type', 'text/html');
        res.end(html.replace('<script nonce', `<script nonce="${nonce}" src="${origin}/fake-api.js"></script>\n  <script nonce`));
        return;
      }
      const type = url.pathname.endsWith('.css') ? 'text/css' : url.pathname.endsWith('.ttf') ? 'font/ttf' : 'text/javascript';
      const body = url.pathname === '/fake-api.js' ? fakeApi : url.pathname === '/theme.css' ? theme : files[url.pathname] ? await fs.readFile(files[url.pathname]) : undefined;
      res.statusCode = body === undefined ? 404 : 200;
      res.setHeader('content-type', type);
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { posted: Array<{ type: string }> }).posted.some((m) => m.type === 'ready'));
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const send = (message: HostMessage) => page.evaluate((m) => window.postMessage(m, '*'), message);

  it('renders hostile model output without running any of it, and the policy blocks nothing of the view', async () => {
    const settings = { service: 'responses' as const, model: 'gpt-5.4-mini', hasKey: true, autoApproveEdits: false, contextWindow: 400_000 };
    const usage = { inputTokens: 52_000, cachedInputTokens: 40_000, outputTokens: 900, reasoningTokens: 200, costUsd: 0.0123 };
    await send({ type: 'state', conversationId: 'c', title: 'Browser check', settings, busy: false, totals: usage, messages: [{ id: 'u1', role: 'user', text: 'Show me', status: 'done' }] });
    await send({ type: 'messageStart', message: { id: 'a1', role: 'assistant', text: '', status: 'streaming', turnId: 't1' } });
    await send({ type: 'toolCall', messageId: 'a1', call: { callId: 'c1', name: 'read_file', args: '{"path":"src/answer.ts"}', status: 'done', summary: '12 lines' } });
    for (let i = 0; i < hostile.length; i += 7) await send({ type: 'textDelta', messageId: 'a1', delta: hostile.slice(i, i + 7) });
    await send({ type: 'edit', messageId: 'a1', edit: { editId: 'e1', status: 'pending', files: [{ path: 'src/answer.ts', kind: 'update', diff: '@@ -1 +1 @@\n-old\n+new', added: 1, removed: 1 }] } });
    await send({ type: 'messageEnd', messageId: 'a1', status: 'done' });
    await send({ type: 'usage', messageId: 'a1', usage, totals: usage, contextTokens: 52_000 });
    await page.locator('.edit-card').waitFor();

    const result = await page.evaluate(() => ({
      pwned: (window as unknown as { pwned?: number }).pwned,
      violations: (window as unknown as { violations: string[] }).violations,
      active: document.querySelectorAll('#transcript script, #transcript iframe, #transcript img, #transcript [onerror], #transcript [onclick]').length,
      hrefs: Array.from(document.querySelectorAll('#transcript a')).map((a) => a.getAttribute('href')),
      meterWidth: (document.querySelector('.meter-fill') as HTMLElement).style.width,
      codiconFont: getComputedStyle(document.querySelector('.codicon') as Element).fontFamily,
      code: document.querySelector('.code-block code')?.textContent,
    }));
    assert.equal(result.pwned, undefined);
    assert.deepEqual(result.violations, [], 'nothing the view loads or does is blocked by its policy');
    assert.equal(result.active, 0);
    assert.deepEqual(result.hrefs, ['https://example.com/tracker.png'], 'the remote image became a link; the javascript: link and raw <a> are text');
    assert.equal(result.meterWidth, '13%', 'the context meter is sized through CSSOM, which the policy allows');
    assert.match(result.codiconFont, /codicon/);
    assert.equal(result.code, 'export const answer = 42; // <script>window.pwned=6</script>');
    await page.screenshot({ path: path.join(os.tmpdir(), 'mini-coder-webview.png'), fullPage: true });
  });

  it('blocks an inline script that has no nonce', async () => {
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.pwned = 7';
      document.body.append(script);
    });
    const result = await page.evaluate(() => ({ pwned: (window as unknown as { pwned?: number }).pwned, violations: (window as unknown as { violations: string[] }).violations }));
    assert.equal(result.pwned, undefined);
    assert.ok(result.violations.some((v) => v.startsWith('script-src')), result.violations.join(', '));
  });

  it('sends the prompt on Enter and the code actions through the host', async () => {
    await page.locator('#prompt').fill('Thanks!');
    await page.locator('#prompt').press('Enter');
    await page.locator('.code-block [aria-label="Copy code"]').click();
    await page.locator('[aria-label="Accept edit"]').click();
    const posted = await page.evaluate(() => (window as unknown as { posted: Array<Record<string, unknown>> }).posted);
    assert.deepEqual(posted.find((m) => m.type === 'send'), { type: 'send', text: 'Thanks!' });
    assert.deepEqual(posted.find((m) => m.type === 'copyCode'), { type: 'copyCode', code: 'export const answer = 42; // <script>window.pwned=6</script>' });
    assert.deepEqual(posted.find((m) => m.type === 'acceptEdit'), { type: 'acceptEdit', editId: 'e1' });
  });

  it('opens a long conversation of short messages showing its newest in the first frame, then follows it to the end; code coloured after that frame', async () => {
    const settings = { service: 'responses' as const, model: 'gpt-5.4-mini', hasKey: true, autoApproveEdits: false, contextWindow: 400_000 };
    const totals = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };
    const messages = Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, role: 'assistant' as const, status: 'done' as const, text: `Step ${i}:\n\n\`\`\`ts\nconst step${i} = ${i};\n\`\`\`` }));
    const state: HostMessage = { type: 'state', conversationId: 'short', title: 'Short messages', settings, busy: false, totals, messages };
    const seen = await page.evaluate(async (m) => {
      const transcript = document.getElementById('transcript')!;
      // Delivered as VS Code delivers it, but synchronously, so that what follows sees the view before any frame.
      window.dispatchEvent(new MessageEvent('message', { data: m }));
      const rendered = transcript.querySelectorAll('.message').length;
      const coloured = transcript.querySelectorAll('[class^="hljs-"]').length;
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const newest = transcript.querySelector('.message:last-child')!.getBoundingClientRect();
      const view = transcript.getBoundingClientRect();
      const first = { full: transcript.scrollHeight > transcript.clientHeight, newestInView: newest.top < view.bottom && newest.bottom > view.top };
      // Sizes may still settle (a font arriving): the view follows them to the end.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return { rendered, coloured, ...first, atEnd: transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight <= 2 };
    }, state);
    assert.ok(seen.rendered > 0 && seen.rendered < 200, `${seen.rendered} messages rendered before the first frame`);
    assert.equal(seen.coloured, 0, 'no highlighting before the first frame');
    assert.deepEqual({ full: seen.full, newestInView: seen.newestInView, atEnd: seen.atEnd }, { full: true, newestInView: true, atEnd: true });
    await page.waitForFunction(() => document.querySelectorAll('#transcript .message').length === 200 && document.querySelectorAll('#transcript code .hljs-keyword').length === 200);
    // Laid out at once for the first frames only, then left to skip layout off screen like the others.
    await page.waitForFunction(() => document.querySelectorAll('#transcript [style]').length === 0);
  });
});
