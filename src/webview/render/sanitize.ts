// The sanitizer every piece of rendered markdown passes through before it reaches the DOM. The markdown
// renderer already escapes raw HTML and checks link targets; this is the second, independent layer, with an
// allowlist of exactly the tags and attributes the renderer emits.
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';

const config: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS: [
    // body is the parse root (only its children are returned); leaving it out makes DOMPurify deep-clone
    // the whole content to "keep" it, which costs more than the rest of sanitizing together.
    'body',
    'a', 'blockquote', 'br', 'code', 'del', 'div', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li',
    'ol', 'p', 'pre', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  ],
  ALLOWED_ATTR: ['href', 'title', 'class', 'start', 'align', 'data-lang', 'data-path'],
  ALLOW_DATA_ATTR: false,
  // Only web and mail links, or scheme-less (workspace-relative) targets the host resolves itself.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  RETURN_DOM_FRAGMENT: true,
};

const instances = new WeakMap<object, DOMPurify>();

function purifierFor(doc: Document): DOMPurify {
  const win = doc.defaultView;
  if (!win) throw new Error('The document has no window to sanitize with.');
  let purify = instances.get(win);
  if (!purify) {
    purify = createDOMPurify(win);
    // Set once: passed to each call, the configuration would be parsed and copied again every time, and a
    // streaming message sanitizes once per render pass.
    purify.setConfig(config);
    instances.set(win, purify);
  }
  return purify;
}

/** Parses and sanitizes HTML into a fragment (of an inert document; inserting it adopts the nodes). */
export function sanitizeToFragment(doc: Document, html: string): DocumentFragment {
  return purifierFor(doc).sanitize(html) as unknown as DocumentFragment;
}
