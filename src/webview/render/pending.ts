// Text a streaming message has received but not rendered yet, shown as plain text right after the last
// rendered text: inside the innermost last element (a paragraph, a list item, a table cell), so that it
// reads on from where the rendered text stops instead of starting a line of its own.
import { h } from '../dom';

/** Elements whose last text new plain text may follow (void elements cannot hold it). */
const voidElements = new Set(['BR', 'HR', 'IMG', 'INPUT']);

export interface Pending {
  readonly element: HTMLElement;
  readonly text: Text;
  /** It sits in a code element, where line breaks matter. */
  readonly inCode: boolean;
}

/** Puts an empty pending span after the last rendered text inside `container` (not inside a token of code). */
export function placePending(doc: Document, container: Node): Pending {
  const text = doc.createTextNode('');
  const element = h(doc, 'span', { class: 'md-pending' });
  element.append(text);
  let host: Node = container;
  for (let child = lastContent(host); child && child.nodeType === 1 && !voidElements.has((child as Element).tagName); child = lastContent(host)) {
    host = child;
    if ((host as Element).tagName === 'CODE') break;
  }
  host.appendChild(element);
  return { element, text, inCode: (host as Element).tagName === 'CODE' };
}

/** The last child that is an element or text with something visible in it. */
function lastContent(node: Node): Node | null {
  let child = node.lastChild;
  while (child && child.nodeType === 3 && !/\S/.test(child.nodeValue ?? '')) child = child.previousSibling;
  return child;
}
