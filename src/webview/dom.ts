// A small element builder: the UI is plain DOM, and every string goes in through textContent or
// setAttribute, never through HTML parsing (only the sanitized markdown renderer parses HTML).

export type Child = Node | string | null | undefined | false;

export interface Props {
  [attribute: string]: string | number | boolean | undefined;
}

/** Creates an element; `class` and other attributes as strings, `false`/`undefined` attributes left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? doc.createTextNode(child) : child);
  }
  return el;
}

/** A codicon glyph (decorative: hidden from assistive technology, the button carries the label). */
export function icon(doc: Document, name: string, extra = ''): HTMLSpanElement {
  return h(doc, 'span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

/** A button with an icon and an accessible name; `action` names what the delegated click handler does. */
export function iconButton(doc: Document, iconName: string, label: string, action: string, extra: Props = {}): HTMLButtonElement {
  return h(doc, 'button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label, 'data-action': action, ...extra }, icon(doc, iconName));
}

/** A button with visible text (and an optional icon). */
export function textButton(doc: Document, label: string, action: string, iconName?: string, extra: Props = {}): HTMLButtonElement {
  return h(doc, 'button', { type: 'button', class: 'text-button', 'data-action': action, ...extra }, iconName ? icon(doc, iconName) : null, label);
}
