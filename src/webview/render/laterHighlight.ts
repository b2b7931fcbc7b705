// Highlighting code blocks after the first frame. Opening a conversation renders its newest messages at
// once; in a fresh view, highlighting their code would first compile every grammar it meets, which costs
// as much as the rest of that render. Inside `highlightingLater`, code blocks of known languages render as
// plain text (the same text, so the same layout and scroll position) and are highlighted once the first
// frame has been shown, newest first, in idle moments. The DOM then is exactly what highlighting at once
// gives: the highlighted code passes the same sanitizer in the same place (`<pre><code>`).
import { highlightCode } from './highlight';
import { sanitizeToFragment } from './sanitize';

interface LaterCode {
  code: Element;
  text: string;
  language: string;
}

type IdleWindow = Window & { requestIdleCallback?: (run: (deadline: { timeRemaining(): number }) => void, options: { timeout: number }) => number };

/** Set while rendering whose highlighting waits: the code blocks rendered meanwhile, in document order. */
let collecting: LaterCode[] | undefined;
const queues = new WeakMap<Document, LaterCode[]>();
/** At most this long after the first frame, highlighting runs even if the page is never idle. */
const idleTimeoutMs = 300;

/** Runs `render`; code it renders is shown plain now and highlighted after the next frame. */
export function highlightingLater<T>(doc: Document, render: () => T): T {
  if (collecting) return render();
  const found: LaterCode[] = [];
  collecting = found;
  try {
    return render();
  } finally {
    collecting = undefined;
    if (found.length) schedule(doc, found);
  }
}

/** True while code blocks of known languages should render plain, to be highlighted later. */
export function isHighlightingLater(): boolean {
  return collecting !== undefined;
}

/** Queues the highlighting of a `code` element rendered plain inside `highlightingLater`. */
export function highlightLater(code: Element, text: string, language: string): void {
  if (collecting) collecting.push({ code, text, language });
  else highlightNow({ code, text, language });
}

/** Highlights every queued code block of `doc` now (tests, and anything that needs the final DOM at once). */
export function flushHighlights(doc: Document): void {
  const queue = queues.get(doc);
  while (queue?.length) highlightNow(queue.pop()!);
}

function schedule(doc: Document, found: LaterCode[]): void {
  let queue = queues.get(doc);
  const idle = !queue?.length;
  if (!queue) queues.set(doc, (queue = []));
  // Popped from the end: the newest messages, at the bottom where the view opens, are highlighted first.
  queue.push(...found);
  if (!idle) return;
  const win = doc.defaultView as IdleWindow | null;
  const run = (deadline?: { timeRemaining(): number }) => {
    while (queue!.length) {
      highlightNow(queue!.pop()!);
      if (deadline && deadline.timeRemaining() <= 0) break;
    }
    if (queue!.length) later(run);
  };
  const later = (next: typeof run) => {
    if (win?.requestIdleCallback) win.requestIdleCallback(next, { timeout: idleTimeoutMs });
    else setTimeout(next, 0);
  };
  // After the frame that shows the plain code, not before it (idle time may come before a first frame).
  if (win?.requestAnimationFrame) win.requestAnimationFrame(() => later(run));
  else later(run);
}

function highlightNow({ code, text, language }: LaterCode): void {
  // A streaming fence that has begun to grow in place is rendered again, highlighted, by its next pass.
  if (code.classList.contains('md-growing')) return;
  const fragment = sanitizeToFragment(code.ownerDocument, `<pre><code>${highlightCode(text, language)}</code></pre>`);
  code.replaceChildren(...Array.from(fragment.querySelector('code')?.childNodes ?? []));
}
