import assert from 'node:assert/strict';
import { linkTarget } from '../../../src/webview/render/markdown';
import { sanitizeToFragment } from '../../../src/webview/render/sanitize';
import { MarkdownView } from '../../../src/webview/render/streaming';
import { createWebviewWindow } from '../../support/webviewDom';
import { message, mountHarness, stateMessage } from './chatHarness';

describe('untrusted model output', () => {
  const doc = createWebviewWindow().document;

  function render(markdown: string): HTMLElement {
    const view = new MarkdownView(doc);
    view.set(markdown);
    return view.element;
  }

  function assertNothingActive(root: Element): void {
    assert.equal(root.querySelector('script, iframe, object, embed, img, svg, style, form, input, base, link, meta'), null, root.innerHTML);
    for (const el of Array.from(root.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        assert.ok(!/^on/i.test(attr.name), `event handler attribute ${attr.name} kept: ${root.innerHTML}`);
        assert.notEqual(attr.name, 'style', root.innerHTML);
      }
    }
    for (const a of Array.from(root.querySelectorAll('[href]'))) {
      assert.equal(linkTarget(a.getAttribute('href')), a.getAttribute('href'), `unsafe href kept: ${a.getAttribute('href')}`);
    }
  }

  it('shows raw HTML as text instead of running it', () => {
    const root = render('Hi <script>alert(1)</script> <img src=x onerror="alert(2)">\n\n<iframe src="https://evil.example"></iframe>\n\n<div onclick="x()">block</div>');
    assertNothingActive(root);
    assert.match(root.textContent ?? '', /<script>alert\(1\)<\/script>/);
    assert.match(root.textContent ?? '', /onerror="alert\(2\)"/);
    assert.match(root.textContent ?? '', /<iframe src="https:\/\/evil.example"><\/iframe>/);
  });

  it('drops javascript:, data: and other scheme links but keeps their text', () => {
    const root = render('[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:x) [e](file:///etc/passwd) <javascript:alert(3)>');
    assertNothingActive(root);
    assert.equal(root.querySelectorAll('a').length, 0, root.innerHTML);
    for (const text of ['a', 'b', 'c', 'd', 'e']) assert.ok(Array.from(root.querySelectorAll('.unsafe-link')).some((s) => s.textContent === text), text);
  });

  it('keeps web, mail and workspace-relative links', () => {
    const root = render('[site](https://example.com/a?b=1) [mail](mailto:a@example.com) [file](src/app.ts) [anchor](#usage)');
    assert.deepEqual(Array.from(root.querySelectorAll('a')).map((a) => a.getAttribute('href')), ['https://example.com/a?b=1', 'mailto:a@example.com', 'src/app.ts', '#usage']);
  });

  it('never loads an image: a remote one becomes a link, any other one a placeholder', () => {
    const root = render('![diagram](https://example.com/d.png) ![inline](data:image/png;base64,AAAA) ![local](./a.png)');
    assertNothingActive(root);
    const link = root.querySelector('a.image-link');
    assert.equal(link?.getAttribute('href'), 'https://example.com/d.png');
    assert.equal(link?.textContent, 'diagram');
    assert.deepEqual(Array.from(root.querySelectorAll('.image-placeholder')).map((s) => s.textContent), ['inline', 'local']);
  });

  it('escapes code block content and fence info', () => {
    const root = render('```"><img src=x onerror=alert(1)>\n<script>alert(1)</script>\n```');
    assertNothingActive(root);
    assert.equal(root.querySelector('pre code')?.textContent, '<script>alert(1)</script>');
  });

  it('removes scripts, frames, handlers and unsafe URLs even from HTML that bypassed the renderer', () => {
    const holder = doc.createElement('div');
    holder.append(
      sanitizeToFragment(
        doc,
        '<p>a<script>alert(1)</script>b<img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a><iframe src="//e"></iframe>' +
          '<span style="position:fixed" onmouseover="y()">c</span><svg><g onload="z()"></g></svg><a href="data:text/html,x">d</a></p>',
      ),
    );
    assertNothingActive(holder);
    assert.equal(holder.textContent, 'abxcd');
  });

  it('sends link clicks to the host instead of navigating', () => {
    const chat = mountHarness();
    chat.receive(stateMessage([message('m1', 'assistant', 'See [docs](https://example.com/docs).')]));
    const link = chat.$('.message.assistant a');
    const event = new chat.win.MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(event);
    assert.equal(event.defaultPrevented, true);
    assert.deepEqual(chat.sent('openLink'), [{ type: 'openLink', href: 'https://example.com/docs' }]);
  });

  it('shows only attached images that are data URIs of raster formats', () => {
    const chat = mountHarness();
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    chat.receive(stateMessage([message('u1', 'user', 'look', { images: [png, 'https://evil.example/x.png', 'data:image/svg+xml;base64,PHN2Zz4='] })]));
    assert.deepEqual(Array.from(chat.doc.querySelectorAll('.message.user img')).map((img) => img.getAttribute('src')), [png]);
  });
});
