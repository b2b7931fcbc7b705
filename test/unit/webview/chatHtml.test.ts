import assert from 'node:assert/strict';
import { chatHtml } from '../../../src/vscode/chatHtml';
import { createWebviewWindow } from '../../support/webviewDom';

describe('chat webview HTML', () => {
  const options = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'q1w2e3r4t5y6u7i8o9p0aA',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/chat.css', 'https://file+.vscode-resource.vscode-cdn.net/ext/codicon.css?a=1&b=2'],
  };

  function parse(html: string): Document {
    const doc = createWebviewWindow().document;
    doc.documentElement.innerHTML = html.replace(/^<!DOCTYPE html>\s*<html[^>]*>|<\/html>\s*$/g, '');
    return doc;
  }

  function policy(doc: Document): Map<string, string> {
    const content = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
    return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
  }

  it('accepts the space-separated source list VS Code in the browser gives (\'self\' plus the CDN)', () => {
    const html = chatHtml({ ...options, cspSource: "'self' https://*.vscode-cdn.net" });
    assert.match(html, /style-src 'self' https:\/\/\*\.vscode-cdn\.net;/);
  });

  it('allows nothing by default and scripts only with the nonce of this load', () => {
    const csp = policy(parse(chatHtml(options)));
    assert.equal(csp.get('default-src'), "'none'");
    assert.equal(csp.get('script-src'), `'nonce-${options.nonce}'`);
    assert.equal(csp.get('style-src'), options.cspSource);
    assert.equal(csp.get('font-src'), options.cspSource);
    assert.equal(csp.get('img-src'), `${options.cspSource} data:`);
    assert.equal(csp.get('base-uri'), "'none'");
  });

  it('has no unsafe-inline, unsafe-eval or wildcard source', () => {
    const html = chatHtml(options);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|\*(?!\.)/);
    const doc = parse(html);
    assert.equal(doc.querySelectorAll('[style], style').length, 0);
  });

  it('loads one script carrying the nonce, the stylesheets and a root to mount on', () => {
    const doc = parse(chatHtml(options));
    const scripts = Array.from(doc.querySelectorAll('script'));
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0].getAttribute('nonce'), options.nonce);
    assert.equal(scripts[0].getAttribute('src'), options.scriptUri);
    assert.equal(scripts[0].textContent, '');
    assert.deepEqual(Array.from(doc.querySelectorAll('link[rel="stylesheet"]')).map((l) => l.getAttribute('href')), options.styleUris);
    assert.ok(doc.querySelector('#app'));
  });

  it('refuses a nonce or source that could rewrite the policy', () => {
    assert.throws(() => chatHtml({ ...options, nonce: "abc'; script-src *" }));
    assert.throws(() => chatHtml({ ...options, nonce: 'short' }));
    assert.throws(() => chatHtml({ ...options, cspSource: "https://x; script-src 'unsafe-inline'" }));
    assert.throws(() => chatHtml({ ...options, cspSource: 'https://x, script-src *' }));
  });

  it('escapes resource addresses', () => {
    const html = chatHtml({ ...options, scriptUri: 'https://x/"><script>alert(1)</script>' });
    assert.equal(parse(html).querySelectorAll('script').length, 1);
  });
});
