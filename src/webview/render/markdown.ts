// Markdown to sanitized DOM. Model output is untrusted: raw HTML is shown as text, links keep only web,
// mail and scheme-less targets, images are never loaded (a link or a placeholder stands in), and the
// result passes through the sanitizer before it is inserted.
import { Marked, type RendererObject, type Token, type TokenizerObject } from 'marked';
import { decorateCodeBlocks, parseFenceInfo } from './codeBlock';
import { escapeHtml, highlightCode, knownLanguage } from './highlight';
import { highlightLater, isHighlightingLater } from './laterHighlight';
import { sanitizeToFragment } from './sanitize';

/** The class of the element each top-level markdown block is rendered into. */
export const blockClass = 'md-block';

/** The target a link may keep, or undefined when its scheme is not allowed (javascript:, data:, file:...). */
export function linkTarget(href: string | null | undefined): string | undefined {
  const target = (href ?? '').trim();
  if (!target || target.startsWith('//')) return undefined;
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so judge without them.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target.replace(/[\u0000-\u0020]/g, ''));
  if (!scheme) return target;
  return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase()) ? target : undefined;
}

/** Code tokens to render without highlighting (a code block still streaming; see streaming.ts). */
const plainCode = new WeakSet<Token>();
/** The code blocks of the current render, in order, and those of them to highlight later (laterHighlight.ts). */
let codeBlocks = 0;
let codeToHighlight: Array<{ index: number; text: string; language: string }> = [];

const renderer: RendererObject = {
  html(token) {
    if (!('block' in token && token.block) && /^<br\s*\/?>$/i.test(token.text.trim())) return '<br>';
    const text = escapeHtml(token.text);
    return 'block' in token && token.block ? `<p class="raw-html">${text}</p>\n` : text;
  },
  link({ href, title, tokens }) {
    const text = this.parser.parseInline(tokens);
    const target = linkTarget(href);
    if (!target) return `<span class="unsafe-link" title="Link removed: its address is not allowed">${text}</span>`;
    return `<a href="${escapeHtml(target)}" title="${escapeHtml(title || target)}">${text}</a>`;
  },
  image({ href, text }) {
    const label = escapeHtml(text || 'image');
    const target = linkTarget(href);
    if (target && /^https?:/i.test(target)) {
      return `<a class="image-link" href="${escapeHtml(target)}" title="Image not loaded: ${escapeHtml(target)}">${label}</a>`;
    }
    return `<span class="image-placeholder" title="Image not shown">${label}</span>`;
  },
  code(token) {
    const { text, lang } = token;
    const info = parseFenceInfo(lang, text);
    const language = escapeHtml(info.language ?? '');
    const langClass = info.language ? ` language-${language}` : '';
    const path = info.path ? ` data-path="${escapeHtml(info.path)}"` : '';
    const index = codeBlocks++;
    let content: string;
    if (plainCode.has(token)) content = escapeHtml(text);
    else if (isHighlightingLater() && knownLanguage(info.language)) {
      codeToHighlight.push({ index, text, language: info.language! });
      content = escapeHtml(text);
    } else content = highlightCode(text, info.language);
    return `<pre data-lang="${language}"${path}><code class="hljs${langClass}">${content}</code></pre>\n`;
  },
  checkbox({ checked }) {
    return `<span class="task-checkbox">${checked ? '\u2611' : '\u2610'}</span> `;
  },
};

// Reference definitions are turned off: they resolve links anywhere in the text, so a definition arriving
// late in a stream would change blocks already shown; without them every block renders on its own.
const tokenizer: TokenizerObject = {
  def() {
    return undefined;
  },
  // An inline tag is shown as text, so it must not change how the text after it is read. marked's own tag
  // tokenizer keeps state across the whole parse: after a raw `<a ...>` bare URLs stop becoming links (until
  // a `</a>`, in any later block), and after `<code>`, `<pre>`, `<kbd>` or `<script>` the following text is
  // passed on unescaped (so "x <y and more" lost everything from "<y"). Neither survives a stream, where
  // blocks are lexed apart, so the same answer would look different reopened.
  tag(src) {
    if (!src.startsWith('<')) return undefined;
    const cap = this.rules.inline.tag.exec(src);
    return cap ? { type: 'html', raw: cap[0], text: cap[0], block: false, inLink: false, inRawBlock: false } : undefined;
  },
};

const marked = new Marked({ gfm: true, breaks: false, renderer, tokenizer });

/** Splits markdown into top-level block tokens. */
export function lexBlocks(text: string): Token[] {
  return marked.lexer(text);
}

/**
 * Renders block tokens, one `.md-block` element per non-space token, sanitized and with code toolbars.
 * `plain` names a code token to show without highlighting.
 */
export function renderBlocks(doc: Document, tokens: readonly Token[], plain?: Token): DocumentFragment {
  if (plain) plainCode.add(plain);
  codeBlocks = 0;
  codeToHighlight = [];
  let html = '';
  for (const token of tokens) {
    if (token.type === 'space') continue;
    html += `<div class="${blockClass}">${marked.parser([token])}</div>`;
  }
  const fragment = sanitizeToFragment(doc, html);
  if (codeToHighlight.length) {
    // Every <pre> comes from a code token (raw HTML is text), in the order they were rendered; should the
    // sanitizer ever drop one, the blocks stay plain rather than be coloured with another block's code.
    const codes = Array.from(fragment.querySelectorAll('pre'), (pre) => pre.querySelector('code'));
    for (const { index, text, language } of codes.length === codeBlocks ? codeToHighlight : []) {
      const code = codes[index];
      if (code) highlightLater(code, text, language);
    }
  }
  decorateCodeBlocks(doc, fragment);
  return fragment;
}
