/** Element options for `h`; corpus and user text only ever reaches the DOM as text nodes. */
export interface ElementOptions {
  className?: string;
  text?: string;
  testid?: string;
  attrs?: Record<string, string>;
}

/** Creates an element with text, attributes and children (never HTML strings). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, children: (Node | string | null | undefined | false)[] = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.testid) element.dataset.testid = options.testid;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** The element with this id, which the page must have. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

export function uid(): string {
  return crypto.randomUUID();
}
