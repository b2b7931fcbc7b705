// Code blocks: which language and file a fence names, and the toolbar (copy, insert at cursor, apply to
// file) added to each block after sanitizing. The toolbar is built with DOM calls by trusted code, so it
// never passes through the sanitizer; the click handler finds the code through the block.
import { iconButton, h } from '../dom';
import { knownLanguage } from './highlight';

export interface FenceInfo {
  /** The language word as written (may be unknown to the highlighter). */
  language?: string;
  /** A workspace path the fence names, for "apply to file". */
  path?: string;
}

const pathLike = /^(?!https?:)(?:[\w@~.-]+\/)*[\w@.-]+\.[\w-]+$/;
const pathInFirstLine = /^\s*(?:\/\/|#|--|;|<!--|\/\*)\s*(?:file(?:name)?|path)\s*:\s*([^\s*]+)/i;

/** Reads a fence's info string: "ts", "ts title=src/a.ts", "ts:src/a.ts", "src/a.ts", "ts src/a.ts". */
export function parseFenceInfo(info: string | undefined, code = ''): FenceInfo {
  const result: FenceInfo = {};
  const words = (info ?? '').trim().split(/\s+/).filter(Boolean);
  const first = words.shift();
  if (first) {
    const colon = first.indexOf(':');
    if (colon > 0 && pathLike.test(first.slice(colon + 1))) {
      result.language = first.slice(0, colon);
      result.path = first.slice(colon + 1);
    } else if (pathLike.test(first) && !knownLanguage(first)) {
      result.path = first;
      const ext = first.slice(first.lastIndexOf('.') + 1);
      if (knownLanguage(ext)) result.language = ext;
    } else {
      result.language = first;
    }
  }
  for (const word of words) {
    if (result.path) break;
    const value = word.replace(/^(?:title|file|filename|path)=/i, '').replace(/^["']|["']$/g, '');
    if (pathLike.test(value)) result.path = value;
  }
  if (!result.path) {
    const end = code.indexOf('\n');
    const firstLine = end === -1 ? code : code.slice(0, end);
    const match = pathInFirstLine.exec(firstLine);
    if (match && pathLike.test(match[1])) result.path = match[1];
  }
  return result;
}

const toolbars = new WeakMap<Document, HTMLElement>();
const shellToolbars = new WeakMap<Document, HTMLElement>();
/** Shell commands go to a terminal, never into a file: their blocks get no Insert at cursor or Apply. */
const shellLanguages = new Set(['sh', 'bash', 'zsh', 'fish', 'shell', 'console', 'shellsession', 'terminal', 'powershell', 'ps1', 'pwsh', 'cmd', 'bat', 'batch']);

/** The toolbar every code block gets, built once per document and cloned (streaming re-renders often). */
function toolbarTemplate(doc: Document, shell: boolean): HTMLElement {
  const cache = shell ? shellToolbars : toolbars;
  let toolbar = cache.get(doc);
  if (!toolbar) {
    const actions = shell
      ? [iconButton(doc, 'play', 'Run in terminal (asks first unless allowed)', 'run-terminal'), iconButton(doc, 'terminal', 'Insert into terminal (not run)', 'insert-terminal')]
      : [iconButton(doc, 'insert', 'Insert code at cursor', 'insert-code'), iconButton(doc, 'git-compare', 'Apply code to file', 'apply-code')];
    toolbar = h(doc, 'div', { class: 'code-toolbar' }, h(doc, 'span', { class: 'code-label' }), iconButton(doc, 'copy', 'Copy code', 'copy-code'), ...actions);
    cache.set(doc, toolbar);
  }
  return toolbar;
}

/** Wraps every `pre` of a sanitized fragment in a `.code-block` with its toolbar. */
export function decorateCodeBlocks(doc: Document, root: ParentNode): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const lang = pre.getAttribute('data-lang') ?? '';
    const path = pre.getAttribute('data-path') ?? '';
    const toolbar = toolbarTemplate(doc, shellLanguages.has(lang.toLowerCase())).cloneNode(true) as HTMLElement;
    const label = toolbar.firstChild as HTMLElement;
    label.textContent = path || lang;
    label.title = path || lang;
    if (path && !shellLanguages.has(lang.toLowerCase())) {
      const apply = toolbar.lastChild as HTMLElement;
      apply.setAttribute('aria-label', `Apply code to ${path}`);
      apply.title = `Apply code to ${path}`;
    }
    const block = h(doc, 'div', { class: 'code-block' });
    pre.replaceWith(block);
    block.append(toolbar, pre);
  }
}

/** What a code block's buttons send: the code as shown, its language and the file it names. */
export function codeOf(block: Element): { code: string; language?: string; path?: string } {
  const pre = block.querySelector('pre');
  const code = pre?.querySelector('code')?.textContent ?? '';
  const language = pre?.getAttribute('data-lang') || undefined;
  const path = pre?.getAttribute('data-path') || undefined;
  return { code, language, path };
}
