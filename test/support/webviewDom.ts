// A happy-dom window for the webview's unit tests, corrected where happy-dom departs from browsers in ways
// that make DOMPurify pass unsafe markup (so sanitizer tests would pass for the wrong reason):
// - `Node.prototype.nodeName`'s getter returns '' for elements (happy-dom issue #2182); DOMPurify reads
//   names through that getter to resist DOM clobbering, so every element looked nameless.
// - a NodeIterator stops when its current node is removed (happy-dom issue #2310); DOMPurify removes nodes
//   mid-walk, so everything after the first removed element went unchecked.
// Browsers (and the real webview) behave as the corrected versions below.
import { Window as HappyWindow } from 'happy-dom';

export type DomWindow = Window & typeof globalThis;

export function createWebviewWindow(): DomWindow {
  // happy-dom's classes are the DOM's in shape, but TypeScript sees them as separate declarations.
  const win = new HappyWindow({ url: 'https://webview.test/' }) as unknown as DomWindow;
  fixNodeName(win);
  fixNodeIterator(win);
  return win;
}

function fixNodeName(win: DomWindow): void {
  const proto = win.Node.prototype;
  const base = Object.getOwnPropertyDescriptor(proto, 'nodeName');
  if (!base?.get) return;
  const baseGet = base.get;
  Object.defineProperty(proto, 'nodeName', {
    configurable: true,
    get(this: Node) {
      for (let p = Object.getPrototypeOf(this); p && p !== proto; p = Object.getPrototypeOf(p)) {
        const own = Object.getOwnPropertyDescriptor(p, 'nodeName');
        if (own?.get) return own.get.call(this);
      }
      return baseGet.call(this);
    },
  });
}

function fixNodeIterator(win: DomWindow): void {
  // DOMPurify takes the method from this window's document and calls it on the documents it parses, so
  // defining it on the document's own prototype (one per window) is enough and leaves other windows alone.
  Object.defineProperty(Object.getPrototypeOf(win.document), 'createNodeIterator', {
    configurable: true,
    value(root: Node, whatToShow = 0xffffffff): NodeIterator {
      return new RemovalSafeIterator(root, whatToShow) as unknown as NodeIterator;
    },
  });
}

/** Forward-only NodeIterator that, like the DOM standard's, carries on when its reference node is removed. */
class RemovalSafeIterator {
  private reference: Node;
  private beforeReference = true;
  /** The node before the reference in tree order: where the standard moves the reference on removal. */
  private preceding: Node | null = null;
  readonly filter = null;

  constructor(readonly root: Node, readonly whatToShow: number) {
    this.reference = root;
  }

  nextNode(): Node | null {
    if (this.reference !== this.root && !this.root.contains(this.reference)) {
      this.reference = this.preceding ?? this.root;
      this.beforeReference = false;
    }
    let node: Node | null = this.reference;
    let takeCurrent = this.beforeReference;
    for (;;) {
      if (takeCurrent) takeCurrent = false;
      else node = this.following(node);
      if (!node) return null;
      if (this.whatToShow & (1 << (node.nodeType - 1))) {
        this.reference = node;
        this.beforeReference = false;
        this.preceding = this.precedingOf(node);
        return node;
      }
    }
  }

  detach(): void {}

  private following(node: Node): Node | null {
    if (node.firstChild) return node.firstChild;
    for (let current: Node | null = node; current && current !== this.root; current = current.parentNode) {
      if (current.nextSibling) return current.nextSibling;
    }
    return null;
  }

  private precedingOf(node: Node): Node | null {
    if (node === this.root) return null;
    let previous = node.previousSibling;
    if (!previous) return node.parentNode;
    while (previous.lastChild) previous = previous.lastChild;
    return previous;
  }
}
